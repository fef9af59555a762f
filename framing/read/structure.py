"""What around an article's body is not the body: an analysis step on the decoded text.

:func:`clean` reads the text's structure, not its bytes: it finds a leading metadata header
line, the title (headline), a dateline, a byline, trailing credit lines and a copyright
footer. They become metadata (``date``, ``title``, ``dateline``, ``agency``, ``byline``,
``credits``, ``copyright``, ...) and excluded regions; the text itself is never changed, so
every offset (``body_start``, ``body_end``, each :class:`~framing.schema.Region`) stays an
offset into the file's decoded text.

Where the patterns came from: the code records no source beyond its examples. The header line
(``date 2020-10-01`` followed by the first sentence), the own-line dateline (``BAKU,
Azerbaijan``), the credit line (``*Writing by ...``) and the copyright footer (``Copyright 2022
Anadolu Agency. All rights reserved. ...``) are those of the Anadolu Agency seed articles
(``seeds/``, checked in the tests). The inline dateline (``WASHINGTON (Reuters) -``), the
leading ``By ...`` byline and the other credit words (``Editing by``, ``Reporting by``, ...)
are wire-copy conventions given as examples only; no corpus is named for them.

The title is the file's first line when it reads as a headline (:func:`find_title`): the
title the input gives (a JSONL/CSV ``title`` field, an HTML ``<h1>``), or a short first line
followed by more text that has no sentence-final punctuation (``Amazon denies it favours
sellers``), is in title case (``Clinton Plan for Taxes Is Expansive but Complex.``), opens
with a kicker or a speaker and a colon (``Poll: Clinton and Trump in dead heat.``), or is a
headline and a deck on two short lines. The shapes are those of news headlines in general
(NewsDiscourse and PolNeAR texts start with one; PolNeAR ends every headline with a period);
the thresholds (25 words, 85% of the major words capitalised) are round numbers, not tuned.
A dateline, byline or header line may follow the title.

Dates the text gives: a header line (``date 2020-10-01``, ``published: October 1, 2020``), a
line that is only a date after the title or the byline (``October 3, 2020``, ``Published:
Sat, Oct. 3, 2020 10:15 a.m. ET``, ``Updated 2020-10-03``; kept out as a ``header`` region),
or an inline dateline with a full date (``NEW YORK, Oct. 3, 2020 (Reuters) -``); the first
found is ``metadata.date``. A dateline's day without a year (``May 5``) is no date, and such a
dateline is not recognised (as before). None of these shapes occurs in PolNeAR or
NewsDiscourse: their cleaning is unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from framing.schema import Region

__all__ = ["Cleaned", "clean", "find_title", "iso_date"]

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
    r"(?: [A-Z][A-Za-z.'\-]+){0,2})?)"
    r"(?:,[ \t]*(?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}))?"
    r"(?:[ \t]*\((?P<agency>[A-Za-z][\w .&-]{1,40})\))?"
    r"[ \t]*[-\u2013\u2014]+[ \t]+"
)
#: a line that is only a date, maybe labelled and with a time: ``October 3, 2020``,
#: ``Published: Sat, Oct. 3, 2020 10:15 a.m. ET``, ``Updated 2020-10-03``
_DATE_LINE = re.compile(
    r"[ \t]*(?:(?:Published|Updated|Posted|Last updated|Date)(?: on)?:?[ \t]+)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?[ \t]+)?(?P<date>" + _DATE_WORDS + r")"
    r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*[aApP]\.?[mM]\.?)?(?:[ \t]+[A-Z]{2,4})?)?"
    r"[ \t]*(?:\r?\n|\Z)",
    re.IGNORECASE,
)
_BYLINE_LEAD = re.compile(r"(?P<b>By [A-Z][^\n]{2,80})[ \t]*\r?\n")
_CREDIT = re.compile(
    r"\A\*?[ \t]*(?:\(?(?:Writing|Written|Reporting|Reported|Editing|Edited|Additional reporting|"
    r"Compiled|Translated|Contributing)\b[^\n]{0,200}\bby\b[^\n]*)\Z",
    re.IGNORECASE,
)
#: a capitalised line that ends a word with a period is a label ("ABSTRACT.", "TOP STORIES."),
#: not a dateline, unless the word is a short abbreviation ("Fla.", "N.Y.", "Calif.")
_LABEL_LINE = re.compile(r"(?:\A|[ ,])(?![A-Z]?[a-z]{1,5}\.\Z)(?![A-Z](?:\.[A-Z])+\.\Z)\S+\.\Z")
_COPYRIGHT = re.compile(r"\A(?:copyright\b|\u00a9|\(c\)\s*\d{4})|all rights reserved", re.I)

#: a title is at most this many words (a deck on a second line at most DECK_MAX_WORDS)
TITLE_MAX_WORDS = 25
DECK_MAX_WORDS = 30
#: the share of a title-case line's major words that are capitalised, at least
TITLE_CASE_SHARE = 0.85
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*\Z")
_LEAD_IN = re.compile(r"[,:;(\[\-\u2013\u2014]\Z")  # a line that leads into the next
_MD_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
#: up to five words and a colon: a kicker or a speaker ("Poll: ...", "Pat Caddell: ...")
_COLON_SHAPE = re.compile(
    r"\A[\"\u201c\u2018']?(?P<pre>[A-Z][\w.'\u2019&-]*(?:[ ][\w.'\u2019&-]+){0,4}):[ \t]+\S"
)
#: labels that open a notice or a transcript, never a title ("Note: ...", "WALLACE: ...")
_NOT_TITLE_LABEL = re.compile(
    r"\A(?:note|notes|update|updated|correction|clarification|editor['\u2019]s note|photo|"
    r"video|watch|read more|related|source|sources|by|q|a)\Z",
    re.IGNORECASE,
)
_SPEAKER_LABEL = re.compile(r"(?m)^[A-Z][A-Z.'\u2019 -]{1,30}:[ \t]")
_MINOR_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off",
    "on", "onto", "or", "over", "per", "so", "than", "that", "the", "to", "up", "upon", "via",
    "vs", "with", "yet",
})  # fmt: skip
_EDGE_PUNCT = "\"'\u2018\u2019\u201c\u201d()[],.:;!?\u2014\u2013-"
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


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

    @property
    def title(self) -> Region | None:
        """The title (headline) region, when the text starts with one."""
        return next((r for r in self.excluded if r.label == "title"), None)


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


def _headers(text: str, pos: int, meta: dict[str, Any], excluded: list[Region]) -> int:
    """Metadata header lines from ``pos`` on, into ``meta`` and ``excluded``; where they end."""
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
    return pos


def _date_line(text: str, pos: int, meta: dict[str, Any], excluded: list[Region]) -> int:
    """A line at ``pos`` that is only a date (:data:`_DATE_LINE`), into ``meta`` (the first
    date found wins) and ``excluded``; where it ends (``pos`` when there is none)."""
    m = _DATE_LINE.match(text, pos)
    if not m:
        return pos
    iso = iso_date(m.group("date"))
    if iso is None or _skip_space(text, m.end()) >= len(text):
        return pos
    meta.setdefault("date", iso)
    excluded.append(Region("header", pos, pos + len(m.group(0).rstrip())))
    return _skip_space(text, m.end())


def _title_case(line: str) -> bool:
    """Whether ``line`` is in title case: its major words after the first (not articles,
    short prepositions or conjunctions) capitalised, at least two of them and
    :data:`TITLE_CASE_SHARE` of them."""
    words = [w.strip(_EDGE_PUNCT) for w in line.split()[1:]]
    major = [w for w in words if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
    if len(major) < 2:
        return False
    return sum(1 for w in major if w[0].isupper()) >= TITLE_CASE_SHARE * len(major)


def _normal(title: str) -> str:
    """A title compared without case, quotes, spacing and final punctuation."""
    return " ".join(re.sub(r"[\"'\u2018\u2019\u201c\u201d.!?:;,]", " ", title).lower().split())


def _same_title(line: str, given: str) -> bool:
    """``line`` is the title the input gives: the same words, or one of them with a suffix
    (``... - Xinhua``, a deck) that keeps the shorter at least 60% of the longer."""
    a, b = _normal(line), _normal(given)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return a == b or (long.startswith(short + " ") and len(short) >= 0.6 * len(long))


def _headline_shape(line: str) -> bool:
    """Whether one line reads as a headline rather than a sentence of the body."""
    if _LEAD_IN.search(line):
        return False
    if not _SENTENCE_END.search(line):
        return True  # "Amazon India denies it gives select sellers preferential treatment"
    if _title_case(line):
        return True  # "Clinton Plan for Taxes Is Expansive but Complex."
    m = _COLON_SHAPE.match(line)
    return bool(m) and not _NOT_TITLE_LABEL.match(m.group("pre"))  # "Poll: Clinton and ..."


def find_title(text: str, pos: int, given: str | None = None) -> tuple[int, int] | None:
    """(start, end) of the title when ``text`` starts one at ``pos``, else ``None``.

    The title is the first line (a Markdown ``#`` left out), or the first two lines when the
    first ends in a semicolon or is in title case and a deck follows it (``Candidates vie
    for vets' support;`` / ``Trump and Clinton point out ...``), if more text follows it, it
    has at most :data:`TITLE_MAX_WORDS` words, and it is the title ``given`` by the input
    (metadata) or has a headline's shape (:func:`_headline_shape`). Never a transcript's first
    speaker line (``WALLACE: ...`` when other lines open with a speaker label too), nor a
    line of a hard-wrapped paragraph.
    """
    blank = _BLANK_LINE.search(text, pos)
    block_end = blank.start() if blank else len(text)
    lines = text[pos:block_end].split("\n")
    rest_start = _skip_space(text, pos + len(lines[0]))
    if rest_start >= len(text):
        return None
    if blank is None:
        # no blank line follows: every line is a paragraph, unless the text is hard-wrapped
        # (framing.paragraphs.split_paragraphs reads it the same way)
        if len(lines) > 3 and max(len(x) for x in lines) <= 100:
            return None
        lines = lines[:1]
    start = pos
    heading = _MD_HEADING.match(text, pos)
    if heading:
        start = heading.end()
    first = text[start : pos + len(lines[0])].rstrip()
    end = start + len(first)
    n_words = len(first.split())
    if not 2 <= n_words <= TITLE_MAX_WORDS:
        return None
    given_here = bool(given) and _same_title(first, given or "")
    deck = ""
    if len(lines) > 1 and not given_here:
        # a first paragraph of several lines: a headline and its deck, else no title (a
        # hard-wrapped or listed paragraph)
        deck = lines[1].strip()
        if len(lines) > 2 or not deck or len(deck.split()) > DECK_MAX_WORDS:
            return None
        if not (first.endswith(";") or _title_case(first)):
            return None
        end = pos + len(lines[0]) + 1 + len(lines[1].rstrip())
        n_words += len(deck.split())
    if len(text[end:].split()) < n_words:
        return None  # no body after it
    if given_here or heading or deck:
        return (start, end)
    if _SPEAKER_LABEL.match(first) and _SPEAKER_LABEL.search(text, end):
        return None  # a transcript: "WALLACE: ..." then "PENCE: ..."
    return (start, end) if _headline_shape(first) else None


def clean(text: str, *, title: str | None = None) -> Cleaned:
    """Where the body of ``text`` lies, and what around it is metadata.

    Leading: metadata header lines (``title: ...``, or `` date 2020-10-01`` followed by the
    first sentence on the same line), the title (:func:`find_title`; ``title``: the one the
    input gives, if any), a dateline (``BAKU, Azerbaijan`` on its own line, or ``WASHINGTON
    (Reuters) -``), a byline (``By Jane Doe``); header lines may follow the title too.
    Trailing: credit lines (``*Writing by ...``, ``Editing by ...``) and copyright footers.
    The body is never emptied: if cleaning would leave nothing, the whole text is the body.
    """
    meta: dict[str, Any] = {}
    excluded: list[Region] = []
    pos = _headers(text, _skip_space(text, 0), meta, excluded)
    if not _DATELINE_LINE.match(text, pos) and not _BYLINE_LEAD.match(text, pos):
        found = find_title(text, pos, title or meta.get("title"))
        if found is not None:
            meta.setdefault("title", " ".join(text[found[0] : found[1]].split()))
            excluded.append(Region("title", *found))
            pos = _headers(text, _skip_space(text, found[1]), meta, excluded)
    pos = _date_line(text, pos, meta, excluded)
    # dateline, own line or inline
    m = _DATELINE_LINE.match(text, pos)
    if (
        m
        and len(m.group("d").split()) <= 6
        and m.group("d").split(",")[0].isupper()
        and not _LABEL_LINE.search(m.group("d").rstrip())
    ):
        meta["dateline"] = m.group("d").strip()
        excluded.append(Region("dateline", pos, pos + len(m.group("d").rstrip())))
        pos = _skip_space(text, m.end())
    else:
        m = _DATELINE_INLINE.match(text, pos)
        if m and len(m.group("d").split(",")[0]) >= 3:
            meta["dateline"] = m.group("d").strip()
            when = iso_date(m.group("when")) if m.group("when") else None
            if when is not None:
                meta.setdefault("date", when)
            if m.group("agency"):
                meta["agency"] = m.group("agency").strip()
            excluded.append(Region("dateline", pos, m.end()))
            pos = m.end()
    # leading byline
    m = _BYLINE_LEAD.match(text, pos)
    if m and len(m.group("b").split()) <= 12 and not m.group("b").rstrip().endswith("."):
        meta["byline"] = m.group("b").strip()
        excluded.append(Region("byline", pos, pos + len(m.group("b").rstrip())))
        pos = _date_line(text, _skip_space(text, m.end()), meta, excluded)
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
