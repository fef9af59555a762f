"""The one place that orders the steps: read -> parse once -> per-Doc functions -> write.

Library first: :func:`analyze` turns Articles into report dicts; :func:`analyze_to_folder`
reads inputs, writes per-article reports and corpus tables, and returns what happened. The CLI
is a thin wrapper around the latter.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from framing import SCHEMA_VERSION, __version__
from framing import attribution as attribution_mod
from framing import paragraphs as paragraphs_mod
from framing.boilerplate.recurrence import summarise as boilerplate_summary
from framing.engine import SHARD_SIZE
from framing.fsutil import atomic_write_text, make_output_dir
from framing.lexicon import Lexicon, load_lexicons
from framing.lexicon.match import LexiconMatcher, score_lexicons
from framing.nlp import DEFAULT_MODEL, load_nlp, parse
from framing.read import safe_id
from framing.readability import readability
from framing.schema import Article, Skipped
from framing.voice import attributed_intervals, voice, word_flags


def model_block(
    nlp: Language | Mapping[str, Any], lexicons: Sequence[Lexicon] = ()
) -> dict[str, Any]:
    """The report's ``model`` block, from a loaded pipeline or its meta (``nlp.model_meta``)."""
    from importlib.metadata import version

    meta = nlp if isinstance(nlp, Mapping) else nlp.meta
    return {
        "spacy": {
            "name": f"{meta.get('lang', 'xx')}_{meta.get('name', '')}",
            "version": meta.get("version", ""),
            "spacy_version": version("spacy"),
        },
        "attribution": _ATTRIBUTION.method,
        "boilerplate": paragraphs_mod.method(),
        "lexicons": [
            {"name": lx.name, "version": lx.version, "terms": lx.n_terms} for lx in lexicons
        ],
    }


_ATTRIBUTION = attribution_mod.AttributionResources.load()  # passed explicitly from pipeline.py

#: seconds spent in each part of :func:`build_report` in this process (for bench/scale.py)
STEP_SECONDS: Counter[str] = Counter()


def build_report(
    doc: Doc,
    article: Article,
    model: dict[str, Any],
    matcher: LexiconMatcher | None = None,
) -> dict[str, Any]:
    """Every per-article figure from one Doc (parsed from ``article.body``)."""
    clock = time.perf_counter
    t0 = clock()
    text = article.text
    offset = article.body_start
    atts, speakers = attribution_mod.attribute(doc, text, offset, _ATTRIBUTION)
    t1 = clock()
    flags = word_flags(doc, offset, attributed_intervals(atts))
    excluded = [
        {"label": r.label, "start": r.start, "end": r.end, "text": text[r.start : r.end]}
        for r in article.excluded
    ]
    attributions = []
    for k, a in enumerate(atts, start=1):
        d = a.to_dict()
        d["id"] = f"a{k}"
        attributions.append(d)
    n_att = len(attributions)
    anonymous = sum(1 for a in atts if a.speaker is not None and a.speaker.type == "anonymous")
    voice_block = voice(doc, offset, flags)
    t2 = clock()
    paragraphs = paragraphs_mod.paragraphs(article, doc, flags)
    t3 = clock()
    lexicons: dict[str, Any] = {}
    if matcher is not None:
        starts = [(p["span"]["start"], p["span"]["end"], p["index"]) for p in paragraphs]

        def paragraph_of(pos: int) -> int | None:
            return next((k for s, e, k in starts if s <= pos < e), None)

        attributed = {i for i, f in flags if f}
        lexicons = score_lexicons(doc, offset, matcher, attributed, voice_block, paragraph_of)
    t4 = clock()
    read = readability(doc, flags)
    report = {
        "schema_version": SCHEMA_VERSION,
        "framing_version": __version__,
        "id": safe_id(article.id),
        "source_path": article.source_path,
        "row": article.row,
        "outlet": article.outlet,
        "metadata": dict(sorted(article.metadata.items())),
        "text": text,
        "body": {"start": article.body_start, "end": article.body_end},
        "excluded": excluded,
        "model": model,
        "attributions": attributions,
        "speakers": speakers,
        "attribution_summary": {
            "attributions": n_att,
            "speakers": len(speakers),
            "anonymous_share": round(anonymous / n_att, 4) if n_att else 0.0,
            "kinds": dict(sorted(Counter(a.kind for a in atts).items())),
        },
        "voice": voice_block,
        "paragraphs": paragraphs,
        "lexicons": lexicons,
        "readability": read,
    }
    boilerplate_summary(report)  # from the classifier's labels; the corpus step redoes it
    t5 = clock()
    for step, seconds in (("attribution", t1 - t0), ("voice", t2 - t1), ("paragraphs", t3 - t2),
                          ("lexicons", t4 - t3), ("readability and rest", t5 - t4)):  # fmt: skip
        STEP_SECONDS["report: " + step] += seconds
    return report


