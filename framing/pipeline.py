"""The one module that knows the order of the steps: one parsed Doc in, one typed
:class:`~framing.schema.Report` out.

:class:`Resources` is everything a report depends on besides the article (the spaCy model's
name, the cue lexicon and model, the speaker tables, the boilerplate classifier, the lexicons):
built once from configuration and passed explicitly, never read from hidden globals.
:class:`Analyzer` adds what a process loads from them (the spaCy pipeline, the lexicon
matcher). :func:`build_report` runs the steps on one Doc; :func:`relabel` gives the report its
final paragraph labels after the corpus step (recurring paragraphs), recomputing the figures
that leave boilerplate out.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from framing import SCHEMA_VERSION, __version__
from framing import paragraphs as paragraphs_step
from framing.attribution import AttributionResources, attribute
from framing.attribution.canonical import Canonical
from framing.boilerplate.classifier import BoilerplateModel
from framing.boilerplate.classifier import load_model as load_boilerplate_model
from framing.boilerplate.syndication import syndication
from framing.config import DEFAULT_MODEL
from framing.encoder import Pieces
from framing.errors import Skipped
from framing.lexicon import Lexicon, load_lexicons
from framing.lexicon.match import LexiconMatcher, LexTokens, score_lexicons
from framing.lexicon.match import without_paragraphs as lexicons_without
from framing.nlp import load_nlp, parse
from framing.read import safe_id
from framing.readability import readability
from framing.resources import NoticeRules, load_notice_rules
from framing.schema import (
    Article,
    AttributionSummary,
    BodyBounds,
    BoilerplateSummary,
    ExcludedRegion,
    LexiconInfo,
    LexiconScores,
    ModelInfo,
    Paragraph,
    Report,
    SentenceVoice,
    SpacyModelInfo,
    Span,
    Voice,
    VoiceCounts,
)
from framing.voice import DEFINITION, attributed_intervals, voice, word_flags
from framing.voice import without_paragraphs as voice_without

__all__ = [
    "Analyzer",
    "Resources",
    "build_report",
    "build_report_and_tokens",
    "model_info",
    "relabel",
    "rescore_lexicons",
]


@dataclass(frozen=True)
class Resources:
    """What a report depends on besides the article. Plain data: it travels to worker
    processes and Dask workers as it is, and :func:`framing.cache.fingerprint` hashes it."""

    spacy_model: str
    attribution: AttributionResources
    boilerplate: BoilerplateModel | None
    lexicons: tuple[Lexicon, ...] = ()
    #: the rules that find web furniture and notices (``resources/notices.yaml``)
    notices: NoticeRules = field(default_factory=load_notice_rules)

    @classmethod
    def load(
        cls,
        *,
        spacy_model: str = DEFAULT_MODEL,
        lexicons: Sequence[str | Lexicon] | None = (),
        cue_model: str | None = "bundled",
        boilerplate_model: str | None = "bundled",
        pipeline: str | None = None,
        encoder_dir: str | None = None,
    ) -> Resources:
        """Resources from configuration. ``lexicons``: names or paths of lexicons, or loaded
        ones (``None``: every bundled ``general`` lexicon; ``()``: none). ``cue_model`` and
        ``boilerplate_model``: ``"bundled"``, a path, or ``None`` for none; ``pipeline``:
        ``fast`` or ``accurate`` (the encoder from ``encoder_dir``, default the shipped
        models)."""
        if lexicons is None or not any(isinstance(x, Lexicon) for x in lexicons):
            lex = tuple(load_lexicons(None if lexicons is None else [str(x) for x in lexicons]))
        else:
            lex = tuple(x if isinstance(x, Lexicon) else load_lexicons([str(x)])[0]
                        for x in lexicons)  # fmt: skip
        if boilerplate_model is None:
            bp = None
        else:
            bp = load_boilerplate_model(
                None if boilerplate_model == "bundled" else boilerplate_model
            )
        return cls(
            spacy_model=spacy_model,
            attribution=AttributionResources.load(
                model=cue_model, pipeline=pipeline, encoder_dir=encoder_dir
            ),
            boilerplate=bp,
            lexicons=lex,
        )


def model_info(meta: Mapping[str, Any], resources: Resources) -> ModelInfo:
    """The report's ``model`` block, from the spaCy pipeline's meta (``nlp.meta``, or
    :func:`framing.nlp.model_meta` without loading it)."""
    return ModelInfo(
        spacy=SpacyModelInfo(
            name=f"{meta.get('lang', 'xx')}_{meta.get('name', '')}",
            version=meta.get("version", ""),
            spacy_version=version("spacy"),
        ),
        attribution=resources.attribution.method,
        boilerplate=paragraphs_step.method(resources.boilerplate),
        lexicons=lexicon_infos(resources.lexicons),
        pipeline=resources.attribution.pipeline,
        files=resources.attribution.model_files(),
    )


def lexicon_infos(lexicons: Iterable[Lexicon]) -> list[LexiconInfo]:
    """The ``model.lexicons`` entries of a report (name, version, terms)."""
    return [LexiconInfo(lx.name, lx.version, lx.n_terms) for lx in lexicons]


#: seconds spent in each step of :func:`build_report` in this process (for bench/scale.py)
STEP_SECONDS: Counter[str] = Counter()


class Analyzer:
    """:class:`Resources` with what a process loads from them: the spaCy pipeline (``nlp``:
    pass one already loaded to share it) and the lexicon matcher. One per process."""

    def __init__(self, resources: Resources, nlp: Language | None = None) -> None:
        self.resources = resources
        self.nlp = nlp if nlp is not None else load_nlp(resources.spacy_model)
        lex = list(resources.lexicons)
        self.matcher = LexiconMatcher(lex, self.nlp.tokenizer) if lex else None
        self.model_info = model_info(self.nlp.meta, resources)

    def reports(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        on_error: Callable[[Skipped], None] | None = None,
    ) -> Iterator[Report]:
        """One report per article, in input order, from a single ``nlp.pipe`` pass. An
        article whose analysis fails (a bug, not bad data: reading filtered that) goes to
        ``on_error`` and is left out; without ``on_error`` the exception propagates."""
        items = ((a.parsed, a) for a in articles)
        for doc, article in parse(self.nlp, items, batch_size=batch_size):
            try:
                yield build_report(doc, article, self)
            except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
                if on_error is None:
                    raise
                on_error(failed(article, exc))


def failed(article: Article, exc: BaseException) -> Skipped:
    """The record of an article whose analysis raised."""
    return Skipped(
        article.source_path, f"analysis failed: {type(exc).__name__}: {exc}", article.row
    )


def build_report(
    doc: Doc, article: Article, analyzer: Analyzer, pieces: Pieces | None = None
) -> Report:
    """Every per-article figure from one Doc (parsed from ``article.parsed``: the title, when
    the article has one, and the body). Attributions in the title are flagged ``headline``;
    every count (words, voice, lexicon rates, readability) is over the body alone. Paragraph
    labels are the notice rules' and the classifier's; :func:`relabel` adds what the corpus
    step finds. ``pieces``: the accurate pipeline's encoder output for ``article.parsed``,
    when the engine has run it already."""
    return build_report_and_tokens(doc, article, analyzer, pieces)[0]


def build_report_and_tokens(
    doc: Doc, article: Article, analyzer: Analyzer, pieces: Pieces | None = None
) -> tuple[Report, LexTokens]:
    """:func:`build_report`, and what lexicon matching reads of the Doc (kept by the cache, so
    that :func:`rescore_lexicons` scores other lexicons without a parse)."""
    clock = time.perf_counter
    res = analyzer.resources
    text, offset = article.text, article.parse_start
    title = article.title
    t0 = clock()
    notices = paragraphs_step.notice_paragraphs(article, res.notices)
    # no attribution in web furniture, nor in what lies between the title and the body (a
    # dateline, a byline: parsed with the title, kept out of the body)
    skip = [(s, e) for s, e, reason in notices if res.notices.drops_attributions(reason)]
    skip += [(r.start, r.end) for r in article.excluded
             if r.label != "title" and offset <= r.start < article.body_start]  # fmt: skip
    atts, speakers = attribute(
        doc, text, offset, res.attribution,
        title=(title.start, title.end) if title is not None else None, skip=skip,
        evidence=res.attribution.evidence(doc, pieces),
    )  # fmt: skip
    t1 = clock()
    flags = word_flags(doc, offset, attributed_intervals(atts))
    if offset < article.body_start:  # the title's words are no body words
        flags = [(i, f) for i, f in flags if doc[i].idx + offset >= article.body_start]
    whole, sentences = voice(doc, offset, flags)
    t2 = clock()
    paras = paragraphs_step.paragraphs(article, doc, flags, res.boilerplate, notices)
    t3 = clock()
    tokens = LexTokens.of(doc, {i for i, f in flags if f})
    lexicons = _lexicon_scores(tokens, article, paras, whole, analyzer.matcher)
    t4 = clock()
    read = readability(doc, flags)
    n_att = len(atts)
    anonymous = sum(1 for a in atts if a.speaker is not None and a.speaker.type == "anonymous")
    boilerplate, voice_block, lexicons = _boilerplate_figures(paras, whole, sentences, lexicons)
    report = Report(
        schema_version=SCHEMA_VERSION,
        framing_version=__version__,
        id=safe_id(article.id),
        source_path=article.source_path,
        row=article.row,
        outlet=article.outlet,
        metadata=dict(sorted(article.metadata.items())),
        text=text,
        body=BodyBounds(article.body_start, article.body_end),
        excluded=[
            ExcludedRegion(r.label, r.start, r.end, text[r.start : r.end]) for r in article.excluded
        ],
        model=analyzer.model_info,
        attributions=atts,
        speakers=speakers,
        attribution_summary=AttributionSummary(
            attributions=n_att,
            speakers=len(speakers),
            anonymous_share=round(anonymous / n_att, 4) if n_att else 0.0,
            kinds=dict(sorted(Counter(a.kind for a in atts).items())),
        ),
        voice=voice_block,
        paragraphs=paras,
        boilerplate=boilerplate,
        lexicons=lexicons,
        readability=read,
        title=Span.of(text, title.start, title.end) if title is not None else None,
    )
    report = replace(report, syndicated=syndication(report))  # credits; the corpus step adds
    t5 = clock()
    for step, seconds in (("attribution", t1 - t0), ("voice", t2 - t1), ("paragraphs", t3 - t2),
                          ("lexicons", t4 - t3), ("readability and rest", t5 - t4)):  # fmt: skip
        STEP_SECONDS["report: " + step] += seconds
    return report, tokens


def _lexicon_scores(
    tokens: LexTokens,
    article: Article,
    paras: list[Paragraph],
    whole: VoiceCounts,
    matcher: LexiconMatcher | None,
) -> dict[str, LexiconScores]:
    """The lexicon block over the whole body (before boilerplate is left out)."""
    if matcher is None:
        return {}
    bounds = [(p.span.start, p.span.end, p.index) for p in paras]

    def paragraph_of(pos: int) -> int | None:
        return next((k for s, e, k in bounds if s <= pos < e), None)

    return score_lexicons(tokens, article.parsed, article.parse_start, matcher, whole,
                          paragraph_of, start=article.body_start)  # fmt: skip


def rescore_lexicons(
    report: Report,
    article: Article,
    tokens: LexTokens,
    matcher: LexiconMatcher | None,
    lexicons: Sequence[Lexicon],
) -> Report:
    """A report (as :func:`build_report` made it, before the corpus step) with its lexicon
    parts made afresh for ``lexicons`` (``matcher``: theirs, ``None`` for none), from the
    tokens its parse left (:func:`build_report_and_tokens`): the same report, byte for byte,
    that a parse with these lexicons makes, without the parse."""
    scores = _lexicon_scores(tokens, article, report.paragraphs, report.voice.with_boilerplate,
                             matcher)  # fmt: skip
    _, _, lex = _boilerplate_figures(
        report.paragraphs, report.voice.with_boilerplate, report.voice.sentences, scores
    )
    model = replace(report.model, lexicons=lexicon_infos(lexicons))
    return replace(report, model=model, lexicons=lex)


def relabel(
    report: Report,
    paragraphs: list[Paragraph],
    speakers: Mapping[str, Canonical] | None = None,
    shared: Mapping[int, Sequence[str]] | None = None,
) -> Report:
    """The report as the corpus step leaves it: final paragraph labels, the figures that leave
    boilerplate out computed afresh from them, each speaker's canonical speaker
    (``speakers``: entity id -> :class:`~framing.attribution.canonical.Canonical`; a type or
    affiliation it carries, from a user's speakers file, replaces the article's own), and its
    syndicated copy (``shared``: paragraph index -> the other outlets carrying it,
    :func:`framing.boilerplate.syndication.shared_paragraphs`)."""
    boilerplate, voice_block, lexicons = _boilerplate_figures(
        paragraphs, report.voice.with_boilerplate, report.voice.sentences, report.lexicons
    )
    out = replace(
        report,
        paragraphs=paragraphs,
        boilerplate=boilerplate,
        voice=voice_block,
        lexicons=lexicons,
    )
    out = replace(out, syndicated=syndication(out, shared))
    return _canonical_speakers(out, speakers) if speakers is not None else out


def _canonical_speakers(report: Report, speakers: Mapping[str, Canonical]) -> Report:
    def fields(entity_id: str) -> dict[str, Any]:
        c = speakers.get(entity_id)
        if c is None:
            return {}
        d: dict[str, Any] = {"canonical_id": c.id, "canonical_name": c.name}
        if c.type is not None:
            d["type"] = c.type
        if c.affiliation is not None:
            d["affiliation"] = c.affiliation
        return d

    atts = [
        replace(a, speaker=replace(a.speaker, **fields(a.speaker.entity_id))) if a.speaker else a
        for a in report.attributions
    ]
    stats = [replace(s, **fields(s.entity_id)) for s in report.speakers]
    return replace(report, attributions=atts, speakers=stats)


def _boilerplate_figures(
    paragraphs: list[Paragraph],
    whole: VoiceCounts,
    sentences: list[SentenceVoice],
    lexicons: dict[str, LexiconScores],
) -> tuple[BoilerplateSummary, Voice, dict[str, LexiconScores]]:
    """The article's boilerplate share, and voice counts and lexicon rates without its
    boilerplate paragraphs (the whole-body figures stay under ``with_boilerplate``)."""
    body = [p for p in paragraphs if p.role == "body"]
    flagged = [p for p in body if p.boilerplate.label != "none"]
    words = sum(p.words for p in body)
    flagged_words = sum(p.words for p in flagged)
    summary = BoilerplateSummary(
        paragraphs=len(flagged),
        words=flagged_words,
        share=round(flagged_words / words, 4) if words else 0.0,
        groups=sorted({g for p in body if (g := p.boilerplate.recurring_group)}),
    )
    counts = voice_without(whole, flagged)
    voice_block = Voice(
        definition=DEFINITION, counts=counts, with_boilerplate=whole, sentences=sentences
    )
    news = {p.index for p in body if p.boilerplate.label == "none"}
    return summary, voice_block, lexicons_without(lexicons, news, counts)
