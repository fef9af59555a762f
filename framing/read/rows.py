"""JSONL and CSV inputs: one article per row.

A row needs a ``text`` field (a CSV: a ``text`` column, header names matched without case or
surrounding space); ``id`` and ``outlet`` are optional, and the fields in :data:`ROW_METADATA`
and the ``id`` as given become the article's metadata (a ``date`` normalised to
``YYYY-MM-DD`` where it can be). A bad row is a :class:`~framing.errors.Skipped` with its
line number, and the rows around it are read; a file with no rows at all (or a CSV without a
``text`` column) is :class:`Unreadable`.

- JSONL: one JSON object per non-blank line, UTF-8 (a BOM on the first line is dropped).
- CSV: the encoding is UTF-8 unless the first 64 KiB say otherwise; the dialect is sniffed
  (``,`` ``;`` tab ``|``), else Excel's; a quote inside a quoted field is doubled (RFC 4180)
  unless the sniffer found an escape character. A bad row (a field over the size limit, a
  quote that does not close properly) is reported on the line it starts on, and the rows
  after it are read.

Ids, outlets and the size limit are the caller's (:mod:`framing.read.inputs`): a row gives
them as found.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from framing.errors import Skipped
from framing.read.decode import (
    Unreadable,
    decode_bytes,
    decoding_note,
    guess_encoding,
    mostly_utf8,
    without_surrogates,
)
from framing.read.files import open_input, path_text
from framing.read.structure import iso_date

__all__ = ["ROW_METADATA", "Row", "csv_rows", "jsonl_rows"]

#: row fields kept as the article's metadata (when a string or a number)
ROW_METADATA = ("date", "title", "url", "author", "section", "language")


@dataclass(frozen=True)
class Row:
    """One row with a non-blank text. ``id`` and ``outlet`` are stripped strings, ``None`` when
    the row has none (an empty value counts as none)."""

    line: int
    text: str
    id: str | None
    outlet: str | None
    metadata: dict[str, Any]


def _row(record: dict[str, Any], where: str, line: int, encoding: str = "utf-8") -> Row | Skipped:
    record, replaced = _clean_strings(record)
    text = record.get("text")
    if not isinstance(text, str):
        return Skipped(where, "no 'text' field", line)
    if not text.strip():
        return Skipped(where, "empty text", line)
    rid = record.get("id")
    outlet = record.get("outlet")
    meta = {k: record[k] for k in ROW_METADATA if isinstance(record.get(k), str | int | float)}
    if rid not in (None, ""):
        meta["id"] = str(rid)  # as given: the article's id is made safe for a file name
    if "date" in meta:
        meta["date"] = iso_date(str(meta["date"])) or str(meta["date"])
    note = decoding_note(encoding, replaced)
    if note is not None:
        meta["decoding"] = note
    return Row(
        line=line,
        text=text,
        id=str(rid).strip() if rid not in (None, "") else None,
        outlet=str(outlet).strip() if outlet not in (None, "") else None,
        metadata=meta,
    )


def _clean_strings(record: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The record with lone surrogates in its string values (undecodable bytes, lone
    ``\\udXXX`` escapes in JSON) replaced by U+FFFD, and how many were."""
    total = 0
    out: dict[str, Any] = {}
    for k, v in record.items():
        if isinstance(v, str):
            v, n = without_surrogates(v)
            total += n
        out[k] = v
    return out, total


def jsonl_rows(path: Path, *, stream: BinaryIO | None = None) -> Iterator[Row | Skipped]:
    """The rows of a JSONL file, in order (``stream``: read from it instead, ``path`` only
    names it: standard input). A line that is UTF-8 but for a few invalid bytes
    (:func:`~framing.read.decode.mostly_utf8`) is read with them replaced by U+FFFD."""
    where = path_text(path)
    any_line = False
    with open_input(path) if stream is None else contextlib.nullcontext(stream) as fh:
        for line_no, raw in enumerate(fh, start=1):
            if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            any_line = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                if mostly_utf8(raw) is None:
                    yield Skipped(where, "line is not UTF-8", line_no)
                    continue
                line = raw.decode("utf-8", "surrogateescape")  # replaced in _row
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"invalid JSON: {exc.msg} (column {exc.colno})", line_no)
                continue
            if not isinstance(record, dict):
                yield Skipped(where, "line is not a JSON object", line_no)
                continue
            yield _row(record, where, line_no)
    if not any_line:
        raise Unreadable("empty file")


class _Lines:
    """The physical lines of a text file (line ends kept: ``\\n``, ``\\r\\n`` or ``\\r``),
    numbered from 1, for :mod:`csv`; the lines taken since :meth:`mark` can be put back."""

    def __init__(self, fh: io.TextIOBase) -> None:
        self.fh = fh
        self.count = 0
        self.back: list[tuple[int, str]] = []
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.back:
            item = self.back.pop()
        else:
            line = self.fh.readline()
            if not line:
                raise StopIteration
            self.count += 1
            item = (self.count, line)
        self.taken.append(item)
        return item[1]

    def mark(self) -> None:
        self.taken = []

    def put_back(self, items: list[tuple[int, str]]) -> None:
        self.back.extend(reversed(items))

    def skip_record(self, quotechar: str | None) -> None:
        """Take lines until the record begun by the lines taken ends: where its quote
        characters are balanced (a doubled quote inside a quoted field counts twice)."""
        if not quotechar:
            return
        quotes = sum(line.count(quotechar) for _, line in self.taken)
        while quotes % 2:
            try:
                quotes += next(self).count(quotechar)
            except StopIteration:
                return


