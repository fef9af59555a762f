"""framing's attribution as a spaCy pipeline component: ``nlp.add_pipe("framing_attribution")``.

On a Doc from your own pipeline (``spacy.load(...)``), the component finds what
:func:`framing.analyze_text` finds in the text and sets:

- ``doc._.attributions``: a list of :class:`DocAttribution`, in order of content start: the
  ``source``, ``cue`` and ``content`` as spaCy :class:`~spacy.tokens.Span`\\ s (from the
  character offsets of the report, with ``doc.char_span(..., alignment_mode="expand")``),
  ``kind``, ``speaker`` (a :class:`framing.schema.Speaker`), ``confidence``, ``verb``, ``id``,
  ``flags``, and ``record``: the report's :class:`framing.schema.Attribution` (character
  offsets into ``doc.text``);
- ``doc._.narrator_share``: the share of the Doc's words outside every content (the report's
  ``voice.with_boilerplate.narrator_share``: no paragraph is taken out as boilerplate here);
- ``doc.spans["framing"]`` (the ``spans_key`` setting): every source, cue and content as a
  span labeled ``source``, ``cue`` or ``content``, for ``displacy.render(doc, style="span",
  options={"spans_key": "framing"})``.

**What it needs from the pipeline** (the components before it): part-of-speech tags
(``token.tag_`` from a ``tagger``, ``token.pos_`` from an ``attribute_ruler`` or
``morphologizer``), a dependency ``parser`` (heads, labels and sentence boundaries), a
``lemmatizer`` and an entity recognizer (``ner``), as every trained English pipeline has
(``en_core_web_sm``/``md``/``lg``/``trf``). A Doc without one of these annotations is a
``ValueError`` that names what is missing. framing's own loader also adds
``framing_paragraph_breaks`` before the parser (a sentence never spans a paragraph):
``nlp.add_pipe("framing_paragraph_breaks", before="parser")`` does the same in yours.

The component is registered through the ``spacy_factories`` entry point (an installed framing
makes ``add_pipe("framing_attribution")`` work without an import) and by importing this
module. Settings (``config={...}``): ``pipeline`` (``fast`` or ``accurate``; by default
``accurate``, or ``fast`` for the rules alone), ``cue_model``
(``"bundled"``, a path, or ``null`` for the rules alone) and ``spans_key``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from framing.attribution import AttributionResources, attribute
from framing.nlp import doc_text
from framing.schema import Attribution, Speaker
from framing.voice import attributed_intervals, voice, word_flags

__all__ = ["REQUIRED", "DocAttribution", "FramingAttribution", "make_attribution"]

#: Doc annotation -> what sets it, for the error on a Doc without it
REQUIRED: dict[str, str] = {
    "TAG": "a tagger (token.tag_)",
    "POS": "an attribute_ruler or morphologizer (token.pos_)",
    "DEP": "a parser (token.dep_, token.head, sentences)",
    "LEMMA": "a lemmatizer (token.lemma_)",
    "ENT_IOB": "an entity recognizer, ner (doc.ents)",
}

for _name in ("attributions", "narrator_share"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True)
class DocAttribution:
    """One attribution of a Doc, as spaCy spans (``doc._.attributions``)."""

    source: SpacySpan | None
    cue: SpacySpan
    #: the whole content, first character to last (a discontinuous one: see ``fragments``)
    content: SpacySpan
    kind: str
    speaker: Speaker | None
    confidence: float
    verb: str | None
    id: str
    flags: tuple[str, ...]
    #: the parts of a discontinuous content, in order; ``(content,)`` otherwise
    fragments: tuple[SpacySpan, ...]
    #: the report's record (character offsets into ``doc.text``)
    record: Attribution


def _span(doc: Doc, start: int, end: int, label: str = "") -> SpacySpan:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # pragma: no cover - "expand" aligns any in-bounds offsets
        raise ValueError(f"no token span at characters {start}..{end}")
    return span


class FramingAttribution:
    """The component: built once per pipeline (it loads the cue model and tables), then
    called on each Doc."""

    def __init__(
        self,
        nlp: Language,
        name: str = "framing_attribution",
        *,
        pipeline: str | None = None,
        cue_model: str | None = "bundled",
        spans_key: str = "framing",
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.resources = AttributionResources.load(model=cue_model, pipeline=pipeline)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            missing = [what for attr, what in REQUIRED.items() if not doc.has_annotation(attr)]
            if missing:
                raise ValueError(
                    f"[{self.name}] the Doc has no annotation from {'; '.join(missing)}: "
                    "add framing_attribution after those components, as in "
                    'nlp = spacy.load("en_core_web_sm"); nlp.add_pipe("framing_attribution")'
                )
        text = doc_text(doc)
        records, _speakers = attribute(doc, text, 0, self.resources)
        atts = []
        spans = []
        for a in records:
            source = _span(doc, a.source.start, a.source.end, "source") if a.source else None
            cue = _span(doc, a.cue.start, a.cue.end, "cue")
            content = _span(doc, a.content.start, a.content.end, "content")
            fragments = tuple(_span(doc, s, e, "content") for s, e in a.content_spans)
            atts.append(
                DocAttribution(
                    source=source,
                    cue=cue,
                    content=content,
                    kind=a.kind,
                    speaker=a.speaker,
                    confidence=a.confidence,
                    verb=a.verb,
                    id=a.id,
                    flags=tuple(a.flags),
                    fragments=fragments or (content,),
                    record=a,
                )  # fmt: skip
            )
            spans += [s for s in (source, cue, *(fragments or (content,))) if s is not None]
        flags = word_flags(doc, 0, attributed_intervals(records))
        counts, _sentences = voice(doc, 0, flags)
        doc._.attributions = atts
        doc._.narrator_share = counts.narrator_share
        if self.spans_key:
            doc.spans[self.spans_key] = sorted(spans, key=lambda s: (s.start, s.end, s.label_))
        return doc


@Language.factory(
    "framing_attribution",
    default_config={"pipeline": None, "cue_model": "bundled", "spans_key": "framing"},
    requires=["token.tag", "token.dep", "token.head", "token.lemma", "token.ent_iob"],
    assigns=["doc._.attributions", "doc._.narrator_share"],
)
def make_attribution(
    nlp: Language, name: str, pipeline: str | None, cue_model: str | None, spans_key: str
) -> FramingAttribution:
    """The ``framing_attribution`` factory (``nlp.add_pipe("framing_attribution",
    config={"pipeline": "accurate"})``)."""
    return FramingAttribution(
        nlp, name, pipeline=pipeline, cue_model=cue_model, spans_key=spans_key
    )
