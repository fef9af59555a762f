"""Dates of articles: parsed from a field's text, or found in a file's name.

:func:`parse_date` turns the ways a date is written in metadata (``2016-03-11``,
``2016-03-11T09:30:00Z``, ``20160311``, ``2016/03/11``, ``March 11, 2016``, ``11 March 2016``)
into ``YYYY-MM-DD``; anything else (``03/11/2016``: March or November?) is no date.

:func:`date_from_name` finds a date in a file's name: by default a year, month and day written
``2016-03-11`` (or with ``_``, ``.``, ``/`` between them, e.g. ``breitbart_2016-03-11_slug.txt``)
or as eight digits ``20201003`` (``20201003-ap-story.txt``), not inside a longer number, and a
real calendar day between 1900 and 2099. A user's pattern (:func:`compile_date_pattern`,
``--date-pattern``) replaces these shapes: its group ``date``, else its groups ``year``,
``month`` and ``day``, else its whole match is the date.
"""

from __future__ import annotations

import datetime
import re

from framing.errors import UsageError, param
from framing.read.structure import iso_date

__all__ = ["compile_date_pattern", "date_from_name", "iso_week", "parse_date"]

#: the file-name shapes searched by default: separated (``2016-03-11``) and compact
#: (``20201003``); neither inside a longer run of digits
NAME_DATES = (
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})[-_./](?P<month>\d{1,2})[-_./](?P<day>\d{1,2})(?!\d)"
    ),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})(?!\d)"),
)
_SEPARATED = re.compile(r"\A(\d{4})[-_./](\d{1,2})[-_./](\d{1,2})(?:\b|[T ])")
_COMPACT = re.compile(r"\A(\d{4})(\d{2})(\d{2})(?:\Z|[T ])")


def _ymd(year: str | int, month: str | int, day: str | int) -> str | None:
    """``YYYY-MM-DD`` when the three make a real day, else ``None``."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def parse_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD``, or ``None`` when it is not a date written in one of the
    shapes of the module's docstring."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    for rx in (_SEPARATED, _COMPACT):
        m = rx.match(text)
        if m:
            return _ymd(*m.groups())
    found = iso_date(text)
    if found is not None and _ymd(*found.split("-")) is not None:
        return found
    return None


def compile_date_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """``pattern`` compiled; a :class:`UsageError` when it is not a regular expression."""
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{param('date_pattern')}: invalid regular expression: {exc}") from None


def _from_match(m: re.Match[str]) -> str | None:
    names = m.groupdict()
    if names.get("date"):
        return parse_date(names["date"])
    if all(names.get(k) for k in ("year", "month", "day")):
        return _ymd(names["year"], names["month"], names["day"])
    return parse_date(m.group(0))


def date_from_name(name: str, pattern: re.Pattern[str] | None = None) -> str | None:
    """The date in the file name ``name`` (``YYYY-MM-DD``), or ``None``: the first match of
    ``pattern`` that reads as a date, else (without a pattern) of :data:`NAME_DATES`."""
    for rx in (pattern,) if pattern is not None else NAME_DATES:
        for m in rx.finditer(name):
            found = _from_match(m)
            if found is not None:
                return found
    return None


def iso_week(date: str) -> str | None:
    """The ISO week of a ``YYYY-MM-DD...`` date, as ``YYYY-Www`` (``2016-W10``)."""
    day = parse_date(date[:10]) if isinstance(date, str) else None
    if day is None:
        return None
    year, week, _ = datetime.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"
