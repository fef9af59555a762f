"""The top speakers of two analyses side by side (before / after), as Markdown.

Usage:
  .venv/bin/python bench/speakers_top.py BEFORE_OUT AFTER_OUT [--top 20]

Reads each folder's ``speakers.csv`` (``framing analyze`` output) and prints, by rank, the
name, type and statements of both. Older tables without ``canonical_id`` work too.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def top(folder: Path, n: int) -> list[dict[str, str]]:
    path = folder / "speakers.csv"
    if not path.is_file():
        sys.exit(f"Error: {path} not found (run framing analyze first)")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()
    a, b = top(args.before, args.top), top(args.after, args.top)
    print("| rank | before | type | statements | after | type | statements |")
    print("|---|---|---|---|---|---|---|")
    for k in range(max(len(a), len(b))):
        x = a[k] if k < len(a) else {}
        y = b[k] if k < len(b) else {}
        cells = [str(k + 1)] + [
            r.get(c, "") for r in (x, y) for c in ("name", "type", "statements")
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
