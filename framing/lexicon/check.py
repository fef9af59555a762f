"""Checks a lexicon cannot express in its schema: terms the tokenizer never matches.
(Trying a lexicon on a piece of text is :func:`framing.analyze.analyze_text`.)"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from framing.lexicon import Category, Lexicon
from framing.lexicon.match import LexiconMatcher


@lru_cache(maxsize=1)
def _blank() -> Any:
    import spacy

    return spacy.blank("en")


def unmatchable_terms(lex: Lexicon) -> list[str]:
    """Warnings for terms that would not match even their own text once tokenized (a '*'
    after a character the tokenizer splits off, stray punctuation)."""
    nlp = _blank()
    out = []
    for cat in lex.categories.values():
        for term in cat.terms:
            single = Lexicon(lex.name, lex.version, categories={})
            single.categories[cat.name] = Category(cat.name, "", [term])
            matcher = LexiconMatcher([single], nlp.tokenizer)
            sample = " ".join(w.rstrip("*") + ("s" if w.endswith("*") else "") for w in
                              term.text.split())  # fmt: skip
            doc = nlp(sample)
            if not matcher.hits(doc):
                where = f"{lex.path}:{term.line}" if term.line else str(lex.path)
                out.append(
                    f"{where}: term '{term.text}' in '{cat.name}' never matches: the tokenizer "
                    f"splits '{sample}' as {[t.text for t in doc]}"
                )
    return out
