"""Typed records that travel through the pipeline, and their JSON form.

Every span is a pair of Python ``str`` offsets into the article's decoded text
(the file's own text), plus the text it covers: ``text == article.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from framing.errors import Skipped

__all__ = ["Article", "Attribution", "Region", "Skipped", "Span", "Speaker"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Region:
    """A part of the file kept out of the analysed body (header line, dateline, byline, footer)."""

    label: str  # "header" | "dateline" | "byline" | "footer" | "title"
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One article as read from disk: the decoded text and where its body lies in it."""

    id: str
    outlet: str
    source_path: str
    text: str
    body_start: int
    body_end: int
    metadata: dict[str, Any] = field(default_factory=dict)
    excluded: tuple[Region, ...] = ()
    row: int | None = None  # 1-based line/row number for JSONL/CSV inputs

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]


@dataclass(frozen=True)
class Speaker:
    name: str
    entity_id: str
    type: str
    affiliation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entity_id": self.entity_id,
            "type": self.type,
            "affiliation": self.affiliation,
        }


@dataclass(frozen=True)
class Attribution:
    source: Span | None
    cue: Span
    content: Span
    kind: str  # direct | indirect | mixed | according_to | belief
    speaker: Speaker | None = None
    confidence: float = 0.5
    content_spans: tuple[tuple[int, int], ...] = ()  # fragments when discontinuous
    #: the cue's head word as a lemma ("say", "claim", "statement"), or the whole cue for a
    #: phrase or mark ("according to", ":"): what reporting-verb counts are made of
    verb: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "kind": self.kind,
            "verb": self.verb,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": round(self.confidence, 3),
        }
        if len(self.content_spans) > 1:
            d["content"]["spans"] = [list(s) for s in self.content_spans]
        return d
