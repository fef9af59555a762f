"""The encoder's evidence in the attribution step (the ``accurate`` pipeline).

The encoder (:mod:`framing.encoder`) gives each token of the Doc six probabilities: whether it
begins or lies inside a source, a cue or a content. The fast pipeline's candidates, rules and
choosers stay; the evidence moves three decisions:

* **which candidates are cues**: the cue model's log-odds and the encoder's (the cue words'
  *inside* probability, and how much of the candidate's content it reads as content) are
  added with weights, and the sum is compared with a threshold;
* **where a content starts**: each start the start chooser weighs also gets the encoder's
  log-odds that a content begins at that token;
* **where it ends**: each end gets the log-odds that its last token is inside a content and
  the next one is not.

The weights and the threshold (:class:`Blend`) are tuned on PolNeAR dev by ``framing train
encoder`` (the fast pipeline's threshold is tuned there too), and shipped next to the encoder.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

BLEND_FILE = "attribution-encoder-blend.json"
_EPS = 1e-4


def logit(p: float) -> float:
    p = min(1 - _EPS, max(_EPS, float(p)))
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Blend:
    """How the encoder's evidence weighs against the cue model's."""

    cue: float = 1.0  # weight of the model's log-odds
    enc_cue: float = 0.5  # weight of the encoder's cue log-odds
    enc_content: float = 0.5  # weight of the encoder's content log-odds
    bias: float = 0.0
    threshold: float = 0.5
    start: float = 0.5  # weight of the encoder's begins-here log-odds for a start
    end: float = 0.5  # weight of the encoder's ends-here log-odds for an end

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Blend:
        data = json.loads(text)
        return cls(**{k: float(v) for k, v in data.items() if k in cls.__dataclass_fields__})

    @classmethod
    def load(cls, path: Path) -> Blend:
        return cls.from_json(path.read_text("utf-8")) if path.is_file() else cls()


@dataclass(frozen=True)
class Evidence:
    """The encoder's (tokens, 6) probabilities for one Doc, with the blend that weighs them."""

    probs: np.ndarray
    blend: Blend

    def _tokens(self, doc: Doc, start: int, end: int) -> range:
        span = doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def cue_logit(self, doc: Doc, cue: tuple[int, int]) -> float:
        toks = self._tokens(doc, *cue)
        if not len(toks):
            return 0.0
        return logit(float(self.probs[toks.start : toks.stop, 3].max()))

    def content_logit(self, doc: Doc, content: list[tuple[int, int]]) -> float:
        rows = [
            self.probs[t, 5]
            for a, b in content
            for t in self._tokens(doc, a, b)
            if not (doc[t].is_punct or doc[t].is_space)
        ]
        return logit(float(np.mean(rows))) if rows else 0.0

    def accept(self, doc: Doc, p_model: float, cue: tuple[int, int], content: list) -> float:
        """The blended probability that a candidate is an attribution."""
        b = self.blend
        z = (
            b.bias
            + b.cue * logit(p_model)
            + b.enc_cue * self.cue_logit(doc, cue)
            + b.enc_content * self.content_logit(doc, content)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def start_bonus(self, doc: Doc, pos: int) -> float:
        toks = self._tokens(doc, pos, pos + 1)
        return self.blend.start * logit(self.probs[toks.start, 4]) if len(toks) else 0.0

    def end_bonus(self, doc: Doc, pos: int) -> float:
        """For a content ending at character ``pos``: its last token inside, the next not."""
        toks = self._tokens(doc, max(0, pos - 1), pos)
        if not len(toks):
            return 0.0
        last = toks.stop - 1
        nxt = last + 1
        while nxt < len(doc) and (doc[nxt].is_space or doc[nxt].is_punct):
            nxt += 1
        inside = logit(self.probs[last, 5])
        after = logit(self.probs[nxt, 5]) if nxt < len(doc) else logit(_EPS)
        return self.blend.end * (inside - after) / 2
