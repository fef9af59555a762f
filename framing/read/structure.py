"""What around an article's body is not the body: an analysis step on the decoded text.

:func:`clean` reads the text's structure, not its bytes: it finds a leading metadata header
line, a dateline, a byline, trailing credit lines and a copyright footer. They become metadata
(``date``, ``dateline``, ``agency``, ``byline``, ``credits``, ``copyright``, ...) and excluded
regions; the text itself is never changed, so every offset (``body_start``, ``body_end``, each
:class:`~framing.schema.Region`) stays an offset into the file's decoded text.

Where the patterns came from: the code records no source beyond its examples. The header line
(``date 2020-10-01`` followed by the first sentence), the own-line dateline (``BAKU,
Azerbaijan``), the credit line (``*Writing by ...``) and the copyright footer (``Copyright 2022
Anadolu Agency. All rights reserved. ...``) are those of the Anadolu Agency seed articles
(``seeds/``, checked in the tests). The inline dateline (``WASHINGTON (Reuters) -``), the
leading ``By ...`` byline and the other credit words (``Editing by``, ``Reporting by``, ...)
are wire-copy conventions given as examples only; no corpus is named for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from framing.schema import Region

__all__ = ["Cleaned", "clean", "iso_date"]

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_WORDS = (
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+Z-]+)?"
    r"|[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})"
)
_HEADER = re.compile(
    r"[ \t]*(?P<key>date|published|updated|dateline|title|author|source|url|outlet)[ \t]*"
    r"(?::[ \t]*(?P<value>[^\n]+)\n|[ \t]+(?P<date>" + _DATE_WORDS + r")(?=[ \t\n]))",
    re.IGNORECASE,
)
_DATELINE_LINE = re.compile(
    r"(?P<d>[A-Z][A-Z.'\- ]{1,40}(?:,[ \t]*[A-Z][A-Za-z.'\- ]{1,40}){0,2})[ \t]*\r?\n"
)
_DATELINE_INLINE = re.compile(
    r"(?P<d>[A-Z][A-Z.'\-]{1,30}(?: [A-Z][A-Z.'\-]{1,30}){0,3}(?:,[ \t]*[A-Z][A-Za-z.'\-]+"
    r"(?: [A-Z][A-Za-z.'\-]+){0,2})?)(?:[ \t]*\((?P<agency>[A-Za-z][\w .&-]{1,40})\))?"
    r"[ \t]*[-\u2013\u2014]+[ \t]+"
)
_BYLINE_LEAD = re.compile(r"(?P<b>By [A-Z][^\n]{2,80})[ \t]*\r?\n")
_CREDIT = re.compile(
    r"\A\*?[ \t]*(?:\(?(?:Writing|Written|Reporting|Reported|Editing|Edited|Additional reporting|"
    r"Compiled|Translated|Contributing)\b[^\n]{0,200}\bby\b[^\n]*)\Z",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"\A(?:copyright\b|\u00a9|\(c\)\s*\d{4})|all rights reserved", re.I)


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from ``2020-10-01...``, ``October 1, 2020`` (or ``Oct. 1, 2020``) or
    ``1 October 2020``; ``None`` for anything else."""
    value = value.strip()
    m = _ISO.match(value)
    if m:
        return m.group(0)
    m = re.match(r"([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})", value)
    if m and m.group(1).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(1).lower()[:3]))
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
    m = re.match(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", value)
    if m and m.group(2).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(2).lower()[:3]))
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    return None


@dataclass
class Cleaned:
    """Where the body lies (``text[body_start:body_end]``), the metadata found around it and
    the regions excluded from analysis, in text order."""

    body_start: int
    body_end: int
    metadata: dict[str, Any] = field(default_factory=dict)
    excluded: list[Region] = field(default_factory=list)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _paragraph_ends(text: str, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank paragraphs of text[:end], last first."""
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", text[:end]):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((s, e))
    return spans[::-1]


def clean(text: str) -> Cleaned:
    """Where the body of ``text`` lies, and what around it is metadata.

    Leading: metadata header lines (``title: ...``, or `` date 2020-10-01`` followed by the
    first sentence on the same line), a dateline (``BAKU, Azerbaijan`` on its own line, or
    ``WASHINGTON (Reuters) -``), a byline (``By Jane Doe``). Trailing: credit lines
    (``*Writing by ...``, ``Editing by ...``) and copyright footers. The body is never emptied:
    if cleaning would leave nothing, the whole text is the body.
    """
    meta: dict[str, Any] = {}
    excluded: list[Region] = []
    pos = _skip_space(text, 0)
    # metadata header lines
    for _ in range(10):
        m = _HEADER.match(text, pos)
        if not m:
            break
        key = m.group("key").lower()
        value = (m.group("value") or m.group("date") or "").strip()
        if key in ("date", "published", "updated"):
            iso = iso_date(value)
            if iso is None:
                break
            meta.setdefault("date", iso)
        else:
            meta.setdefault(key, value)
        end = m.start("date") + len(m.group("date")) if m.group("date") else m.end()
        excluded.append(Region("header", pos, end if m.group("date") else m.end() - 1))
        pos = _skip_space(text, end)
    # dateline, own line or inline
    m = _DATELINE_LINE.match(text, pos)
    if m and len(m.group("d").split()) <= 6 and m.group("d").split(",")[0].isupper():
        meta["dateline"] = m.group("d").strip()
        excluded.append(Region("dateline", pos, pos + len(m.group("d").rstrip())))
        pos = _skip_space(text, m.end())
    else:
        m = _DATELINE_INLINE.match(text, pos)
        if m and len(m.group("d").split(",")[0]) >= 3:
            meta["dateline"] = m.group("d").strip()
            if m.group("agency"):
                meta["agency"] = m.group("agency").strip()
            excluded.append(Region("dateline", pos, m.end()))
            pos = m.end()
    # leading byline
    m = _BYLINE_LEAD.match(text, pos)
    if m and len(m.group("b").split()) <= 12 and not m.group("b").rstrip().endswith("."):
        meta["byline"] = m.group("b").strip()
        excluded.append(Region("byline", pos, pos + len(m.group("b").rstrip())))
        pos = _skip_space(text, m.end())
    # trailing credits and footers
    end = len(text)
    trailing: list[Region] = []
    for s, e in _paragraph_ends(text, end):
        if s <= pos:
            break
        chunk = text[s:e]
        words = len(chunk.split())
        if words <= 80 and _COPYRIGHT.search(chunk):
            trailing.append(Region("footer", s, e))
            meta.setdefault("copyright", " ".join(chunk.split()))
        elif words <= 40 and _CREDIT.match(chunk.strip()):
            trailing.append(Region("byline", s, e))
            meta.setdefault("credits", " ".join(chunk.lstrip("* \t").split()))
        else:
            break
        end = s
    body_end = end
    while body_end > pos and text[body_end - 1].isspace():
        body_end -= 1
    if body_end <= pos or not text[pos:body_end].strip():
        start = _skip_space(text, 0)
        stop = len(text.rstrip())
        return Cleaned(start, stop, {}, [])
    excluded.extend(sorted(trailing, key=lambda r: r.start))
    return Cleaned(pos, body_end, meta, excluded)
