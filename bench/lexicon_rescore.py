"""A lexicon edit on a cached folder: first run, re-run unchanged, re-run after editing a lexicon.

Usage: .venv/bin/python bench/lexicon_rescore.py [CORPUS] [--work DIR] [--jobs N]
    [--pipeline fast|accurate]

Runs ``framing analyze`` as a user does (a fresh process each time, wall clock including the
start-up) three times into one output folder, with a copy of ``policy-frames`` as the lexicon:
the first run (everything parsed), a re-run with nothing changed, and a re-run after one term is
added to the copied lexicon file (its lexicons scored afresh from the cache, no parse). Prints
each time, the ratio of each re-run to the first, and checks that the edited run's reports are
the same bytes as a ``--no-cache`` run with the edited lexicon (a fourth run, not timed).
Default CORPUS: ``../shared/data/polnear/dev`` (its ``text/`` folder).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(corpus: Path, out: Path, lexicon: Path, jobs: int, *extra: str) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, of the run and its workers) and the run's
    summary line."""
    cmd = [sys.executable, "-m", "framing", "analyze", str(corpus), "--out", str(out),
           "--lexicon", str(lexicon), "--jobs", str(jobs), *extra]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0, c0 = time.perf_counter(), _children_cpu()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if done.returncode not in (0, 2):
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()}")
    return seconds, cpu, done.stderr.strip().splitlines()[-1]


def same_reports(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in (a / "reports").iterdir())
    if names != sorted(p.name for p in (b / "reports").iterdir()):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(a / "reports", b / "reports", names, shallow=False)
    return not mismatch and not errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/data/polnear/dev"))
    ap.add_argument("--work", default="/tmp/framing-lexicon-rescore")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--pipeline", choices=("fast", "accurate"), help="default: framing's")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if (corpus / "text").is_dir():
        corpus = corpus / "text"
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    lexicon = work / "my-frames.yaml"
    shutil.copy(ROOT / "lexicons" / "policy-frames.yaml", lexicon)
    out = work / "out"
    extra = ["--pipeline", args.pipeline] if args.pipeline else []
    first, first_cpu, line1 = run(corpus, out, lexicon, args.jobs, *extra)
    again, again_cpu, line2 = run(corpus, out, lexicon, args.jobs, *extra)
    text = lexicon.read_text("utf-8")
    edit = "      - partisan\n      - swing voter*\n"
    lexicon.write_text(text.replace("      - partisan\n", edit))
    edited, edited_cpu, line3 = run(corpus, out, lexicon, args.jobs, *extra)
    run(corpus, work / "plain", lexicon, args.jobs, "--no-cache", *extra)
    print(f"corpus {corpus}, --jobs {args.jobs}; wall and CPU (user+system) seconds")
    print(f"first run             {first:6.1f} s wall  {first_cpu:6.1f} s CPU   {line1}")
    for what, wall, cpu, line in (("re-run, unchanged   ", again, again_cpu, line2),
                                  ("re-run, lexicon edit", edited, edited_cpu, line3)):  # fmt: skip
        print(f"{what}  {wall:6.1f} s wall  {cpu:6.1f} s CPU   {wall / first:6.1%} of the first "
              f"(CPU {cpu / first_cpu:6.1%})   {line}")  # fmt: skip
    print(f"edited run's reports == --no-cache run's: {same_reports(out, work / 'plain')}")


if __name__ == "__main__":
    main()
