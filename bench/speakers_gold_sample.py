"""Draw the sample of PolNeAR dev attributions behind tests/data/speakers-polnear-dev.jsonl.

Usage::

    .venv/bin/python bench/speakers_gold_sample.py [SPLIT_DIR] [--merge ANNOTATED.jsonl] > OUT

(``SPLIT_DIR`` defaults to ``$FRAMING_POLNEAR/dev``, else ``../shared/data/polnear/dev``.)

The sample, deterministic for a seed (``SEED`` below):

* per outlet (the file-name prefix), the articles are shuffled with ``random.Random(SEED)``
  and the first ``ARTICLES`` of them that have at least ``PER_ARTICLE`` gold attributions
  with a source span are taken;
* from each of these articles, ``PER_ARTICLE`` such attributions are drawn at random (one
  per distinct source span: several gold attributions that share a source would test the
  same mention), then sorted by position;

so ``ARTICLES * PER_ARTICLE`` = 24 per outlet, 168 in all. The gold is ``read_polnear``'s:
the first annotator in sort order. Each line is printed with the annotation fields empty
(``referent``, ``type``, ``affiliation``, ``note``); ``--merge`` copies them from an already
annotated file for the lines whose (doc, source, cue) match, so a re-draw keeps the work done
and shows what is new (empty ``referent``) and what has gone (lines not printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from framing.eval.brat import GoldDoc, read_polnear

SEED = 15  # the number
ARTICLES = 6  # per outlet
PER_ARTICLE = 4
FIELDS = ("referent", "aliases", "type", "affiliation", "note")


def sourced(doc: GoldDoc) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(source, cue) of the attributions with a source, one per distinct source span; a
    discontinuous source or cue is taken from its first fragment's start to its last's end."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a in doc.attributions:
        if not a.source or not a.cue:
            continue
        src = (a.source[0][0], a.source[-1][1])
        if src in seen:
            continue
        seen.add(src)
        out.append((src, (a.cue[0][0], a.cue[-1][1])))
    return sorted(out)


def sample(docs: list[GoldDoc], *, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    by_outlet: dict[str, list[GoldDoc]] = {}
    for d in sorted(docs, key=lambda d: d.name):
        by_outlet.setdefault(d.outlet, []).append(d)
    rows: list[dict[str, Any]] = []
    for outlet in sorted(by_outlet):
        pool = by_outlet[outlet][:]
        rng.shuffle(pool)
        taken = 0
        for d in pool:
            if taken == ARTICLES:
                break
            atts = sourced(d)
            if len(atts) < PER_ARTICLE:
                continue
            taken += 1
            for (s, e), (cs, ce) in sorted(rng.sample(atts, PER_ARTICLE)):
                rows.append(
                    {
                        "doc": d.name,
                        "source": [s, e],
                        "source_text": d.text[s:e],
                        "cue": [cs, ce],
                        "cue_text": d.text[cs:ce],
                    }
                )
    return rows


def main() -> None:
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "dev"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", nargs="?", default=str(default))
    ap.add_argument("--merge", type=Path, help="copy annotations from this JSONL file")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    done: dict[tuple[str, tuple[int, int], tuple[int, int]], dict[str, Any]] = {}
    if args.merge:
        for line in args.merge.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                done[(r["doc"], tuple(r["source"]), tuple(r["cue"]))] = r
    for row in sample(read_polnear(args.split).docs, seed=args.seed):
        old = done.get((row["doc"], tuple(row["source"]), tuple(row["cue"])), {})
        for f in FIELDS:
            if f in old or f != "aliases":  # aliases only where annotated
                row[f] = old.get(f, None if f in ("affiliation", "note") else "")
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
