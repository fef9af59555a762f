"""Issue 16, classes 8-10, counted on PolNeAR dev (cached parses): split and nested contents,
cues after their content, and attributions read into the narrator's own sentences.

Usage: .venv/bin/python bench/attribution_structure.py [--cache DIR] [--polnear DIR] [--show N]

Reads the DocBins written by ``bench/attribution_cache.py ... --whole`` and runs the attribution
step as ``bench/attribution_experiment.py`` does. Gold and predicted attributions are paired as
the evaluation pairs them (:func:`framing.eval.attribution.align`). Counted:

* class 8, split and nested contents: gold contents of two or more fragments (found: paired;
  every part: each gold fragment overlaps the prediction; exact: the evaluation's exact match);
  predictions whose cue lies inside another prediction's content (nested: PolNeAR dev
  annotates none, so at most one of each pair can be paired with gold); paired contents that
  stop early (the prediction ends more than one word before the gold end, and the gold end is
  not past the prediction's sentence);
* class 9, a cue after its content: gold indirect contents (no quote mark) that end before
  their cue, split into post-posed ("..., Foster writes": the source before the cue) and
  inverted ("..., insists Xander Wise": the source after it) — found, exact content, exact cue;
* class 10, the narrator's own sentences: predictions paired with no gold attribution whose
  cue and content touch no gold content (attributions read into narrator text), and of them
  those whose cue verb is outside the cue lexicon.
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter
from pathlib import Path

from framing.attribution import AttributionResources, attribute
from framing.attribution.learned import load_model
from framing.eval.attribution import (
    _normalise,
    align,
    overlap,
    prediction_to_gold_form,
    score_attributions,
    trim,
)
from framing.eval.brat import read_polnear
from framing.train.attribution import parse_cached

_QUOTE_MARKS = re.compile(r"[“”\"]|''|``")


def _exact(text, a, b) -> bool:
    return bool(a) and bool(b) and trim(text, a) == trim(text, b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear"))
    ap.add_argument("--polnear", default=str(data / "dev"))
    ap.add_argument("--cache", default="/tmp/wt3cache")
    ap.add_argument("--show", type=int, default=0, help="print N examples per count")
    args = ap.parse_args()
    res = AttributionResources.load()
    model = res.model if res.model is not None else load_model(None)
    res = AttributionResources(res.cues, model, res.countries, res.speaker_types)
    gold = read_polnear(args.polnear).docs
    parsed = parse_cached([Path(d.path) for d in gold], args.cache, whole=True)
    n: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}

    def show(key: str, line: str) -> None:
        shown.setdefault(key, []).append(line)

    preds = {}
    for g, (_n, _t, _o, doc) in zip(gold, parsed, strict=True):
        text = doc.text
        atts = [a.to_dict() for a in attribute(doc, text, 0, res)[0]]
        preds[g.name] = atts
        gs = [_normalise(a) for a in g.attributions]
        ps = [
            prediction_to_gold_form(a, doc=g.name, index=i, text_length=len(text))
            for i, a in enumerate(atts)
        ]
        pairs = align(gs, ps)
        pred_of = dict(pairs)
        gold_of = {j: i for i, j in pairs}

        def txt(frags, text=text) -> str:
            return " … ".join(text[s:e] for s, e in frags)[:200]

        for i, ga in enumerate(gs):
            j = pred_of.get(i)
            pa = ps[j] if j is not None else None
            # class 8: discontinuous gold contents
            if len(ga.content) >= 2:
                n["8 split: gold"] += 1
                if pa is not None:
                    n["8 split: found"] += 1
                    if all(overlap((f,), pa.content) for f in ga.content):
                        n["8 split: every part"] += 1
                    else:
                        show("8 split: a part missed", f"{txt(ga.content)}  ||  {txt(pa.content)}")
                    if _exact(text, ga.content, pa.content):
                        n["8 split: exact"] += 1
            # class 8: contents that stop early
            if pa is not None and ga.content and pa.content:
                g_end, p_end = ga.content[-1][1], pa.content[-1][1]
                if g_end > p_end and len(re.findall(r"\w+", text[p_end:g_end])) > 1:
                    sent_end = next(
                        (s.end_char for s in doc.sents if s.start_char <= p_end - 1 < s.end_char),
                        len(text),
                    )
                    if g_end <= sent_end + 1:
                        n["8 ends early (paired, within the sentence)"] += 1
                        show(
                            "8 ends early (paired, within the sentence)",
                            f"{txt(pa.content)}  ||+ {text[p_end:g_end][:120]}",
                        )
            # class 9: the cue after an indirect content
            if ga.cue and ga.content and ga.content[-1][1] <= ga.cue[0][0]:
                if _QUOTE_MARKS.search(txt(ga.content)):
                    continue
                nxt = min(ga.cue[0][0], ga.source[0][0] if ga.source else len(text))
                if (
                    re.search(r"\w", text[ga.content[-1][1] : nxt])
                    or "," not in text[ga.content[-1][1] : nxt]
                ):
                    continue  # not "X, S said" / "X, said S"
                shape = "inverted" if ga.source and ga.source[0][0] > ga.cue[0][0] else "post-posed"
                key = f"9 {shape}"
                n[f"{key}: gold"] += 1
                if pa is not None:
                    n[f"{key}: found"] += 1
                    if _exact(text, ga.content, pa.content):
                        n[f"{key}: exact content"] += 1
                    else:
                        show(
                            f"{key}: content not exact", f"{txt(ga.content)}  ||  {txt(pa.content)}"
                        )
                    if _exact(text, ga.cue, pa.cue):
                        n[f"{key}: exact cue"] += 1
                else:
                    show(f"{key}: missed", f"{txt(ga.content)} [{txt(ga.cue)}] {txt(ga.source)}")
        # class 8: nested predictions (PolNeAR dev annotates no attribution inside another's
        # content, so each inner one paired with gold means its outer one is unpaired)
        for j, pa in enumerate(ps):
            for k, pb in enumerate(ps):
                if k != j and pa.cue and any(s <= pa.cue[0][0] < e for s, e in pb.content):
                    n["8 nested: predicted inner"] += 1
                    n["8 nested: inner paired"] += j in gold_of
                    n["8 nested: outer paired"] += k in gold_of
                    show("8 nested: predicted", f"[{txt(pa.cue)}] in {txt(pb.content)}")
                    break
        gold_content = [f for ga in gs for f in ga.content]
        for j, pa in enumerate(ps):
            if j in gold_of:
                continue
            n["10 false positives"] += 1
            if overlap(pa.content, tuple(gold_content)) or overlap(pa.cue, tuple(gold_content)):
                continue
            n["10 narrator text read as an attribution"] += 1
            verb = atts[j].get("verb") or ""
            if res.cues.kind(verb) is None and res.cues.noun_kind(verb) is None:
                n["10 ... with a cue outside the cue lexicon"] += 1
            show(
                "10 narrator text read as an attribution",
                f"[{txt(pa.source)}] [{txt(pa.cue)}] {txt(pa.content)}",
            )
    s = score_attributions(gold, preds).scores
    w = s.whole
    print(
        f"whole F1 {w.f1:.4f} (pairs {w.hits_p:.0f}, pred {w.n_pred}, gold {w.n_gold}); exact "
        + " / ".join(f"{r} {s.exact[r].f1:.4f} ({s.exact[r].hits_p:.0f})" for r in s.exact)
    )
    for key in sorted(n):
        print(f"{n[key]:5d}  {key}")
    if args.show:
        for key, lines in sorted(shown.items()):
            print(f"\n== {key} ({len(lines)})")
            for line in lines[: args.show]:
                print("  ", line.replace("\n", " "))


if __name__ == "__main__":
    main()
