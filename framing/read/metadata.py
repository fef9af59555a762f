"""A metadata table (``--metadata FILE.tsv|csv``) joined to the articles read.

Corpora often ship their metadata beside the texts (PolNeAR's ``metadata.tsv``: ``filename``,
``publisher``, ``publication_date``, ``author``, ``title``, ...). :func:`read_metadata` reads
such a table; :class:`MetadataJoin` finds each article's row and counts what matched.

- **Format**: a header row, then one row per article. Tab-separated for ``.tsv``/``.tab``,
  else the delimiter is sniffed (``,`` ``;`` tab ``|``); the encoding as for articles
  (:mod:`framing.read.decode`). Header names are matched without case, surrounding space, or
  the difference between ``-``, `` `` and ``_``.
- **The join column** is the first of :data:`KEY_COLUMNS` the header has (``filename``,
  ``file``, ``path``, ``id``, ...). A row matches an article when its value, its last path
  part, or that part without its extension equals the article's file name (``a.txt``), its
  stem (``a``), its id, or a JSONL/CSV row's ``id`` as given: ``breitbart_2016-03-11_slug``
  matches ``.../breitbart_2016-03-11_slug.txt``. A value matching as given wins over one that
  matches without its extension; a key repeated in the table keeps its first row.
- **Recognised columns** (:data:`ROLES`) take the usual names: ``title`` (``headline``),
  ``date`` (``publication_date``, ``published``, ``pub_date``, ...; normalised to
  ``YYYY-MM-DD`` where :func:`~framing.read.dates.parse_date` reads it), ``url`` (``link``),
  ``author`` (``authors``, ``byline``) and ``outlet`` (``publisher``, ``publication``, ``site``,
  ``source``, ``newspaper``, ``media``). The outlet column sets the article's outlet (unless an
  ``--outlet-pattern`` or the row of a JSONL/CSV input gives one: see
  :mod:`framing.read.inputs`) and is kept under its own name; every other column but the join
  column is kept in the article's metadata under its header name, in lower case with ``_``
  for spaces and dashes (``Word Count`` -> ``word_count``, a name ``compare --by`` takes).
  Empty cells and the placeholders :data:`MISSING` (``None``, ``NA``, ``null``, ...) are no
  value.

Errors are :class:`~framing.errors.UsageError`\\ s naming the parameter ``metadata``: a file
that is missing or cannot be read, no header, no join column. Rows that match no article, and
articles with no row, are not errors: :meth:`MetadataJoin.warning` counts them.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import Notice, UsageError, param
from framing.read.dates import parse_date
from framing.read.decode import Unreadable, decode_bytes
from framing.read.files import open_input, path_text

__all__ = [
    "KEY_COLUMNS",
    "MISSING",
    "ROLES",
    "MetadataJoin",
    "MetadataRow",
    "MetadataTable",
    "read_metadata",
]

#: join columns, in the order they are looked for
KEY_COLUMNS = ("filename", "file_name", "file", "path", "id", "doc_id", "article_id", "name")
#: recognized columns -> the field they fill, first name first
ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "head"),
    "date": (
        "date",
        "publication_date",
        "published",
        "pub_date",
        "published_at",
        "publish_date",
        "date_published",
        "datetime",
        "timestamp",
    ),
    "url": ("url", "link", "uri"),
    "author": ("author", "authors", "byline"),
    "outlet": ("outlet", "publisher", "publication", "site", "source", "newspaper", "media"),
}
#: cell values that mean "no value" (compared without case)
MISSING = frozenset({"", "none", "null", "na", "n/a", "nan", "-"})
#: the largest metadata file read, in bytes
MAX_METADATA_BYTES = 200_000_000


def _norm(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


@dataclass(frozen=True)
class MetadataRow:
    """One row of the table: its record number (the header is 1), the outlet it gives (or
    ``None``) and the metadata fields it adds to the article."""

    line: int
    outlet: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class MetadataTable:
    """A metadata file read by :func:`read_metadata`: the join column, the recognized columns
    (field -> header name) and the rows, indexed by join key."""

    path: str
    key: str
    roles: dict[str, str]
    rows: tuple[MetadataRow, ...]
    exact: Mapping[str, int] = field(repr=False)  # the value as given, and its last path part
    loose: Mapping[str, int] = field(repr=False)  # that part without its extension
    repeated: int = 0  # rows whose key an earlier row has

    def find(self, names: Iterable[str | None]) -> int | None:
        """The index of the row matching the first of ``names`` (file name, stem, id, ...)
        that any row matches as given, else the first a row matches without its extension."""
        wanted = [n for n in names if n]
        for index in (self.exact, self.loose):
            for name in wanted:
                if name in index:
                    return index[name]
        return None

    def describe(self) -> str:
        return f"joined on column {self.key!r} by file name, stem or id"


def _keys(value: str) -> tuple[str, str]:
    """(as given, last path part) and that part without its extension."""
    last = re.split(r"[\\/]", value)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last.strip(".") else last
    return last, stem


def read_metadata(path: str | Path) -> MetadataTable:
    """The metadata table in ``path`` (TSV or CSV; see the module's docstring).

    Raises :class:`UsageError` (naming ``metadata``) when the file is missing or cannot be
    read, has no header or no join column."""
    where = path_text(path)
    p = Path(os.path.expanduser(str(path)))
    try:
        with open_input(p) as fh:
            data = fh.read(MAX_METADATA_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{param('metadata')} {where}: no such file") from None
    except (OSError, Unreadable) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"{param('metadata')} {where}: cannot read it: {why}") from None
    if len(data) > MAX_METADATA_BYTES:
        raise UsageError(f"{param('metadata')} {where}: over {MAX_METADATA_BYTES // 1_000_000} MB")
    if not data.strip():
        raise UsageError(f"{param('metadata')} {where}: empty file (expected a header row)")
    try:
        text = decode_bytes(data)
    except Unreadable as exc:
        raise UsageError(f"{param('metadata')} {where}: cannot read it: {exc}") from None
    if p.suffix.lower() in (".tsv", ".tab"):
        dialect: Any = csv.excel_tab
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), dialect=dialect) if r]
    except csv.Error as exc:
        raise UsageError(f"{param('metadata')} {where}: malformed: {exc}") from None
    if not records:
        raise UsageError(f"{param('metadata')} {where}: empty file (expected a header row)")
    header = [_norm(h) for h in records[0]]
    names = [h.strip() for h in records[0]]
    key = next((k for k in KEY_COLUMNS if k in header), None)
    if key is None:
        raise UsageError(
            f"{param('metadata')} {where}: no join column; expected one of "
            f"{', '.join(KEY_COLUMNS)} (columns: {', '.join(names) or 'none'})"
        )
    key_at = header.index(key)
    roles: dict[str, str] = {}
    role_at: dict[int, str] = {}
    for role, aliases in ROLES.items():
        at = next(
            (header.index(a) for a in aliases if a in header and header.index(a) != key_at), None
        )
        if at is not None and at not in role_at:
            roles[role] = names[at]
            role_at[at] = role
    rows: list[MetadataRow] = []
    exact: dict[str, int] = {}
    loose: dict[str, int] = {}
    repeated = 0
    for line, record in enumerate(records[1:], start=2):
        cells = [c.strip() for c in record]
        value = cells[key_at] if key_at < len(cells) else ""
        if value.lower() in MISSING:
            continue
        fields: dict[str, Any] = {}
        outlet = None
        for at, cell in enumerate(cells[: len(names)]):
            if at == key_at or cell.lower() in MISSING or not names[at]:
                continue
            role = role_at.get(at)
            if role == "outlet":
                outlet = cell
                fields[header[at]] = cell
            elif role == "date":
                # a date that does not read stays under its column's name: it must not hide
                # the file name's date nor make a junk --by month group
                date = parse_date(cell)
                fields["date" if date else header[at]] = date or cell
            elif role is not None:
                fields[role] = cell
            else:
                fields[header[at]] = cell
        last, stem = _keys(value)
        if value in exact or last in exact:  # the first row of a key wins
            repeated += 1
            continue
        index = len(rows)
        rows.append(MetadataRow(line, outlet, fields))
        exact[value] = index
        exact.setdefault(last, index)
        loose.setdefault(stem, index)
    return MetadataTable(where, names[key_at], roles, tuple(rows), exact, loose, repeated)


class MetadataJoin:
    """The join of one run: each article's row (:meth:`match`), and what matched nothing."""

    def __init__(self, table: MetadataTable) -> None:
        self.table = table
        self.matched: set[int] = set()
        self.articles = 0
        self.without_row = 0

    def match(self, names: Iterable[str | None]) -> MetadataRow | None:
        """The row of the article known by ``names`` (file name, stem, id, ...), or None."""
        self.articles += 1
        found = self.table.find(names)
        if found is None:
            self.without_row += 1
            return None
        self.matched.add(found)
        return self.table.rows[found]

    @property
    def unmatched_rows(self) -> int:
        return len(self.table.rows) - len(self.matched)

    def warning(self) -> Notice | None:
        """One line when rows matched no article or articles had no row, else ``None``."""
        parts = []
        n = len(self.table.rows) + self.table.repeated  # the table's rows
        if self.unmatched_rows:
            parts.append(f"{self.unmatched_rows} of {n} rows matched no article")
        if self.without_row:
            parts.append(f"{self.without_row} of {self.articles} articles had no row")
        if self.table.repeated:
            parts.append(f"{self.table.repeated} rows repeat a key (the first row is used)")
        if not parts:
            return None
        what = "; ".join(parts)
        return Notice(f"{param('metadata')} {self.table.path}: {what} ({self.table.describe()})")
