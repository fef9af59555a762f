"""Matching lexicon terms on the one parse, and scoring hits by voice.

Terms are tokenized with the pipeline's own tokenizer, so "cease-fire" or "so-called" match
the tokens spaCy makes of them. A token matches a term word when its lower-cased form or
lemma equals it, or, for a ``*`` word, starts with it. Within one category, overlapping
matches keep the longest (then the earliest); categories count independently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from framing.lexicon import Lexicon, Term
from framing.nlp import doc_text


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


def score_lexicons(
    doc: Doc,
    offset: int,
    matcher: LexiconMatcher,
    attributed_tokens: set[int],
    voice: dict[str, Any],
    paragraph_of: Any,
) -> dict[str, Any]:
    """The report's ``lexicons`` block: per lexicon and category, hits and rates per 1,000
    words in narrator and attributed text, and the hits themselves with their voice."""
    text = doc_text(doc)
    words = voice.get("words", 0) or 0
    narrator_words = voice.get("narrator_words", 0) or 0
    attributed_words = voice.get("attributed_words", 0) or 0

    def per_1k(x: float, n: int) -> float:
        return round(1000 * x / n, 3) if n else 0.0

    out: dict[str, Any] = {}
    hits = matcher.hits(doc)
    for lex in matcher.lexicons:
        cats = {
            c: {"hits": 0, "narrator_hits": 0, "attributed_hits": 0, "weighted": 0.0}
            for c in lex.categories
        }
        lex_hits = []
        for h in (h for h in hits if h.lexicon == lex.name):
            start = doc[h.first].idx
            last = doc[h.last - 1]
            end = last.idx + len(last.text)
            v = "attributed" if h.first in attributed_tokens else "narrator"
            c = cats[h.category]
            c["hits"] += 1
            c[f"{v}_hits"] += 1
            c["weighted"] += h.weight
            lex_hits.append(
                {
                    "start": start + offset,
                    "end": end + offset,
                    "text": text[start:end],
                    "category": h.category,
                    "term": h.term,
                    "voice": v,
                    "paragraph": paragraph_of(start + offset),
                }
            )
        for c in cats.values():
            c["weighted"] = round(c["weighted"], 4)
            c["per_1k"] = per_1k(c["hits"], words)
            c["per_1k_narrator"] = per_1k(c["narrator_hits"], narrator_words)
            c["per_1k_attributed"] = per_1k(c["attributed_hits"], attributed_words)
        out[lex.name] = {
            "version": lex.version,
            "categories": cats,
            "hits": lex_hits,
        }
    return out