def analyze(
    articles: Iterable[Article],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 16,
    nlp: Language | None = None,
    on_error: Callable[[Skipped], None] | None = None,
    lexicons: Sequence[Lexicon] = (),
) -> Iterator[dict[str, Any]]:
    """One report dict per article, in input order, from a single ``nlp.pipe`` pass.

    An article whose analysis fails (a bug, not bad data: reading already filtered that) is
    reported through ``on_error`` and left out instead of stopping the corpus.
    """
    nlp = nlp or load_nlp(model)
    block = model_block(nlp, lexicons)
    matcher = LexiconMatcher(list(lexicons), nlp.tokenizer) if lexicons else None
    for doc, article in parse(nlp, ((a.body, a) for a in articles), batch_size=batch_size):
        try:
            yield build_report(doc, article, block, matcher)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the corpus
            if on_error is None:
                raise
            on_error(
                Skipped(
                    article.source_path,
                    f"analysis failed: {type(exc).__name__}: {exc}",
                    article.row,
                )
            )


@dataclass
class AnalyzeResult:
    out_dir: Path
    articles: int = 0
    attributions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    parsed: int = 0  # articles parsed in this run (the others came from the cache)
    cached: int = 0
    #: seconds per step, in this process (the parse of other processes shows as waiting)
    timings: dict[str, float] = field(default_factory=dict)


TABLES = (
    "articles",
    "attributions",
    "paragraphs",
    "speakers",
    "lexicon_scores",
    "lexicon_hits",
    "boilerplate",
)


#: the article-table columns index.html shows (one small dict per article stays in memory)
_INDEX_KEYS = (
    "id", "title", "outlet", "date", "words", "attributions", "top_speaker", "top_speaker_type",
    "attributed_share", "flesch_reading_ease", "report_html", "report_md", "report_json",
)  # fmt: skip


@dataclass
class _Entry:
    """One article on its way through phase 1: from the cache, or waiting for its shard."""

    article: Article
    key: str
    report: dict[str, Any] | Skipped | None = None
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


