"""Score the attribution step on cached parses: PolNeAR dev tables, error kinds, ND speech.

Usage: .venv/bin/python bench/attribution_experiment.py [--model PATH | --rules] [--cache DIR]
       [--polnear DIR] [--newsdiscourse DIR] [--errors] [--fp N] [--fn N]

Reads the DocBins written by ``bench/attribution_cache.py`` (PolNeAR dev parsed whole, as
``framing train attribution`` does; NewsDiscourse dev parsed by article body, as ``framing
eval sentences`` does), so a change to the rules can be measured in seconds. The official
figures come from ``framing eval attribution`` / ``framing eval sentences``, which parse again.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from pathlib import Path

from framing.attribution import AttributionResources, attribute
from framing.attribution.candidates import verb_candidates
from framing.attribution.learned import load_model
from framing.attribution.quotes import find_quotes
from framing.eval.attribution import (
    _normalise,
    align,
    prediction_to_gold_form,
    score_attributions,
)
from framing.eval.brat import read_polnear
from framing.resources import load_cues
from framing.train.attribution import parse_cached


def error_kinds(pairs, model) -> Counter[str]:
    """Missed gold attributions by cause (as in bench/attribution_errors.py), with cue words."""
    cues = load_cues()
    kinds: Counter[str] = Counter()
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for gold, doc, atts in pairs:
        text = doc.text
        gs = [_normalise(a) for a in gold.attributions]
        ps = [
            prediction_to_gold_form(a, doc=gold.name, index=i, text_length=len(text))
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
    for kind, n in kinds.most_common():
        top = ", ".join(f"{w} {k}" for w, k in words[kind].most_common(8))
        print(f"{n:5d}  {kind}: {top}")
    return kinds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear"))
    ap.add_argument("--polnear", default=str(data / "dev"))
    ap.add_argument("--newsdiscourse", default=str(data.parent / "newsdiscourse" / "dev"))
    ap.add_argument("--cache", default="/tmp/wt3cache")
    ap.add_argument("--model", default=None)
    ap.add_argument("--rules", action="store_true", help="the cue lexicon alone, no model")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--fp", type=int, default=0, help="print N false positives")
    ap.add_argument("--fn", type=int, default=0, help="print N false negatives")
    args = ap.parse_args()
    model = None if args.rules else load_model(args.model)
    res_ = AttributionResources.load(model=None)
    res_ = AttributionResources(res_.cues, model, res_.countries, res_.speaker_types)
    gold = read_polnear(args.polnear).docs
    parsed = parse_cached([Path(d.path) for d in gold], args.cache, whole=True)
    preds = {}
    triples = []
    for g, (_n, _t, _o, doc) in zip(gold, parsed, strict=True):
        atts = [a.to_dict() for a in attribute(doc, doc.text, 0, res_)[0]]
        preds[g.name] = atts
        triples.append((g, doc, atts))
    res = score_attributions(gold, preds, by="outlet")
    s = res.scores
    w = s.whole
    counts = f"(pred {w.n_pred}, gold {w.n_gold})"
    print(f"whole  P {w.precision:.3f} R {w.recall:.3f} F1 {w.f1:.3f}  {counts}")
    for kind, table in (("overlap", s.overlap), ("exact", s.exact)):
        for role in ("source", "cue", "content"):
            r = table[role]
            print(f"{kind:7s} {role:7s} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}")
    for outlet, sc in res.by.items():
        print(
            f"  {outlet:12s} whole F1 {sc.whole.f1:.3f}  exact src {sc.exact['source'].f1:.3f} "
            f"cue {sc.exact['cue'].f1:.3f} content {sc.exact['content'].f1:.3f}"
        )
    if args.fp or args.fn:
        import random

        rng = random.Random(0)
        fps = [e for e in res.errors if e.kind == "false_positive"]
        fns = [e for e in res.errors if e.kind == "false_negative"]
        for name, errs, n in (("FP", fps, args.fp), ("FN", fns, args.fn)):
            for e in rng.sample(errs, min(n, len(errs))):
                print(f"{name} [{e.source}] [{e.cue}] [{(e.content or '')[:150]}]")
    if args.errors:
        error_kinds(triples, model)
    nd = Path(args.newsdiscourse)
    if nd.is_dir():
        from framing.eval.sentences import read_newsdiscourse, score_speech
        from framing.eval.speech_verbs import load_speech_verbs

        corpus = read_newsdiscourse(nd).docs
        parsed = parse_cached([Path(d.path) for d in corpus], args.cache)
        preds = {}
        for d, (_n, text, off, doc) in zip(corpus, parsed, strict=True):
            preds[d.name] = [a.to_dict() for a in attribute(doc, text, off, res_)[0]]
        c = score_speech(corpus, preds, verbs=load_speech_verbs()).counts
        print(f"ND speech P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}")
        c = score_speech(corpus, preds).counts
        print(
            f"ND speech, every attribution but beliefs: P {c.precision:.3f} R {c.recall:.3f} "
            f"F1 {c.f1:.3f}"
        )


if __name__ == "__main__":
    main()
