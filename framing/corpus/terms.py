"""Distinctive terms of a group's narrator text: counting words and two-word phrases one
report at a time, and scoring them by the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi and Quinn 2008, "Fightin' Words"), the group against the rest of the corpus,
the prior being the whole corpus's counts; ``z`` is the ratio over its standard deviation.
Used by ``framing compare`` and ``framing lexicon suggest``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from framing.schema import Report

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


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"’s", "'s", "s", "mr", "ms", "mrs"}


def voice_pieces(
    report: Report, voice: str = "narrator", include_boilerplate: bool = True
) -> list[list[tuple[int, int]]]:
    """Per body paragraph (boilerplate ones left out unless ``include_boilerplate``), the
    ``(start, end)`` offsets of its ``narrator`` text (outside attribution contents) or its
    ``attributed`` text (inside them, overlapping contents merged)."""
    merged: list[list[int]] = []
    for s, e in sorted(
        (s, e)
        for a in report.attributions
        for s, e in a.content.spans or [(a.content.start, a.content.end)]
    ):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = []
    for p in report.paragraphs:
        if p.role != "body":
            continue
        if not include_boilerplate and p.boilerplate.label != "none":
            continue
        s, e = p.span.start, p.span.end
        pos, parts = s, []
        for a0, a1 in merged:
            if a1 <= pos or a0 >= e:
                continue
            if voice == "attributed":
                parts.append((max(a0, s), min(a1, e)))
            elif a0 > pos:
                parts.append((pos, a0))
            pos = max(pos, a1)
        if voice != "attributed" and pos < e:
            parts.append((pos, e))
        out.append(parts)
    return out


def narrator_segments(report: Report, include_boilerplate: bool = True) -> list[str]:
    """The narrator text of a report, one string per body paragraph (boilerplate paragraphs
    left out unless ``include_boilerplate``)."""
    return voice_segments(report, "narrator", include_boilerplate)


def voice_segments(
    report: Report, voice: str = "narrator", include_boilerplate: bool = True
) -> list[str]:
    """The ``narrator`` or ``attributed`` text of a report, one string per body paragraph,
    its pieces joined by `` … `` (which no two-word phrase spans)."""
    text = report.text
    return [
        " … ".join(text[a:b] for a, b in parts)
        for parts in voice_pieces(report, voice, include_boilerplate)
    ]


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


_CHUNK = re.compile(r"[^.!?;:…\"“”()\[\]]+")


def term_spans(text: str, start: int, end: int, stop: frozenset[str]) -> list[tuple[str, int, int]]:
    """The terms of ``text[start:end]`` as :func:`terms_of` counts them, each with its
    offsets in ``text`` (a phrase from its first word's start to its second word's end)."""
    out: list[tuple[str, int, int]] = []
    for chunk in _CHUNK.finditer(text, start, end):
        words = [
            (m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _WORD.finditer(text, chunk.start(), chunk.end())
        ]
        for k, (w, s, e) in enumerate(words):
            if w not in stop and len(w) > 1:
                out.append((w, s, e))
            if k + 1 < len(words):
                v, _, e2 = words[k + 1]
                if not (w in stop or v in stop):
                    out.append((f"{w} {v}", s, e2))
    return out


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
    whole: bool = False,
) -> list[Suggestion]:
    """The ``top`` terms of ``group`` with the highest positive z against every other group
    (``whole``: against the whole corpus, the group included), the prior being the whole
    corpus's counts, each in at least ``min_docs`` of its articles and accepted by ``keep``;
    ties broken by the term."""
    y = counts.terms.get(group, Counter())
    docs = counts.docs.get(group, Counter())
    n_a = sum(y.values())
    a0 = sum(counts.total.values())
    n_b = a0 if whole else a0 - n_a
    scored = []
    for w, ya in y.items():
        if docs[w] < min_docs or (keep is not None and not keep(w)):
            continue
        a_w = counts.total[w]
        z = _z(ya, a_w if whole else a_w - ya, a_w, n_a, n_b, a0)
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
