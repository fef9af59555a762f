"""The attribution encoder of the ``accurate`` pipeline: inference with onnxruntime and
tokenizers, no torch.

The encoder (trained by :mod:`framing.train.encoder`) gives six probabilities per word piece:
whether the piece begins or lies inside a source, a cue or a content (:data:`CHANNELS`).
:meth:`Encoder.token_probs` runs it over a text in windows (batched), and maps the pieces back
to the spaCy tokens of the parse through the tokenizer's character offsets, so a token's row
is about exactly its characters: *begins* from its first piece, *inside* the mean over its
pieces. The attribution step reads those rows as evidence (see
:mod:`framing.attribution.neural`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from framing.config import usable_cores
from framing.errors import UsageError

#: the outputs per piece, in order
CHANNELS = ("source_b", "source_i", "cue_b", "cue_i", "content_b", "content_i")
ROLES = ("source", "cue", "content")
ENCODER_FILE = "attribution-encoder.onnx"
TOKENIZER_FILE = "attribution-encoder-tokenizer.json"
CARD_FILE = "attribution-encoder.md"
#: a text's pieces: their character offsets and their (pieces, 6) probabilities
Pieces = tuple[list[tuple[int, int]], np.ndarray]

#: pieces per window at inference (with [CLS] and [SEP]) and the step between windows: an
#: overlap of 30 pieces costs 13% more than none; on PolNeAR dev it scores as a step of 128
#: did (whole F1 0.819 vs 0.818, exact content 0.610 vs 0.613) in half the encoder's time
MAX_LEN = 256
STRIDE = 224
BATCH = 16


def windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """[a, b) windows of at most ``size`` over ``n`` items, ``stride`` apart, the last one
    ending at ``n``; one window when ``n <= size``."""
    if n <= size:
        return [(0, n)]
    out = []
    a = 0
    while True:
        b = min(a + size, n)
        out.append((a, b))
        if b == n:
            return out
        a += stride


def piece_labels(offsets: Sequence[tuple[int, int]], attributions: Iterable[Any]) -> np.ndarray:
    """(pieces, 6) labels of the pieces at ``offsets`` (character spans) from gold
    attributions (each with ``source``, ``cue`` and ``content`` fragment lists)."""
    n = len(offsets)
    lab = np.zeros((n, len(CHANNELS)), dtype=np.float32)
    starts = np.array([s for s, _ in offsets] or [0])
    ends = np.array([e for _, e in offsets] or [0])
    for a in attributions:
        for r, role in enumerate(ROLES):
            for x, y in a.role(role):
                inside = np.nonzero((starts < y) & (ends > x))[0]
                if len(inside) == 0:
                    continue
                lab[inside, 2 * r + 1] = 1.0
                lab[inside[0], 2 * r] = 1.0
    return lab


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Encoder:
    """An exported tagger and its tokenizer, loaded once per process."""

    path: Path
    tokenizer_path: Path
    #: onnxruntime's threads; 0: every core this process may run on (see :meth:`set_threads`)
    threads: int = 0

    @cached_property
    def session(self) -> Any:
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise UsageError(
                "the accurate pipeline needs onnxruntime: pip install onnxruntime"
            ) from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads or usable_cores()
        opts.inter_op_num_threads = 1
        return ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"])

    def set_threads(self, n: int) -> None:
        """Run on ``n`` threads from now on (0: every usable core); an engine with several
        worker processes gives each its share of the cores."""
        if n != self.threads:
            self.threads = n
            self.__dict__.pop("session", None)

    @cached_property
    def tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.tokenizer_path))
        tok.no_truncation()
        tok.no_padding()
        return tok

    @cached_property
    def sha256(self) -> str:
        return file_sha256(self.path)

    def to_dict(self) -> dict[str, str]:
        """What a report depends on (for the cache key): the files' contents, not their
        paths."""
        return {"encoder": self.sha256, "tokenizer": file_sha256(self.tokenizer_path)}

    def __getstate__(self) -> dict[str, Any]:
        # to worker processes: the paths; each process opens its own session
        return {"path": self.path, "tokenizer_path": self.tokenizer_path, "threads": self.threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def piece_probs(self, text: str) -> Pieces:
        """The pieces' character offsets in ``text`` and their (pieces, 6) probabilities;
        overlapping windows are averaged."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = enc.ids
        offsets = list(enc.offsets)
        n = len(ids)
        probs = np.zeros((n, len(CHANNELS)), dtype=np.float32)
        if n == 0:
            return offsets, probs
        weight = np.zeros(n, dtype=np.float32)
        cls_id = self.tokenizer.token_to_id("[CLS]")
        sep_id = self.tokenizer.token_to_id("[SEP]")
        spans = windows(n, MAX_LEN - 2, STRIDE)
        for k in range(0, len(spans), BATCH):
            group = spans[k : k + BATCH]
            width = max(b - a for a, b in group) + 2
            batch_ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for j, (a, b) in enumerate(group):
                row = [cls_id, *ids[a:b], sep_id]
                batch_ids[j, : len(row)] = row
                mask[j, : len(row)] = 1
            out = self.session.run(["probs"], {"input_ids": batch_ids, "attention_mask": mask})[0]
            for j, (a, b) in enumerate(group):
                # a piece counts more in a window where it sits far from the edges
                m = b - a
                pos = np.arange(m, dtype=np.float32)
                w = np.minimum(pos + 1, m - pos) if len(spans) > 1 else np.ones(m, np.float32)
                probs[a:b] += out[j, 1 : m + 1] * w[:, None]
                weight[a:b] += w
        probs /= np.maximum(weight, 1e-6)[:, None]
        return offsets, probs

    def token_probs(
        self,
        text: str,
        token_spans: Sequence[tuple[int, int]],
        pieces: Pieces | None = None,
    ) -> np.ndarray:
        """(tokens, 6) probabilities for the tokens at ``token_spans`` (character spans in
        ``text``): *begins* from the token's first piece, *inside* the mean of its pieces;
        a token without a piece (whitespace) gets zeros. ``pieces``: ``piece_probs(text)``
        when already computed (an engine runs it while spaCy parses)."""
        offsets, probs = pieces if pieces is not None else self.piece_probs(text)
        out = np.zeros((len(token_spans), len(CHANNELS)), dtype=np.float32)
        if not offsets:
            return out
        starts = np.array([s for s, _ in offsets])
        ends = np.array([e for _, e in offsets])
        for t, (x, y) in enumerate(token_spans):
            lo = int(np.searchsorted(ends, x, side="right"))
            hi = int(np.searchsorted(starts, y, side="left"))
            if hi <= lo:
                continue
            rows = probs[lo:hi]
            out[t, 0::2] = rows[0, 0::2]
            out[t, 1::2] = rows[:, 1::2].mean(axis=0)
        return out


def find_encoder(models: Path) -> Encoder | None:
    """The encoder in ``models`` when both its files are there."""
    path, tok = models / ENCODER_FILE, models / TOKENIZER_FILE
    if path.is_file() and tok.is_file():
        return Encoder(path, tok)
    return None
