"""Where the missed gold attributions go: a breakdown of PolNeAR false negatives by cause.

Usage: .venv/bin/python bench/attribution_errors.py [POLNEAR_SPLIT_DIR]   (default: dev)

For each gold attribution the pipeline misses (no predicted content overlaps it), the gold
cue's head token decides the kind: a verb candidate the model scored below its threshold, a
candidate accepted with a content that did not overlap, a verb the parse gives no content,
or a cue that is not a verb (noun, preposition, punctuation ...). Prints counts and the most
frequent cue words per kind. Complements `framing eval attribution`.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

from framing.attribution import AttributionResources, attribute
from framing.attribution.candidates import verb_candidates
from framing.attribution.learned import load_model
from framing.attribution.quotes import find_quotes
from framing.eval.attribution import _normalise, align, prediction_to_gold_form
from framing.eval.brat import read_polnear
from framing.nlp import load_nlp
from framing.resources import load_countries, load_cues, load_speaker_types


def main() -> None:
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "dev"
    split = sys.argv[1] if len(sys.argv) > 1 else str(default)
    docs = read_polnear(split).docs
    nlp = load_nlp()
    model = load_model()
    cues = load_cues()
    resources = AttributionResources(cues, model, load_countries(), load_speaker_types())
    kinds: Counter[str] = Counter()
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        text = doc.text
        atts, _ = attribute(doc, text, 0, resources)
        gs = [_normalise(a) for a in gold.attributions]
        ps = [
            prediction_to_gold_form(a.to_dict(), doc=gold.name, index=i, text_length=len(text))
            for i, a in enumerate(atts)
        ]
        found = {i for i, _ in align(gs, ps)}
        quotes = find_quotes(text)
        cands = {c.token.i: c for c in verb_candidates(doc, cues, quotes, open_vocabulary=True)}
        for i, g in enumerate(gs):
            if i in found:
                continue
            if not g.cue:
                kinds["no gold cue"] += 1
                continue
            span = doc.char_span(g.cue[0][0], g.cue[0][1], alignment_mode="expand")
            head = span.root
            c = cands.get(head.i)
            if c is not None and model is not None:
                below = model.score(c, quotes) < model.threshold_for(c.how)
                kind = "verb scored below threshold" if below else "content did not overlap"
            elif head.pos_ in ("VERB", "AUX"):
                kind = "verb without a content"
            else:
                kind = f"cue is {head.pos_}"
            kinds[kind] += 1
            words[kind][span.text.lower()] += 1
    print(f"{sum(kinds.values())} missed gold attributions in {len(docs)} articles ({split})")
    for kind, n in kinds.most_common():
        top = ", ".join(f"{w} {k}" for w, k in words[kind].most_common(8))
        print(f"{n:5d}  {kind}: {top}")


if __name__ == "__main__":
    main()
