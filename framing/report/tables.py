"""Corpus tables: one row per article, attribution and paragraph, streamed to CSV atomically.

Plain UTF-8 CSV with a header row: loads in pandas (``pd.read_csv``), DuckDB and spreadsheets.
:func:`read_table` reads a table back (CSV or Parquet, same columns) as typed rows.

Two rules keep untrusted text (article titles, speaker names, quoted contents) harmless in a
CSV cell, whatever it holds:

- **quoting**: a field holding a comma, a double quote, ``\n`` or ``\r`` is quoted (the
  standard library's writer, with ``lineterminator="\n"``, leaves a lone ``\r`` unquoted, and
  every CSV reader then splits the row there); otherwise the bytes are what ``csv.writer``
  writes;
- **formula neutralising** (OWASP, "CSV injection"): a *text* cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return would be run as a formula by a spreadsheet; it is
  written with a single quote in front (``'=HYPERLINK(...)``). Numbers are never touched (a
  negative share stays ``-0.5``). The prefix is reversible: a text that already starts with
  quotes followed by such a character gets one more, and :func:`read_table` takes one off, so
  it gives back the raw text. The JSON reports and Parquet tables (not a spreadsheet format)
  hold the raw values.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from framing.errors import FramingError, UsageError, param
from framing.fsutil import FILE_MODE, temp_prefix
from framing.readability import KEYS as READABILITY_KEYS
from framing.report.kwic import ContextFinder
from framing.schema import (
    TABLE_ROWS,
    ArticleRow,
    AttributionRow,
    BoilerplateRow,
    LexiconHitRow,
    LexiconScoreRow,
    ParagraphRow,
    Report,
    SpeakerRow,
    column_kind,
    columns,
    to_json,
)

READABILITY_COLUMNS = list(READABILITY_KEYS)

ARTICLE_COLUMNS = columns(ArticleRow)
ATTRIBUTION_COLUMNS = columns(AttributionRow)
PARAGRAPH_COLUMNS = columns(ParagraphRow)
LEXICON_SCORE_COLUMNS = columns(LexiconScoreRow)
LEXICON_HIT_COLUMNS = columns(LexiconHitRow)
BOILERPLATE_COLUMNS = columns(BoilerplateRow)
SPEAKER_COLUMNS = columns(SpeakerRow)

# value types of every column (a name means the same thing in every table that has it)
_KINDS = {c: column_kind(rt, c) for rt in TABLE_ROWS.values() for c in columns(rt)}
INT_COLUMNS = frozenset(c for c, k in _KINDS.items() if k == "int")
FLOAT_COLUMNS = frozenset(c for c, k in _KINDS.items() if k == "float")


#: what a spreadsheet reads as the start of a formula (OWASP: CSV injection)
FORMULA_START = frozenset("=+-@\t\r")
_QUOTE = re.compile(r'[,"\r\n]')


def neutralise(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a single quote in front when it starts with a
    formula character, or with quotes then one (so that :func:`unneutralise` is its inverse)."""
    if text.lstrip("'")[:1] in FORMULA_START:
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """The raw text of a cell :func:`neutralise` wrote."""
    if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_START:
        return text[1:]
    return text


def csv_cell(value: Any) -> str:
    """One value as its CSV cell text, before quoting: empty for ``None``, text neutralised,
    numbers as ``str()`` gives them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def csv_line(cells: Sequence[str]) -> str:
    """One CSV record: ``csv.writer``'s bytes (``lineterminator="\n"``, minimal quoting),
    except that a field holding a lone ``\r`` is quoted too."""
    out = ['"' + c.replace('"', '""') + '"' if _QUOTE.search(c) else c for c in cells]
    if out == [""]:
        out = ['""']  # a record of one empty field is not a blank line
    return ",".join(out) + "\n"


class TableError(FramingError):
    """A corpus table that framing cannot read back (edited, truncated, or from two runs)."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(
            f"{where}: {reason}; the table is damaged: run framing analyze again to rewrite it"
        )


def _typed(column: str, value: Any, unquote: bool = False) -> Any:
    if value is None or value == "":
        return None
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        x = float(value)
        return None if x != x else x  # NaN (a Parquet null read as float) -> None
    if not isinstance(value, str):
        return str(value)
    return unneutralise(value) if unquote else value


