"""Ordering a run: read -> cache -> engine -> corpus step -> write.

Library first: :func:`analyze` turns Articles into final :class:`~framing.schema.Report`\\ s in
memory; :func:`analyze_to_folder` reads inputs, writes per-article reports and corpus tables,
and returns what happened. Both give the same report for an article: the per-article steps
(:mod:`framing.pipeline`), then the corpus step (:func:`label_corpus`: paragraphs that recur
across the articles). The CLI is a thin wrapper around them.

The module is callable: ``framing.analyze(inputs, ...)`` is :func:`iter_reports` (paths,
texts or Articles in, final reports out), and ``framing.analyze.analyze_to_folder`` is still
this module's function.

A folder run streams in four small steps:

1. :class:`_InOrder`: articles in input order, each report from the cache or from a shard the
   engine runs; written at once (provisional: before the corpus step) with only compact data
   (paragraph signatures, ids) kept in memory;
2. the corpus step: recurring paragraph groups from those signatures;
3. :func:`_write_final`: every report relabelled, rewritten when it changed, and its table
   rows and totals;
4. :func:`_write_summary`: ``summary.json``, ``speakers``/``boilerplate`` tables, ``index.html``.

The run's outputs are one unit. The output folder is locked for the run
(:func:`framing.fsutil.folder_lock`: a second run into it is refused, so that neither removes
the other's files). Tables, ``summary.json`` and ``index.html`` are written as temp files and
committed together at the end (:func:`framing.fsutil.commit_files`), with the removal of the
reports of articles no longer in the run and of tables of the other format: a run killed
before the commit leaves the previous run's set, one killed during it is completed by the
next run (or ``compare``), and temp files that killed runs left are removed when the next run
starts.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import os
import sys
import time
import types
import warnings
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.language import Language

from framing import SCHEMA_VERSION, __version__
from framing.attribution.canonical import Canonical, SpeakerLinker
from framing.attribution.speaker_file import load_speaker_file
from framing.boilerplate.recurrence import METHOD as BOILERPLATE_METHOD
from framing.boilerplate.recurrence import (
    MIN_WORDS,
    GroupInfo,
    Recurrence,
    copy_articles,
    label_paragraphs,
)
from framing.boilerplate.syndication import by_article, shared_paragraphs
from framing.cache import (
    CacheHit,
    ReportCache,
    article_key,
    cache_folders,
    clear_stamp,
    compact_json,
    fingerprint,
    lexicons_digest,
)
from framing.config import DEFAULT_MODEL, MAX_BYTES, PAGES_LIMIT, SHARD_SIZE
from framing.engine import (
    Analysed,
    Engine,
    ProcessEngine,
    Result,
    WorkConfig,
    check_engine,
    make_engine,
)
from framing.errors import FramingError, Notice, UsageError, param
from framing.fsutil import (
    atomic_write_text,
    commit_files,
    finish_commit,
    folder_lock,
    make_output_dir,
    remove_temp_files,
    write_temp,
)
from framing.lexicon import Lexicon
from framing.lexicon.match import LexiconMatcher
from framing.nlp import load_tokenizer, model_meta
from framing.pipeline import Analyzer, Resources, model_info, relabel, rescore_lexicons
from framing.read import MetadataJoin, read_articles, read_metadata
from framing.report import (
    read_report,
    render_article_html,
    render_index_html,
    render_markdown,
    report_json,
)
from framing.report.summary import BoilerplateTotals, CorpusSpeakers, LexiconTotals
from framing.report.tables import (
    PAGES,
    article_row,
    attribution_rows,
    check_table_format,
    lexicon_hit_rows,
    lexicon_score_rows,
    open_table,
    paragraph_rows,
    read_table,
    report_paths,
)
from framing.schema import (
    TABLE_ROWS,
    Article,
    BoilerplateRow,
    ModelInfo,
    Outputs,
    RecurringGroup,
    Report,
    Skipped,
    Speaker,
    Summary,
    columns,
    to_json,
)

__all__ = [
    "AnalyzeResult",
    "analyze",
    "analyze_text",
    "analyze_to_folder",
    "as_articles",
    "default_reports",
    "iter_reports",
    "label_corpus",
    "report_pages",
]

TABLES = tuple(TABLE_ROWS)

#: ``--verbose`` shows these lines (the CLI sends the ``framing`` loggers to stderr): the run's
#: settings, each article as it is parsed or found in the cache, the engine, the corpus step,
#: the files committed and the time per step
log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- in memory


#: what :func:`analyze` takes: an Article, a path (a file, a folder, a glob) or an article's text
Input = Article | str | os.PathLike[str]


def analyze(
    inputs: Input | Iterable[Input],
    *,
    resources: Resources | None = None,
    model: str = DEFAULT_MODEL,
    lexicons: Sequence[str | Lexicon] | None = None,
    nlp: Language | None = None,
    batch_size: int = 16,
    on_error: Callable[[Skipped], None] | None = None,
    speakers: str | Path | SpeakerOverrides | None = None,
    pipeline: str | None = None,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[Report]:
    """The final report of every article, in input order: one ``nlp.pipe`` pass, then the
    corpus step over these articles (as :func:`analyze_to_folder` does over its inputs).
    :func:`iter_reports` is the same as an iterator (``framing.analyze(...)`` calls it).

    ``inputs``: Articles, paths (files, folders, globs: read as ``framing analyze`` reads
    them) and texts, or one of these (see :func:`as_articles` for how a string is told apart).
    ``resources``: what the reports depend on (default: the bundled cue and boilerplate
    models, spaCy ``model``, ``lexicons`` and the attribution ``pipeline``, ``fast`` or
    ``accurate``); ``lexicons``: names, paths or loaded lexicons (``None``: the default set,
    the CLI's, as :func:`framing.lexicon.load_lexicons` defines it; ``()``: none); ``speakers``: a
    user's speakers file (see :mod:`framing.attribution.speaker_file`). An input that cannot
    be read, or an article whose analysis fails, is passed to ``on_error`` and left out
    (without ``on_error``: an unreadable input is a warning, a failed analysis raises).
    """
    return list(iter_reports(
        inputs, resources=resources, model=model, lexicons=lexicons, nlp=nlp,
        batch_size=batch_size, on_error=on_error, speakers=speakers, pipeline=pipeline,
        outlet_pattern=outlet_pattern, max_bytes=max_bytes,
    ))  # fmt: skip


def iter_reports(
    inputs: Input | Iterable[Input],
    *,
    resources: Resources | None = None,
    model: str = DEFAULT_MODEL,
    lexicons: Sequence[str | Lexicon] | None = None,
    nlp: Language | None = None,
    batch_size: int = 16,
    on_error: Callable[[Skipped], None] | None = None,
    speakers: str | Path | SpeakerOverrides | None = None,
    pipeline: str | None = None,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
    corpus_step: bool = True,
) -> Iterator[Report]:
    """:func:`analyze` as an iterator: ``for report in framing.analyze("corpus/"): ...``.

    With ``corpus_step`` (the default) the reports are final (recurring paragraphs found
    across all the inputs, speakers linked across articles: what ``framing analyze`` writes),
    so the first comes once every input is parsed and all stay in memory until then. Without
    it each report comes as soon as its batch is parsed and none is kept (memory stays flat
    on any corpus), with no recurring-paragraph label or cross-article speaker. A folder too
    large for memory is for :func:`analyze_to_folder` and :func:`framing.load`.

    Arguments are checked, and resources loaded, at the call (a bad lexicon name or a missing
    input raises here, not at the first ``next``).
    """
    if speakers is not None and not corpus_step:
        raise UsageError(f"{param('speakers')} needs the corpus step ({param('corpus_step')})")
    overrides = _overrides(speakers)  # a bad file fails before the parse
    skip = on_error if on_error is not None else _warn_skipped
    articles = as_articles(inputs, outlet_pattern=outlet_pattern, max_bytes=max_bytes,
                           on_skip=skip)  # fmt: skip
    if resources is None:
        resources = Resources.load(spacy_model=model, lexicons=lexicons, pipeline=pipeline)
    analyzer = Analyzer(resources, nlp)
    reports = analyzer.reports(articles, batch_size=batch_size, on_error=on_error)
    if not corpus_step:
        return reports

    def final() -> Iterator[Report]:  # the corpus step, at the first next()
        yield from label_corpus(list(reports), speakers=overrides)

    return final()


def _warn_skipped(s: Skipped) -> None:
    warnings.warn(f"framing: skipped {s}", stacklevel=3)


def _is_path(item: str) -> bool:
    """A string is read as a path when it names an existing file or folder, or holds no
    whitespace at all (a glob, or a path that is missing: an error then); any other string
    is an article's text. (A one-word text is no article; pass an Article to force it.)"""
    return os.path.exists(item) or (bool(item) and not any(c.isspace() for c in item))


def as_articles(
    inputs: Input | Iterable[Input],
    *,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterator[Article]:
    """Articles from Articles, paths and texts, in input order. A ``pathlib.Path`` is a path;
    a ``str`` is a path when it names an existing file or folder or holds no whitespace (a
    glob such as ``"corpus/*.txt"``), else the text of an article (id ``text-1``,
    ``text-2``, ...; outlet ``unknown``; all of it the body, as :func:`analyze_text`).
    Consecutive paths are read together (unique ids across them, as the CLI reads its
    arguments); inputs that cannot be read go to ``on_skip``. ``inputs`` given as a list or
    tuple are checked at once (a missing path, a bad ``outlet_pattern``: a
    :class:`~framing.errors.UsageError` here); another iterable is read lazily."""
    if isinstance(inputs, str | os.PathLike | Article):
        inputs = [inputs]
    if isinstance(inputs, list | tuple):
        paths = [x for x in inputs if _path_of(x) is not None]
        if paths or outlet_pattern is not None:
            read_articles(paths, outlet_pattern=outlet_pattern, max_bytes=max_bytes)  # checks
    return _articles_of(iter(inputs), outlet_pattern, max_bytes, on_skip or _warn_skipped)


def _path_of(item: object) -> str | Path | None:
    if isinstance(item, os.PathLike):
        return Path(item)
    if isinstance(item, str) and _is_path(item):
        return item
    if isinstance(item, Article | str):
        return None
    raise TypeError(
        "framing.analyze: expected Articles, paths or texts, got "
        f"{type(item).__name__}: {str(item)[:60]!r}"
    )


def _articles_of(
    items: Iterator[Input],
    outlet_pattern: str | None,
    max_bytes: int,
    on_skip: Callable[[Skipped], None],
) -> Iterator[Article]:
    pending: list[str | Path] = []
    texts = 0

    def flush() -> Iterator[Article]:
        found = read_articles(list(pending), outlet_pattern=outlet_pattern, max_bytes=max_bytes)
        pending.clear()
        for a in found:
            if isinstance(a, Article):
                yield a
            else:
                on_skip(a)

    for item in items:
        path = _path_of(item)
        if path is not None:
            pending.append(path)
            continue
        if pending:
            yield from flush()
        if isinstance(item, Article):
            yield item
        else:
            texts += 1
            yield text_article(str(item), id=f"text-{texts}")
    if pending:
        yield from flush()


def text_article(text: str, *, id: str = "text") -> Article:
    """An article of ``text``, all of it the body (no header, dateline or byline taken out)."""
    return Article(id=id, outlet="unknown", source_path=id, text=text, body_start=0,
                   body_end=len(text))  # fmt: skip


def analyze_text(
    text: str,
    *,
    id: str = "text",
    resources: Resources | None = None,
    model: str = DEFAULT_MODEL,
    lexicons: Sequence[str | Lexicon] | None = None,
    nlp: Language | None = None,
    pipeline: str | None = None,
) -> Report:
    """The report of one text, all of it the body (no header, dateline or byline taken
    out): ``analyze_text("The ministry said ...", lexicons=["hedging-certainty"])``;
    ``lexicons``: ``None`` (the default set, as the CLI's), ``()`` for none, or names, paths
    or loaded lexicons; ``pipeline``: ``fast`` or ``accurate``."""
    if not isinstance(text, str):
        raise TypeError(f"analyze_text: expected a str, got {type(text).__name__}")
    (report,) = analyze([text_article(text, id=id)], resources=resources, model=model,
                        lexicons=lexicons, nlp=nlp, pipeline=pipeline)  # fmt: skip
    return report


def _counted(report: Report) -> int:
    """Body paragraphs long enough to be compared for recurrence."""
    return sum(1 for p in report.paragraphs if p.role == "body" and p.words >= MIN_WORDS)


def label_corpus(
    reports: Sequence[Report], *, speakers: str | Path | SpeakerOverrides | None = None
) -> list[Report]:
    """The corpus step in memory: each report with its paragraphs' recurring groups and
    labels (and the figures that leave boilerplate out recomputed), and its speakers linked to
    canonical speakers across the reports (``speakers``: a user's speakers file, or its
    parsed form, deciding first)."""
    recurrence = Recurrence()
    linker = SpeakerLinker(_overrides(speakers))
    for r in reports:
        recurrence.add(r)
        linker.add(r)
    groups = recurrence.groups()
    copies = copy_articles(groups, [_counted(r) for r in reports])
    canonical = linker.link()
    of_article = by_article(groups)
    return [
        relabel(
            r,
            label_paragraphs(r.paragraphs, k, groups, copies),
            _of_article(canonical, k),
            shared_paragraphs(of_article.get(k, {}), r.outlet),
        )  # fmt: skip
        for k, r in enumerate(reports)
    ]


SpeakerOverrides = Mapping[tuple[str, ...], Canonical]


def _overrides(speakers: str | Path | SpeakerOverrides | None) -> SpeakerOverrides:
    if speakers is None:
        return {}
    if isinstance(speakers, str | Path):
        return load_speaker_file(speakers)
    return speakers


def _of_article(canonical: Mapping[tuple[int, str], Canonical], k: int) -> dict[str, Canonical]:
    return {eid: c for (a, eid), c in canonical.items() if a == k}


# --------------------------------------------------------------------------- to a folder


#: what ``reports`` (``--reports``) takes, alone or in a comma list
REPORT_CHOICES = ("json", "md", "html", "all")


def report_pages(reports: str | Iterable[str]) -> frozenset[str]:
    """The pages (``"md"``, ``"html"``) written beside each article's JSON for ``reports``:
    ``"json"``, ``"md"``, ``"html"``, ``"all"``, a comma list of them (``"json,html"``) or an
    iterable of them. The JSON is always written (the contract, what the corpus step and the
    cache read); a :class:`~framing.errors.UsageError` for anything else."""
    given = reports if isinstance(reports, str) else ",".join(reports)
    names = [n.strip() for n in given.split(",")]
    if not given.strip() or any(n not in REPORT_CHOICES for n in names):
        raise UsageError(
            f"{param('reports')} must be 'json', 'md', 'html', 'all' or a comma list of them, "
            f"not '{given}'"
        )
    return PAGES if "all" in names else frozenset(names) & PAGES


def default_reports(articles: int | None) -> str:
    """``reports`` when the caller does not choose: ``"all"``, or ``"json"`` for a run of more
    than :data:`framing.config.PAGES_LIMIT` articles (``articles``: the count known before the
    run, ``None`` when unknown)."""
    return "json" if articles is not None and articles > PAGES_LIMIT else "all"


@dataclass
class AnalyzeResult:
    out_dir: Path
    articles: int = 0
    attributions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    #: entries left out on purpose (hidden ones, output folders, read already): not skipped
    ignored: list[Skipped] = field(default_factory=list)
    summary: Summary | None = None
    parsed: int = 0  # articles parsed in this run (the others came from the cache)
    cached: int = 0
    #: cached articles whose lexicons were scored afresh (other lexicons than the cache's)
    rescored: int = 0
    #: seconds per step, in this process (the parse of other processes shows as waiting)
    timings: dict[str, float] = field(default_factory=dict)
    #: what the caller should know that stopped nothing (metadata rows that matched no article)
    warnings: list[Notice] = field(default_factory=list)


#: the article-table columns index.html shows (one small dict per article stays in memory)
_INDEX_KEYS = (
    "id", "title", "outlet", "date", "words", "attributions", "top_speaker", "top_speaker_type",
    "attributed_share", "flesch_reading_ease", "report_html", "report_md", "report_json",
    "syndicated_source",
)  # fmt: skip


def analyze_to_folder(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
    batch_size: int = SHARD_SIZE,
    on_skip: Callable[[Skipped], None] | None = None,
    on_article: Callable[[Report], None] | None = None,
    on_progress: Callable[[], None] | None = None,
    lexicons: Sequence[str] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    table_format: str = "csv",
    engine_options: dict[str, Any] | None = None,
    resources: Resources | None = None,
    speakers: str | Path | SpeakerOverrides | None = None,
    pipeline: str | None = None,
    metadata: str | Path | None = None,
    date_pattern: str | None = None,
    limit: int | None = None,
    reports: str | Iterable[str] = "all",
) -> AnalyzeResult:
    """Read ``inputs``, analyze every article, write reports and corpus tables to ``out_dir``.

    Streaming: articles are read lazily and parsed in shards of ``batch_size`` (one
    ``nlp.pipe`` batch each) in this process, in ``jobs`` worker processes, or on a Dask
    cluster (``engine="dask"``); each article's report is written as soon as it is made, and
    only compact data (paragraph signatures, ids) stays in memory for the corpus step. With
    ``cache`` (the default) reports are kept by content hash in ``out_dir/.framing-cache`` and
    a re-run parses only new or changed articles (other lexicons are scored without a parse).
    ``lexicons``: names or paths (``None``: the general bundled lexicons); ``pipeline``: the
    attribution pipeline, ``fast`` or ``accurate`` (the encoder's); ``resources`` replaces
    ``model``, ``lexicons`` and ``pipeline`` when given;
    ``speakers``: a user's speakers file (applied in the corpus step: it is not part of the
    cache key, so changing it parses nothing again); ``metadata``: a TSV/CSV metadata table
    joined to the articles (:mod:`framing.read.metadata`: rows that match no article are
    counted in ``result.warnings``); ``date_pattern``: a regex finding dates in file names;
    ``limit``: analyze only the first ``limit`` articles in input order (inputs after them
    are not read). An input ``"-"`` is JSONL read from standard input
    (:func:`framing.read.read_articles`). ``reports``: the per-article files, ``"all"`` (the
    JSON, Markdown and HTML), ``"json"``, or a comma list such as ``"json,html"``
    (:func:`report_pages`; the JSON is always written, and the pages of this run's articles not
    asked for are removed, so none is left from an earlier run; :func:`default_reports` is the
    CLI's default for a count of articles).

    Raises :class:`framing.errors.UsageError` for unusable arguments and
    :class:`framing.errors.ModelNotFoundError` when the model is missing; bad inputs never
    raise: they are listed in ``result.skipped`` (and passed to ``on_skip`` as they happen).
    ``on_article`` gets each article's report once it is written (with ``--jobs`` workers,
    read back from its JSON for the call); ``on_progress`` is called once per article, for a
    progress display.
    The output folder is never read as input, nor any other folder holding a framing output;
    these, hidden entries and files reached twice are listed in ``result.ignored``.
    """
    clock = time.perf_counter
    t_start = clock()
    out = Path(out_dir)
    result = AnalyzeResult(out_dir=out)
    timings: Counter[str] = Counter()
    # every argument is checked before any reading or writing
    check_table_format(table_format)
    pages = report_pages(reports)
    check_engine(jobs=jobs, engine=engine, scheduler=scheduler)
    if limit is not None and limit < 1:
        raise UsageError(f"{param('limit')} {limit}: expected a number of articles, 1 or more")
    _check_out_holds_no_input(out, inputs)
    overrides = _overrides(speakers)
    join = MetadataJoin(read_metadata(metadata)) if metadata is not None else None
    if resources is None:
        resources = Resources.load(spacy_model=model, lexicons=lexicons, pipeline=pipeline)
    meta = model_meta(resources.spacy_model)  # the model must exist; loaded only to parse
    fp, lex_digest = fingerprint(resources), lexicons_digest(resources)
    config = WorkConfig(resources, batch_size, render=True, pages=pages, key=f"{fp}:{lex_digest}")
    names = ", ".join(lx.name for lx in resources.lexicons) or "none"
    log.info("model %s_%s %s, pipeline %s, lexicons: %s", meta.get("lang"), meta.get("name"),
             meta.get("version"), resources.attribution.pipeline, names)  # fmt: skip

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    stream = read_articles(list(inputs), outlet_pattern=outlet_pattern, max_bytes=max_bytes,
                           exclude=[out], on_ignore=result.ignored.append, metadata=join,
                           date_pattern=date_pattern)  # fmt: skip
    articles = _articles(stream, skip)
    if limit is not None:
        articles = itertools.islice(articles, limit)
    # the first article is read before any output is made, so that usage errors (a missing
    # input, a bad pattern) leave nothing behind
    first = next(articles, None)
    make_output_dir(out)
    # one run at a time: a second one into OUT is refused
    with folder_lock(out), contextlib.ExitStack() as running:
        finish_commit(out)  # the outputs of a run killed while committing them, completed
        remove_temp_files([out, out / "reports", *cache_folders(out)])  # killed runs' temps
        store = ReportCache(out, fp, lex_digest) if cache else None
        log.info("cache: %s", "off" if store is None else out / ".framing-cache")
        unchanged_ok = store.same_run() if store is not None else False
        if store is None:
            clear_stamp(out)
        timings["set-up"] += clock() - t_start

        # 1. reports in input order, each written at once; signatures kept for the corpus step
        recurrence = Recurrence()
        linker = SpeakerLinker(overrides)
        kept: list[_Kept] = []
        queue = _InOrder(config, store, jobs=jobs, engine=engine, scheduler=scheduler,
                         options=engine_options, timings=timings, out=out)  # fmt: skip
        running.callback(queue.close)  # its worker processes render the corpus step's files
        if first is not None:
            for done in queue.run(_prepend(first, articles)):
                if isinstance(done, Skipped):
                    skip(done)
                    continue
                if isinstance(done.analysed, _Written):  # a worker process wrote its files
                    seen, report = done.analysed, None
                    if store is not None:
                        store.used.add(done.key)
                else:
                    report = done.analysed.report
                    seen = _Written.of(report)
                    if done.fresh:
                        t0 = clock()
                        _write_provisional(out, store, done.key, done.analysed)
                        timings["write reports"] += clock() - t0
                log.info("%s %s (%s)", "parsed" if done.fresh else "from the cache",
                         seen.id, seen.source_path)  # fmt: skip
                t0 = clock()
                recurrence.add_paragraphs(seen.id, seen.outlet, seen.body)
                linker.add(seen)
                timings["recurrence signatures"] += clock() - t0
                kept.append(_Kept(seen.id, done.key, seen.source_path, done.fresh, seen.counted))
                if on_article is not None:
                    if report is None:
                        report = read_report(out / "reports" / f"{seen.id}.json")
                    on_article(report)
                if on_progress is not None:
                    on_progress()
        notice = join.warning() if join is not None else None
        if notice is not None:
            result.warnings.append(notice)
        result.parsed = sum(k.fresh for k in kept)
        result.cached = len(kept) - result.parsed
        result.rescored = store.rescored if store is not None else 0

        # 2. the corpus step: recurring paragraphs
        t0 = clock()
        groups = recurrence.groups()
        copies = copy_articles(groups, [k.counted for k in kept])
        canonical = linker.link()
        timings["recurrence grouping"] += clock() - t0
        log.info("corpus step: %d articles, %d recurring paragraph groups, %d syndicated copies",
                 len(kept), len(groups), len(copies))  # fmt: skip

        pending: list[tuple[Path, Path]] = []  # (temp, final): the tables, summary, index
        try:
            # 3. final reports, table rows and totals
            totals = _write_final(out, kept, store, groups, copies, canonical,
                                  unchanged_ok=unchanged_ok, table_format=table_format,
                                  timings=timings, pending=pending, pages=pages,
                                  workers=queue.workers())  # fmt: skip
            queue.close()  # the worker processes are done
            result.articles = len(kept)
            result.attributions = totals.attributions

            # 4. summary, the last tables, index; what the commit removes
            t0 = clock()
            result.summary = _write_summary(out, inputs, totals, result.skipped, result.ignored,
                                            model_info(meta, resources), table_format,
                                            pending, pages)  # fmt: skip
            removals = _removals(out, {k.id for k in kept}, table_format, pages)
        except BaseException:  # no commit: the previous run's outputs stay, whole
            for tmp, _final in pending:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        commit_files(out, pending, removals)  # from here, a killed run is completed later
        log.info("committed %s to %s; removed %d old files",
                 ", ".join(final.name for _tmp, final in pending), out, len(removals))  # fmt: skip
        if store is not None:
            store.finish(prune=limit is None)
        timings["summary and index"] += clock() - t0
        result.timings = dict(timings)
        log.info("seconds per step: %s",
                 ", ".join(f"{k} {v:.2f}" for k, v in sorted(timings.items())))  # fmt: skip
        return result


def _check_out_holds_no_input(out: Path, inputs: Sequence[str | Path]) -> None:
    """A :class:`UsageError` when an input is the output folder or lies in it: the output
    folder is never read, so the run would read nothing of it."""
    real_out = os.path.realpath(out)
    for raw in inputs:
        path = os.path.expanduser(str(raw))
        if not os.path.exists(path):
            continue  # a glob, or missing: read_articles says so
        real = os.path.realpath(path)
        if real == real_out or real.startswith(real_out.rstrip(os.sep) + os.sep):
            raise UsageError(
                f"{param('out_dir')} {out}: it holds the input {raw}, and the output folder is "
                "never read as input; write the outputs to another folder"
            )


def _articles(
    stream: Iterable[Article | Skipped], skip: Callable[[Skipped], None]
) -> Iterator[Article]:
    for item in stream:
        if isinstance(item, Skipped):
            skip(item)
        else:
            yield item


def _prepend(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest


@dataclass(frozen=True)
class _Kept:
    """What the corpus step keeps of an article between writing its provisional report and
    its final one."""

    id: str
    key: str
    source_path: str
    fresh: bool  # parsed in this run (its provisional files were written)
    counted: int  # body paragraphs compared for recurrence


def _write_provisional(out: Path, store: ReportCache | None, key: str, analysed: Analysed) -> None:
    """An article's report before the corpus step: the cache entry and ``reports/ID.*``, the
    pages the engine rendered (the JSON last: it marks them as complete)."""
    report = analysed.report
    files = analysed.files or {"json": report_json(report)}
    if store is not None:
        assert analysed.tokens is not None
        store.put(key, files["json"], analysed.tokens)
    reports = out / "reports"
    for ext in ("md", "html"):
        if ext in files:
            atomic_write_text(reports / f"{report.id}.{ext}", files[ext])
    atomic_write_text(reports / f"{report.id}.json", files["json"])


@dataclass(frozen=True)
class _Written:
    """What step 1 keeps of a report (its paragraphs' signatures and its speakers are taken
    from it): all a worker process sends back of a report it wrote, rather than the report."""

    id: str
    source_path: str
    outlet: str
    text: str
    speakers: list[Speaker]
    body: list[tuple[int, str]]  # body paragraphs: (index, text)
    counted: int  # body paragraphs long enough to be compared for recurrence

    @classmethod
    def of(cls, report: Report) -> _Written:
        body = [p for p in report.paragraphs if p.role == "body"]
        return cls(report.id, report.source_path, report.outlet, report.text, report.speakers,
                   [(p.index, p.span.text) for p in body],
                   sum(1 for p in body if p.words >= MIN_WORDS))  # fmt: skip


def _written_in_worker(
    out: Path, cache: tuple[str, str] | None, keys: list[str], results: list[Result]
) -> list[_Written | Skipped]:
    """In a worker process (``then`` of :meth:`ProcessEngine.submit`): a shard's provisional
    files written where they were rendered (``cache``: the run's fingerprint and lexicons
    digest, when it has a cache), and what step 1 keeps of them sent back."""
    store = ReportCache(out, *cache) if cache is not None else None
    done: list[_Written | Skipped] = []
    for key, r in zip(keys, results, strict=True):
        if isinstance(r, Analysed):
            _write_provisional(out, store, key, r)
            done.append(_Written.of(r.report))
        else:
            done.append(r)
    return done


# --------------------------------------------------------------------------- step 1


@dataclass(frozen=True)
class _Done:
    analysed: Analysed | _Written
    key: str
    fresh: bool


@dataclass
class _Entry:
    """One article on its way through step 1: from the cache, or waiting for its shard."""

    article: Article
    key: str
    result: Analysed | Skipped | None = None
    shard: _Shard | None = None
    pos: int = 0


@dataclass
class _Shard:
    handle: Any = None
    results: list[Any] | None = None

    def get(self, pos: int) -> Any:
        if self.results is None:
            self.results = self.handle.result()
            self.handle = None
        return self.results[pos]


def tail_shards(entries: list[Any], batch_size: int, jobs: int) -> list[list[Any]]:
    """The last articles of the input (fewer than two shards) as shards for ``jobs`` workers:
    with one worker, one shard (``batch_size`` at most); with several, about ``4 * jobs``
    small shards, so that no worker waits long for another's last one."""
    small = max(1, min(batch_size, -(-len(entries) // (4 * jobs))))
    size = batch_size if jobs <= 1 else small
    return [entries[i : i + size] for i in range(0, len(entries), size)]


class _InOrder:
    """Step 1: articles in, results out in input order. Each article's report comes from the
    cache or from a shard of ``batch_size`` articles the engine runs (started with the first
    shard); cached reports wait behind shards still running, within a bounded window.

    With several workers, one full shard is held back until the next one fills: when the
    input ends, what is held and what is filling go out in small shards (:func:`tail_shards`),
    so the workers finish together rather than one idling through another's last shard. An
    input of one shard or less is sent whole (the engine runs it here, starting no worker)."""

    def __init__(
        self,
        config: WorkConfig,
        store: ReportCache | None,
        *,
        jobs: int,
        engine: str,
        scheduler: str | None,
        options: dict[str, Any] | None,
        timings: Counter[str],
        out: Path | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.out = out  # where worker processes write the reports they make
        self.make_engine = lambda: make_engine(
            config, jobs=jobs, engine=engine, scheduler=scheduler, options=options
        )
        self.runner: Engine | None = None
        self.window = 4 * config.batch_size * max(1, jobs)
        self.timings = timings
        self.entries: deque[_Entry] = deque()
        self.filling: list[_Entry] = []
        self.held: list[_Entry] = []  # a full shard, sent when the next one fills
        self.jobs = jobs if engine != "dask" else max(2, jobs)
        self.matcher: LexiconMatcher | None = None  # for cached reports made with other lexicons
        self.in_flight: deque[_Shard] = deque()

    def run(self, articles: Iterable[Article]) -> Iterator[_Done | Skipped]:
        clock = time.perf_counter
        for article in articles:
            t0 = clock()
            key = article_key(article, self.store.fp if self.store is not None else "")
            hit = self.store.get(key, article.source_path) if self.store is not None else None
            report = None
            if hit is not None:
                report = hit.report
                if hit.lexicons != self.store.lexicons:  # type: ignore[union-attr]
                    try:
                        report = self._rescore(key, article, hit)
                    except (ValueError, KeyError, TypeError, IndexError):  # damaged: a miss
                        report = None
            self.timings["cache lookup"] += clock() - t0
            e = _Entry(article, key, Analysed(report) if report is not None else None)
            if report is None:
                self.filling.append(e)
            self.entries.append(e)
            if len(self.filling) >= self.config.batch_size:
                if self.jobs > 1:
                    yield from self._submit(self.held)
                    self.held, self.filling = self.filling, []
                else:
                    yield from self._submit(self.filling)
            yield from self._drain()
            while len(self.entries) > self.window:  # cached reports wait behind a shard
                if self.entries[0].result is None and self.entries[0].shard is None:
                    # the oldest waits in the held or the filling shard: send them
                    yield from self._submit(self.held)
                    yield from self._submit(self.filling)
                else:
                    yield from self._drain(force=True)
        rest = self.held + self.filling
        # an input that fits in one shard stays one: it runs here, no worker process started
        alone = self.runner is None and len(rest) <= self.config.batch_size
        for part in tail_shards(rest, self.config.batch_size, 1 if alone else self.jobs):
            yield from self._submit(part)
        self.held, self.filling = [], []
        while self.entries:
            yield from self._drain(force=True)

    def _rescore(self, key: str, article: Article, hit: CacheHit) -> Report:
        """A cached report made with other lexicons, its lexicon parts scored afresh from its
        tokens (no parse) and stored; the corpus step writes its files."""
        assert self.store is not None
        lexicons = list(self.config.resources.lexicons)
        if self.store.rescored == 0:
            log.info("lexicons differ from the cached reports': scoring them afresh, no parse")
        if lexicons and self.matcher is None:
            t0 = time.perf_counter()
            tokenizer = load_tokenizer(self.config.resources.spacy_model)
            self.matcher = LexiconMatcher(lexicons, tokenizer)
            self.timings["lexicon matcher"] += time.perf_counter() - t0
        report = rescore_lexicons(hit.report, article, hit.tokens(), self.matcher, lexicons)
        self.store.put(key, compact_json(report), hit.tokens_json)
        self.store.rescored += 1
        return report

    def _submit(self, entries: list[_Entry]) -> Iterator[_Done | Skipped]:
        """Send ``entries`` (the held or the filling shard, emptied here) to the engine."""
        if not entries:
            return
        if self.runner is None:
            self.runner = self.make_engine()
            log.info("engine %s, shards of %d articles", type(self.runner).__name__,
                     self.config.batch_size)  # fmt: skip
        then = None
        if self.out is not None and isinstance(self.runner, ProcessEngine):
            cache = (self.store.fp, self.store.lexicons) if self.store is not None else None
            keys = [e.key for e in entries]
            then = functools.partial(_written_in_worker, self.out, cache, keys)
        shard = _Shard(handle=self.runner.submit([e.article for e in entries], then))
        for pos, e in enumerate(entries):
            e.shard, e.pos = shard, pos
        entries.clear()
        self.in_flight.append(shard)
        while len(self.in_flight) > self.runner.max_in_flight:
            yield from self._drain(force=True)

    def _drain(self, force: bool = False) -> Iterator[_Done | Skipped]:
        """Finished entries in input order; with ``force``, wait for at least one."""
        while self.entries:
            e = self.entries[0]
            if e.result is None:
                shard = e.shard
                if shard is None or shard.handle is None and shard.results is None:
                    return  # in the shard being filled
                if shard.results is None:
                    if not force and not shard.handle.done():
                        return
                    t0 = time.perf_counter()
                    shard.get(0)
                    self.timings["wait for shards"] += time.perf_counter() - t0
                    self.in_flight.popleft()
                e.result = shard.get(e.pos)
            self.entries.popleft()
            force = False
            if isinstance(e.result, Skipped):
                yield e.result
            else:
                assert e.result is not None
                yield _Done(e.result, e.key, fresh=e.shard is not None)

    def workers(self) -> ProcessEngine | None:
        """The engine's worker processes, when they run (``--jobs`` 2 or more, and more than
        one shard parsed): the corpus step renders the final files there."""
        runner = self.runner
        return runner if isinstance(runner, ProcessEngine) and runner.started else None

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()
            self.runner = None


# --------------------------------------------------------------------------- step 3


@dataclass
class _Totals:
    attributions: int = 0
    outlets: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    speakers: CorpusSpeakers = field(default_factory=CorpusSpeakers)
    lexicons: LexiconTotals = field(default_factory=LexiconTotals)
    boilerplate: BoilerplateTotals = field(
        default_factory=lambda: BoilerplateTotals(BOILERPLATE_METHOD)
    )
    groups: dict[str, RecurringGroup] = field(default_factory=dict)
    group_rows: dict[str, BoilerplateRow] = field(default_factory=dict)
    index_rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, report: Report, groups: dict[tuple[int, int], GroupInfo], k: int) -> None:
        self.attributions += len(report.attributions)
        self.outlets[report.outlet] += 1
        self.kinds.update(a.kind for a in report.attributions)
        self.speakers.add(report)
        self.lexicons.add(report)
        self.boilerplate.add(report)
        for p in report.paragraphs:
            info = groups.get((k, p.index))
            if info is not None and info.id not in self.group_rows:
                outlets = ";".join(f"{o}:{n}" for o, n in info.outlets.items())
                self.group_rows[info.id] = BoilerplateRow(
                    group=info.id, articles=info.articles, paragraphs=info.paragraphs,
                    outlets=outlets, label=p.boilerplate.label, example_article=report.id,
                    text=p.span.text,
                )  # fmt: skip

    def merge(self, other: _Totals) -> None:
        """Add ``other``'s totals, as if its reports had been added here after these."""
        self.attributions += other.attributions
        self.outlets.update(other.outlets)
        self.kinds.update(other.kinds)
        self.speakers.merge(other.speakers)
        self.lexicons.merge(other.lexicons)
        self.boilerplate.merge(other.boilerplate)
        for gid, row in other.group_rows.items():
            self.group_rows.setdefault(gid, row)
        self.index_rows += other.index_rows


def _write_final(
    out: Path,
    kept: list[_Kept],
    store: ReportCache | None,
    groups: dict[tuple[int, int], GroupInfo],
    copies: set[int],
    canonical: Mapping[tuple[int, str], Canonical],
    *,
    unchanged_ok: bool,
    table_format: str,
    timings: Counter[str],
    pending: list[tuple[Path, Path]],
    pages: frozenset[str] = PAGES,
    workers: ProcessEngine | None = None,
) -> _Totals:
    """Relabel every report with the corpus step's groups, write the ones that changed (and
    cached ones whose files may be stale), stream their table rows (to temp files added to
    ``pending``), add up the totals: :class:`_FinalStep`, a few articles per task, here or
    (``workers``) in those processes, idle by now; the rows are written and the totals added up
    here, in article order."""
    clock = time.perf_counter
    of_article = by_article(groups)
    per_article: dict[int, dict[str, Canonical]] = defaultdict(dict)
    for (a, eid), c in canonical.items():
        per_article[a][eid] = c
    totals = _Totals()
    final = _FinalStep(out, (store.fp, store.lexicons) if store is not None else None, pages,
                       unchanged_ok)  # fmt: skip
    with contextlib.ExitStack() as stack:
        writers = {
            name: open_table(out, name, columns(TABLE_ROWS[name]), table_format, defer=True)
            for name in _STREAMED
        }
        tables = {name: stack.enter_context(w) for name, w in writers.items()}

        def take(done: _FinalDone) -> None:
            t0 = clock()
            for name in _STREAMED:
                tables[name].write_rows(done.rows[name])
            totals.merge(done.totals)
            timings.update(done.timings)
            timings["tables and totals"] += clock() - t0

        batch: list[_FinalTask] = []
        sent: deque[Any] = deque()
        for k, item in enumerate(kept):
            mine = of_article.get(k, {})
            batch.append(_FinalTask(
                k, item.key, item.id, item.source_path, item.fresh,
                {(k, i): replace(info, members=[]) for i, info in mine.items()},
                k in copies, per_article.get(k, {}),
            ))  # fmt: skip
            if len(batch) < _FINAL_PER_TASK and k + 1 < len(kept):
                continue
            if workers is None:
                take(final.run(batch))
            else:
                sent.append(workers.call(final.run, batch))
                while len(sent) > workers.max_in_flight:
                    take(sent.popleft().result())
            batch = []
        while sent:
            take(sent.popleft().result())
    pending += [(w.temp, w.path) for w in writers.values()]
    return totals


#: the tables the corpus step streams, a row or rows per report
_STREAMED: dict[str, Callable[[Report, frozenset[str]], Any]] = {
    "articles": article_row,
    "attributions": lambda report, _pages: attribution_rows(report),
    "paragraphs": lambda report, _pages: paragraph_rows(report),
    "lexicon_scores": lambda report, _pages: lexicon_score_rows(report),
    "lexicon_hits": lambda report, _pages: lexicon_hit_rows(report),
}
#: articles per task of the corpus step (one task at a time in this process, or several at
#: once in the worker processes)
_FINAL_PER_TASK = 8


@dataclass(frozen=True)
class _FinalTask:
    """What the corpus step needs to finish one article (small: its own groups only)."""

    k: int  # its place in the corpus
    key: str
    id: str
    source_path: str
    fresh: bool
    groups: dict[tuple[int, int], GroupInfo]  # its paragraphs' groups (their members left out)
    copy: bool  # a syndicated copy of another article
    canonical: dict[str, Canonical]  # entity id -> its canonical speaker


@dataclass
class _FinalDone:
    """A task's table rows (per table, in article order), totals and step timings."""

    rows: dict[str, list[dict[str, Any]]]
    totals: _Totals
    timings: Counter[str]


@dataclass(frozen=True)
class _FinalStep:
    """The corpus step for a few articles: each report re-read, relabelled with its groups and
    canonical speakers, its files written when they changed (and cached ones whose files may
    be stale), its table rows and totals made. Runs here or in a worker process (``--jobs``:
    idle once the last shard is done), the same way."""

    out: Path
    cache: tuple[str, str] | None  # the run's fingerprint and lexicons digest, with a cache
    pages: frozenset[str]
    unchanged_ok: bool

    def run(self, tasks: list[_FinalTask]) -> _FinalDone:
        clock = time.perf_counter
        store = ReportCache(self.out, *self.cache) if self.cache is not None else None
        done = _FinalDone({name: [] for name in _STREAMED}, _Totals(), Counter())
        for t in tasks:
            t0 = clock()
            if store is not None:
                report = store.load(t.key, t.source_path)
            else:
                report = read_report(self.out / "reports" / f"{t.id}.json")
            paras = label_paragraphs(report.paragraphs, t.k, t.groups, {t.k} if t.copy else set())
            shared = shared_paragraphs({i: g for (_k, i), g in t.groups.items()}, report.outlet)
            report = relabel(report, paras, t.canonical, shared)
            t1 = clock()
            done.timings["re-read and label"] += t1 - t0
            touched = bool(t.groups)
            if touched or not t.fresh or any(c.type or c.affiliation for c in t.canonical.values()):
                _write_files(report, self.out, self.unchanged_ok and not touched, self.pages)
            elif t.canonical:  # only the speakers' canonical names changed: the pages hold
                _write_json(report, self.out)
            t2 = clock()
            done.timings["final reports"] += t2 - t1
            for name, rows in _STREAMED.items():
                made = rows(report, self.pages)
                done.rows[name] += [made] if isinstance(made, dict) else made
                if name == "articles":
                    done.totals.index_rows.append({c: made[c] for c in _INDEX_KEYS})
            done.totals.add(report, t.groups, t.k)
            done.timings["rows"] += clock() - t2
        return done


def _write_json(report: Report, out: Path) -> None:
    """Rewrite an article's JSON only (its pages do not show what changed)."""
    atomic_write_text(out / report_paths(report.id)["json"], report_json(report))


def _write_files(
    report: Report, out: Path, unchanged_ok: bool, pages: frozenset[str] = PAGES
) -> None:
    """Write an article's JSON and ``pages``, unless they are already right: its JSON has the
    same bytes and the previous run (same fingerprint) rendered the pages from it (a page
    missing, e.g. after a run that wrote only the JSON, is rendered: no parse needed)."""
    paths = report_paths(report.id)
    text = report_json(report)
    path = out / paths["json"]
    try:
        same = path.read_bytes() == text.encode("utf-8")
    except OSError:
        same = False
    if same and unchanged_ok and all((out / paths[p]).is_file() for p in sorted(pages)):
        return
    if "md" in pages:
        atomic_write_text(out / paths["md"], render_markdown(report))
    if "html" in pages:
        atomic_write_text(out / paths["html"], render_article_html(report))
    atomic_write_text(path, text)  # last: it marks the files as complete


# --------------------------------------------------------------------------- step 4


def _write_summary(
    out: Path,
    inputs: Sequence[str | Path],
    totals: _Totals,
    skipped: list[Skipped],
    ignored: list[Skipped],
    model: ModelInfo,
    table_format: str,
    pending: list[tuple[Path, Path]],
    pages: frozenset[str] = PAGES,
) -> Summary:
    """``summary.json``, the boilerplate and speakers tables, and ``index.html``, as temp files
    added to ``pending``."""
    ranked = sorted(totals.group_rows.values(), key=lambda g: (-g.articles, -g.paragraphs, g.group))
    with open_table(out, "boilerplate", columns(BoilerplateRow), table_format, defer=True) as t_bp:
        t_bp.write_rows([to_json(g) for g in ranked])
    pending.append((t_bp.temp, t_bp.path))
    suffix = "parquet" if table_format == "parquet" else "csv"
    summary = Summary(
        schema_version=SCHEMA_VERSION,
        framing_version=__version__,
        inputs=[str(p) for p in inputs],
        articles=len(totals.index_rows),
        attributions=totals.attributions,
        words=totals.boilerplate.news_words,
        attribution_kinds=dict(sorted(totals.kinds.items())),
        anonymous_share=totals.speakers.anonymous_share(),
        speakers=totals.speakers.top(50),
        lexicons=totals.lexicons.summary(),
        boilerplate=totals.boilerplate.summary(
            [RecurringGroup(g.group, g.articles, g.outlets, g.label, g.text) for g in ranked]
        ),
        outlets=dict(sorted(totals.outlets.items())),
        skipped=list(skipped),
        ignored=list(ignored),
        model=model,
        outputs=Outputs(
            reports="reports/<id>.json" + "".join(f"|.{p}" for p in ("md", "html") if p in pages),
            tables=[f"{name}.{suffix}" for name in TABLES],
            index="index.html",
        ),
    )
    speakers_cols = columns(TABLE_ROWS["speakers"])
    with open_table(out, "speakers", speakers_cols, table_format, defer=True) as t_sp:
        t_sp.write_rows(totals.speakers.rows())
    pending.append((t_sp.temp, t_sp.path))
    data = to_json(summary)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    pending.append((write_temp(out / "summary.json", text.encode("utf-8")), out / "summary.json"))
    page = render_index_html(data, totals.index_rows).encode("utf-8")
    pending.append((write_temp(out / "index.html", page), out / "index.html"))
    return summary


# --------------------------------------------------------------------------- the commit


def _removals(
    out: Path, ids: set[str], table_format: str, pages: frozenset[str] = PAGES
) -> list[Path]:
    """What the commit removes, no longer belonging to the run's outputs: tables of the other
    format (from an earlier run), the reports of articles not in this run, and the pages of
    this run's articles that it did not write (``pages``: an earlier run's, from an older
    report)."""
    other = "csv" if table_format == "parquet" else "parquet"
    removals = [out / f"{name}.{other}" for name in TABLES if (out / f"{name}.{other}").exists()]
    return removals + _stale_reports(out, ids) + _unasked_pages(out, ids, pages)


def _unasked_pages(out: Path, ids: set[str], pages: frozenset[str]) -> list[Path]:
    """``reports/ID.md|html`` of articles in ``ids`` that are not among ``pages``."""
    left = {"md", "html"} - pages
    if not left:
        return []
    try:
        entries = [e for e in os.scandir(out / "reports") if e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    found = []
    for e in entries:
        stem, dot, ext = e.name.rpartition(".")
        if dot and ext in left and stem in ids:
            found.append(Path(e.path))
    return sorted(found)


def _stale_reports(out: Path, ids: set[str]) -> list[Path]:
    """``reports/ID.json|md|html`` of articles not in ``ids`` that framing wrote: ``ID`` is in
    the previous run's articles table (still in place: the new one is not committed yet), or
    ``ID.json`` is a framing report of that id (a run killed before its commit wrote it).
    Anything else in ``reports/`` is left alone."""
    folder = out / "reports"
    try:
        entries = [e for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    found: dict[str, list[Path]] = defaultdict(list)
    for e in entries:
        stem, dot, ext = e.name.rpartition(".")
        if dot and stem and ext in ("json", "md", "html") and stem not in ids:
            found[stem].append(Path(e.path))
    if not found:
        return []
    previous = _previous_ids(out)
    stale: list[Path] = []
    for stem, paths in sorted(found.items()):
        if stem in previous or _is_report(folder / f"{stem}.json", stem):
            stale += sorted(paths)
    return stale


def _previous_ids(out: Path) -> set[str]:
    """The ids of the articles table in ``out`` (empty when there is none, or it is damaged)."""
    try:
        return {r["id"] for r in read_table(out, "articles", ["id"]) if r["id"]}
    except (FramingError, OSError):
        return set()


def _is_report(path: Path, article_id: str) -> bool:
    """Whether ``path`` is a framing report of article ``article_id``."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("id") == article_id
        and "framing_version" in data
        and "schema_version" in data
    )


# --------------------------------------------------------------------------- framing.analyze(...)


class _CallableModule(types.ModuleType):
    """``framing.analyze`` is this module (``framing.analyze.analyze_to_folder``) and, called,
    :func:`iter_reports`: ``for report in framing.analyze(["corpus/", "A text."]): ...``. A
    function of that name in ``framing/__init__.py`` would be replaced by this module as soon
    as it is imported (Python sets a package's attribute to its submodule on import)."""

    def __call__(self, inputs: Input | Iterable[Input], **options: Any) -> Iterator[Report]:
        return iter_reports(inputs, **options)


sys.modules[__name__].__class__ = _CallableModule
