"""Hostile inputs (issue 17): HTML extraction time on pages built to be slow, and the parse of
one long article (CPU time and peak memory), in pieces or as one text.

Usage: .venv/bin/python bench/hostile_inputs.py [--html] [--long CHARS] [--whole]

``--html`` times :func:`html_main_text` on pages of unmatched end tags and of an unfinished
comment at two sizes (a ratio near 2 for twice the size is linear, near 4 quadratic).
``--long CHARS`` parses one article of CHARS characters ("Officials said it. " repeated, one
paragraph: the case of issue 17) in a fresh process and prints its CPU time and peak memory;
with ``--whole`` the text is parsed as one piece (spaCy's ``max_length`` raised), as framing
did before. Nothing is asserted: record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time


def html() -> None:
    from framing.read import html_main_text

    pages = {
        "unmatched end tags": lambda n: "<article>" + "<p><span>Said." * n + "</b></i>" * n,
        "unfinished comment": lambda n: "<p>Said.</p>" + "<!-- x <p>" * n,
    }
    for name, page in pages.items():
        times = []
        for n in (20_000, 40_000):
            src = page(n)
            t0 = time.process_time()
            html_main_text(src)
            times.append(time.process_time() - t0)
        print(f"{name:20} {len(page(20_000)) / 1e6:.2f} MB {times[0]:.2f} s, twice the size "
              f"{times[1]:.2f} s (ratio {times[1] / max(times[0], 1e-6):.1f})")  # fmt: skip


def long(chars: int, whole: bool) -> None:
    from framing.nlp import load_nlp, parse

    nlp = load_nlp()
    text = ("Officials said it. " * (chars // 19 + 1))[:chars]
    if whole:
        nlp.max_length = len(text) + 1
    t0 = time.process_time()
    if whole:
        doc = nlp(text)
    else:
        ((doc, _),) = parse(nlp, [(text, None)])
    cpu = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    print(f"{len(text):,} characters, {'one piece' if whole else 'in pieces'}: {len(doc):,} "
          f"tokens, {cpu:.1f} s CPU, peak {peak:.2f} GB (model included)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", action="store_true")
    ap.add_argument("--long", type=int, default=0, metavar="CHARS")
    ap.add_argument("--whole", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.html:
        html()
    if args.long and args.child:
        long(args.long, args.whole)
    elif args.long:  # a fresh process: its peak memory is this parse's
        cmd = [sys.executable, __file__, "--long", str(args.long), "--child"]
        subprocess.run(cmd + (["--whole"] if args.whole else []), check=True)


if __name__ == "__main__":
    main()
