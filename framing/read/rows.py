"""JSONL and CSV inputs: one article per row.

A row needs a ``text`` field (a CSV: a ``text`` column, header names matched without case or
surrounding space); ``id`` and ``outlet`` are optional, and the fields in :data:`ROW_METADATA`
and the ``id`` as given become the article's metadata (a ``date`` normalised to
``YYYY-MM-DD`` where it can be). A bad row is a :class:`~framing.errors.Skipped` with its
line number, and the rows around it are read; a file with no rows at all (or a CSV without a
``text`` column) is :class:`Unreadable`.

- JSONL: one JSON object per non-blank line, UTF-8 (a BOM on the first line is dropped).
- CSV: the encoding is UTF-8 unless the first 64 KiB say otherwise; the dialect is sniffed
  (``,`` ``;`` tab ``|``), else Excel's.

Ids, outlets and the size limit are the caller's (:mod:`framing.read.inputs`): a row gives
them as found.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import Skipped
from framing.read.decode import Unreadable, decode_bytes, guess_encoding
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


def _row(record: dict[str, Any], where: str, line: int) -> Row | Skipped:
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
    return Row(
        line=line,
        text=text,
        id=str(rid).strip() if rid not in (None, "") else None,
        outlet=str(outlet).strip() if outlet not in (None, "") else None,
        metadata=meta,
    )


def jsonl_rows(path: Path) -> Iterator[Row | Skipped]:
    """The rows of a JSONL file, in order."""
    where = str(path)
    any_line = False
    with open(path, "rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            any_line = True
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Skipped(where, "line is not UTF-8", line_no)
                continue
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"invalid JSON: {exc.msg} (column {exc.colno})", line_no)
                continue
            if not isinstance(record, dict):
                yield Skipped(where, "line is not a JSON object", line_no)
                continue
            yield _row(record, where, line_no)
    if not any_line:
        raise Unreadable("empty file")


def csv_rows(path: Path, *, max_bytes: int) -> Iterator[Row | Skipped]:
    """The rows of a CSV file, in order (``line``: the line a row ends on). ``max_bytes`` sets
    csv's field size limit (a process-wide setting) to ``max(4 * max_bytes, 2**20)``
    characters; the size limit itself is the caller's."""
    where = str(path)
    with open(path, "rb") as fh:
        head = fh.read(65_536)
    text_head = decode_bytes(head) if head else ""
    if not text_head:
        raise Unreadable("empty file")
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            encoding = guess_encoding(head) or "cp1252"
    csv.field_size_limit(max(max_bytes * 4, 1 << 20))
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(8192)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(fh, dialect=dialect)
        fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
        if "text" not in fields:
            raise Unreadable(f"no 'text' column (columns: {', '.join(fields) or 'none'})")
        reader.fieldnames = fields
        try:
            for record in reader:
                line = reader.line_num
                if None in record:
                    yield Skipped(where, "row has more cells than the header", line)
                    continue
                yield _row(record, where, line)
        except csv.Error as exc:
            yield Skipped(where, f"malformed CSV: {exc}", reader.line_num)