def analyze_to_folder(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    outlet_pattern: str | None = None,
    max_bytes: int = 2_000_000,
    batch_size: int = SHARD_SIZE,
    on_skip: Callable[[Skipped], None] | None = None,
    on_article: Callable[[dict[str, Any]], None] | None = None,
    lexicons: Sequence[str] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: bool = True,
    table_format: str = "csv",
    engine_options: dict[str, Any] | None = None,
) -> AnalyzeResult:
    """Read ``inputs``, analyse every article, write reports and corpus tables to ``out_dir``.

    Streaming: articles are read lazily and parsed in shards of ``batch_size`` (one
    ``nlp.pipe`` batch each) in this process, in ``jobs`` worker processes, or on a Dask
    cluster (``engine="dask"``); each article's report is written as soon as it
    is made, and only compact data (paragraph signatures, ids) stays in memory for the corpus
    step. With ``cache`` (the default) reports are kept by content hash in
    ``out_dir/.framing-cache`` and a re-run parses only new or changed articles.

    Raises :class:`framing.errors.UsageError` for unusable arguments and
    :class:`framing.errors.ModelNotFoundError` when the model is missing; bad inputs never
    raise: they are listed in ``result.skipped`` (and passed to ``on_skip`` as they happen).
    """
    from framing.boilerplate.recurrence import METHOD as BOILERPLATE_METHOD
    from framing.boilerplate.recurrence import (
        MIN_WORDS,
        Recurrence,
        apply_recurrence,
        copy_articles,
    )
    from framing.cache import ReportCache, article_key, clear_stamp, fingerprint
    from framing.engine import WorkConfig, check_engine, make_engine
    from framing.nlp import model_meta
    from framing.read import read_articles
    from framing.report import render_article_html, render_markdown, report_json, write_index
    from framing.report.tables import (
        ARTICLE_COLUMNS,
        ATTRIBUTION_COLUMNS,
        BOILERPLATE_COLUMNS,
        LEXICON_HIT_COLUMNS,
        LEXICON_SCORE_COLUMNS,
        PARAGRAPH_COLUMNS,
        SPEAKER_COLUMNS,
        article_row,
        attribution_rows,
        check_table_format,
        lexicon_hit_rows,
        lexicon_score_rows,
        open_table,
        paragraph_rows,
        report_paths,
    )

    clock = time.perf_counter
    t_start = clock()
    out = Path(out_dir)
    result = AnalyzeResult(out_dir=out)
    timings: Counter[str] = Counter()
    # every argument is checked before any reading or writing
    check_table_format(table_format)
    check_engine(jobs=jobs, engine=engine, scheduler=scheduler)
    lexicon_objs = load_lexicons(list(lexicons) if lexicons is not None else None)
    meta = model_meta(model)  # the model must exist; it is loaded only when a parse is needed
    fp = fingerprint(model, lexicon_objs)
    config = WorkConfig(model, tuple(lexicon_objs), batch_size, render=True, key=fp)
    stream = read_articles(list(inputs), outlet_pattern=outlet_pattern, max_bytes=max_bytes)

    def skip(s: Skipped) -> None:
        result.skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    def only_articles() -> Iterator[Article]:
        for item in stream:
            if isinstance(item, Skipped):
                skip(item)
            else:
                yield item

    # the first item is pulled before any output is created, so that usage errors
    # (a missing input, a bad pattern) leave nothing behind
    articles = only_articles()
    first = next(articles, None)

    make_output_dir(out)
    store = ReportCache(out, fp) if cache else None
    unchanged_ok = store.same_run() if store is not None else False
    if store is None:
        clear_stamp(out)
    timings["set-up"] += clock() - t_start

    # phase 1, streaming: each article's report comes from the cache or from a shard run by
    # the engine; it is written at once (reports/ID.*, cache entry) and only what the corpus
    # step needs stays here
    recurrence = Recurrence()
    ids: list[str] = []
    keys: list[str] = []
    paths: list[str] = []
    fresh: list[bool] = []  # written in phase 1 from a new parse
    counted: list[int] = []
    runner: Any = None
    entries: deque[_Entry] = deque()
    filling: list[_Entry] = []
    in_flight: deque[_Shard] = deque()

    def write_fresh(report: dict[str, Any], key: str, rendered: dict[str, str] | None) -> None:
        t0 = clock()
        rid = report["id"]
        text = rendered["json"] if rendered else report_json(report)
        if store is not None:
            store.put(key, text)
        reports = out / "reports"
        if rendered is not None:  # the JSON last: it marks the three as complete
            atomic_write_text(reports / f"{rid}.md", rendered["md"])
            atomic_write_text(reports / f"{rid}.html", rendered["html"])
        atomic_write_text(reports / f"{rid}.json", text)
        timings["write reports"] += clock() - t0

    def finish(e: _Entry) -> None:
        report = e.report
        if isinstance(report, Skipped):
            skip(report)
            return
        assert report is not None
        rendered = report.pop("_rendered", None)
        ids.append(report["id"])
        keys.append(e.key)
        paths.append(report["source_path"])
        fresh.append(e.shard is not None)
        if e.shard is not None:
            write_fresh(report, e.key, rendered)
        t0 = clock()
        recurrence.add(report)
        timings["recurrence signatures"] += clock() - t0
        counted.append(
            sum(1 for p in report["paragraphs"] if p["role"] == "body" and p["words"] >= MIN_WORDS)
        )
        if on_article is not None:
            on_article(report)

    def drain(force: bool = False) -> None:
        """Finish ready entries in input order; with ``force``, wait for at least one."""
        while entries:
            e = entries[0]
            if e.report is None:
                if e.shard is None or e.shard.handle is None and e.shard.results is None:
                    return  # in the shard being filled
                if e.shard.results is None:
                    if not force and not e.shard.handle.done():
                        return
                    t0 = clock()
                    e.shard.get(0)
                    timings["wait for shards"] += clock() - t0
                    in_flight.popleft()
                e.report = e.shard.get(e.pos)
            entries.popleft()
            finish(e)
            force = False

    def submit() -> None:
        nonlocal runner
        if runner is None:
            runner = make_engine(
                config, jobs=jobs, engine=engine, scheduler=scheduler, options=engine_options
            )
        shard = _Shard()
        shard.handle = runner.submit([e.article for e in filling])
        for pos, e in enumerate(filling):
            e.shard, e.pos = shard, pos
        filling.clear()
        in_flight.append(shard)
        while len(in_flight) > runner.max_in_flight:
            drain(force=True)

    window = 4 * batch_size * max(1, jobs)
    try:
        if first is not None:
            for article in _prepend(first, articles):
                t0 = clock()
                key = article_key(article, fp)
                hit = store.get(key, article.source_path) if store is not None else None
                timings["cache lookup"] += clock() - t0
                e = _Entry(article, key, hit)
                if hit is None:
                    filling.append(e)
                entries.append(e)
                if len(filling) >= batch_size:
                    submit()
                drain()
                while len(entries) > window:  # cached reports wait behind a shard: bounded
                    if entries[0].report is None and entries[0].shard is None:
                        submit()  # the oldest waits in the shard being filled: send it now
                    else:
                        drain(force=True)
            if filling:
                submit()
            while entries:
                drain(force=True)
    finally:
        if runner is not None:
            runner.close()
    result.parsed = sum(fresh)
    result.cached = len(fresh) - result.parsed
    t_phase1 = clock()

    # phase 2, corpus: recurring paragraphs
    groups = recurrence.groups()
    copies = copy_articles(groups, counted)
    touched = {a for a, _i in groups}
    group_rows: dict[str, dict[str, Any]] = {}
    timings["recurrence grouping"] += clock() - t_phase1

    # phase 3: label, then write every report that changed and every table
    rows: list[dict[str, Any]] = []
    outlets: Counter[str] = Counter()
    words = 0
    kinds: Counter[str] = Counter()
    speakers = CorpusSpeakers()
    lexicon_totals = LexiconTotals()
    boiler_words = boiler_paras = all_paras = 0
    tables = {
        "articles": ARTICLE_COLUMNS,
        "attributions": ATTRIBUTION_COLUMNS,
        "paragraphs": PARAGRAPH_COLUMNS,
        "lexicon_scores": LEXICON_SCORE_COLUMNS,
        "lexicon_hits": LEXICON_HIT_COLUMNS,
    }
    with contextlib.ExitStack() as stack:
        t = {
            name: stack.enter_context(open_table(out, name, cols, table_format))
            for name, cols in tables.items()
        }
        for k, rid in enumerate(ids):
            t0 = clock()
            if store is not None:
                report = store.load(keys[k], paths[k])
            else:
                report = json.loads((out / "reports" / f"{rid}.json").read_text("utf-8"))
            apply_recurrence(report, k, groups, copies)
            t1 = clock()
            timings["re-read and label"] += t1 - t0
            if k in touched or not fresh[k]:
                _write_final(report, out, unchanged_ok and k not in touched, report_paths(rid),
                             report_json, render_markdown, render_article_html)  # fmt: skip
            t2 = clock()
            timings["final reports"] += t2 - t1
            for p in report["paragraphs"]:
                info = groups.get((k, p["index"]))
                if info is not None and info.id not in group_rows:
                    group_rows[info.id] = {
                        "group": info.id,
                        "articles": info.articles,
                        "paragraphs": info.paragraphs,
                        "outlets": ";".join(f"{o}:{n}" for o, n in info.outlets.items()),
                        "label": p["boilerplate"]["label"],
                        "example_article": rid,
                        "text": p["span"]["text"],
                    }
            row = article_row(report)
            rows.append({k: row[k] for k in _INDEX_KEYS})  # what index.html shows, no more
            t["articles"].write_rows([row])
            t["attributions"].write_rows(attribution_rows(report))
            t["paragraphs"].write_rows(paragraph_rows(report))
            t["lexicon_scores"].write_rows(lexicon_score_rows(report))
            t["lexicon_hits"].write_rows(lexicon_hit_rows(report))
            lexicon_totals.add(report)
            result.articles += 1
            result.attributions += len(report["attributions"])
            outlets[report["outlet"]] += 1
            words += report["voice"]["words"]
            boiler_words += report["boilerplate"]["words"]
            boiler_paras += report["boilerplate"]["paragraphs"]
            all_paras += sum(1 for p in report["paragraphs"] if p["role"] == "body")
            kinds.update(a["kind"] for a in report["attributions"])
            speakers.add(report)
            timings["tables and totals"] += clock() - t2
    t0 = clock()
    ranked_groups = sorted(
        group_rows.values(), key=lambda g: (-g["articles"], -g["paragraphs"], g["group"])
    )
    with open_table(out, "boilerplate", BOILERPLATE_COLUMNS, table_format) as t_bp:
        t_bp.write_rows(ranked_groups)
    suffix = "parquet" if table_format == "parquet" else "csv"
    summary = {
        "schema_version": SCHEMA_VERSION,
        "framing_version": __version__,
        "inputs": [str(p) for p in inputs],
        "articles": result.articles,
        "attributions": result.attributions,
        "words": words,
        "attribution_kinds": dict(sorted(kinds.items())),
        "anonymous_share": speakers.anonymous_share(),
        "speakers": speakers.top(50),
        "lexicons": lexicon_totals.summary(),
        "boilerplate": {
            "method": BOILERPLATE_METHOD,
            "paragraphs": boiler_paras,
            "paragraph_share": round(boiler_paras / all_paras, 4) if all_paras else 0.0,
            "words": boiler_words,
            "word_share": round(boiler_words / words, 4) if words else 0.0,
            "recurring_groups": len(ranked_groups),
            "largest_groups": [
                {k: g[k] for k in ("group", "articles", "outlets", "label", "text")}
                for g in ranked_groups[:10]
            ],
        },
        "outlets": dict(sorted(outlets.items())),
        "skipped": [s.to_dict() for s in result.skipped],
        "model": model_block(meta, lexicon_objs),
        "outputs": {
            "reports": "reports/<id>.json|.md|.html",
            "tables": [f"{name}.{suffix}" for name in TABLES],
            "index": "index.html",
        },
    }
    result.summary = summary
    with open_table(out, "speakers", SPEAKER_COLUMNS, table_format) as t_sp:
        t_sp.write_rows(speakers.rows())
    atomic_write_text(
        out / "summary.json",
        json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    )
    write_index(summary, rows, out)
    other = "csv" if suffix == "parquet" else "parquet"
    for name in TABLES:  # a table of the other format, from an earlier run, would be stale
        with contextlib.suppress(FileNotFoundError):
            (out / f"{name}.{other}").unlink()
    if store is not None:
        store.finish()
    timings["summary and index"] += clock() - t0
    result.timings = dict(timings)
    return result


