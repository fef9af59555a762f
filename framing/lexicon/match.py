"""Matching lexicon terms on the one parse, and scoring hits by voice.

Terms are tokenized with the pipeline's own tokenizer, so "cease-fire" or "so-called" match
the tokens spaCy makes of them. A token matches a term word when its lower-cased form or
lemma equals it, or, for a ``*`` word, starts with it. Within one category, overlapping
matches keep the longest (then the earliest); categories count independently.

Matching reads only :class:`LexTokens`: each token's lower-cased form, lemma and character
offsets, and which tokens are attributed. That is all a lexicon needs of a parse, so the
analysis cache keeps it beside a report, and another lexicon (or an edited one) is scored on a
cached article without parsing it again (:func:`framing.pipeline.rescore_lexicons`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from spacy.attrs import IDX, LEMMA, LENGTH, LOWER
from spacy.tokens import Doc

from framing.lexicon import Lexicon, Term
from framing.schema import (
    CategoryCounts,
    CategoryScores,
    LexiconHit,
    LexiconScores,
    VoiceCounts,
    WholeCategoryCounts,
)


@dataclass(frozen=True)
class _Pattern:
    lexicon: str
    category: str
    term: Term
    words: tuple[tuple[str, bool], ...]  # (word, is_prefix)


@dataclass(frozen=True)
class Hit:
    lexicon: str
    category: str
    term: str
    weight: float
    first: int  # token indices, end exclusive
    last: int


#: lower-cased lemmas by the lemma's string hash (hashes are the same in every vocabulary)
_LEMMA_LOWER: dict[int, str] = {}


@dataclass(frozen=True)
class LexTokens:
    """What lexicon matching reads of a parsed Doc: per token, its lower-cased form, its
    lemma (lower-cased) and its character offsets in the Doc's text (end exclusive); and the
    indices of the tokens inside attributed contents. Plain data, kept in the cache."""

    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    start: tuple[int, ...]
    end: tuple[int, ...]
    attributed: frozenset[int] = frozenset()

    @classmethod
    def of(cls, doc: Doc, attributed: set[int] | frozenset[int] = frozenset()) -> LexTokens:
        # one array of string hashes and offsets instead of a Token object per token
        arr = doc.to_array([LOWER, LEMMA, IDX, LENGTH]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        lowered = _LEMMA_LOWER
        if len(lowered) > _SEEN_MAX:
            lowered.clear()
        lemma = []
        for _lower, h, _idx, _length in arr:
            m = lowered.get(h)
            if m is None:
                m = lowered[h] = strings[h].lower()
            lemma.append(m)
        return cls(
            lower=tuple(strings[a[0]] for a in arr),
            lemma=tuple(lemma),
            start=tuple(a[2] for a in arr),
            end=tuple(a[2] + a[3] for a in arr),
            attributed=frozenset(attributed),
        )

    def __len__(self) -> int:
        return len(self.lower)

    def to_dict(self) -> dict[str, Any]:
        """A compact JSON form: a lemma equal to the form is ``null``; offsets as given."""
        return {
            "lower": list(self.lower),
            "lemma": [m if m != w else None for w, m in zip(self.lower, self.lemma, strict=True)],
            "start": list(self.start),
            "end": list(self.end),
            "attributed": sorted(self.attributed),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LexTokens:
        lower = tuple(str(w) for w in d["lower"])
        lemma = tuple(w if m is None else str(m) for w, m in zip(lower, d["lemma"], strict=True))
        start, end = tuple(int(x) for x in d["start"]), tuple(int(x) for x in d["end"])
        if not len(start) == len(end) == len(lower):
            raise ValueError("token arrays of different lengths")
        return cls(lower, lemma, start, end, frozenset(int(i) for i in d["attributed"]))


def _word_matches(lower: str, lemma: str, word: str, prefix: bool) -> bool:
    if prefix:
        return lower.startswith(word) or lemma.startswith(word)
    return lower == word or lemma == word


#: the most (form, lemma) pairs a matcher remembers the candidates of (then it starts afresh)
_SEEN_MAX = 200_000


class LexiconMatcher:
    """Finds every term of some lexicons in a Doc. Build once per run, reuse for every Doc."""

    def __init__(self, lexicons: list[Lexicon], tokenizer: Any) -> None:
        self.lexicons = lexicons
        self.exact: dict[str, list[_Pattern]] = defaultdict(list)
        self.prefix: dict[str, list[_Pattern]] = defaultdict(list)
        self.prefix_lengths: set[int] = set()
        #: each (form, lemma) pair's candidate patterns, as :meth:`hits` found them
        self._seen: dict[tuple[str, str], list[_Pattern]] = {}
        for lex in lexicons:
            for cat in lex.categories.values():
                for term in cat.terms:
                    words = self.term_words(term.text, tokenizer)
                    if not words:
                        continue
                    p = _Pattern(lex.name, cat.name, term, words)
                    first, is_prefix = words[0]
                    if is_prefix:
                        self.prefix[first].append(p)
                        self.prefix_lengths.add(len(first))
                    else:
                        self.exact[first].append(p)

    @staticmethod
    def term_words(text: str, tokenizer: Any) -> tuple[tuple[str, bool], ...]:
        """A term as (word, is_prefix) pairs, split the way the tokenizer splits text."""
        out: list[tuple[str, bool]] = []
        for chunk in text.lower().split():
            star = chunk.endswith("*")
            chunk = chunk.rstrip("*")
            if not chunk:
                continue
            toks = [t.text for t in tokenizer(chunk)]
            for k, t in enumerate(toks):
                out.append((t, star and k == len(toks) - 1))
        return tuple(out)

    def _candidates(self, lower: str, lemma: str) -> list[_Pattern]:
        found = list(self.exact.get(lower, ()))
        if lemma != lower:
            found += self.exact.get(lemma, ())
        for n in self.prefix_lengths:
            for form in {lower, lemma}:
                if len(form) >= n:
                    found += self.prefix.get(form[:n], ())
        return found

    def hits(self, doc: Doc | LexTokens) -> list[Hit]:
        toks = doc if isinstance(doc, LexTokens) else LexTokens.of(doc)
        lower, lemma = toks.lower, toks.lemma
        raw: dict[tuple[str, str], list[Hit]] = defaultdict(list)
        n = len(toks)
        seen = self._seen  # a corpus repeats its words
        if len(seen) > _SEEN_MAX:
            seen.clear()
        for i in range(n):
            forms = (lower[i], lemma[i])
            cands = seen.get(forms)
            if cands is None:
                cands = seen[forms] = self._candidates(*forms)
            for p in cands:
                k = len(p.words)
                if i + k > n:
                    continue
                if all(_word_matches(lower[i + j], lemma[i + j], w, pre)
                       for j, (w, pre) in enumerate(p.words)):  # fmt: skip
                    raw[(p.lexicon, p.category)].append(
                        Hit(p.lexicon, p.category, p.term.text, p.term.weight, i, i + k)
                    )
        out: list[Hit] = []
        for key in sorted(raw):
            cands = sorted(set(raw[key]), key=lambda h: (-(h.last - h.first), h.first, h.term))
            taken: set[int] = set()
            for h in cands:
                span = set(range(h.first, h.last))
                if span & taken:
                    continue
                taken |= span
                out.append(h)
        out.sort(key=lambda h: (h.first, h.lexicon, h.category, h.term))
        return out


def _per_1k(x: float, n: int) -> float:
    return round(1000 * x / n, 3) if n else 0.0


def _counts(hits: int, narrator: int, attributed: int, voice: VoiceCounts) -> dict[str, Any]:
    return {
        "hits": hits,
        "narrator_hits": narrator,
        "attributed_hits": attributed,
        "per_1k": _per_1k(hits, voice.words),
        "per_1k_narrator": _per_1k(narrator, voice.narrator_words),
        "per_1k_attributed": _per_1k(attributed, voice.attributed_words),
    }


def score_lexicons(
    tokens: LexTokens,
    text: str,
    offset: int,
    matcher: LexiconMatcher,
    voice: VoiceCounts,
    paragraph_of: Callable[[int], int | None],
    *,
    start: int = 0,
) -> dict[str, LexiconScores]:
    """The report's ``lexicons`` block over the whole body: per lexicon and category, hits and
    rates per 1,000 words in narrator and attributed text (``voice``: the body's counts), and
    the hits themselves with their voice and paragraph. ``tokens``: the parse's tokens (with
    the attributed ones), ``text``: the parsed text, starting at file offset ``offset``. The
    top-level counts are the same as ``with_boilerplate`` until :func:`without_paragraphs`
    leaves paragraphs out. ``start``: the file offset where the body starts, when the parse
    starts before it (with the title): hits before it are left out."""
    out: dict[str, LexiconScores] = {}
    hits = [h for h in matcher.hits(tokens) if tokens.start[h.first] + offset >= start]
    for lex in matcher.lexicons:
        cats = {c: [0, 0, 0, 0.0] for c in lex.categories}  # hits, narrator, attributed, weight
        lex_hits = []
        for h in (h for h in hits if h.lexicon == lex.name):
            start = tokens.start[h.first]
            end = tokens.end[h.last - 1]
            v = "attributed" if h.first in tokens.attributed else "narrator"
            c = cats[h.category]
            c[0] += 1
            c[1 if v == "narrator" else 2] += 1
            c[3] += h.weight
            lex_hits.append(
                LexiconHit(
                    start=start + offset,
                    end=end + offset,
                    text=text[start:end],
                    category=h.category,
                    term=h.term,
                    voice=v,  # type: ignore[arg-type]
                    paragraph=paragraph_of(start + offset),
                )
            )
        categories = {}
        for name, (n, narr, att, weight) in cats.items():
            whole = WholeCategoryCounts(
                **_counts(int(n), int(narr), int(att), voice), weighted=round(weight, 4)
            )
            headline = CategoryCounts(**_counts(int(n), int(narr), int(att), voice))
            categories[name] = CategoryScores(counts=headline, with_boilerplate=whole)
        out[lex.name] = LexiconScores(version=lex.version, categories=categories, hits=lex_hits)
    return out


def without_paragraphs(
    scores: dict[str, LexiconScores], keep: set[int], voice: VoiceCounts
) -> dict[str, LexiconScores]:
    """The lexicon blocks with top-level counts over the paragraphs in ``keep`` only (news,
    not boilerplate), rated per 1,000 words of ``voice`` (the counts without the others)."""
    out: dict[str, LexiconScores] = {}
    for name, block in scores.items():
        counts: dict[str, Counter[str]] = {c: Counter() for c in block.categories}
        for h in block.hits:
            if h.paragraph in keep:
                counts[h.category][h.voice] += 1
        categories = {}
        for cat, c in block.categories.items():
            k = counts[cat]
            narr, att = k["narrator"], k["attributed"]
            headline = CategoryCounts(**_counts(narr + att, narr, att, voice))
            categories[cat] = replace(c, counts=headline)
        out[name] = replace(block, categories=categories)
    return out