def table_path(out_dir: str | Path, stem: str) -> Path:
    """``STEM.csv`` or ``STEM.parquet`` in ``out_dir`` (the newer when both are there).

    Raises :class:`~framing.errors.UsageError` when neither exists."""
    out = Path(out_dir)
    found = [p for p in (out / f"{stem}.csv", out / f"{stem}.parquet") if p.is_file()]
    if not found:
        raise UsageError(
            f"{out}: no {stem}.csv or {stem}.parquet; expected the output folder of "
            "framing analyze (run: framing analyze ARTICLES --out FOLDER)"
        )
    return max(found, key=lambda p: (p.stat().st_mtime_ns, p.suffix == ".csv"))


def read_table(
    out_dir: str | Path, stem: str, columns: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Stream the rows of an ``analyze`` table (``STEM.csv`` or ``STEM.parquet``) as dicts
    with typed values: ints and floats as declared above, text as ``str``, empty cells and
    nulls as ``None``. ``columns`` limits the keys (missing ones are ``None``).

    ``for row in read_table(out, "articles", ["id", "outlet", "words"]): ...``

    Parquet needs the optional ``pyarrow`` (``pip install 'framing[parquet]'``); without it
    a clear :class:`~framing.errors.UsageError` is raised."""
    path = table_path(out_dir, stem)
    if path.suffix == ".parquet":
        return _read_parquet(path, columns)
    return _read_csv(path, columns)


#: the longest CSV field read back (the csv module's default, 128 KiB, is less than a long
#: paragraph's text)
FIELD_LIMIT = 2**31 - 1


def _read_csv(path: Path, columns: Sequence[str] | None) -> Iterator[dict[str, Any]]:
    """Rows of a CSV table; a row that does not fit the header (split by a stray line break,
    a cell that is not a number where one is expected, bytes that are not UTF-8) is a
    :class:`TableError` naming the file and line, not a traceback."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None) or []
            keys = list(columns) if columns is not None else list(header)
            where = {k: header.index(k) for k in keys if k in header}
            for raw in reader:
                if not raw:
                    continue  # a blank line
                if len(raw) != len(header):
                    raise TableError(
                        path, reader.line_num,
                        f"{len(raw)} fields where the header has {len(header)} (a row split "
                        "or cut)",
                    )  # fmt: skip
                row = {}
                for k in keys:
                    cell = raw[where[k]] if k in where else None
                    try:
                        row[k] = _typed(k, cell, unquote=True)
                    except ValueError:
                        kind = "an integer" if k in INT_COLUMNS else "a number"
                        raise TableError(
                            path, reader.line_num, f"column {k}: expected {kind}, got {cell!r}"
                        ) from None
                yield row
        except UnicodeDecodeError:
            raise TableError(path, None, "not UTF-8 text") from None
        except csv.Error as exc:
            raise TableError(path, reader.line_num, f"not valid CSV ({exc})") from None


def _read_parquet(path: Path, columns: Sequence[str] | None) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            f"{path}: reading Parquet tables needs pyarrow; install it with: "
            "pip install 'framing[parquet]'"
        ) from exc
    pf = pq.ParquetFile(path)
    present = set(pf.schema_arrow.names)
    keys = list(columns) if columns is not None else list(pf.schema_arrow.names)
    wanted = [k for k in keys if k in present]
    for batch in pf.iter_batches(batch_size=4096, columns=wanted):
        for raw in batch.to_pylist():
            yield {k: _typed(k, raw.get(k)) for k in keys}


#: the pages written beside each article's JSON unless ``--reports`` says otherwise
PAGES = frozenset({"md", "html"})


def report_paths(article_id: str) -> dict[str, str]:
    """Where an article's reports lie, relative to the output folder."""
    return {ext: f"reports/{article_id}.{ext}" for ext in ("json", "html", "md")}


def article_row(report: Report, pages: Collection[str] = PAGES) -> dict[str, Any]:
    """The article's row; ``report_md`` and ``report_html`` are empty when the run did not
    write that page (``pages``)."""
    speakers = report.speakers
    top = speakers[0] if speakers else None
    voice = report.voice.counts
    read = report.readability.scores
    paths = report_paths(report.id)
    syn = report.syndicated
    row = ArticleRow(
        id=report.id,
        source_id=report.metadata.get("id"),
        outlet=report.outlet,
        source_path=report.source_path,
        row=report.row,
        date=report.metadata.get("date"),
        title=report.metadata.get("title")
        or (" ".join(report.title.text.split()) if report.title is not None else None),
        words=voice.words,
        attributions=len(report.attributions),
        speakers=len(speakers),
        top_speaker=(top.canonical_name or top.name) if top else None,
        top_speaker_type=top.type if top else None,
        attributed_share=voice.attributed_share,
        narrator_share=voice.narrator_share,
        anonymous_share=report.attribution_summary.anonymous_share,
        boilerplate_paragraphs=sum(1 for p in report.paragraphs if p.boilerplate.label != "none"),
        syndicated_source=syn.source if syn is not None else None,
        syndicated_share=syn.share if syn is not None else None,
        syndicated_evidence=syn.evidence if syn is not None else None,
        **{k: getattr(read, k) for k in READABILITY_COLUMNS},
        report_json=paths["json"],
        report_html=paths["html"] if "html" in pages else "",
        report_md=paths["md"] if "md" in pages else "",
    )
    return to_json(row)


