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

READABILITY_COLUMNS = list(READABILITY_KEYS)

ARTICLE_COLUMNS = [
    "id",
    "outlet",
    "source_path",
    "row",
    "date",
    "title",
    "words",
    "attributions",
    "speakers",
    "top_speaker",
    "top_speaker_type",
    "attributed_share",
    "narrator_share",
    "anonymous_share",
    "boilerplate_paragraphs",
    *READABILITY_COLUMNS,
    "report_json",
    "report_html",
    "report_md",
]

ATTRIBUTION_COLUMNS = [
    "article_id",
    "outlet",
    "attribution_id",
    "kind",
    "verb",
    "confidence",
    "speaker",
    "speaker_entity_id",
    "speaker_type",
    "speaker_affiliation",
    "source_start",
    "source_end",
    "source_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "content_start",
    "content_end",
    "content_text",
]

LEXICON_SCORE_COLUMNS = [
    "article_id",
    "outlet",
    "lexicon",
    "category",
    "hits",
    "narrator_hits",
    "attributed_hits",
    "per_1k",
    "per_1k_narrator",
    "per_1k_attributed",
]

LEXICON_HIT_COLUMNS = [
    "article_id",
    "outlet",
    "lexicon",
    "category",
    "term",
    "voice",
    "paragraph",
    "start",
    "end",
    "text",
]

BOILERPLATE_COLUMNS = [
    "group",
    "articles",
    "paragraphs",
    "outlets",
    "label",
    "example_article",
    "text",
]

SPEAKER_COLUMNS = [
    "name",
    "type",
    "affiliation",
    "statements",
    "words",
    "articles",
    "outlets",
]

PARAGRAPH_COLUMNS = [
    "article_id",
    "outlet",
    "paragraph",
    "start",
    "end",
    "role",
    "voice",
    "words",
    "attributed_share",
    "boilerplate_label",
    "boilerplate_score",
    "recurring_group",
    "text",
]


# value types for reading tables back (every other column is text)
INT_COLUMNS = frozenset(
    {
        "row",
        "words",
        "attributions",
        "speakers",
        "boilerplate_paragraphs",
        "source_start",
        "source_end",
        "cue_start",
        "cue_end",
        "content_start",
        "content_end",
        "hits",
        "narrator_hits",
        "attributed_hits",
        "paragraph",
        "start",
        "end",
        "articles",
        "paragraphs",
        "statements",
    }
)
FLOAT_COLUMNS = frozenset(
    {
        "attributed_share",
        "narrator_share",
        "anonymous_share",
        "confidence",
        "per_1k",
        "per_1k_narrator",
        "per_1k_attributed",
        "boilerplate_score",
        *READABILITY_COLUMNS,
    }
)


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


def article_row(report: dict[str, Any]) -> dict[str, Any]:
    meta = report.get("metadata") or {}
    speakers = report.get("speakers") or []
    top = speakers[0] if speakers else {}
    voice = report.get("voice") or {}
    read = report.get("readability") or {}
    paths = report_paths(report["id"])
    boiler = sum(
        1
        for p in report.get("paragraphs") or []
        if (p.get("boilerplate") or {}).get("label", "none") != "none"
    )
    row = {
        "id": report["id"],
        "outlet": report.get("outlet"),
        "source_path": report.get("source_path"),
        "row": report.get("row"),
        "date": meta.get("date"),
        "title": meta.get("title"),
        "words": voice.get("words"),
        "attributions": len(report.get("attributions") or []),
        "speakers": len(speakers),
        "top_speaker": top.get("name"),
        "top_speaker_type": top.get("type"),
        "attributed_share": voice.get("attributed_share"),
        "narrator_share": voice.get("narrator_share"),
        "anonymous_share": (report.get("attribution_summary") or {}).get("anonymous_share"),
        "boilerplate_paragraphs": boiler,
        "report_json": paths["json"],
        "report_html": paths["html"],
        "report_md": paths["md"],
    }
    for k in READABILITY_COLUMNS:
        row[k] = read.get(k)
    return row


def _span(d: dict[str, Any] | None) -> tuple[Any, Any, Any]:
    if not d:
        return None, None, None
    return d["start"], d["end"], d["text"]


def attribution_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for a in report.get("attributions") or []:
        sp = a.get("speaker") or {}
        s0, s1, st = _span(a.get("source"))
        c0, c1, ct = _span(a.get("cue"))
        t0, t1, tt = _span(a.get("content"))
        rows.append(
            {
                "article_id": report["id"],
                "outlet": report.get("outlet"),
                "attribution_id": a.get("id"),
                "kind": a.get("kind"),
                "verb": a.get("verb"),
                "confidence": a.get("confidence"),
                "speaker": sp.get("name"),
                "speaker_entity_id": sp.get("entity_id"),
                "speaker_type": sp.get("type"),
                "speaker_affiliation": sp.get("affiliation"),
                "source_start": s0,
                "source_end": s1,
                "source_text": st,
                "cue_start": c0,
                "cue_end": c1,
                "cue_text": ct,
                "content_start": t0,
                "content_end": t1,
                "content_text": tt,
            }
        )
    return rows


def paragraph_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for p in report.get("paragraphs") or []:
        b = p.get("boilerplate") or {}
        rows.append(
            {
                "article_id": report["id"],
                "outlet": report.get("outlet"),
                "paragraph": p.get("index"),
                "start": p["span"]["start"],
                "end": p["span"]["end"],
                "role": p.get("role"),
                "voice": p.get("voice"),
                "words": p.get("words"),
                "attributed_share": p.get("attributed_share"),
                "boilerplate_label": b.get("label"),
                "boilerplate_score": b.get("score"),
                "recurring_group": b.get("recurring_group"),
                "text": p["span"]["text"],
            }
        )
    return rows


def lexicon_score_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, block in sorted((report.get("lexicons") or {}).items()):
        for cat, c in block["categories"].items():
            rows.append(
                {
                    "article_id": report["id"],
                    "outlet": report.get("outlet"),
                    "lexicon": name,
                    "category": cat,
                    **{k: c[k] for k in LEXICON_SCORE_COLUMNS[4:]},
                }  # fmt: skip
            )
    return rows


def lexicon_hit_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, block in sorted((report.get("lexicons") or {}).items()):
        for h in block["hits"]:
            rows.append(
                {
                    "article_id": report["id"],
                    "outlet": report.get("outlet"),
                    "lexicon": name,
                    **{k: h[k] for k in LEXICON_HIT_COLUMNS[3:]},
                }  # fmt: skip
            )
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

#: Parquet column types (every other column is a string); every column may be null
_INT_COLUMNS = {
    "row", "words", "attributions", "speakers", "boilerplate_paragraphs", "source_start",
    "source_end", "cue_start", "cue_end", "content_start", "content_end", "hits",
    "narrator_hits", "attributed_hits", "paragraph", "start", "end", "articles", "paragraphs",
    "statements",
}  # fmt: skip
_FLOAT_COLUMNS = {
    "attributed_share", "narrator_share", "anonymous_share", "confidence", "per_1k",
    "per_1k_narrator", "per_1k_attributed", "boilerplate_score", *READABILITY_COLUMNS,
}  # fmt: skip


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
            pa.int64()
            if c in _INT_COLUMNS
            else pa.float64()
            if c in _FLOAT_COLUMNS
            else pa.string()
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
