"""Attributions whose content is not something said: counts by content type on PolNeAR dev.

Usage: .venv/bin/python bench/attribution_senses.py [--model PATH] [--cache DIR]
       [--polnear DIR] [--list TYPE[,TYPE]] [--gold-types]

Reads the DocBins of ``bench/attribution_cache.py`` (PolNeAR dev parsed whole), runs the
attribution step and aligns its predictions with the gold as ``framing eval attribution``
does (contents that overlap, one to one). Each prediction's content gets its type from
:func:`framing.attribution.contents.content_type` (a clause, a quote, a short quoted phrase,
or the kind of noun phrase: person, org, place, title, quantity, name, pronoun, a noun of
saying, a noun with a clause, another noun phrase). Prints, per type, the predictions that
match a gold attribution and the false positives, then two totals: false positives whose
content is not something said (a person, outlet, place, thing, event, amount: the types in
:data:`~framing.attribution.contents.NOT_SAID` but ``quote-phrase``), and false quotes (a
short quoted phrase without a verb, a title or a scare quote, as the whole content).
``--gold-types`` prints the same types for the gold contents, to see PolNeAR's conventions.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from framing.attribution import AttributionResources
from framing.attribution.contents import NOT_SAID, content_type
from framing.attribution.extract import extract_attributions
from framing.attribution.quotes import find_quotes
from framing.eval.attribution import _normalise, align
from framing.eval.brat import GoldAttribution, read_polnear
from framing.train.attribution import parse_cached


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear"))
    ap.add_argument("--polnear", default=str(data / "dev"))
    ap.add_argument("--cache", default="/tmp/wt3cache")
    ap.add_argument("--model", default="bundled")
    ap.add_argument("--list", default="", help="print the false positives of these types")
    ap.add_argument("--matched", action="store_true", help="--list matched ones too")
    ap.add_argument("--gold-types", action="store_true")
    args = ap.parse_args()
    res = AttributionResources.load(model=args.model)
    nouns = res.cues.nouns
    gold = read_polnear(args.polnear).docs
    parsed = parse_cached([Path(d.path) for d in gold], args.cache, whole=True)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    gold_types: Counter[str] = Counter()
    listed = set(filter(None, args.list.split(",")))
    for g, (_n, _t, _o, doc) in zip(gold, parsed, strict=True):
        text = doc.text
        quotes = find_quotes(text)
        raws = extract_attributions(doc, cues=res.cues, model=res.model)
        gs = [_normalise(a) for a in g.attributions]
        ps = [GoldAttribution(content=tuple(r.content), cue=(r.cue,)) for r in raws]
        matched = {j for _, j in align(gs, ps)}
        for j, r in enumerate(raws):
            kind = content_type(doc, r.content, quotes, nouns)
            (tp if j in matched else fp)[kind] += 1
            if kind in listed and (j not in matched or args.matched):
                content = " … ".join(text[a:b] for a, b in r.content).replace("\n", " ")
                tag = "TP" if j in matched else "FP"
                print(f"{tag} {kind:12s} [{text[r.cue[0] : r.cue[1]]}] [{content[:110]}]")
        if args.gold_types:
            for a in gs:
                if a.content:
                    gold_types[content_type(doc, list(a.content), quotes, nouns)] += 1
    print(f"{'content type':14s} {'matched':>8s} {'false pos':>9s}")
    for kind in sorted(set(tp) | set(fp), key=lambda k: -(tp[k] + fp[k])):
        mark = "*" if kind in NOT_SAID else " "
        print(f"{kind:13s}{mark} {tp[kind]:8d} {fp[kind]:9d}")
    not_said = sum(fp[k] for k in NOT_SAID if k != "quote-phrase")
    print(f"predictions {sum(tp.values()) + sum(fp.values())}, false positives {sum(fp.values())}")
    print(f"false positives with a content not said (* but quote-phrase): {not_said}")
    print(f"false quotes (a short quoted phrase as the whole content): {fp['quote-phrase']}")
    if args.gold_types:
        print("gold contents by type:", dict(gold_types.most_common()))


if __name__ == "__main__":
    main()
