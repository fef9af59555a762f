"""What the extraction steps share: the attribution record, the per-Doc context, the step type.

A :class:`RawAttribution` is an attribution in Doc character offsets, before its speaker is
resolved. A :class:`DocContext` holds what every step reads about one Doc (its text, its
quotes, the cue lexicon, where the article's title lies in it), built once by
:func:`framing.attribution.extract.extract_attributions`.
A :data:`Step` is one pass over the attributions found so far: ``(ctx, found) -> found``; it
returns the list to go on with and never changes the records it is given (it makes new ones
with :func:`dataclasses.replace`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from framing.attribution.quotes import quotes_of
from framing.nlp import doc_text
from framing.resources import CueLexicon


@dataclass
class RawAttribution:
    """An attribution in Doc character offsets, before speakers are resolved."""

    cue: tuple[int, int]
    content: list[tuple[int, int]]  # fragments, sorted, non-overlapping
    source: tuple[int, int] | None
    kind: str
    confidence: float
    source_head: int | None = None  # token index of the source's head word
    cue_head: int = -1  # token index of the cue verb (or preposition)
    antecedent_hint: int | None = None  # token index of a noun the pronoun source refers to
    notes: list[str] = field(default_factory=list)
    #: what readers can filter on besides the kind (see :data:`framing.schema.FLAGS`)
    flags: tuple[str, ...] = ()

    @property
    def content_start(self) -> int:
        return self.content[0][0]

    @property
    def content_end(self) -> int:
        return self.content[-1][1]


@dataclass(frozen=True)
class DocContext:
    """What the extraction steps read about one Doc: the Doc, its text (``doc.text`` rebuilds
    it on every access), its quotes (:func:`~framing.attribution.quotes.find_quotes`) and the
    cue lexicon."""

    doc: Doc
    text: str
    quotes: tuple[tuple[int, int], ...]
    cues: CueLexicon
    #: (start, end) of the article's title (headline) in the Doc, when it holds one
    title: tuple[int, int] | None = None
    #: lower-case nouns and phrases that name someone who speaks (roles, groups, documents:
    #: "police chief", "letter"), from the speaker-type tables
    speaker_nouns: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        doc: Doc,
        cues: CueLexicon,
        title: tuple[int, int] | None = None,
        speaker_nouns: frozenset[str] = frozenset(),
    ) -> DocContext:
        """The context of ``doc``: its text and quotes, computed once."""
        text = doc_text(doc)
        return cls(doc, text, quotes_of(text), cues, title, speaker_nouns)

    def in_title(self, pos: int) -> bool:
        """Whether the Doc offset ``pos`` lies in the article's title."""
        return self.title is not None and self.title[0] <= pos < self.title[1]


#: one pass over the attributions found so far, returning those to go on with
Step = Callable[[DocContext, list[RawAttribution]], list[RawAttribution]]