def attribution_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for a in report.attributions:
        sp, src = a.speaker, a.source
        row = AttributionRow(
            article_id=report.id,
            outlet=report.outlet,
            attribution_id=a.id,
            kind=a.kind,
            verb=a.verb,
            confidence=a.confidence,
            speaker=sp.name if sp else None,
            speaker_entity_id=sp.entity_id if sp else None,
            speaker_type=sp.type if sp else None,
            speaker_affiliation=sp.affiliation if sp else None,
            speaker_canonical_id=sp.canonical_id if sp else None,
            speaker_canonical_name=sp.canonical_name if sp else None,
            flags=";".join(a.flags),
            source_start=src.start if src else None,
            source_end=src.end if src else None,
            source_text=src.text if src else None,
            cue_start=a.cue.start,
            cue_end=a.cue.end,
            cue_text=a.cue.text,
            content_start=a.content.start,
            content_end=a.content.end,
            content_text=a.content.text,
        )
        rows.append(to_json(row))
    return rows


def paragraph_rows(report: Report) -> list[dict[str, Any]]:
    syndicated = set(report.syndicated.paragraphs) if report.syndicated is not None else set()
    return [
        to_json(
            ParagraphRow(
                article_id=report.id,
                outlet=report.outlet,
                paragraph=p.index,
                start=p.span.start,
                end=p.span.end,
                role=p.role,
                voice=p.voice,
                words=p.words,
                attributed_share=p.attributed_share,
                boilerplate_label=p.boilerplate.label,
                boilerplate_score=p.boilerplate.score,
                recurring_group=p.boilerplate.recurring_group,
                syndicated=int(p.index in syndicated),
                text=p.span.text,
            )
        )
        for p in report.paragraphs
    ]


def lexicon_score_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for name, block in sorted(report.lexicons.items()):
        for cat, scores in sorted(block.categories.items()):
            c = scores.counts
            row = LexiconScoreRow(report.id, report.outlet, name, cat, c.hits, c.narrator_hits,
                                  c.attributed_hits, c.per_1k, c.per_1k_narrator,
                                  c.per_1k_attributed)  # fmt: skip
            rows.append(to_json(row))
    return rows


def lexicon_hit_rows(report: Report) -> list[dict[str, Any]]:
    """One row per lexicon hit; ``context`` is the sentence around it (or a window of 60
    characters each side), whitespace collapsed (:mod:`framing.report.kwic`)."""
    rows = []
    finder = ContextFinder(report) if any(b.hits for b in report.lexicons.values()) else None
    for name, block in sorted(report.lexicons.items()):
        for h in block.hits:
            context = finder.context(h.start, h.end).text() if finder is not None else ""
            row = LexiconHitRow(report.id, report.outlet, name, h.category, h.term, h.voice,
                                h.paragraph, h.start, h.end, h.text, context)  # fmt: skip
            rows.append(to_json(row))
    return rows


