"""Checks a lexicon cannot express in its schema: terms the tokenizer never matches; and
trying a lexicon on a piece of text."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from framing.lexicon import Category, Lexicon, load_lexicon
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


def score_doc(doc: Any, lex: Lexicon, tokenizer: Any) -> dict[str, Any]:
    """One lexicon's block (categories, hits with voice) for a Doc parsed from its own text,
    attributions found as ``framing analyze`` finds them."""
    from framing.attribution import AttributionResources, attribute
    from framing.lexicon.match import score_lexicons
    from framing.voice import attributed_intervals, voice, word_flags

    atts, _ = attribute(doc, doc.text, 0, AttributionResources.load())
    flags = word_flags(doc, 0, attributed_intervals(atts))
    block = score_lexicons(
        doc,
        0,
        LexiconMatcher([lex], tokenizer),
        {i for i, f in flags if f},
        voice(doc, 0, flags),
        lambda _pos: None,
    )
    return dict(block[lex.name])


def try_text(lexicon: str, text: str, model: str) -> list[dict[str, Any]]:
    """The hits of one lexicon in ``text``, with their voice."""
    from framing.nlp import load_nlp

    lex = load_lexicon(lexicon)
    nlp = load_nlp(model)
    return list(score_doc(nlp(text), lex, nlp.tokenizer)["hits"])
