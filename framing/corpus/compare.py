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

import heapq
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from framing import SCHEMA_VERSION, __version__
from framing.config import KWIC_LINES
from framing.corpus.terms import (
    TermCounts,
    distinctive,
    few_words_note,
    log_odds_z,
    term_spans,
    voice_pieces,
    voice_segments,
)
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
from framing.report.kwic import ContextFinder
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
PAIR_LABELS = 12  # two-group mode: the most distinctive terms of each group labelled
PAIR_POINTS = 400  # two-group mode: the most frequent terms drawn (labelled ones always)
VOICES = ("narrator", "attributed")
PAIR_METHOD = (
    "frequency per 10,000 words of the voice's text in each group (narrator: outside "
    "attribution contents; attributed: inside them; body paragraphs not labelled "
    "boilerplate); z: log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi "
    "and Quinn 2008) of group 1 against group 2, prior = the two groups' counts"
)
METHOD = (
    "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), "
    "each group against all the others, prior = corpus counts; narrator text of body "
    "paragraphs not labelled boilerplate; words without stop words and two-word phrases"
)

_ARTICLE_FIELDS = ["id", "outlet", "date", "title", "words", "narrator_share", "report_json",
                   "report_html", "syndicated_source", "syndicated_share"]  # fmt: skip
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
    type_ids: dict[str, set[str]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    body_words: int = 0
    body_paragraphs: int = 0
    boiler_words: int = 0
    boiler_paragraphs: int = 0
    lex: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    syndicated_articles: int = 0
    syndicated_words: float = 0.0
    all_words: int = 0  # its articles' words, syndicated ones included


class _Kwic:
    """Keyword-in-context lines per key, at most ``cap`` kept: the first occurrence of each
    article first, then the second ones..., articles in table order (so the lines spread over
    the articles); every occurrence counted, and the articles it lies in."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.heaps: dict[tuple[str, ...], list[tuple[int, int, int, dict[str, Any]]]] = {}
        self.total: Counter[tuple[str, ...]] = Counter()
        self.ids: dict[tuple[str, ...], set[str]] = {}

    def add(self, key: tuple[str, ...], nth: int, article: int, article_id: str, start: int,
            line: Callable[[], dict[str, Any]]) -> None:  # fmt: skip
        """Occurrence ``nth`` (0-based) of ``key`` in article number ``article``, at
        ``start``; ``line()`` makes its line, called only when it is kept."""
        self.total[key] += 1
        self.ids.setdefault(key, set()).add(article_id)
        heap = self.heaps.setdefault(key, [])
        rank = (-nth, -article, -start)
        if self.cap <= 0:
            return
        if len(heap) < self.cap:
            heapq.heappush(heap, (*rank, line()))
        elif rank > heap[0][:3]:
            heapq.heapreplace(heap, (*rank, line()))

    def block(self, key: tuple[str, ...]) -> dict[str, Any]:
        """``{"occurrences", "article_ids", "lines"}``: the kept lines in article order, then
        text order."""
        kept = sorted(self.heaps.get(key, []), key=lambda h: (-h[1], -h[2]))
        return {
            "occurrences": self.total[key],
            "article_ids": sorted(self.ids.get(key, ())),
            "lines": [h[3] for h in kept],
        }


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
    groups: Sequence[str] | None = None,
    kwic_lines: int = KWIC_LINES,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
) -> dict[str, Any]:
    """Compare the groups of an ``analyze`` output folder; return the ``compare.json`` data.
    With ``exclude_syndicated``, articles flagged ``syndicated`` are left out of the figures
    (each group still says how many it had). With ``groups`` (two group names), ``pair``
    holds the two groups' term frequencies by voice for a scatter chart (:func:`pair_terms`).
    Distinctive terms and lexicon categories carry up to ``kwic_lines`` keyword-in-context
    lines per group (``kwic``), groups, speakers and speaker types their ``article_ids``, and
    ``article_index`` gives each article's title, date, group and HTML report.

    Raises :class:`framing.errors.UsageError` when ``results_dir`` is not an analyze output,
    holds no article, no article has the ``by`` field, or an analyze run is writing it, and
    :class:`framing.report.tables.TableError` when a table is damaged.
    """
    out = Path(results_dir)
    if not out.is_dir():
        raise UsageError(f"{out}: not a folder")
    if groups is not None:
        groups = _check_pair(groups)
    if kwic_lines < 0:
        raise UsageError(f"{param('kwic_lines')} {kwic_lines}: expected 0 or more")
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
                        exclude_syndicated, resamples, min_articles, groups,
                        kwic_lines)  # fmt: skip


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
    pair: list[str] | None = None,
    kwic_lines: int = KWIC_LINES,
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
    kwic = _Kwic(kwic_lines)
    attributed = TermCounts(stop=terms.stop)  # two-group mode: the pair's attributed text
    index: dict[str, dict[str, Any]] = {}
    paths: dict[str, Path] = {}
    # one report at a time: the narrator text for distinctive terms, metadata for --by,
    # lexicon hits in context
    per: dict[str, Counter[str]] = {}  # each article's counts, for intervals and tests
    # one report at a time: the narrator text for distinctive terms, metadata for --by
    root = out.resolve()
    for number, row in enumerate(articles):
        if not row["id"]:
            raise UsageError(f"{out}: an article without an id in its articles table; "
                             "run framing analyze again")  # fmt: skip
        path = _report_path(out, root, row)
        paths[row["id"]] = path
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
        g.ids.append(row["id"])
        index[row["id"]] = {
            "group": name,
            "title": row["title"],
            "date": row["date"],
            "report_html": _report_href(root, row),
        }
        terms.add(name, voice_segments(report, "narrator", include_boilerplate=False))
        if pair and name in pair:
            attributed.add(name, voice_segments(report, "attributed", include_boilerplate=False))
        _lexicon_kwic(kwic, report, name, number)
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
    if pair:
        for name in pair:
            if name not in groups or not groups[name].articles:
                raise UsageError(
                    f"{param('groups')}: no group {name!r} by {by} (groups: "
                    f"{', '.join(sorted(k for k, v in groups.items() if v.articles))})"
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
    pair_data = None
    if pair:
        a, b = (groups[n] for n in pair)
        words = {
            "narrator": (a.narrator_words, b.narrator_words),
            "attributed": (a.words - a.narrator_words, b.words - b.narrator_words),
        }
        counts = {"narrator": terms, "attributed": attributed}
        pair_data = pair_terms(pair, counts, words, min_docs=min_docs)
    # a second pass over the reports: where the listed terms occur
    wanted: dict[str, dict[str, set[str]]] = {}
    for r in records:
        wanted.setdefault(r["name"], {})["narrator"] = {t["term"] for t in r["distinctive_terms"]}
    if pair_data is not None:
        for voice, block in pair_data["voices"].items():
            shown = {t["term"] for t in block["terms"] if t["label"]}
            for name in pair:
                wanted[name].setdefault(voice, set()).update(shown)
    _term_kwic(kwic, articles, paths, group_of, excluded, wanted, terms.stop)
    for r in records:
        name = r["name"]
        for t in r["distinctive_terms"]:
            t["kwic"] = kwic.block(("term", name, "narrator", t["term"]))
        for lex, cats in r["lexicons"].items():
            for cat, v in cats.items():
                v["kwic"] = kwic.block(("lexicon", name, lex, cat))
    if pair_data is not None:
        for voice, block in pair_data["voices"].items():
            for t in block["terms"]:
                if t["label"]:
                    t["kwic"] = [kwic.block(("term", n, voice, t["term"])) for n in pair]
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
            "kwic_lines": kwic_lines,
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
        "pair": pair_data,
        "article_index": index,
    }


def _check_pair(groups: Sequence[str]) -> list[str]:
    """The two group names of ``--groups`` (spaces around them dropped), or a
    :class:`UsageError`."""
    names = [str(x).strip() for x in groups]
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise UsageError(
            f"{param('groups')} {','.join(names)!r}: expected two different group names "
            "separated by a comma, e.g. nyt,breitbart"
        )
    return names


def _line(
    finder: ContextFinder, article_id: str, voice: str, start: int, end: int,
    term: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One keyword-in-context line: the article, the voice, and the text before, of and
    after ``[start, end)``; ``term``: the lexicon term that matched."""
    context = finder.context(start, end)
    line = {"article_id": article_id, "voice": voice, "start": start, "end": end,
            "left": context.left, "match": context.match, "right": context.right}  # fmt: skip
    if term is not None:
        line["term"] = term
    return line


def _lexicon_kwic(kwic: _Kwic, report: Any, group: str, number: int) -> None:
    """The lexicon hits of a report that its group's counts hold (those in body paragraphs
    not labelled boilerplate), in context."""
    news = {p.index for p in report.paragraphs
            if p.role == "body" and p.boilerplate.label == "none"}  # fmt: skip
    finder: ContextFinder | None = None
    nth: Counter[tuple[str, ...]] = Counter()
    for lex, block in sorted(report.lexicons.items()):
        for h in block.hits:
            if h.paragraph not in news:
                continue
            finder = finder or ContextFinder(report)
            key = ("lexicon", group, lex, h.category)
            line = partial(_line, finder, report.id, h.voice, h.start, h.end, h.term)
            kwic.add(key, nth[key], number, report.id, h.start, line)
            nth[key] += 1


def _term_kwic(
    kwic: _Kwic,
    articles: list[dict[str, Any]],
    paths: dict[str, Path],
    group_of: dict[str, str],
    excluded: set[str],
    wanted: dict[str, dict[str, set[str]]],
    stop: frozenset[str],
) -> None:
    """Read the reports again, one at a time, for the occurrences of each group's listed
    terms (``wanted[group][voice]``) in that voice's text of body paragraphs not labelled
    boilerplate: the same text and the same tokens the counts came from."""
    for number, row in enumerate(articles):
        aid = row["id"]
        name = group_of.get(aid)
        if aid in excluded or name is None or not any(wanted.get(name, {}).values()):
            continue
        report = read_report(paths[aid])
        finder = ContextFinder(report)
        for voice, listed in sorted(wanted[name].items()):
            if not listed:
                continue
            nth: Counter[str] = Counter()
            for parts in voice_pieces(report, voice, include_boilerplate=False):
                for a, b in parts:
                    for term, s, e in term_spans(report.text, a, b, stop):
                        if term not in listed:
                            continue
                        line = partial(_line, finder, aid, voice, s, e)
                        kwic.add(("term", name, voice, term), nth[term], number, aid, s, line)
                        nth[term] += 1


def pair_terms(
    pair: Sequence[str],
    counts: dict[str, TermCounts],
    words: dict[str, tuple[int, int]],
    *,
    min_docs: int = MIN_DOCS,
    labels: int = PAIR_LABELS,
    points: int = PAIR_POINTS,
) -> dict[str, Any]:
    """Two groups' terms side by side, per voice (``counts[voice]``: the voice's term
    counts, ``words[voice]``: the two groups' words in that voice): each term's count and
    frequency per 10,000 words in either group, the articles it occurs in, and ``z``, the
    log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008) of group 1
    against group 2, the prior being the two groups' counts (positive: more group 1's).
    The ``points`` most frequent terms are kept, and the ``labels`` highest and lowest ``z``
    among terms in at least ``min_docs`` articles of their group are labelled (``label``:
    the group's name), kept whatever their frequency."""
    a, b = pair
    voices: dict[str, Any] = {}
    for voice in VOICES:
        c = counts[voice]
        ya, yb = c.terms.get(a, Counter()), c.terms.get(b, Counter())
        da, db = c.docs.get(a, Counter()), c.docs.get(b, Counter())
        z = log_odds_z(ya, yb, ya + yb)
        na, nb = words[voice]
        top_a = sorted((-v, t) for t, v in z.items() if v > 0 and da[t] >= min_docs)[:labels]
        top_b = sorted((v, t) for t, v in z.items() if v < 0 and db[t] >= min_docs)[:labels]
        label = {t: a for _, t in top_a} | {t: b for _, t in top_b}
        frequent = sorted(z, key=lambda t: (-(ya[t] + yb[t]), t))[:points]
        kept = sorted(set(frequent) | set(label))
        voices[voice] = {
            "words": [na, nb],
            "terms": [
                {
                    "term": t,
                    "count": [ya[t], yb[t]],
                    "per_10k": [_per_10k(ya[t], na), _per_10k(yb[t], nb)],
                    "articles": [da[t], db[t]],
                    "z": round(z[t], 3),
                    "label": label.get(t),
                }
                for t in kept
            ],
        }
    return {
        "groups": list(pair),
        "method": PAIR_METHOD,
        "settings": {"labels": labels, "points": points, "min_docs": min_docs},
        "voices": voices,
    }


def _per_10k(x: float, n: float) -> float:
    return round(10000 * x / n, 3) if n else 0.0


def _report_href(root: Path, row: dict[str, Any]) -> str | None:
    """An article's HTML report as its ``report_html`` cell names it, relative to the
    analysis folder (``None`` when it points outside the folder, or when the cell is empty and
    there is no ``reports/ID.html``: a run with ``--reports json`` wrote none)."""
    rel = row.get("report_html") or f"reports/{row['id']}.html"
    if not row.get("report_html") and not (root / rel).is_file():
        return None
    try:
        inside = (root / rel).resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        inside = False
    return Path(rel).as_posix() if inside and not Path(rel).is_absolute() else None


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
        g.type_ids.setdefault(row["speaker_type"] or NO_SOURCE, set()).add(row["article_id"])
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
            "article_ids": sorted(s["ids"]),
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
        "article_ids": g.ids,
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
            t: {
                "attributions": n,
                "share": _share(n, g.attributions),
                "article_ids": sorted(g.type_ids[t]),
            }
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
    to the analysis's ``index.html`` when ``analysis_dir`` is given, and to its article
    reports (``analysis_dir``, else the data's ``source``) by paths relative to the page."""
    from framing.report.html import render_compare_html

    out = make_output_dir(out_dir)
    paths = {k: out / f"compare.{k}" for k in ("json", "csv", "html")}
    atomic_write_text(
        paths["json"], json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    with CsvTableWriter(paths["csv"], csv_columns(data)) as t:
        t.write_rows(csv_rows(data))
    index = None
    analysis = Path(analysis_dir if analysis_dir is not None else data["source"])
    if analysis_dir is not None and (Path(analysis_dir) / "index.html").is_file():
        rel = os.path.relpath(Path(analysis_dir).resolve() / "index.html", out.resolve())
        index = Path(rel).as_posix()
    # the article reports, linked from the page: relative to it, wherever it is written
    base = Path(os.path.relpath(analysis.resolve(), out.resolve())).as_posix()
    atomic_write_text(
        paths["html"], render_compare_html(data, index_href=index, analysis_href=base)
    )
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
    groups: Sequence[str] | None = None,
    kwic_lines: int = KWIC_LINES,
    resamples: int = RESAMPLES,
) -> CompareResult:
    """Compare an ``analyze`` output folder, or analyze ``inputs`` into ``OUT/analysis``
    first (folders, files or globs, as ``framing analyze`` reads them, with the attribution
    ``pipeline``, ``metadata`` table and ``date_pattern``); write the outputs. ``groups``
    and ``kwic_lines``: see :func:`compare`.
    """
    if groups is not None:
        _check_pair(groups)  # before a long analysis
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
                   exclude_syndicated=exclude_syndicated, resamples=resamples,
                   groups=groups, kwic_lines=kwic_lines)  # fmt: skip
    paths = write_compare(data, out, analysis_dir=analysis)
    return CompareResult(data, paths, analysis, analyzed, result_skipped, warnings)


def _type_column(speaker_type: str) -> str:
    return "speaker_type_" + re.sub(r"\W+", "_", speaker_type)
