"""Reading articles: folders, files and globs in; :class:`~framing.schema.Article` or
:class:`~framing.errors.Skipped` out. The lowest stage of the flow: it may import only
``framing.schema``, ``framing.errors``, ``framing.config`` and ``framing.fsutil`` (never the NLP
or analysis stages).

- :mod:`~framing.read.inputs`: folders, files and globs; ids, outlets, the size limit, dispatch
  by suffix; :func:`read_articles`, :func:`article_from_text`, :func:`count_items`.
- :mod:`~framing.read.decode`: bytes to text (BOMs, UTF-16 without BOM, UTF-8 with a few bad
  bytes, Windows-1252/Latin-1, binary and empty files).
- :mod:`~framing.read.files`: opening an input: regular files only (never a FIFO or device).
- :mod:`~framing.read.html`: the main text of an HTML page.
- :mod:`~framing.read.rows`: JSONL and CSV inputs, one article per row.
- :mod:`~framing.read.metadata`: a metadata table (TSV/CSV) joined to the articles on file name,
  stem or id: :func:`read_metadata`, :class:`MetadataJoin`.
- :mod:`~framing.read.dates`: dates from metadata values and file names.
- :mod:`~framing.read.structure`: :func:`clean`, the analysis step that finds a metadata header,
  dateline, byline and copyright footer around the body (offsets stay offsets into the text).

Bad inputs never raise: they come out as ``Skipped`` with a one-line reason. Unusable
arguments (a missing input, a bad ``outlet_pattern``) raise
:class:`~framing.errors.UsageError` at once, before anything is read.
"""

from __future__ import annotations

from framing.read.dates import date_from_name, parse_date
from framing.read.decode import decode_bytes
from framing.read.html import html_main_text
from framing.read.inputs import (
    article_from_text,
    compile_outlet_pattern,
    count_items,
    read_articles,
    read_text_file,
    safe_id,
)
from framing.read.metadata import MetadataJoin, MetadataTable, read_metadata
from framing.read.structure import Cleaned, clean

__all__ = [
    "Cleaned",
    "MetadataJoin",
    "MetadataTable",
    "article_from_text",
    "clean",
    "compile_outlet_pattern",
    "count_items",
    "date_from_name",
    "decode_bytes",
    "html_main_text",
    "parse_date",
    "read_articles",
    "read_metadata",
    "read_text_file",
    "safe_id",
]
