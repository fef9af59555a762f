"""Quotation marks: which characters open and close a quote, and where the quotes of a text are.

A quote is a ``(start, end)`` pair of character offsets with its marks included. Curly,
guillemet and straight double quotes count, and so do typewriter pairs (two backticks or two
apostrophes). Quotes may run over several paragraphs, the news convention for long quotes;
unbalanced marks never raise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches, marks included, as (start, end) offsets.

    Curly and straight double quotes, and typewriter pairs (two backticks or two apostrophes
    open, two apostrophes close, as in the NYT archive). A quote left open at a paragraph's
    end continues when the next paragraph opens with a quote mark (the news convention for
    multi-paragraph quotes), and is otherwise closed at the paragraph's end: unbalanced marks
    never raise.
    """
    breaks = [(m.start(), m.end()) for m in _PARA_BREAK.finditer(text)]
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    last_para_end = len(text)
    bi = 0
    i = 0
    n = len(text)
    while i < n:
        if bi < len(breaks) and i == breaks[bi][0]:
            b_start, b_end = breaks[bi]
            bi += 1
            if open_at is not None:
                nxt = text[b_end : b_end + 1]
                if not (nxt and (nxt in OPENING or nxt == STRAIGHT)):
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
                open_at = i
            elif pair == "''":
                quotes.append((open_at, i + 2))
                open_at = None
            i += 2
            continue
        if ch in OPENING:
            if open_at is None:
                open_at = i
        elif ch in CLOSING:
            if open_at is not None:
                quotes.append((open_at, i + 1))
                open_at = None
        elif ch == STRAIGHT:
            if open_at is None:
                open_at = i
            else:
                quotes.append((open_at, i + 1))
                open_at = None
        i += 1
    if open_at is not None:
        quotes.append((open_at, _rstrip_end(text, open_at, last_para_end)))
    return [q for q in quotes if q[1] - q[0] > 2]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def quote_at(quotes: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotes that overlap ``[start, end)``."""
    return [q for q in quotes if q[0] < end and start < q[1]]