def csv_rows(path: Path, *, max_bytes: int) -> Iterator[Row | Skipped]:
    """The rows of a CSV file, in order (``line``: the line a good row ends on, the line a
    bad one starts on). ``max_bytes`` sets csv's field size limit (a process-wide setting) to
    ``max(4 * max_bytes, 2**20)`` characters; the size limit itself is the caller's.

    A bad row is reported and the rows after it are read: a row with a field over the limit
    is skipped to its end; a row of several lines that is not well-formed CSV (a quote opened
    and never closed swallows the rows after it) is reported, and reading resumes on its
    second line."""
    where = path_text(path)
    with open_input(path) as fh:
        head = fh.read(65_536)
    text_head = decode_bytes(head) if head else ""
    if not text_head:
        raise Unreadable("empty file")
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # not just a character cut at the chunk's end, nor a few bad bytes in UTF-8
        if exc.start < len(head) - 4 and mostly_utf8(head) is None:
            encoding = guess_encoding(head) or "cp1252"
    named = "utf-8" if encoding == "utf-8-sig" else encoding
    csv.field_size_limit(max(max_bytes * 4, 1 << 20))
    raw = open_input(path)
    with io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="") as fh:
        sample = fh.read(8192)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        if dialect.quotechar != '"':
            # the sniffer may guess another quote character from a small sample ("','" read
            # as one quoted field): keep its delimiter, with the standard quote, when that
            # reads more of the sample's records with the header's width
            standard = _with_quote(dialect, '"')
            if _fit(sample, standard) > _fit(sample, dialect):
                dialect = standard
        if dialect.escapechar is None:  # a quote in a quoted field is doubled (RFC 4180): the
            dialect = _doubled(dialect)  # sniffer says so only when its sample shows one
        lines = _Lines(fh)
        reader = csv.reader(lines, dialect=dialect)
        header: list[str] = []
        try:
            for header in reader:
                if header:
                    break
        except csv.Error as exc:
            raise Unreadable(f"malformed CSV header: {exc}") from None
        fields = [without_surrogates(f)[0].strip().lower() for f in header]
        if "text" not in fields:
            raise Unreadable(f"no 'text' column (columns: {', '.join(fields) or 'none'})")
        while True:
            lines.mark()
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                first = lines.taken[0][0] if lines.taken else lines.count
                if "field limit" in str(exc):
                    lines.skip_record(dialect.quotechar)
                else:
                    lines.put_back(lines.taken[1:])
                yield Skipped(where, f"malformed CSV: {exc}", first)
                continue
            if not cells:
                continue  # a blank line
            first, last = lines.taken[0][0], lines.taken[-1][0]
            if last > first and not _strict_ok(lines.taken, dialect):
                lines.put_back(lines.taken[1:])
                yield Skipped(where, _UNCLOSED.format(last=last), first)
                continue
            if len(cells) > len(fields):
                yield Skipped(where, "row has more cells than the header", last)
                continue
            yield _row(dict(zip(fields, cells, strict=False)), where, last, named)


_UNCLOSED = (
    "malformed CSV: a quote opened on this line does not close properly (the row ran on to "
    "line {last}); the lines after this one are read as rows"
)


def _fit(sample: str, dialect: Any) -> int:
    """How many of the sample's records (the last, maybe cut, left out) have as many fields
    as its header and a header with a ``text`` column, read with ``dialect``; -1 when the
    sample does not read."""
    try:
        records = [r for r in csv.reader(io.StringIO(sample), dialect=dialect) if r]
    except csv.Error:
        return -1
    if not records or "text" not in (f.strip().lower() for f in records[0]):
        return -1
    body = records[1:-1] if len(sample) >= 8192 else records[1:]
    return sum(1 for r in body if len(r) == len(records[0]))


def _with_quote(dialect: Any, quote: str) -> type[csv.Dialect]:
    class Quoted(dialect):  # type: ignore[misc, valid-type]
        quotechar = quote

    return Quoted


def _doubled(dialect: Any) -> type[csv.Dialect]:
    class Doubled(dialect):  # type: ignore[misc, valid-type]
        doublequote = True

    return Doubled


def _strict_ok(taken: list[tuple[int, str]], dialect: Any) -> bool:
    """Whether the lines of one record are one record of well-formed CSV (a stray quote
    makes csv read on to the next quote character, taking the rows in between)."""
    try:
        records = list(csv.reader(io.StringIO("".join(line for _, line in taken), newline=""),
                                  dialect=dialect, strict=True))  # fmt: skip
    except csv.Error:
        return False
    return len(records) == 1
