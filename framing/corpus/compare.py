"""Outlets side by side, from an ``analyze`` output folder (nothing is parsed again).

:func:`compare` groups the articles (by outlet, by ``year``, ``month`` or ISO ``week``
(``2016-W37``) of their date, by a
column of ``articles.csv`` or by any metadata field) and returns one record per group: voice
shares, boilerplate share, speakers and speaker types, lexicon rates by voice, readability and
distinctive vocabulary. :func:`write_compare` writes ``compare.json``, ``compare.csv`` and
``compare.html``; :func:`compare_inputs` analyzes article folders first.

Per-article figures come from the corpus tables, read one row at a time with
:func:`framing.report.tables.read_table` (CSV or Parquet). The per-article JSON reports are read
one at a time, only for what the tables lack: the narrator text (for distinctive terms) and
metadata fields other than date and title.

Definitions (shares are of the group's words, not means of article shares):

- ``attributed_share`` / ``narrator_share``: body words inside / outside attribution contents.
- ``boilerplate_share``: words of body paragraphs labelled background or notice, over the
  words of all body paragraphs.
- ``syndicated_articles``: the group's articles flagged ``syndicated`` (wire copy, or runs of
  paragraphs another outlet carries: :mod:`framing.boilerplate.syndication`);
  ``syndicated_share``: their syndicated words (each article's words times its
  ``syndicated.share``) over the group's words. With ``exclude_syndicated`` these articles are
  left out of every other figure (and the two fields still count them).
- ``speakers``: the group's most quoted speakers by statements, a speaker being a canonical
  speaker across articles (``framing.attribution.canonical``: "Trump" and "Donald J. Trump"
  are Donald Trump); unresolved pronouns (type ``unknown``) are left out of this list but
  counted in ``speaker_types``.
- ``speaker_types``: share of the group's attributions by speaker type (``no source`` when the
  attribution has no source); ``anonymous_share`` is that of type ``anonymous``.
- ``lexicons``: hits per 1,000 narrator words and per 1,000 attributed words.
- ``readability``: mean of the article scores.
- ``uncertainty``: for every share and rate above (``speaker_types.TYPE``,
  ``lexicons.LEX.CAT.narrator|attributed`` included), its numerator and denominator counts, a
  95% bootstrap interval over articles, the same share as a mean over articles (each article
  counting once) with its interval, and a permutation test against the rest of the corpus
  with a plain-words marker (:mod:`framing.corpus.uncertainty`).
- ``article_figures``: each article's words, attributed share and attributions per 1,000
  words (the page's dot strips).
- ``distinctive_terms``: words and two-word phrases of the narrator text without boilerplate
  paragraphs, scored by the log-odds ratio with an informative Dirichlet prior (Monroe,
  Colaresi and Quinn 2008), each group against all the others; a term must occur in at least
  ``min_docs`` of the group's articles. A group with fewer than ``few_words`` narrator content
  words (stop words left out) gets a ``note``: its z-scores are unstable.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framing import SCHEMA_VERSION, __version__
from framing.corpus.terms import TermCounts, distinctive, few_words_note, narrator_segments
from framing.corpus.uncertainty import (
    MAX_RESAMPLES,
    MIN_ARTICLES,
    MIN_RESAMPLES,
    RESAMPLES,
    SEED,
    Figure,
    figure_stats,
)
from framing.corpus.uncertainty import METHOD as UNCERTAINTY_METHOD
from framing.errors import Notice, UsageError, param
from framing.fsutil import atomic_write_text, finish_commit, folder_lock, make_output_dir
from framing.read.dates import iso_week
from framing.readability import KEYS as READABILITY_KEYS
from framing.report import read_report
from framing.report.tables import ARTICLE_COLUMNS, CsvTableWriter, read_table
from framing.schema import Skipped

MISSING = "(none)"
NO_SOURCE = "no source"
DERIVED = {"month": 7, "year": 4}  # --by month|year: the first characters of metadata.date
WEEK = "week"  # --by week: the ISO week of metadata.date (2016-W37)
FEW_WORDS = 2000  # narrator content words below which a group's distinctive terms are a hint
TOP_TERMS = 15
TOP_SPEAKERS = 10
MIN_DOCS = 2
METHOD = (
    "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), "
    "each group against all the others, prior = corpus counts; narrator text of body "
    "paragraphs not labelled boilerplate; words without stop words and two-word phrases"
)

_ARTICLE_FIELDS = ["id", "outlet", "date", "words", "narrator_share", "report_json",
                   "syndicated_source", "syndicated_share"]  # fmt: skip
_BY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def is_analyze_output(folder: str | Path) -> bool:
    """A folder written by ``framing analyze`` (it has ``summary.json``)."""
    return (Path(folder) / "summary.json").is_file()


@dataclass
class _Group:
    articles: int = 0
    words: int = 0
    narrator_words: int = 0
    read_sum: Counter[str] = field(default_factory=Counter)
    read_n: Counter[str] = field(default_factory=Counter)
    attributions: int = 0
    types: Counter[str] = field(default_factory=Counter)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    body_words: int = 0
    body_paragraphs: int = 0
    boiler_words: int = 0
    boiler_paragraphs: int = 0
    lex: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    syndicated_articles: int = 0
    syndicated_words: float = 0.0
    all_words: int = 0  # its articles' words, syndicated ones included


def _group_key(by: str) -> Callable[[dict[str, Any], dict[str, Any] | None], str | None]:
    """How to read the group of an article from its ``articles`` row (and, for metadata
    fields, its report's metadata)."""
    if by == WEEK:
        return lambda row, _meta: iso_week(str(row["date"])) if row.get("date") else None
    if by in DERIVED:
        n = DERIVED[by]
        return lambda row, _meta: str(row["date"])[:n] if row.get("date") else None
    if by in ARTICLE_COLUMNS:
        return lambda row, _meta: None if row.get(by) is None else str(row[by])
    return lambda _row, meta: None if (meta or {}).get(by) in (None, "") else str(meta[by])


def compare(
    results_dir: str | Path,
    *,
    by: str = "outlet",
    top_terms: int = TOP_TERMS,
    min_docs: int = MIN_DOCS,
    top_speakers: int = TOP_SPEAKERS,
    few_words: int = FEW_WORDS,
    exclude_syndicated: bool = False,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
) -> dict[str, Any]:
    """Compare the groups of an ``analyze`` output folder; return the ``compare.json`` data.
    With ``exclude_syndicated``, articles flagged ``syndicated`` are left out of the figures
    (each group still says how many it had).

    Raises :class:`framing.errors.UsageError` when ``results_dir`` is not an analyze output,
    holds no article, no article has the ``by`` field, or an analyze run is writing it, and
    :class:`framing.report.tables.TableError` when a table is damaged.
    """
    out = Path(results_dir)
    if not out.is_dir():
        raise UsageError(f"{out}: not a folder")
    _check_resamples(resamples)
    if not _BY.match(by):
        raise UsageError(
            f"{param('by')} {by!r}: expected a field name such as outlet, month or year"
        )
    # read while no analyze run writes the folder; finish one that was killed committing
    with folder_lock(out, shared=True):
        try:
            finish_commit(out)
        except OSError as exc:
            raise UsageError(
                f"{out}: a framing analyze run was killed while writing its tables, and they "
                f"cannot be completed here ({exc.strerror or exc}); run framing analyze again"
            ) from None
        if not is_analyze_output(out):
            raise UsageError(
                f"{out}: not a framing analyze output folder (no summary.json); "
                f"run: framing analyze ARTICLES --out {out}"
            )
        return _compare(out, by, top_terms, min_docs, top_speakers, few_words,
                        exclude_syndicated, resamples, min_articles)  # fmt: skip


def _compare(
    out: Path,
    by: str,
    top_terms: int,
    min_docs: int,
    top_speakers: int,
    few_words: int,
    exclude_syndicated: bool = False,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
) -> dict[str, Any]:
    key_of = _group_key(by)
    dated = by in DERIVED or by == WEEK
    needs_meta = not dated and by not in ARTICLE_COLUMNS
    fields = _ARTICLE_FIELDS + ([by] if by in ARTICLE_COLUMNS and by not in _ARTICLE_FIELDS else [])
    articles = list(read_table(out, "articles", fields))
    if not articles:
        raise UsageError(f"{out}: no articles to compare (the analysis found none)")
    if exclude_syndicated and "syndicated_source" not in next(read_table(out, "articles")):
        raise UsageError(
            f"{param('exclude_syndicated')}: the articles table of {out} has no "
            "syndicated_source column (an analysis by an older framing); run framing analyze "
            "again"
        )
    groups: dict[str, _Group] = {}
    group_of: dict[str, str] = {}
    terms = TermCounts()
    found = False
    meta_fields: set[str] = set()
    excluded: set[str] = set()  # syndicated articles left out
    per: dict[str, Counter[str]] = {}  # each article's counts, for intervals and tests
    # one report at a time: the narrator text for distinctive terms, metadata for --by
    root = out.resolve()
    for row in articles:
        if not row["id"]:
            raise UsageError(f"{out}: an article without an id in its articles table; "
                             "run framing analyze again")  # fmt: skip
        path = _report_path(out, root, row)
        try:
            report = read_report(path)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise UsageError(
                f"{path}: cannot read the article report ({type(exc).__name__}); "
                "the analyze output is incomplete: run framing analyze again"
            ) from None
        meta = report.metadata
        meta_fields.update(meta)
        value = key_of(row, meta)
        found = found or value is not None
        name = MISSING if value is None else value
        group_of[row["id"]] = name
        g = groups.setdefault(name, _Group())
        words = row["words"] or 0
        g.all_words += words
        if row["syndicated_source"]:
            g.syndicated_articles += 1
            g.syndicated_words += words * (row["syndicated_share"] or 0.0)
            if exclude_syndicated:
                excluded.add(row["id"])
                continue
        g.articles += 1
        g.words += words
        narrator_words = round(words * (row["narrator_share"] or 0.0))
        g.narrator_words += narrator_words
        per[row["id"]] = Counter(
            words=words, narrator_words=narrator_words, attributed_words=words - narrator_words
        )
        terms.add(name, narrator_segments(report, include_boilerplate=False))
    if not found:
        if dated:
            raise UsageError(
                f"{param('by')} {by}: no article has a date; give dates when analyzing: "
                f"{param('metadata')} with a date column, dates in the file names "
                f"(2016-03-11) or {param('date_pattern')} "
                f"(fields: {', '.join(sorted({'outlet', *meta_fields}))})"
            )
        known = sorted({"outlet", "month", "week", "year", *meta_fields})
        what = f"a metadata field {by!r}" if needs_meta else by
        raise UsageError(f"{param('by')} {by}: no article has {what} (fields: {', '.join(known)})")
    if excluded and len(excluded) == len(articles):
        raise UsageError(
            f"{param('exclude_syndicated')}: every article of {out} is syndicated copy; "
            "nothing is left to compare"
        )
    _add_tables(out, groups, group_of, excluded, per)
    total_words = sum(g.words for g in groups.values())
    figures = _figures(groups)
    ids = list(per)
    columns = sorted({k for c in per.values() for k in c} | {f.numerator for f in figures}
                     | {f.denominator for f in figures})  # fmt: skip
    counts = np.array([[per[i][c] for c in columns] for i in ids], dtype=float).reshape(
        len(ids), len(columns)
    )
    labels = np.array([group_of[i] for i in ids], dtype=object)
    records = []
    for name in sorted(groups):
        g = groups[name]
        rec = _record(name, g, terms, top_terms, min_docs, top_speakers, few_words)
        rec["uncertainty"] = figure_stats(
            counts, columns, labels, name, figures, resamples=resamples, min_articles=min_articles
        )
        own = sorted(i for i in ids if group_of[i] == name)
        rec["article_figures"] = [_article_figures(i, per[i]) for i in own]
        records.append(rec)
    if len(groups) == 1:
        only = records[0]
        only["distinctive_terms"] = []
        only["note"] = f"only one group ({only['name']}): nothing to compare its vocabulary with"
    return {
        "schema_version": SCHEMA_VERSION,
        "framing_version": __version__,
        "source": str(out),
        "by": by,
        "articles": len(articles) - len(excluded),
        "words": total_words,
        "syndicated": "excluded" if exclude_syndicated else "included",
        "excluded_articles": len(excluded),
        "settings": {
            "top_terms": top_terms,
            "min_docs": min_docs,
            "top_speakers": top_speakers,
            "few_words": few_words,
            "exclude_syndicated": exclude_syndicated,
            "resamples": resamples,
            "min_articles": min_articles,
            "seed": SEED,
        },
        "method": {
            "distinctive_terms": METHOD,
            "uncertainty": UNCERTAINTY_METHOD.format(
                resamples=resamples, seed=SEED, min_articles=min_articles
            ),
        },
        "speaker_types": sorted({t for g in groups.values() for t in g.types}),
        "outlets": records,
    }


def _check_resamples(resamples: int) -> None:
    if not MIN_RESAMPLES <= resamples <= MAX_RESAMPLES:
        raise UsageError(
            f"{param('resamples')} {resamples}: expected a number of resamples from "
            f"{MIN_RESAMPLES} to {MAX_RESAMPLES}"
        )


def _figures(groups: dict[str, _Group]) -> list[Figure]:
    """Every share and rate of a record, as counts summed over articles."""
    figures = [
        Figure("attributed_share", "attributed_words", "words"),
        Figure("narrator_share", "narrator_words", "words"),
        Figure("boilerplate_share", "boiler_words", "body_words"),
        Figure("attributions_per_1k_words", "attributions", "words", 1000.0, 3),
        Figure("anonymous_share", "type:anonymous", "attributions"),
    ]
    for t in sorted({t for g in groups.values() for t in g.types}):
        figures.append(Figure(f"speaker_types.{t}", f"type:{t}", "attributions"))
    for lx, cat in sorted({k for g in groups.values() for k in g.lex}):
        for voice in ("narrator", "attributed"):
            key, counts = f"lexicons.{lx}.{cat}.{voice}", f"lex:{lx}:{cat}:{voice}"
            figures.append(Figure(key, counts, f"{voice}_words", 1000.0, 3))
    return figures


def _article_figures(article_id: str, c: Counter[str]) -> dict[str, Any]:
    words = c["words"]
    return {
        "id": article_id,
        "words": words,
        "attributed_share": round(c["attributed_words"] / words, 4) if words else None,
        "attributions_per_1k_words": round(1000 * c["attributions"] / words, 3) if words else None,
    }


def _report_path(out: Path, root: Path, row: dict[str, Any]) -> Path:
    """An article's JSON report, as its ``report_json`` cell names it: a path inside the
    results folder (symbolic links resolved), else a :class:`UsageError` (a table edited to
    point elsewhere: framing reads nothing outside the folder it was given)."""
    rel = row["report_json"] or f"reports/{row['id']}.json"
    path = out / rel
    try:
        inside = path.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        inside = False
    if not inside:
        raise UsageError(
            f"{out}: the report of article {row['id']!r} ({rel!r} in the articles table) is "
            "outside the results folder; framing reads only reports inside it: run framing "
            "analyze again"
        )
    return path


def _group_of(group_of: dict[str, str], table: str, article_id: str | None) -> str:
    """The group of an article a table names, or a :class:`UsageError`: a row of an article
    that the articles table lacks means tables from two runs (or an edited one)."""
    try:
        return group_of[article_id]  # type: ignore[index]
    except KeyError:
        raise UsageError(
            f"{table}: article {article_id!r} is not in the articles table (tables from two "
            "runs, or edited); run framing analyze again"
        ) from None


def _add_tables(
    out: Path,
    groups: dict[str, _Group],
    group_of: dict[str, str],
    excluded: set[str],
    per: dict[str, Counter[str]],
) -> None:
    """Stream the attribution, paragraph, lexicon and article tables into the groups and
    each article's counts ``per`` (rows of ``excluded`` articles left out)."""
    for row in read_table(out, "articles", ["id", *READABILITY_KEYS]):
        if row["id"] in excluded:
            continue
        g = groups[_group_of(group_of, "articles", row["id"])]
        for k in READABILITY_KEYS:
            if row[k] is not None:
                g.read_sum[k] += row[k]
                g.read_n[k] += 1
    cols = ["article_id", "speaker", "speaker_type", "speaker_canonical_id",
            "speaker_canonical_name"]  # fmt: skip
    for row in read_table(out, "attributions", cols):
        if row["article_id"] in excluded:
            continue
        g = groups[_group_of(group_of, "attributions", row["article_id"])]
        g.attributions += 1
        g.types[row["speaker_type"] or NO_SOURCE] += 1
        per[row["article_id"]]["attributions"] += 1
        per[row["article_id"]]["type:" + (row["speaker_type"] or NO_SOURCE)] += 1
        name = row["speaker_canonical_name"] or row["speaker"]  # older tables: no canonical
        if name and row["speaker_type"] != "unknown":  # an unresolved pronoun is nobody
            key = row["speaker_canonical_id"] or " ".join(name.lower().split())
            sp = g.speakers.setdefault(
                key, {"name": name, "statements": 0, "types": Counter(), "ids": set()}
            )
            sp["statements"] += 1
            sp["types"][row["speaker_type"] or NO_SOURCE] += 1
            sp["ids"].add(row["article_id"])
    cols = ["article_id", "role", "words", "boilerplate_label"]
    for row in read_table(out, "paragraphs", cols):
        if row["role"] != "body":
            continue
        if row["article_id"] in excluded:
            continue
        g = groups[_group_of(group_of, "paragraphs", row["article_id"])]
        w = row["words"] or 0
        g.body_words += w
        g.body_paragraphs += 1
        per[row["article_id"]]["body_words"] += w
        if (row["boilerplate_label"] or "none") != "none":
            g.boiler_words += w
            per[row["article_id"]]["boiler_words"] += w
            g.boiler_paragraphs += 1
    cols = ["article_id", "lexicon", "category", "narrator_hits", "attributed_hits"]
    for row in read_table(out, "lexicon_scores", cols):
        if row["article_id"] in excluded:
            continue
        g = groups[_group_of(group_of, "lexicon_scores", row["article_id"])]
        c = g.lex.setdefault((row["lexicon"], row["category"]), Counter())
        c["narrator"] += row["narrator_hits"] or 0
        c["attributed"] += row["attributed_hits"] or 0
        a = per[row["article_id"]]
        a[f"lex:{row['lexicon']}:{row['category']}:narrator"] += row["narrator_hits"] or 0
        a[f"lex:{row['lexicon']}:{row['category']}:attributed"] += row["attributed_hits"] or 0


def _share(x: float, n: float) -> float:
    return round(x / n, 4) if n else 0.0


def _per_1k(x: float, n: float) -> float:
    return round(1000 * x / n, 3) if n else 0.0


def _record(
    name: str,
    g: _Group,
    terms: TermCounts,
    top_terms: int,
    min_docs: int,
    top_speakers: int,
    few_words: int,
) -> dict[str, Any]:
    attributed_words = g.words - g.narrator_words
    ranked = sorted(g.speakers.values(), key=lambda s: (-s["statements"], s["name"]))
    speakers = {
        s["name"]: {
            "rank": k,
            "statements": s["statements"],
            "articles": len(s["ids"]),
            "type": sorted(s["types"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
        }
        for k, s in enumerate(ranked[:top_speakers], start=1)
    }
    lexicons: dict[str, dict[str, Any]] = {}
    for (lex, cat), c in sorted(g.lex.items()):
        lexicons.setdefault(lex, {})[cat] = {
            "narrator": _per_1k(c["narrator"], g.narrator_words),
            "attributed": _per_1k(c["attributed"], attributed_words),
            "narrator_hits": c["narrator"],
            "attributed_hits": c["attributed"],
        }
    found = distinctive(terms, name, top=top_terms, min_docs=min_docs)
    content_words = terms.words[name]
    note = few_words_note(name, content_words, few_words)
    if g.articles == 0:
        note = "every article of the group is syndicated copy, left out (--exclude-syndicated)"
    elif note is None and not found:
        note = f"no term occurs in {min_docs} or more of its articles more often than elsewhere"
    return {
        "name": name,
        "articles": g.articles,
        "words": g.words,
        "narrator_words": g.narrator_words,
        "attributed_words": attributed_words,
        "attributed_share": _share(attributed_words, g.words),
        "narrator_share": _share(g.narrator_words, g.words),
        "boilerplate_share": _share(g.boiler_words, g.body_words),
        "boilerplate_paragraphs": g.boiler_paragraphs,
        "boilerplate_paragraph_share": _share(g.boiler_paragraphs, g.body_paragraphs),
        "syndicated_articles": g.syndicated_articles,
        "syndicated_share": _share(g.syndicated_words, g.all_words),
        "attributions": g.attributions,
        "attributions_per_1k_words": _per_1k(g.attributions, g.words),
        "anonymous_share": _share(g.types.get("anonymous", 0), g.attributions),
        "speaker_types": {
            t: {"attributions": n, "share": _share(n, g.attributions)}
            for t, n in sorted(g.types.items())
        },
        "speakers": speakers,
        "lexicons": lexicons,
        "readability": {
            k: round(g.read_sum[k] / g.read_n[k], 2) if g.read_n[k] else None
            for k in READABILITY_KEYS
        },
        "distinctive_words": content_words,
        "distinctive_terms": [
            {
                "term": t.term,
                "z": t.z,
                "count": t.count_group,
                "count_elsewhere": t.count_rest,
                "articles": t.docs_group,
            }
            for t in found
        ],
        "note": note,
    }


# ------------------------------------------------------------------ writing


def csv_columns(data: dict[str, Any]) -> list[str]:
    """The flat columns of ``compare.csv``: fixed figures, then one column per speaker type,
    lexicon category and voice, and readability score (the same for every row)."""
    cols = [
        "name",
        "articles",
        "words",
        "attributed_share",
        "narrator_share",
        "boilerplate_share",
        "boilerplate_paragraph_share",
        "syndicated_articles",
        "syndicated_share",
        "attributions",
        "attributions_per_1k_words",
        "anonymous_share",
        "top_speaker",
        "top_speaker_statements",
    ]
    cols += [_type_column(t) for t in data["speaker_types"]]
    cats = sorted(
        {(lx, c) for g in data["outlets"] for lx, cs in g["lexicons"].items() for c in cs}
    )
    for lx, c in cats:
        cols += [f"{lx}.{c}.narrator_per_1k", f"{lx}.{c}.attributed_per_1k"]
    cols += [f"readability_{k}" for k in READABILITY_KEYS]
    cols += ["distinctive_words", "distinctive_terms", "note"]
    keys = _uncertainty_keys(data)
    cols += [f"{k}.{f}" for k in keys for f in UNCERTAINTY_FIELDS]
    return cols


#: the columns of ``compare.csv`` each figure's ``uncertainty`` gives (``KEY.FIELD``)
UNCERTAINTY_FIELDS = [
    "low",
    "high",
    "numerator",
    "denominator",
    "article_mean",
    "article_mean_low",
    "article_mean_high",
    "p_value",
    "marker",
]


def _uncertainty_keys(data: dict[str, Any]) -> list[str]:
    """The figures with intervals, in the order of the record: main figures first."""
    seen: dict[str, None] = {}
    for g in data["outlets"]:
        for k in g.get("uncertainty") or {}:
            seen.setdefault(k)
    main = [k for k in seen if "." not in k]
    return main + sorted(k for k in seen if "." in k)


def csv_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for g in data["outlets"]:
        row = {k: g.get(k) for k in csv_columns(data)[:12]}
        top = min(g["speakers"].items(), key=lambda kv: kv[1]["rank"], default=None)
        row["top_speaker"] = top[0] if top else None
        row["top_speaker_statements"] = top[1]["statements"] if top else None
        for t in data["speaker_types"]:
            row[_type_column(t)] = (g["speaker_types"].get(t) or {}).get("share", 0.0)
        for lx, cs in g["lexicons"].items():
            for c, v in cs.items():
                row[f"{lx}.{c}.narrator_per_1k"] = v["narrator"]
                row[f"{lx}.{c}.attributed_per_1k"] = v["attributed"]
        for k in READABILITY_KEYS:
            row[f"readability_{k}"] = g["readability"].get(k)
        row["distinctive_words"] = g["distinctive_words"]
        row["distinctive_terms"] = "; ".join(
            f"{t['term']} ({t['z']:.2f})" for t in g["distinctive_terms"]
        )
        row["note"] = g["note"]
        for k, u in (g.get("uncertainty") or {}).items():
            for f in UNCERTAINTY_FIELDS:
                row[f"{k}.{f}"] = u.get(f)
        yield row


def write_compare(
    data: dict[str, Any], out_dir: str | Path, *, analysis_dir: str | Path | None = None
) -> dict[str, Path]:
    """Write ``compare.json`` (sorted keys), ``compare.csv`` (one row per group) and
    ``compare.html`` into ``out_dir``, each atomically; return their paths. The page links
    to the analysis's ``index.html`` when ``analysis_dir`` is given."""
    from framing.report.html import render_compare_html

    out = make_output_dir(out_dir)
    paths = {k: out / f"compare.{k}" for k in ("json", "csv", "html")}
    atomic_write_text(
        paths["json"], json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    with CsvTableWriter(paths["csv"], csv_columns(data)) as t:
        t.write_rows(csv_rows(data))
    index = None
    if analysis_dir is not None and (Path(analysis_dir) / "index.html").is_file():
        rel = os.path.relpath(Path(analysis_dir).resolve() / "index.html", out.resolve())
        index = Path(rel).as_posix()
    atomic_write_text(paths["html"], render_compare_html(data, index_href=index))
    return paths


@dataclass
class CompareResult:
    data: dict[str, Any]
    paths: dict[str, Path]
    analysis_dir: Path
    analyzed: int = 0  # articles analyzed first (0 when given an analyze output)
    skipped: list[Skipped] = field(default_factory=list)
    #: warnings of the analysis (metadata rows that matched no article)
    warnings: list[Notice] = field(default_factory=list)


def compare_inputs(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    by: str = "outlet",
    top_terms: int = TOP_TERMS,
    min_docs: int = MIN_DOCS,
    outlet_pattern: str | None = None,
    model: str | None = None,
    lexicons: Sequence[str] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    pipeline: str | None = None,
    metadata: str | Path | None = None,
    date_pattern: str | None = None,
    exclude_syndicated: bool = False,
    resamples: int = RESAMPLES,
) -> CompareResult:
    """Compare an ``analyze`` output folder, or analyze ``inputs`` into ``OUT/analysis``
    first (folders, files or globs, as ``framing analyze`` reads them, with the attribution
    ``pipeline``, ``metadata`` table and ``date_pattern``); write the outputs.
    """
    _check_resamples(resamples)  # before a long analysis
    out = Path(out_dir)
    result_skipped: list[Skipped] = []
    warnings: list[Notice] = []
    analyzed = 0
    outputs = [p for p in inputs if is_analyze_output(p)]
    if outputs and len(inputs) > 1:
        raise UsageError(
            f"{outputs[0]} is an analyze output folder: compare takes one such folder, "
            "or article folders and files to analyze (not both)"
        )
    if outputs:
        analysis = Path(outputs[0])
        given = [p for p, v in (("metadata", metadata), ("date_pattern", date_pattern)) if v]
        if given:
            raise UsageError(
                f"{param(given[0])}: {analysis} is an analyze output, read as it is: give "
                f"{param(given[0])} to framing analyze when writing it"
            )
    else:
        from framing.analyze import analyze_to_folder
        from framing.nlp import DEFAULT_MODEL

        analysis = out / "analysis"
        res = analyze_to_folder(
            list(inputs),
            analysis,
            model=model or DEFAULT_MODEL,
            outlet_pattern=outlet_pattern,
            on_skip=on_skip,
            lexicons=lexicons,
            pipeline=pipeline,
            metadata=metadata,
            date_pattern=date_pattern,
        )
        warnings = res.warnings
        result_skipped = res.skipped
        analyzed = res.articles
        if res.articles == 0:
            shown = ", ".join(str(p) for p in inputs)
            raise UsageError(
                f"{shown}: no articles found to analyze, and not a framing analyze output "
                "folder (no summary.json)"
            )
    data = compare(analysis, by=by, top_terms=top_terms, min_docs=min_docs,
                   exclude_syndicated=exclude_syndicated, resamples=resamples)  # fmt: skip
    paths = write_compare(data, out, analysis_dir=analysis)
    return CompareResult(data, paths, analysis, analyzed, result_skipped, warnings)


def _type_column(speaker_type: str) -> str:
    return "speaker_type_" + re.sub(r"\W+", "_", speaker_type)
