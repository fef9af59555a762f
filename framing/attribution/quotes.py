"""Quotation marks: which characters open and close a quote, and where the quotes of a text are.

A quote is a ``(start, end)`` pair of character offsets with its marks included. Curly,
guillemet and straight double quotes count, and so do typewriter pairs (two backticks or two
apostrophes). Quotes may run over several paragraphs, the news convention for long quotes;
unbalanced marks never raise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
#: a paragraph break: a blank line (spaces allowed)
PARA_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
#: the characters :func:`find_quotes` acts on (typewriter pairs start with ``'`` or a backtick)
_MARKS = re.compile("[" + re.escape(OPENING + CLOSING + STRAIGHT + "'`") + "]")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches, marks included, as (start, end) offsets.

    Curly and straight double quotes, and typewriter pairs (two backticks or two apostrophes
    open, two apostrophes close, as in the NYT archive). A quote left open at a paragraph's
    end continues when the next paragraph opens with a quote mark of the same kind (the news
    convention for multi-paragraph quotes: a straight one after a straight one, a curly one
    after a curly one), and is otherwise closed at the paragraph's end: unbalanced marks never
    raise. Curly quotes inside a straight one are quotes of their own and do not close it (a
    transcript's ``"PENCE: ... an episode of “Shark Tank.” But ...`` goes on after them); a
    curly closing mark with none open inside closes it (``"We will win,” he said``). Quotes
    come sorted by start; a quote inside another comes after it.
    """
    breaks = [(m.start(), m.end()) for m in PARA_BREAK.finditer(text)]
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open = False  # the open quote opened with a straight mark
    inner: list[int] = []  # curly quotes open inside a straight one: "He called it “fake.”"
    last_para_end = len(text)
    bi = 0
    i = 0
    n = len(text)
    while i < n:
        # jump to the next quote mark or paragraph break: nothing else changes the state
        m = _MARKS.search(text, i)
        nxt = m.start() if m is not None else n
        if bi < len(breaks) and i <= breaks[bi][0] < nxt:
            nxt = breaks[bi][0]
        if nxt > i:
            i = nxt
            continue
        if bi < len(breaks) and i == breaks[bi][0]:
            b_start, b_end = breaks[bi]
            bi += 1
            inner = []
            if open_at is not None:
                nxt = text[b_end : b_end + 1]
                if not (nxt and (nxt == STRAIGHT if straight_open else nxt in OPENING)):
                    quotes.append((open_at, _rstrip_end(text, open_at, b_start)))
                    open_at = None
                else:
                    i = b_end + 1  # the re-opening mark continues the same quote
                    continue
            i = b_end
            continue
        ch = text[i]
        pair = text[i : i + 2]
        if pair in ("''", "``"):
            # typewriter double quotes (NYT archive): ``open'' or ''open'' ... ''close''
            if open_at is None:
                open_at, straight_open = i, False
            elif pair == "''":
                quotes.append((open_at, i + 2))
                open_at = None
            i += 2
            continue
        if ch in OPENING:
            if open_at is None:
                open_at, straight_open = i, False
            elif straight_open:
                inner.append(i)
        elif ch in CLOSING:
            if inner:
                quotes.append((inner.pop(), i + 1))
            elif open_at is not None:
                quotes.append((open_at, i + 1))
                open_at = None
        elif ch == STRAIGHT:
            if open_at is None:
                open_at, straight_open = i, True
            else:
                inner = []
                quotes.append((open_at, i + 1))
                open_at = None
        i += 1
    if open_at is not None:
        quotes.append((open_at, _rstrip_end(text, open_at, last_para_end)))
    return sorted(q for q in quotes if q[1] - q[0] > 2)


@lru_cache(maxsize=8)
def quotes_of(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`find_quotes`, once per text: the extraction passes and the speakers both read
    the quotes of the Doc's text."""
    return tuple(find_quotes(text))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` (split at blank lines) as ``(start, end)`` offsets, without
    the whitespace at their edges; empty ones left out."""
    out = []
    start = 0
    for m in [*PARA_BREAK.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        if m is not None:
            start = m.end()
    return out


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def quote_at(quotes: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotes that overlap ``[start, end)``."""
    return [q for q in quotes if q[0] < end and start < q[1]]
