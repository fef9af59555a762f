"""The main text of an HTML page: the visible text of its ``<article>`` (else ``<main>``, else
``<body>``, else the whole page), one paragraph per block element, without page chrome
(scripts, styles, navigation, header, footer, asides, forms, figures), plus the metadata found
in the page (title, date, author)."""

from __future__ import annotations

import html.parser
import re
from collections import Counter
from typing import Any

from framing.read.structure import iso_date

__all__ = ["html_main_text"]

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
              "form", "button", "iframe", "figure", "select"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3",
               "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "hr", "dd", "dt"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr"}  # fmt: skip


class _MainText(html.parser.HTMLParser):
    """Visible text of the ``<article>`` (else ``<main>``, else ``<body>``), paragraphs kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()  # tags on the stack: an end tag is looked up in O(1)
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": [], "all": []}
        self.inside: dict[str, int] = {"article": 0, "main": 0, "body": 0}
        self.title: list[str] = []
        self.h1: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _emit(self, s: str) -> None:
        self.parts["all"].append(s)
        for k, n in self.inside.items():
            if n:
                self.parts[k].append(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = (a.get("property") or a.get("name") or "").lower()
            if key in ("article:published_time", "date", "pubdate", "og:title", "author"):
                self.meta.setdefault(key, a.get("content", ""))
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip:
                self._emit("\n")
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag in self.inside:
            self.inside[tag] += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open[tag]:
            return
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            if top in _SKIP_TAGS:
                self.skip -= 1
            if top in self.inside:
                self.inside[top] -= 1
            if top == "title":
                self.in_title = False
            if top == "h1":
                self.in_h1 = False
            if top in _BLOCK_TAGS and not self.skip:
                self._emit("\n\n")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1.append(data)
        self._emit(data)

    def finish(self) -> None:
        """``close()``, except that a construct left unfinished at the end of the page (a tag,
        comment, declaration or processing instruction that never closes) swallows the rest
        of the page, as in browsers (and in the parser of newer Pythons): the parser of older
        Pythons re-scans the rest once per ``<`` in it, which is quadratic."""
        if len(self.rawdata) > 1 and self.rawdata.startswith("<"):
            self.rawdata = ""
        self.close()

    def result(self) -> tuple[str, dict[str, Any]]:
        chosen = ""
        for k in ("article", "main", "body", "all"):
            chosen = "".join(self.parts[k])
            if chosen.strip():
                break
        paragraphs = []
        for block in re.split(r"\n\s*\n", chosen):
            line = re.sub(r"[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*", "\n", block)
            line = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
            if line:
                paragraphs.append(line)
        meta: dict[str, Any] = {}
        title = " ".join("".join(self.h1 or self.title).split()) or self.meta.get("og:title", "")
        if title:
            meta["title"] = title
        date = iso_date(self.meta.get("article:published_time") or self.meta.get("date") or "")
        if date:
            meta["date"] = date
        if self.meta.get("author"):
            meta["author"] = self.meta["author"]
        return "\n\n".join(paragraphs) + ("\n" if paragraphs else ""), meta


def html_main_text(source: str) -> tuple[str, dict[str, Any]]:
    """The main visible text of an HTML page (paragraphs separated by blank lines) and metadata
    found in it (title, date, author)."""
    parser = _MainText()
    parser.feed(source)
    parser.finish()
    return parser.result()
