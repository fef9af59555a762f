"""Character and token span helpers: counting words, trimming edges, a token's subtree as
characters, the token at a character, word boundaries.

Offsets are character offsets into ``doc.text`` (see :func:`framing.nlp.doc_text`); a span is
a ``(start, end)`` pair, end exclusive.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from framing.attribution.quotes import CLOSING, STRAIGHT

#: what :func:`trim` strips from a span's edges: whitespace and clause punctuation
TRIM = " \t\r\n\u00a0,;:-–—"


def words(text: str) -> int:
    """The number of words (runs of word characters) in ``text``."""
    return len(re.findall(r"\w+", text))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and clause punctuation from both edges; keep quote marks and a period
    that closes a quote."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and (text[end - 1] in TRIM or text[end - 1] == "."):
        if text[end - 1] == "." and end - 2 >= start and text[end - 2] in CLOSING + STRAIGHT:
            break
        end -= 1
    return start, end


def subtree_span(tok: Token) -> tuple[int, int]:
    """The characters of a token's subtree, from its left edge to its right edge."""
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token that holds character ``char`` (the next one when it is whitespace)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


_WORD_CHAR = re.compile(r"\w")


def punct_run_before(text: str, i: int) -> int:
    """The start of the run of non-word characters that ends at ``i``: the least ``a`` for
    which :func:`only_punct_between` ``(text, a, i)`` holds."""
    while i > 0 and _WORD_CHAR.match(text, i - 1) is None:
        i -= 1
    return i


def punct_run_after(text: str, i: int) -> int:
    """The end of the run of non-word characters that starts at ``i``: the greatest ``b`` for
    which :func:`only_punct_between` ``(text, i, b)`` holds."""
    m = _WORD_CHAR.search(text, i)
    return m.start() if m is not None else len(text)


def only_punct_between(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` holds no word character (and ``a <= b``)."""
    return a <= b and not re.search(r"\w", text[a:b])


def inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls inside a word: "do|n’t", "Clinton|’s", "Wo|n’t"."""
    if i <= 0 or i >= len(text):
        return False
    prev, nxt = text[i - 1], text[i]
    if prev in "’'":  # "don’|t": an apostrophe with a letter on each side
        return i >= 2 and text[i - 2].isalnum() and nxt.isalpha()
    if not prev.isalnum():
        return False
    return nxt.isalnum() or (nxt in "’'" and i + 1 < len(text) and text[i + 1].isalpha())
