"""The recurrence step (MinHash LSH over paragraphs) on 1,000 to 10,000 articles.

Usage: .venv/bin/python bench/recurrence_scale.py [--sizes 1000,10000] [POLNEAR_DIR]

Builds corpora by copying PolNeAR train articles (each copy gets its own id and a changed
first paragraph, so copies are near-duplicates as syndicated wire copy is), runs only the
corpus step (paragraph signatures, LSH grouping; no parse), and prints wall time, paragraphs
per second and peak RSS (each size in a process of its own). Nothing is asserted: record
the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from framing.boilerplate.recurrence import MIN_WORDS, Recurrence, copy_articles
from framing.paragraphs import split_paragraphs


def articles(texts: list[str], n: int):
    """(id, outlet, [(paragraph index, text)]) of ``n`` articles cycling over ``texts``."""
    for k in range(n):
        text = texts[k % len(texts)]
        paras = []
        for i, (s, e) in enumerate(split_paragraphs(text)):
            paras.append((i, text[s:e] if i else f"Copy {k}: " + text[s:e]))
        yield f"a{k:06d}", f"o{k % 7}", paras


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "train"
    ap.add_argument("polnear", nargs="?", default=str(default))
    ap.add_argument("--sizes", default="1000,10000")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if len(sizes) > 1:  # one process per size: each peak RSS is its own
        for n in sizes:
            subprocess.run([sys.executable, __file__, args.polnear, "--sizes", str(n)], check=True)
        return
    texts = [p.read_text("utf-8") for p in sorted(Path(args.polnear, "text").glob("*.txt"))]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for n in sizes:
        t0 = time.perf_counter()
        rec = Recurrence()
        counted = []
        for article_id, outlet, paras in articles(texts, n):
            rec.add_paragraphs(article_id, outlet, paras)
            counted.append(sum(1 for _i, t in paras if len(t.split()) >= MIN_WORDS))
        t1 = time.perf_counter()
        groups = rec.groups()
        copies = copy_articles(groups, counted)
        t2 = time.perf_counter()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:6d} articles, {len(rec):7d} paragraphs: signatures {t1 - t0:6.1f} s, "
            f"grouping {t2 - t1:6.1f} s, {len(rec) / (t2 - t0):7.0f} paragraphs/s, "
            f"{len({g.id for g in groups.values()})} groups, {len(copies)} copies, "
            f"peak RSS {rss:.0f} MB ({base:.0f} MB before the step: imports and texts)"
        )


if __name__ == "__main__":
    main()