def _write_final(
    report: dict[str, Any],
    out: Path,
    unchanged_ok: bool,
    paths: dict[str, str],
    report_json: Callable[[dict[str, Any]], str],
    render_markdown: Callable[[dict[str, Any]], str],
    render_html: Callable[[dict[str, Any]], str],
) -> None:
    """Write an article's three files, unless they are already right: its JSON has the same
    bytes and the previous run (same fingerprint) rendered the other two from it."""
    text = report_json(report)
    path = out / paths["json"]
    try:
        same = path.read_bytes() == text.encode("utf-8")
    except OSError:
        same = False
    if same and unchanged_ok and (out / paths["md"]).is_file() and (out / paths["html"]).is_file():
        return
    atomic_write_text(out / paths["md"], render_markdown(report))
    atomic_write_text(out / paths["html"], render_html(report))
    atomic_write_text(path, text)  # last: it marks the three as complete


class LexiconTotals:
    """Corpus totals per lexicon and category: hits by voice and rates per 1,000 words."""

    def __init__(self) -> None:
        self.cats: dict[str, dict[str, dict[str, float]]] = {}
        self.words = {"all": 0, "narrator": 0, "attributed": 0}

    def add(self, report: dict[str, Any]) -> None:
        v = report["voice"]
        self.words["all"] += v.get("words", 0)
        self.words["narrator"] += v.get("narrator_words", 0)
        self.words["attributed"] += v.get("attributed_words", 0)
        for name, block in (report.get("lexicons") or {}).items():
            lex = self.cats.setdefault(name, {})
            for cat, c in block["categories"].items():
                t = lex.setdefault(cat, {"hits": 0, "narrator_hits": 0, "attributed_hits": 0})
                for k in t:
                    t[k] += c[k]

    def summary(self) -> dict[str, Any]:
        def per_1k(x: float, n: int) -> float:
            return round(1000 * x / n, 3) if n else 0.0

        out: dict[str, Any] = {}
        for name, cats in sorted(self.cats.items()):
            out[name] = {
                cat: {
                    **{k: int(v) for k, v in t.items()},
                    "per_1k": per_1k(t["hits"], self.words["all"]),
                    "per_1k_narrator": per_1k(t["narrator_hits"], self.words["narrator"]),
                    "per_1k_attributed": per_1k(t["attributed_hits"], self.words["attributed"]),
                }
                for cat, t in cats.items()
            }
        return out


