"""Who said what: attributions with source, cue and content spans, and their speakers."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from framing.attribution.extract import extract_attributions
from framing.attribution.learned import CueModel, load_model
from framing.attribution.neural import BLEND_FILE, Blend, Evidence
from framing.attribution.quotes import find_quotes
from framing.attribution.raw import RawAttribution
from framing.attribution.roles import RoleTables
from framing.attribution.spans import trim
from framing.attribution.spans import words as count_words
from framing.attribution.speakers import Entity, affiliation, display_name, resolve, speaker_type
from framing.config import DEFAULT_PIPELINE
from framing.encoder import ENCODER_FILE, Encoder, Pieces, find_encoder
from framing.errors import ModelNotFoundError, UsageError, param
from framing.nlp import doc_text, word_positions
from framing.resources import (
    CueLexicon,
    SpeakerTypes,
    load_countries,
    load_cues,
    load_speaker_types,
)
from framing.schema import Attribution, Span, Speaker, SpeakerStats

__all__ = [
    "AttributionResources",
    "RawAttribution",
    "attribute",
    "extract_attributions",
    "find_quotes",
]

METHOD = "rules-1"
METHOD_LEARNED = "rules+logreg-1"
METHOD_ENCODER = "rules+logreg+encoder-1"
#: the attribution pipelines: ``fast`` (parse, rules and the cue model), ``accurate`` (the same
#: with the encoder's evidence)
PIPELINES = ("fast", "accurate")


@dataclass(frozen=True)
class AttributionResources:
    """Everything the attribution step reads besides the Doc, loaded once and passed in.

    ``cues``: the cue lexicon (verbs, nouns, cue phrases); ``model``: the learned cue model, or
    ``None`` for the lexicon alone; ``countries`` and ``speaker_types``: the speaker tables;
    ``encoder`` and ``blend``: the ``accurate`` pipeline's encoder and how its evidence
    weighs (``None`` in the ``fast`` pipeline).
    """

    cues: CueLexicon
    model: CueModel | None
    countries: Mapping[str, str]
    speaker_types: SpeakerTypes
    encoder: Encoder | None = None
    blend: Blend | None = None

    @classmethod
    def load(
        cls,
        *,
        model: str | None = "bundled",
        cues: str | None = None,
        pipeline: str | None = None,
        encoder_dir: str | None = None,
    ) -> AttributionResources:
        """The bundled data files; ``model``: ``"bundled"`` (the shipped cue model, ``None``
        when it is absent), a path to another, or ``None`` for the cue lexicon alone;
        ``cues``: a path to another cue lexicon; ``pipeline``: ``fast`` or ``accurate`` (the
        encoder from ``encoder_dir``, default the shipped models folder); ``None``:
        :data:`~framing.config.DEFAULT_PIPELINE`, or ``fast`` for the cue lexicon alone."""
        if pipeline is None:  # rules alone (no cue model) are the fast pipeline
            pipeline = DEFAULT_PIPELINE if model is not None else "fast"
        if pipeline not in PIPELINES:
            raise UsageError(
                f"{param('pipeline')} {pipeline!r}: choose one of {', '.join(PIPELINES)}"
            )
        cue_model = None if model is None else load_model(None if model == "bundled" else model)
        encoder = blend = None
        if pipeline == "accurate":
            from framing.config import bundled_dir

            folder = Path(encoder_dir) if encoder_dir else bundled_dir("models")
            encoder = find_encoder(folder)
            if encoder is None:
                raise ModelNotFoundError(
                    f"the accurate pipeline's encoder is not in {folder} ({ENCODER_FILE} and "
                    "its tokenizer); build it with: framing train encoder --polnear DIR"
                )
            if cue_model is None:
                raise UsageError("the accurate pipeline needs the cue model")
            blend = Blend.load(folder / BLEND_FILE)
        return cls(
            load_cues(cues), cue_model, load_countries(), load_speaker_types(), encoder, blend
        )

    @cached_property
    def role_tables(self) -> RoleTables:
        """The speaker-type lists as the role readers match them, built once (not a field:
        the cache fingerprint reads ``speaker_types`` itself)."""
        return RoleTables.of(self.speaker_types)

    @cached_property
    def speaker_nouns(self) -> frozenset[str]:
        """Every word and title of the speaker-type tables that names someone who speaks (a
        role, a group, a document: "police chief", "ministry", "letter"), lower case."""
        _order, rules = self.speaker_types
        keys = ("words", "titles", "heads", "fallback", "staff", "posts", "spokespeople")
        return frozenset(
            str(w).lower()
            for table in rules.values()
            if isinstance(table, dict)
            for key in keys
            for w in table.get(key) or ()
        )

    @property
    def method(self) -> str:
        """The name of the attribution method: learned when there is a cue model."""
        if self.encoder is not None:
            return METHOD_ENCODER
        return METHOD_LEARNED if self.model is not None else METHOD

    @property
    def pipeline(self) -> str:
        return "accurate" if self.encoder is not None else "fast"

    def model_files(self) -> dict[str, str]:
        """The model files the attribution reads, by file name: their sha256."""
        out = {}
        if self.model is not None and self.model.meta.get("sha256"):
            out[self.model.meta.get("file", "attribution-cues.json")] = self.model.meta["sha256"]
        if self.encoder is not None:
            out[self.encoder.path.name] = self.encoder.sha256
            out[self.encoder.tokenizer_path.name] = self.encoder.to_dict()["tokenizer"]
            blend = (self.blend or Blend()).to_json().encode()
            out[BLEND_FILE] = hashlib.sha256(blend).hexdigest()
        return dict(sorted(out.items()))

    def evidence(self, doc: Doc, pieces: Pieces | None = None) -> Evidence | None:
        """The encoder's evidence for ``doc`` (``None`` in the fast pipeline); ``pieces``:
        the encoder's output for ``doc``'s text when already computed."""
        if self.encoder is None:
            return None
        spans = [(t.idx, t.idx + len(t.text)) for t in doc]
        probs = self.encoder.token_probs(doc_text(doc), spans, pieces)
        return Evidence(probs, self.blend or Blend())


def _outside(
    raw: RawAttribution, spans: Sequence[tuple[int, int]], text: str
) -> RawAttribution | None:
    """``raw`` without what lies in ``spans`` (Doc offsets): ``None`` when its cue lies in one
    of them or nothing of its content is left, else its content with those parts cut out
    ("DUNMORE BAY — Nearly two-thirds ..., according to X": the content starts after the
    dateline)."""
    if any(s <= raw.cue[0] < e for s, e in spans):
        return None
    content = raw.content
    for s, e in spans:
        content = [
            part
            for a, b in content
            for part in ((a, min(b, s)), (max(a, e), b))
            if part[0] < part[1]
        ]
    if content == raw.content:
        return raw
    content = [trim(text, a, b) for a, b in content]
    content = [(a, b) for a, b in content if count_words(text[a:b])]
    return replace(raw, content=content) if content else None


def cue_verb(doc: Doc, raw: RawAttribution) -> str | None:
    """The lemma of the cue's head word ("said" -> "say"); the lowercased cue itself when it
    is a phrase such as "according to" or a mark such as a colon."""
    if raw.kind == "according_to" or not 0 <= raw.cue_head < len(doc):
        words = doc.char_span(raw.cue[0], raw.cue[1], alignment_mode="expand")
        return " ".join(t.lower_ for t in words) if words is not None and len(words) else None
    head = doc[raw.cue_head]
    return head.lemma_.lower() if head.is_alpha else head.text


def attribute(
    doc: Doc,
    text: str,
    offset: int,
    resources: AttributionResources,
    *,
    title: tuple[int, int] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    evidence: Evidence | None = None,
) -> tuple[list[Attribution], list[SpeakerStats]]:
    """Attributions of a Doc parsed from ``text[offset:offset + len(doc.text)]``, in file offsets
    (ids ``a1``, ``a2``, ... in order), and the article's speakers ranked by statements and
    attributed words. ``title``: (start, end) of the article's title in file offsets, when the
    Doc starts with it (its attributions are flagged ``headline``; see
    :mod:`~framing.attribution.headline`); ``skip``: (start, end) file spans whose
    attributions are dropped before speakers are resolved (web furniture and notices, a
    dateline between the title and the body); ``evidence``: the encoder's for this Doc,
    when already computed (else the resources' encoder, if any, runs)."""
    in_doc = (title[0] - offset, title[1] - offset) if title is not None else None
    raws = extract_attributions(
        doc, cues=resources.cues, model=resources.model, title=in_doc,
        speaker_nouns=resources.speaker_nouns if title is not None else frozenset(),
        evidence=evidence if evidence is not None else resources.evidence(doc),
    )  # fmt: skip
    if skip:
        doc_skip = [(a - offset, b - offset) for a, b in skip]
        raws = [r for raw in raws if (r := _outside(raw, doc_skip, doc_text(doc))) is not None]
    words = word_positions(doc, offset)
    resolved = resolve(
        doc, raws, countries=resources.countries, speaker_types=resources.speaker_types
    )
    tables = resources.role_tables
    speakers: dict[str, Speaker] = {}
    stats: dict[str, dict[str, Any]] = {}
    entities: dict[str, Entity] = {}
    out: list[Attribution] = []
    for raw, (ent, _mention) in zip(raws, resolved, strict=True):
        speaker = None
        if ent is not None:
            if ent.id not in speakers:  # entities are complete once resolved: type them once
                entities[ent.id] = ent
                speakers[ent.id] = Speaker(
                    name=display_name(ent),
                    entity_id=ent.id,
                    type=speaker_type(ent, resources.speaker_types, tables=tables),
                    affiliation=affiliation(
                        ent, resources.countries, resources.speaker_types, tables=tables
                    ),
                )
            speaker = speakers[ent.id]
        frags = tuple((s + offset, e + offset) for s, e in raw.content)
        content = Span(
            frags[0][0], frags[-1][1], text[frags[0][0] : frags[-1][1]],
            spans=frags if len(frags) > 1 else None,
        )  # fmt: skip
        att = Attribution(
            source=Span.of(text, raw.source[0] + offset, raw.source[1] + offset)
            if raw.source
            else None,
            cue=Span.of(text, raw.cue[0] + offset, raw.cue[1] + offset),
            content=content,
            kind=raw.kind,
            speaker=speaker,
            confidence=round(raw.confidence, 3),
            verb=cue_verb(doc, raw),
            id=f"a{len(out) + 1}",
            flags=list(raw.flags),
        )
        out.append(att)
        if speaker is not None:
            st = stats.setdefault(speaker.entity_id, {"statements": 0, "words": 0})
            st["statements"] += 1
            st["words"] += sum(
                bisect_left(words, e) - bisect_left(words, s) for s, e in frags
            )  # words (framing.nlp.is_word) inside the content
    # speaker objects may have been refined by later mentions: use the final version everywhere
    out = [replace(a, speaker=speakers[a.speaker.entity_id]) if a.speaker else a for a in out]
    ranked = [
        SpeakerStats(
            entity_id=eid,
            name=sp.name,
            type=sp.type,
            affiliation=sp.affiliation,
            statements=stats[eid]["statements"],
            words=stats[eid]["words"],
            mentions=sorted({m.text for m in entities[eid].mentions}),
        )
        for eid, sp in speakers.items()
    ]
    ranked.sort(key=lambda d: (-d.statements, -d.words, d.entity_id))
    return out, ranked
