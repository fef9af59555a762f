"""Corpus tables: one row per article, attribution and paragraph, streamed to CSV atomically.

Plain UTF-8 CSV with a header row: loads in pandas (``pd.read_csv``), DuckDB and spreadsheets.
:func:`read_table` reads a table back (CSV or Parquet, same columns) as typed rows.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from framing.errors import UsageError, param
from framing.fsutil import FILE_MODE
from framing.readability import KEYS as READABILITY_KEYS
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


def _typed(column: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        x = float(value)
        return None if x != x else x  # NaN (a Parquet null read as float) -> None
    return value if isinstance(value, str) else str(value)


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


def _read_csv(path: Path, columns: Sequence[str] | None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        keys = list(columns) if columns is not None else list(reader.fieldnames or [])
        for raw in reader:
            yield {k: _typed(k, raw.get(k)) for k in keys}


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


def report_paths(article_id: str) -> dict[str, str]:
    """Where an article's reports lie, relative to the output folder."""
    return {ext: f"reports/{article_id}.{ext}" for ext in ("json", "html", "md")}


def article_row(report: Report) -> dict[str, Any]:
    speakers = report.speakers
    top = speakers[0] if speakers else None
    voice = report.voice.counts
    read = report.readability.scores
    paths = report_paths(report.id)
    row = ArticleRow(
        id=report.id,
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
        **{k: getattr(read, k) for k in READABILITY_COLUMNS},
        report_json=paths["json"],
        report_html=paths["html"],
        report_md=paths["md"],
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
    rows = []
    for name, block in sorted(report.lexicons.items()):
        for h in block.hits:
            row = LexiconHitRow(report.id, report.outlet, name, h.category, h.term, h.voice,
                                h.paragraph, h.start, h.end, h.text)  # fmt: skip
            rows.append(to_json(row))
    return rows


class CsvTableWriter:
    """Streams rows into ``path`` through a temporary file renamed into place on success.

    ``with CsvTableWriter(out / "articles.csv", ARTICLE_COLUMNS) as t: t.write_rows(rows)``
    """

    def __init__(self, path: str | Path, columns: list[str]) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self._fh: Any = None
        self._tmp: str | None = None
        self.rows = 0

    def __enter__(self) -> CsvTableWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        fh = None
        try:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(
                fh, fieldnames=self.columns, lineterminator="\n", extrasaction="raise"
            )
            self._writer.writeheader()
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
        empty cells, other values are written as ``str()`` gives them (floats as is)."""
        if self._fh is None:
            raise RuntimeError("CsvTableWriter.write_rows called outside its 'with' block")
        for row in rows:
            self._writer.writerow({k: "" if row.get(k) is None else row[k] for k in self.columns})
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

    def __init__(self, path: str | Path, columns: list[str], group_rows: int = 50_000) -> None:
        self.path = Path(path)
        self.columns = list(columns)
        self.group_rows = group_rows
        self.rows = 0
        self._buf: list[dict[str, Any]] = []
        self._writer: Any = None
        self._tmp: str | None = None

    def __enter__(self) -> ParquetTableWriter:
        import pyarrow.parquet as pq

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
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
                os.replace(tmp, self.path)
                return
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def open_table(out_dir: str | Path, stem: str, columns: list[str], fmt: str = "csv") -> Any:
    """A writer for table ``stem`` (``articles``, ``attributions``...) in ``out_dir``, as
    ``stem.csv`` or ``stem.parquet``; use it in a ``with`` block."""
    if fmt == "parquet":
        return ParquetTableWriter(Path(out_dir) / f"{stem}.parquet", columns)
    return CsvTableWriter(Path(out_dir) / f"{stem}.csv", columns)
