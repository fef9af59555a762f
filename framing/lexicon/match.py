"""Matching lexicon terms on the one parse, and scoring hits by voice.

Terms are tokenized with the pipeline's own tokenizer, so "cease-fire" or "so-called" match
the tokens spaCy makes of them. A token matches a term word when its lower-cased form or
lemma equals it, or, for a ``*`` word, starts with it. Within one category, overlapping
matches keep the longest (then the earliest); categories count independently.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token

from framing.lexicon import Lexicon, Term
from framing.nlp import doc_text
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


def _token_forms(tok: Token) -> tuple[str, str]:
    return tok.lower_, tok.lemma_.lower()


def _word_matches(tok: Token, word: str, prefix: bool) -> bool:
    lower, lemma = _token_forms(tok)
    if prefix:
        return lower.startswith(word) or lemma.startswith(word)
    return lower == word or lemma == word


class LexiconMatcher:
    """Finds every term of some lexicons in a Doc. Build once per run, reuse for every Doc."""

    def __init__(self, lexicons: list[Lexicon], tokenizer: Any) -> None:
        self.lexicons = lexicons
        self.exact: dict[str, list[_Pattern]] = defaultdict(list)
        self.prefix: dict[str, list[_Pattern]] = defaultdict(list)
        self.prefix_lengths: set[int] = set()
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

    def _candidates(self, tok: Token) -> list[_Pattern]:
        lower, lemma = _token_forms(tok)
        found = list(self.exact.get(lower, ()))
        if lemma != lower:
            found += self.exact.get(lemma, ())
        for n in self.prefix_lengths:
            for form in {lower, lemma}:
                if len(form) >= n:
                    found += self.prefix.get(form[:n], ())
        return found

    def hits(self, doc: Doc) -> list[Hit]:
        raw: dict[tuple[str, str], list[Hit]] = defaultdict(list)
        n = len(doc)
        for tok in doc:
            for p in self._candidates(tok):
                k = len(p.words)
                if tok.i + k > n:
                    continue
                if all(_word_matches(doc[tok.i + j], w, pre) for j, (w, pre) in enumerate(p.words)):
                    raw[(p.lexicon, p.category)].append(
                        Hit(p.lexicon, p.category, p.term.text, p.term.weight, tok.i, tok.i + k)
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
    doc: Doc,
    offset: int,
    matcher: LexiconMatcher,
    attributed_tokens: set[int],
    voice: VoiceCounts,
    paragraph_of: Callable[[int], int | None],
    *,
    start: int = 0,
) -> dict[str, LexiconScores]:
    """The report's ``lexicons`` block over the whole body: per lexicon and category, hits and
    rates per 1,000 words in narrator and attributed text (``voice``: the body's counts), and
    the hits themselves with their voice and paragraph. The top-level counts are the same as
    ``with_boilerplate`` until :func:`without_paragraphs` leaves paragraphs out. ``start``:
    the file offset where the body starts, when the Doc starts before it (with the title):
    hits before it are left out."""
    text = doc_text(doc)
    out: dict[str, LexiconScores] = {}
    hits = [h for h in matcher.hits(doc) if doc[h.first].idx + offset >= start]
    for lex in matcher.lexicons:
        cats = {c: [0, 0, 0, 0.0] for c in lex.categories}  # hits, narrator, attributed, weight
        lex_hits = []
        for h in (h for h in hits if h.lexicon == lex.name):
            start = doc[h.first].idx
            last = doc[h.last - 1]
            end = last.idx + len(last.text)
            v = "attributed" if h.first in attributed_tokens else "narrator"
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
