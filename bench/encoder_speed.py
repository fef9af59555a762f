"""The accurate pipeline's cost (issue 18): the encoder alone, and whole runs of both pipelines,
against a bare spaCy parse of the same texts.

Usage: .venv/bin/python bench/encoder_speed.py [TEXT_DIR] [--repeats N] [--fp32]

TEXT_DIR: default PolNeAR dev's texts. Prints, one process per measurement (so peak RSS is
each one's own):

* bare ``nlp.pipe`` of the texts (batch 16, one process): seconds, tokens/s;
* the shipped int8 encoder over the same texts after that parse (``Encoder.token_probs``):
  seconds, articles/s, pieces/s;
* with ``--fp32`` (needs the train extra): the base encoder exported to ONNX in fp32 and in
  int8 with a random head (speed depends on the architecture, not the weights);
* ``framing analyze --pipeline fast`` and ``--pipeline accurate`` (``--jobs 1 --no-cache
  --lexicon none``): wall seconds, peak RSS, and ratios to the bare parse and to each other.
Each figure is the median of ``--repeats`` runs, the runs of the kinds interleaved.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BARE = """
import json, sys, time, resource
from pathlib import Path
from framing.nlp import load_nlp
texts = [p.read_text("utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
nlp = load_nlp()
t = time.perf_counter()
n = sum(len(d) for d in nlp.pipe(texts, batch_size=16))
print(json.dumps({"seconds": time.perf_counter() - t, "tokens": n,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

ENCODER = """
import json, sys, time, resource
from pathlib import Path
from framing.encoder import Encoder, find_encoder
from framing.config import bundled_dir
from framing.nlp import load_nlp
texts = [p.read_text("utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
path = sys.argv[2]
if path == "shipped":
    enc = find_encoder(bundled_dir("models"))
else:
    enc = Encoder(Path(path), Path(sys.argv[3]))
nlp = load_nlp()
docs = list(nlp.pipe(texts, batch_size=16))
enc.token_probs("warm up.", [(0, 4)])
t = time.perf_counter()
pieces = 0
for d in docs:
    spans = [(x.idx, x.idx + len(x.text)) for x in d]
    enc.token_probs(d.text, spans)
    pieces += len(enc.tokenizer.encode(d.text, add_special_tokens=False).ids)
print(json.dumps({"seconds": time.perf_counter() - t, "articles": len(docs), "pieces": pieces,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

EXPORT = """
import sys, torch
from pathlib import Path
from framing.train.encoder import _Tagger, base_model_dir
from onnxruntime.quantization import QuantType, quantize_dynamic
out = Path(sys.argv[1])
torch.manual_seed(0)
m = _Tagger.build(torch, base_model_dir()).eval()
ids = torch.ones((1, 16), dtype=torch.int64)
torch.onnx.export(m, (ids, ids), str(out / "fp32.onnx"),
                  input_names=["input_ids", "attention_mask"],
                  output_names=["probs"], opset_version=17, dynamo=False,
                  dynamic_axes={"input_ids": {0: "b", 1: "n"}, "attention_mask": {0: "b", 1: "n"},
                                "probs": {0: "b", 1: "n"}})
quantize_dynamic(str(out / "fp32.onnx"), str(out / "int8.onnx"), weight_type=QuantType.QInt8)
(out / "tok.json").write_bytes((base_model_dir() / "tokenizer.json").read_bytes())
"""


def _json_run(code: str, *args: str) -> dict:
    done = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _analyze(texts: Path, pipeline: str) -> dict:
    """One ``framing analyze`` run under ``/usr/bin/time`` (its own peak RSS, in KB)."""
    with tempfile.TemporaryDirectory() as out:
        cmd = ["/usr/bin/time", "-f", "%M", PY, "-m", "framing", "analyze", str(texts),
               "--out", out, "--jobs", "1", "--no-cache", "-q", "--lexicon", "none",
               "--pipeline", pipeline]  # fmt: skip
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - t
        if done.returncode != 0:
            raise SystemExit(done.stderr[-2000:])
        rss_kb = int(done.stderr.strip().splitlines()[-1])
        return {"seconds": seconds, "rss_mb": rss_kb / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("texts", nargs="?", default=str(ROOT.parent / "shared/data/polnear/dev/text"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--fp32", action="store_true", help="also fp32 vs int8 (train extra)")
    args = ap.parse_args()
    texts = Path(args.texts)
    runs: dict[str, list[dict]] = {}
    tmp = Path(tempfile.mkdtemp())
    if args.fp32:
        subprocess.run([PY, "-c", EXPORT, str(tmp)], check=True, capture_output=True, cwd=ROOT)
    for _ in range(args.repeats):
        runs.setdefault("bare", []).append(_json_run(BARE, str(texts)))
        runs.setdefault("encoder int8 (shipped)", []).append(
            _json_run(ENCODER, str(texts), "shipped")
        )
        if args.fp32:
            for kind in ("fp32", "int8"):
                runs.setdefault(f"base encoder {kind}", []).append(
                    _json_run(ENCODER, str(texts), str(tmp / f"{kind}.onnx"), str(tmp / "tok.json"))
                )
        for p in ("fast", "accurate"):
            runs.setdefault(f"analyze --pipeline {p}", []).append(_analyze(texts, p))

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    bare = med("bare", "seconds")
    print(f"{texts}: {runs['bare'][0]['tokens']} spaCy tokens; median of {args.repeats}")
    print(f"{'run':32} {'seconds':>8} {'x bare':>7} {'peak RSS MB':>12}  rate")
    for name in runs:
        s = med(name, "seconds")
        rate = ""
        if "tokens" in runs[name][0]:
            rate = f"{runs[name][0]['tokens'] / s:,.0f} tokens/s"
        elif "pieces" in runs[name][0]:
            r0 = runs[name][0]
            rate = f"{r0['articles'] / s:.1f} articles/s, {r0['pieces'] / s:,.0f} pieces/s"
        print(f"{name:32} {s:8.2f} {s / bare:7.2f} {med(name, 'rss_mb'):12.0f}  {rate}")
    fast, acc = (
        med("analyze --pipeline fast", "seconds"),
        med("analyze --pipeline accurate", "seconds"),
    )
    print(f"accurate / fast whole run: {acc / fast:.2f}")


if __name__ == "__main__":
    main()
