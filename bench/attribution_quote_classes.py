"""Issue 16 classes 1-3 on PolNeAR: continuation paragraphs, transcript speaker lines, "Asked ...".

Usage: .venv/bin/python bench/attribution_quote_classes.py [POLNEAR_SPLIT_DIR] [--cache DIR]
       [--json PREDICTIONS_OUT]

Parses the split's article bodies once into a DocBin (as ``framing analyze`` parses them; see
``framing.train.attribution.parse_cached``), runs the attribution step, and prints the four
figures of ``framing eval attribution`` (whole F1, exact source / cue / content F1) and, per
class, counts of what the gold holds and what the pipeline does with it:

1. **continuation paragraphs**: paragraphs wholly inside quotation marks (no word outside them)
   that open with a quote mark of their own (not the re-opening mark of a quote left open in
   the paragraph before) and follow a paragraph holding a gold attribution of a quotation.
   Counted: those the gold attributes, those a prediction covers, those covered by a
   prediction flagged ``continuation`` whose content also holds words of the paragraph before
   (the previous speaker's attribution, continued), those whose covering prediction has the
   gold source, and the gold cue (exact, trimmed);
2. **transcript speaker lines**: gold attributions whose cue is the colon of a line opening
   with a speaker's name ("WALLACE: ...", also after a quote mark). Counted: found (a
   prediction with that cue), with the gold content exactly, flagged ``transcript``; and
   predicted contents of 100 words or more that run over two or more paragraph breaks;
3. **questions**: cues on "asked" as a participle that opens a clause ("Asked about X, Y
   said", "When asked ..."). Counted: gold and predicted ones, predicted ones with a source
   (the question credited to the one asked), and the answers (the cue the clause hangs on)
   flagged ``question``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from pathlib import Path

from framing.attribution import AttributionResources, attribute
from framing.attribution.quotes import PARA_BREAK, find_quotes, paragraphs
from framing.eval.attribution import merge, score_attributions, trim
from framing.eval.brat import GoldDoc, read_polnear
from framing.train.attribution import parse_cached

_LABEL = re.compile(r"(?m)^[“\"]?[A-Z][\w.'’&-]*(?:[ ][\w.'’&-]+){0,5}:[ \t\u00a0]")
_ASKED = re.compile(r"\b[Aa]sked\b")


def words_in(text: str, a: int, b: int) -> int:
    return len(re.findall(r"\w+", text[a:b]))


def overlaps(frags, a: int, b: int) -> bool:
    return any(x < b and a < y for x, y in frags)


def pred_frags(att: dict) -> tuple[tuple[int, int], ...]:
    c = att["content"]
    return merge(c.get("spans") or [(c["start"], c["end"])])


def exact(text: str, gold, span: dict | None) -> bool:
    if span is None or not gold:
        return False
    return trim(text, merge(gold)) == trim(text, merge([(span["start"], span["end"])]))


def continuation_paragraphs(gold: GoldDoc, preds: list[dict], counts: Counter[str]) -> None:
    text = gold.text
    quotes = find_quotes(text)
    paras = paragraphs(text)
    for k in range(1, len(paras)):
        a, b = paras[k]
        if text[a] not in "“\"'`„«":
            continue
        inside = sum(words_in(text, max(a, q0), min(b, q1)) for q0, q1 in quotes)
        if not inside or inside < words_in(text, a, b):
            continue
        if any(q0 < a < q1 for q0, q1 in quotes):
            continue  # the re-opening mark of a quote left open: one quote, not a new one
        pa, pb = paras[k - 1]
        quoted = [
            g for g in gold.attributions
            if overlaps(g.content, pa, pb)
            and any(overlaps(g.content, q0, q1) for q0, q1 in quotes if pa <= q0 < pb)
        ]  # fmt: skip
        if not quoted:
            continue
        counts["paragraphs"] += 1
        g = next((g for g in gold.attributions if overlaps(g.content, a, b)), None)
        counts["gold attributes it"] += g is not None
        cover = [p for p in preds if overlaps(pred_frags(p), a, b)]
        counts["a prediction covers it"] += bool(cover)
        continued = [
            p for p in cover if "continuation" in p["flags"] and overlaps(pred_frags(p), pa, pb)
        ]  # fmt: skip
        counts["continues the previous speaker's attribution, flagged continuation"] += bool(
            continued
        )
        if g is not None and any(exact(text, g.source, p["source"]) for p in cover):
            counts["covered with the gold source"] += 1
        if g is not None and any(exact(text, g.cue, p["cue"]) for p in cover):
            counts["covered with the gold cue"] += 1
    # quotes that open a sentence after a gold statement in their paragraph, without a cue
    for pa, pb in paras:
        for q0, q1 in quotes:
            if not (pa < q0 and q1 <= pb) or words_in(text, q0, q1) < 4:
                continue
            if not re.search(r"[.!?…][”\"’']*$", text[pa:q0].rstrip()):
                continue
            g = next((g for g in gold.attributions if overlaps(g.content, q0, q1)), None)
            if g is None or (g.cue and q0 <= g.cue[0][0] < pb) or not g.content[0][0] < q0:
                continue  # not attributed, its own cue, or not with a statement before it
            counts["quote sentences that go on with a statement before them (gold)"] += 1
            cover = [p for p in preds if overlaps(pred_frags(p), q0, q1)]
            counts["  covered by a prediction"] += bool(cover)
            counts["  with the gold source and cue"] += any(
                exact(text, g.source, p["source"]) and exact(text, g.cue, p["cue"]) for p in cover
            )


def speaker_lines(gold: GoldDoc, preds: list[dict], counts: Counter[str]) -> None:
    text = gold.text
    for m in _LABEL.finditer(text):
        colon = m.end() - 2
        g = next((g for g in gold.attributions if g.cue and g.cue[0][0] == colon), None)
        if g is None:
            continue
        counts["gold speaker lines"] += 1
        p = next((p for p in preds if p["cue"]["start"] == colon), None)
        if p is None:
            continue
        counts["found"] += 1
        counts["with the gold content"] += trim(text, merge(g.content)) == trim(text, pred_frags(p))
        counts["flagged transcript"] += "transcript" in p["flags"]
    for p in preds:
        frags = pred_frags(p)
        span = text[frags[0][0] : frags[-1][1]]
        long = words_in(text, frags[0][0], frags[-1][1]) >= 100
        if long and len(PARA_BREAK.findall(span)) >= 2 and "transcript" not in p["flags"]:
            counts["contents over 2+ paragraph breaks, 100+ words, not a transcript"] += 1


def asked(gold: GoldDoc, preds: list[dict], counts: Counter[str]) -> None:
    text = gold.text

    def is_asked(cue: tuple[int, int]) -> bool:
        word = text[cue[0] : cue[1]]
        before = text[max(0, cue[0] - 12) : cue[0]].rstrip()
        return word.startswith("Asked") or (
            bool(_ASKED.match(word)) and before.endswith(("When", "when", ","))
        )

    for g in gold.attributions:
        if g.cue and is_asked(g.cue[0]):
            counts["gold 'asked' cues"] += 1
            counts["  with a gold source"] += bool(g.source)
    for p in preds:
        if not is_asked((p["cue"]["start"], p["cue"]["end"])):
            continue
        counts["predicted 'asked' cues"] += 1
        counts["  with a source (credited to the one asked)"] += p["source"] is not None
        counts["  flagged question"] += "question" in p["flags"]
    counts["answers flagged question"] += sum(
        1
        for p in preds
        if "question" in p["flags"]
        and "transcript" not in p["flags"]
        and not _ASKED.match(p["cue"]["text"])
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "dev"
    ap.add_argument("split", nargs="?", default=str(default))
    ap.add_argument("--cache", default="/tmp/framing-quote-classes")
    ap.add_argument("--json", help="also write the predictions (name -> attributions) here")
    args = ap.parse_args()
    docs = read_polnear(args.split).docs
    parsed = parse_cached([Path(d.path) for d in docs], args.cache)
    resources = AttributionResources.load()
    preds: dict[str, list[dict]] = {}
    for gold, (_name, text, offset, doc) in zip(docs, parsed, strict=True):
        preds[gold.name] = [a.to_dict() for a in attribute(doc, text, offset, resources)[0]]
    if args.json:
        Path(args.json).write_text(json.dumps(preds), "utf-8")
    s = score_attributions(docs, preds).scores
    print(
        f"{args.split}: whole F1 {s.whole.f1:.4f}  exact source {s.exact['source'].f1:.4f} "
        f"cue {s.exact['cue'].f1:.4f} content {s.exact['content'].f1:.4f}  "
        f"(pred {s.whole.n_pred}, gold {s.whole.n_gold})"
    )
    for title, fn in (
        ("1. continuation paragraphs", continuation_paragraphs),
        ("2. transcript speaker lines", speaker_lines),
        ("3. questions ('Asked ...')", asked),
    ):
        counts: Counter[str] = Counter()
        for gold in docs:
            fn(gold, preds[gold.name], counts)
        print(title)
        for k, v in counts.items():
            print(f"  {v:5d}  {k}")


if __name__ == "__main__":
    main()
