"""Keyword in context: the sentence around a span of an article, whitespace collapsed.

A context is the body sentence (``voice.sentences`` of the report) that holds the span's
start, when it is at most :data:`MAX_SENTENCE` characters long; else, or outside the body
sentences, a window of :data:`WIDTH` characters each side of the span, kept inside its
paragraph and cut at whitespace, with ``…`` where it was cut. Used by the ``context`` column
of ``lexicon_hits`` and by the keyword-in-context lists of ``framing compare``.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from framing.schema import Report

WIDTH = 60  # characters each side of the span when there is no (short) sentence
MAX_SENTENCE = 400  # a longer sentence (a list, a run-on table) gives the window instead
_SPACE = re.compile(r"\s+")
ELLIPSIS = "…"


class Context(NamedTuple):
    """The text before the span, the span, and the text after it (whitespace collapsed)."""

    left: str
    match: str
    right: str

    def text(self) -> str:
        return self.left + self.match + self.right


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text)


class ContextFinder:
    """Contexts of spans of one report (sentence starts indexed once)."""

    def __init__(self, report: Report, *, width: int = WIDTH, max_sentence: int = MAX_SENTENCE):
        self.text = report.text
        self.sentences = [(s.start, s.end) for s in report.voice.sentences]
        self.starts = [s for s, _ in self.sentences]
        self.paragraphs = sorted((p.span.start, p.span.end) for p in report.paragraphs)
        self.pstarts = [s for s, _ in self.paragraphs]
        self.width = width
        self.max_sentence = max_sentence

    def bounds(self, start: int, end: int) -> tuple[int, int, bool, bool]:
        """Where the context of ``[start, end)`` begins and ends, and whether it was cut on
        the left and on the right."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k >= 0:
            s0, s1 = self.sentences[k]
            if s0 <= start < s1 and max(s1, end) - s0 <= self.max_sentence:
                return s0, max(s1, end), False, False
        lo, hi = 0, len(self.text)
        k = bisect.bisect_right(self.pstarts, start) - 1
        if k >= 0 and self.paragraphs[k][0] <= start < self.paragraphs[k][1]:
            lo, hi = self.paragraphs[k][0], max(self.paragraphs[k][1], end)
        a, b = max(lo, start - self.width), min(hi, end + self.width)
        cut_left, cut_right = a > lo, b < hi
        if cut_left:  # start at a word: after the first whitespace of the window
            m = _SPACE.search(self.text, a, start)
            a = m.end() if m else a
        if cut_right:
            spaces = [m.start() for m in _SPACE.finditer(self.text, end, b)]
            b = spaces[-1] if spaces else b
        return a, b, cut_left, cut_right

    def context(self, start: int, end: int) -> Context:
        """The context of ``text[start:end]``: left, the span, right (the span's own
        whitespace collapsed too; left and right trimmed at their outer ends)."""
        a, b, cut_left, cut_right = self.bounds(start, end)
        t = self.text
        left = _collapse(t[a:start]).lstrip()
        right = _collapse(t[end:b]).rstrip()
        return Context(
            (ELLIPSIS + " " if cut_left else "") + left,
            _collapse(t[start:end]),
            right + (" " + ELLIPSIS if cut_right else ""),
        )