class CorpusSpeakers:
    """Speakers across the corpus: one per name and type (an entity id is per article)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.attributions = 0
        self.anonymous = 0

    def add(self, report: dict[str, Any]) -> None:
        for a in report["attributions"]:
            self.attributions += 1
            sp = a.get("speaker") or {}
            if sp.get("type") == "anonymous":
                self.anonymous += 1
        for sp in report.get("speakers") or []:
            key = (" ".join(str(sp["name"]).lower().split()), str(sp.get("type")))
            d = self.by_key.setdefault(
                key,
                {
                    "name": sp["name"],
                    "type": sp.get("type"),
                    "affiliation": sp.get("affiliation"),
                    "statements": 0,
                    "words": 0,
                    "articles": 0,
                    "outlets": Counter(),
                },  # fmt: skip
            )
            d["statements"] += sp.get("statements", 0)
            d["words"] += sp.get("words", 0)
            d["articles"] += 1
            d["outlets"][report["outlet"]] += 1

    def anonymous_share(self) -> float:
        return round(self.anonymous / self.attributions, 4) if self.attributions else 0.0

    def ranked(self) -> list[dict[str, Any]]:
        items = sorted(
            self.by_key.values(),
            key=lambda d: (-d["statements"], -d["words"], str(d["name"]), str(d["type"])),
        )
        return [{**d, "outlets": dict(sorted(d["outlets"].items()))} for d in items]

    def top(self, n: int) -> list[dict[str, Any]]:
        return self.ranked()[:n]

    def rows(self) -> list[dict[str, Any]]:
        return [
            {**d, "outlets": ";".join(f"{k}:{v}" for k, v in d["outlets"].items())}
            for d in self.ranked()
        ]


def _prepend(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest
