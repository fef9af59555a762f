"""What framing adds to spaCy's parse, step by step (issue 21), in one fresh process.

Usage: .venv/bin/python bench/report_steps.py [POLNEAR_SPLIT_DIR] [--pipeline fast]
       [--docs CACHE.spacy] [--no-gc]

Parses the split's texts once (or reads the Docs ``--docs`` saved before, so that repeated
runs skip the parse), then builds every article's report once, as ``framing analyze`` does,
with no warm-up: one-time loads (the CMU dictionary, the classifier) count in their step.
Prints the seconds per step of :func:`framing.pipeline.build_report_and_tokens`
(``STEP_SECONDS``), the recurrence index over the reports (signatures and groups) and the
reports' JSON. ``--no-gc`` turns the garbage collector off: its passes fall into whichever
step runs when they come. Nothing is asserted: the figures are recorded in bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from pathlib import Path

from spacy.tokens import DocBin

from framing.boilerplate.recurrence import Recurrence
from framing.nlp import parse
from framing.pipeline import STEP_SECONDS, Analyzer, Resources, build_report_and_tokens
from framing.read import read_articles
from framing.report import report_json
from framing.schema import Article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "dev"
    ap.add_argument("split", nargs="?", default=str(default))
    ap.add_argument("--pipeline", default="fast")
    ap.add_argument("--docs", help="a DocBin of the split's parses: read if it exists, else saved")
    ap.add_argument("--no-gc", action="store_true")
    args = ap.parse_args()
    arts = [a for a in read_articles([str(Path(args.split, "text"))]) if isinstance(a, Article)]
    res = Resources.load(lexicons=None, pipeline=args.pipeline)
    an = Analyzer(res)
    t = time.perf_counter()
    if args.docs and Path(args.docs).is_file():
        docs = list(DocBin().from_disk(args.docs).get_docs(an.nlp.vocab))
    else:
        docs = [d for d, _ in parse(an.nlp, ((a.parsed, None) for a in arts), batch_size=8)]
        if args.docs:
            DocBin(docs=docs).to_disk(args.docs)
    parsed = time.perf_counter() - t
    if args.no_gc:
        gc.disable()
    enc = res.attribution.encoder  # the accurate pipeline's encoder runs beside the parse
    pieces = [enc.piece_probs(a.parsed) if enc else None for a in arts]
    STEP_SECONDS.clear()
    t = time.perf_counter()
    reports = [
        build_report_and_tokens(d, a, an, p)[0] for d, a, p in zip(docs, arts, pieces, strict=True)
    ]
    build = time.perf_counter() - t
    t = time.perf_counter()
    rec = Recurrence()
    for r in reports:
        rec.add(r)
    rec.groups()
    recurrence = time.perf_counter() - t
    t = time.perf_counter()
    for r in reports:
        report_json(r)
    encode = time.perf_counter() - t
    out = {k.removeprefix("report: "): round(v, 3) for k, v in STEP_SECONDS.items()}
    out |= {"build": round(build, 3), "recurrence": round(recurrence, 3),
            "report_json": round(encode, 3), "parse (or read)": round(parsed, 2)}  # fmt: skip
    print(json.dumps(out))


if __name__ == "__main__":
    main()
