"""Parse a corpus split once into a spaCy DocBin, for fast attribution experiments.

Usage: .venv/bin/python bench/attribution_cache.py SPLIT_DIR [SPLIT_DIR ...] [--cache DIR]

Each article is read as ``framing analyze`` reads it (``article_from_text``) and its body is
parsed with the framing pipeline, exactly as the evaluation does; the Docs are stored in
``DIR/<corpus>-<split>.spacy`` with the article name and body offset in ``user_data``.
:func:`load` gives them back; ``bench/attribution_experiment.py`` and
``framing train attribution --cache DIR`` read them instead of parsing again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.train.attribution import cache_path, parse_cached


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("splits", nargs="+")
    ap.add_argument("--cache", default="/tmp/wt3cache")
    ap.add_argument("--whole", action="store_true", help="parse whole texts (as training does)")
    args = ap.parse_args()
    for split in args.splits:
        texts = sorted(Path(split, "text").glob("*.txt"))
        pairs = parse_cached(texts, args.cache, whole=args.whole)
        where = cache_path(args.cache, texts, whole=args.whole)
        print(f"{split}: {len(pairs)} articles in {where}", file=sys.stderr)


if __name__ == "__main__":
    main()
