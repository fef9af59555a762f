"""The learned part of attribution: a logistic-regression scorer of cue candidates.

Every verb the parse gives a content (a clause, an adjacent quote, an object) is a candidate;
the rules of :mod:`framing.attribution.extract` find its source and content, and this model
decides whether the verb is an attribution cue in that frame, from sparse binary features
(lemma, frame, subject, quotes, neighbours). Trained on PolNeAR train by
``framing train attribution``; stored as plain JSON (feature weights), so loading never
unpickles anything and scoring needs no scikit-learn.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from framing.attribution.boundary import choose_end, end_candidates, start_candidates
from framing.attribution.candidates import Candidate
from framing.attribution.spans import trim as _trim
from framing.linear import dump_model, floats_from_json, load_model_json, weights_to_json
from framing.nlp import doc_text

if TYPE_CHECKING:
    from framing.attribution.neural import Evidence

END_FRAMES = ("clause-after", "object", "prep-object")


def end_applies(c: Candidate) -> bool:
    """Whether the content-end chooser handles this candidate: one fragment after the cue."""
    raw = c.raw
    return len(raw.content) == 1 and c.how in END_FRAMES and raw.content_start >= raw.cue[1]


MODEL_FILE = "attribution-cues.json"
FORMAT = "framing-logreg-1"
DIGITS = 6  # weights are stored rounded to this many decimals


def _subject_kind(subj: Token | None, inherited: bool) -> str:
    if subj is None:
        return "none"
    if inherited:
        return "inherited"
    if subj.pos_ == "PRON":
        return "pron"
    if subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return "name"
    return "noun"


def features(c: Candidate, quotes: list[tuple[int, int]]) -> list[str]:
    """Binary features of one candidate, as strings."""
    tok = c.token
    doc = tok.doc
    lemma = tok.lemma_.lower()
    raw = c.raw
    subj = c.subject
    inherited = subj is not None and subj.head.i != tok.i
    sk = _subject_kind(subj, inherited)
    in_quote = any(q0 <= tok.idx < q1 for q0, q1 in quotes)
    text = c.text or doc_text(doc)
    content_len = sum(len(text[s:e].split()) for s, e in raw.content)
    before = raw.content_start < raw.cue[0]
    f = [
        "bias",
        f"lemma={lemma}",
        f"lower={tok.lower_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"how={c.how}",
        f"lex={c.lexicon_kind or 'none'}",
        f"lex_how={c.lexicon_kind or 'none'}|{c.how}",
        f"lemma_how={lemma}|{c.how}",
        f"lemma_subj={lemma}|{sk}",
        f"subj={sk}",
        f"how_subj={c.how}|{sk}",
        f"kind={raw.kind}",
        f"kind_how={raw.kind}|{c.how}",
        f"clen={min(content_len // 4, 8)}",
        f"content_before={before}",
        f"in_quote={in_quote}",
        f"head_dep={tok.head.dep_ if tok.head.i != tok.i else 'ROOT'}",
        f"prev={doc[tok.i - 1].lower_ if tok.i > 0 else '<s>'}",
        f"next={doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else '</s>'}",
        f"lemma_next={lemma}|{doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else '</s>'}",
    ]
    if subj is not None:
        f.append(f"subj_lemma={subj.lemma_.lower()}")
        f.append(f"subj_ent={subj.ent_type_ or 'none'}")
        f.append(f"lemma_subj_ent={lemma}|{subj.ent_type_ or 'none'}")
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass", "neg"):
            f.append(f"aux={child.lower_}")
        f.append(f"child_dep={child.dep_}")
    if tok.is_sent_start:
        f.append("sent_start")
    if c.outer:
        f.append(f"outer={c.outer}")
        f.append(f"lemma_outer={lemma}|{c.outer.split('|')[0]}")
        f.append(f"how_outer={c.how}|{c.outer}")
    else:
        f.append("outer=none")
    if c.holds:
        f.append("holds")
        f.append(f"how_holds={c.how}")
    # what the content looks like: its first word and its head ("that ...", "to ...", a quote)
    c0, c1 = raw.content[0][0], raw.content[-1][1]
    span = doc.char_span(c0, c1, alignment_mode="expand")
    if span is not None and len(span):
        first = span[0].lower_ if span[0].is_alpha or span[0].is_punct else span[0].pos_
        f.append(f"cfirst={first}")
        f.append(f"lemma_cfirst={lemma}|{first}")
        f.append(f"chead_pos={span.root.pos_}")
        f.append(f"lemma_chead_pos={lemma}|{span.root.pos_}")
        f.append(f"chead_lemma={span.root.lemma_.lower()}")
    return f


@dataclass
class CueModel:
    """Logistic regression over binary string features, with a decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    #: per content frame (``how``) thresholds where they differ from ``threshold``
    frame_thresholds: dict[str, float] = field(default_factory=dict)
    #: the content-end chooser (see :mod:`framing.attribution.boundary`); empty: keep the parse's
    end_weights: dict[str, float] = field(default_factory=dict)
    end_bias: float = 0.0
    #: the content-start chooser; empty: keep the parse's start
    start_weights: dict[str, float] = field(default_factory=dict)
    start_bias: float = 0.0

    def threshold_for(self, how: str) -> float:
        return self.frame_thresholds.get(how, self.threshold)

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def score(self, candidate: Candidate, quotes: list[tuple[int, int]]) -> float:
        return self.probability(features(candidate, quotes))

    def content_end(
        self,
        candidate: Candidate,
        quotes: list[tuple[int, int]],
        evidence: Evidence | None = None,
    ) -> tuple[int, int] | None:
        """The content's single fragment with its end chosen by the end model (and the
        encoder's ``evidence``, when given), when it has one and the content follows the cue;
        ``None`` to keep the parse's span."""
        raw = candidate.raw
        if not self.end_weights or not end_applies(candidate):
            return None
        start, end = raw.content[0]
        cands = end_candidates(candidate.token.doc, quotes, start, end, candidate.how)
        if len(cands) < 2:
            return None
        doc = candidate.token.doc
        bonus = (lambda e: evidence.end_bonus(doc, e)) if evidence is not None else None
        new_end, _p = choose_end(self.end_weights, self.end_bias, cands, bonus)
        if new_end == end:
            return None
        text = candidate.text or doc_text(candidate.token.doc)
        s, e = _trim(text, start, new_end)
        return (s, e) if e > s else None

    def content_start(
        self,
        candidate: Candidate,
        quotes: list[tuple[int, int]],
        evidence: Evidence | None = None,
    ) -> list[tuple[int, int]] | None:
        """The content's fragments with the first one's start chosen by the start model (and
        the encoder's ``evidence``, when given); ``None`` to keep the parse's."""
        raw = candidate.raw
        if not self.start_weights:
            return None
        start, end = raw.content[0]
        lemma = candidate.token.lemma_.lower()
        cands = start_candidates(candidate.token.doc, quotes, start, end, candidate.how, lemma)
        if len(cands) < 2:
            return None
        doc = candidate.token.doc
        bonus = (lambda x: evidence.start_bonus(doc, x)) if evidence is not None else None
        new_start, _p = choose_end(self.start_weights, self.start_bias, cands, bonus)
        if new_start == start:
            return None
        return [(new_start, end), *raw.content[1:]]

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "threshold": self.threshold,
            "frame_thresholds": dict(sorted(self.frame_thresholds.items())),
            "bias": self.bias,
            "meta": self.meta,
            "weights": weights_to_json(self.weights, digits=DIGITS),
            "content_start": {
                "bias": self.start_bias,
                "weights": weights_to_json(self.start_weights, digits=DIGITS),
            },
            "content_end": {
                "bias": self.end_bias,
                "weights": weights_to_json(self.end_weights, digits=DIGITS),
            },
        }
        return dump_model(data, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CueModel:
        data = load_model_json(text, format=FORMAT)
        end = data.get("content_end") or {}
        begin = data.get("content_start") or {}
        return cls(
            start_weights=floats_from_json(begin.get("weights")),
            start_bias=float(begin.get("bias") or 0.0),
            end_weights=floats_from_json(end.get("weights")),
            end_bias=float(end.get("bias") or 0.0),
            weights=floats_from_json(data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta") or {}),
            frame_thresholds=floats_from_json(data.get("frame_thresholds")),
        )


def default_model_path() -> Path:
    from framing.config import bundled_dir

    return bundled_dir("models") / MODEL_FILE


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> CueModel | None:
    """The bundled (or given) cue model; ``None`` when the bundled one is absent."""
    p = Path(path) if path else default_model_path()
    if not p.is_file():
        if path:
            from framing.errors import ModelNotFoundError

            raise ModelNotFoundError(f"attribution model not found: {path}")
        return None
    data = p.read_bytes()
    model = CueModel.from_json(data.decode("utf-8"))
    # which file it is, for the report's model block
    model.meta.update(file=p.name, sha256=hashlib.sha256(data).hexdigest())
    return model
