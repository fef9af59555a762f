"""Attributions in one parsed Doc: candidates, chosen by the cue lexicon or a model, then steps.

Three sources of evidence, combined:

* reporting verbs from the cue lexicon (``resources/cues.yaml``) with their subject (source)
  and their clause complement (content): "the ministry said the soldiers were killed";
  the same verb after the clause it reports ("..., the ministry said") and inverted
  ("..., said the statement") — see :mod:`~framing.attribution.candidates`;
* prepositional cues ("according to X", "in the words of X") and speaker lines — see
  :mod:`~framing.attribution.patterns`; the title's own shapes ("Pat Caddell: Voters worried
  ...") — see :mod:`~framing.attribution.headline`;
* quotation marks: a quote next to a cue becomes (part of) its content, quotes may span
  paragraphs, and a cue-less quote that follows an attributed quote in the same paragraph
  continues it — see :mod:`~framing.attribution.passes`.

:data:`STEPS` is the one place that orders the steps after the candidates are chosen.
Offsets here are character offsets into ``doc.text``; the caller shifts them into the
file's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc

from framing.attribution import headline, narrator, passes, patterns, structure
from framing.attribution.candidates import Candidate, rule_accepts, verb_candidates
from framing.attribution.frames import cue_to_content
from framing.attribution.raw import DocContext, RawAttribution, Step
from framing.resources import CueLexicon

if TYPE_CHECKING:
    from framing.attribution.neural import Evidence

    class CueScorer(Protocol):
        threshold: float

        def threshold_for(self, how: str) -> float: ...

        def score(self, candidate: Candidate, quotes: Sequence[tuple[int, int]]) -> float: ...

        def content_end(
            self,
            candidate: Candidate,
            quotes: Sequence[tuple[int, int]],
            evidence: Evidence | None = None,
        ) -> tuple[int, int] | None: ...

        def content_start(
            self,
            candidate: Candidate,
            quotes: Sequence[tuple[int, int]],
            evidence: Evidence | None = None,
        ) -> list[tuple[int, int]] | None: ...


#: the steps after the candidates are chosen, in the order they run
STEPS: tuple[Step, ...] = (
    narrator.drop_asides,
    narrator.drop_borrowed_sources,
    structure.drop_quotes_from_next_paragraph,
    structure.inverted_cues,
    structure.cue_between_subject_and_verb,
    passes.take_in_control_verbs,
    passes.split_around_cue,
    structure.split_before_source,
    structure.quote_before_cue,
    passes.cut_before_inner_cues,
    passes.asked_questions,
    patterns.according_to,
    patterns.speaker_lines,
    patterns.transcript_turns,
    headline.title_colons,
    passes.drop_echoes,
    passes.continue_quotes,
    passes.continue_sentences,
    passes.continue_paragraphs,
    passes.continue_clauses,
    structure.continue_past_cue_words,
    structure.run_to_clause_end,
    structure.take_in_coordinated_clauses,
    structure.sources_outside_contents,
    structure.nested_in_documents,
    passes.paragraph_fragments,
    passes.whole_words,
    headline.flag_headlines,
)


def extract_attributions(
    doc: Doc,
    *,
    cues: CueLexicon,
    model: CueScorer | None = None,
    title: tuple[int, int] | None = None,
    speaker_nouns: frozenset[str] = frozenset(),
    evidence: Evidence | None = None,
) -> list[RawAttribution]:
    """All attributions in a Doc, sorted by content start.

    ``cues``: the cue lexicon (verbs, nouns, cue phrases, source prepositions). With a
    ``model`` (see :mod:`framing.attribution.learned`), every verb with a content is a
    candidate and the model's probability decides; without one, the cue lexicon does.
    ``title``: (start, end) of the article's title in the Doc, when it starts with one, and
    ``speaker_nouns``: nouns that name a speaker (see :mod:`~framing.attribution.headline`).
    ``evidence``: the encoder's (the ``accurate`` pipeline; see
    :mod:`~framing.attribution.neural`), which moves the model's choices.
    """
    ctx = DocContext.of(doc, cues, title, speaker_nouns)
    candidates = verb_candidates(doc, cues, ctx.quotes, open_vocabulary=model is not None)
    found = _chosen(ctx, candidates, model, evidence)
    for step in STEPS:
        found = step(ctx, found)
    return sorted(found, key=lambda a: (a.content_start, a.cue[0]))


def _chosen(
    ctx: DocContext,
    candidates: list[Candidate],
    model: CueScorer | None,
    evidence: Evidence | None = None,
) -> list[RawAttribution]:
    """The records of the candidates the model (its probability over its threshold) or,
    without one, :func:`~framing.attribution.candidates.rule_accepts` takes; the model also
    moves their content edges. (The candidates are this call's own: their records are updated
    in place, as the model reads each candidate's content after the previous choice.)"""
    if model is None:
        return [c.raw for c in candidates if rule_accepts(c)]
    out = []
    for c in candidates:
        if c.not_said:
            continue  # a hearer, a date, a name: nothing is said (see contents.nothing_said)
        p = model.score(c, ctx.quotes)
        if evidence is not None:
            p = evidence.accept(ctx.doc, p, c.raw.cue, c.raw.content)
            if p < evidence.blend.threshold:
                continue
        elif p < model.threshold_for(c.how):
            continue
        c.raw.confidence = round(p, 4)
        frag = model.content_end(c, ctx.quotes, evidence)
        if frag is not None:
            c.raw.content = [frag]
            c.raw.notes.append("end-chosen")
        frags = model.content_start(c, ctx.quotes, evidence)
        if frags is not None:
            c.raw.content = frags
            c.raw.notes.append("start-chosen")
            c.raw.cue = cue_to_content(c.token, c.raw.cue, frags[0][0])
        out.append(c.raw)
    return out