class CsvTableWriter:
    """Streams rows into ``path`` through a temporary file renamed into place on success
    (with ``defer``, left for the caller to rename: its path is ``temp``, e.g. for
    :func:`framing.fsutil.commit_files`, which renames a run's tables together).

    ``with CsvTableWriter(out / "articles.csv", ARTICLE_COLUMNS) as t: t.write_rows(rows)``
    """

    def __init__(self, path: str | Path, columns: list[str], *, defer: bool = False) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.defer = defer
        self.temp: Path | None = None
        self._fh: Any = None
        self._tmp: str | None = None
        self.rows = 0

    def __enter__(self) -> CsvTableWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(self.path), suffix=".tmp", dir=folder)
        fh = None
        try:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
            fh.write(csv_line(self.columns))
        except BaseException:
            with contextlib.suppress(OSError):
                fh.close() if fh is not None else os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._fh, self._tmp = fh, tmp
        return self

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows: keys outside ``columns`` are ignored, missing keys and ``None`` are
        empty cells, text is neutralised (:func:`neutralise`), other values are written as
        ``str()`` gives them (floats as is)."""
        if self._fh is None:
            raise RuntimeError("CsvTableWriter.write_rows called outside its 'with' block")
        write = self._fh.write
        for row in rows:
            write(csv_line([csv_cell(row.get(k)) for k in self.columns]))
            self.rows += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        fh, tmp = self._fh, self._tmp
        self._fh = self._tmp = None
        if fh is None or tmp is None:  # never entered, or already closed
            return
        try:
            fh.close()
            if exc_type is None:
                os.chmod(tmp, FILE_MODE)
                if self.defer:
                    self.temp = Path(tmp)
                else:
                    os.replace(tmp, self.path)
                return
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# --------------------------------------------------------------------------- table formats

TABLE_FORMATS = ("csv", "parquet")
PARQUET_MISSING = (
    f"{param('table_format')} parquet needs pyarrow; install it with: pip install "
    "'framing[parquet]'"
)


def check_table_format(fmt: str) -> None:
    """UsageError for an unknown format, or for Parquet without pyarrow."""
    from framing.errors import UsageError

    if fmt not in TABLE_FORMATS:
        raise UsageError(f"{param('table_format')} must be 'csv' or 'parquet', not '{fmt}'")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise UsageError(PARQUET_MISSING) from None


def parquet_schema(columns: list[str]) -> Any:
    """The Parquet schema of a table: the CSV's columns, in order, with their types."""
    import pyarrow as pa

    def kind(c: str) -> Any:
        return (
            pa.int64() if c in INT_COLUMNS else pa.float64() if c in FLOAT_COLUMNS else pa.string()
        )

    return pa.schema([pa.field(c, kind(c), nullable=True) for c in columns])


class ParquetTableWriter:
    """Streams rows into a Parquet file (row groups of ``group_rows``) through a temporary
    file renamed into place on success; the same columns as the CSV, typed (integers,
    floats, strings; missing values are null)."""

    def __init__(
        self, path: str | Path, columns: list[str], group_rows: int = 50_000, *, defer: bool = False
    ) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.group_rows = group_rows
        self.defer = defer
        self.temp: Path | None = None
        self.rows = 0
        self._buf: list[dict[str, Any]] = []
        self._writer: Any = None
        self._tmp: str | None = None

    def __enter__(self) -> ParquetTableWriter:
        import pyarrow.parquet as pq

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=temp_prefix(self.path), suffix=".tmp", dir=self.path.parent
        )
        os.close(fd)
        self.schema = parquet_schema(self.columns)
        try:
            self._writer = pq.ParquetWriter(tmp, self.schema, compression="zstd")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._tmp = tmp
        return self

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._buf:
            return
        data = {c: [r.get(c) for r in self._buf] for c in self.columns}
        self._writer.write_table(pa.Table.from_pydict(data, schema=self.schema))
        self._buf = []

    def write_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        if self._writer is None:
            raise RuntimeError("ParquetTableWriter.write_rows called outside its 'with' block")
        for row in rows:
            self._buf.append(row)
            self.rows += 1
            if len(self._buf) >= self.group_rows:
                self._flush()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        writer, tmp = self._writer, self._tmp
        self._writer = self._tmp = None
        if writer is None or tmp is None:
            return
        try:
            if exc_type is None:
                self._writer = writer
                self._flush()
                self._writer = None
            writer.close()
            if exc_type is None:
                os.chmod(tmp, FILE_MODE)
                if self.defer:
                    self.temp = Path(tmp)
                else:
                    os.replace(tmp, self.path)
                return
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def open_table(
    out_dir: str | Path, stem: str, columns: list[str], fmt: str = "csv", *, defer: bool = False
) -> Any:
    """A writer for table ``stem`` (``articles``, ``attributions``...) in ``out_dir``, as
    ``stem.csv`` or ``stem.parquet``; use it in a ``with`` block (``defer``: see
    :class:`CsvTableWriter`)."""
    if fmt == "parquet":
        return ParquetTableWriter(Path(out_dir) / f"{stem}.parquet", columns, defer=defer)
    return CsvTableWriter(Path(out_dir) / f"{stem}.csv", columns, defer=defer)
