"""Inputs to articles: folders, files and globs in; :class:`Article` or :class:`Skipped` out.

- Folders are read recursively (hidden entries skipped, symlink loops and duplicate files
  visited once; brat sidecar files skipped); a glob is expanded; a file is read as it is.
- Dispatch by suffix: ``.jsonl``/``.ndjson`` and ``.csv`` give one article per row
  (:mod:`framing.read.rows`); ``.html``/``.htm``/``.xhtml`` give their main text
  (:mod:`framing.read.html`); any other file is plain text. Bytes are decoded by
  :mod:`framing.read.decode`, and :func:`article_from_text` finds the body
  (:mod:`framing.read.structure`).
- Ids are file-safe (:func:`safe_id`) and unique within a run: the path under the folder given
  (``cnn/a.txt`` -> ``cnn__a``), a file's stem, a row's ``id`` (else ``FILE__LINE``); a
  repeated id gets ``-2``, ``-3``, ...
- Outlets: a row's ``outlet``, else the first sub-folder under a folder given, else group 1 of
  ``outlet_pattern`` searched in the file name, else ``unknown``.
- Size: a file (or a row's text) over ``max_bytes`` is skipped with its size, before the file
  is read.

Bad inputs never raise: they come out as :class:`Skipped` with a one-line reason. Unusable
arguments (a missing input, a bad ``outlet_pattern``) raise :class:`UsageError` at once, before
anything is read.
"""

from __future__ import annotations

import glob
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.config import MAX_BYTES
from framing.errors import InputError, UsageError, param
from framing.read.decode import Unreadable, decode_bytes
from framing.read.html import html_main_text
from framing.read.rows import Row, csv_rows, jsonl_rows
from framing.read.structure import clean
from framing.schema import Article, Skipped

__all__ = [
    "article_from_text",
    "compile_outlet_pattern",
    "count_items",
    "read_articles",
    "read_text_file",
    "safe_id",
]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
#: sidecar files that sit next to articles in annotated corpora (brat) and are never articles
IGNORED_SUFFIXES = {".ann", ".conf", ".pyc"}
MB = 1_000_000


def article_from_text(
    text: str,
    *,
    id: str,
    source_path: str,
    outlet: str = "unknown",
    metadata: dict[str, Any] | None = None,
    row: int | None = None,
) -> Article:
    """An Article from decoded text: :func:`clean` finds the body; given metadata wins."""
    c = clean(text, title=_text_field((metadata or {}).get("title")))
    meta = dict(c.metadata)
    meta.update({k: v for k, v in (metadata or {}).items() if v not in (None, "")})
    return Article(
        id=id,
        outlet=outlet or "unknown",
        source_path=source_path,
        text=text,
        body_start=c.body_start,
        body_end=c.body_end,
        metadata=meta,
        excluded=tuple(c.excluded),
        row=row,
    )


def _text_field(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------- ids and outlets

_GLOB_CHARS = re.compile(r"[*?\[]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(article_id: str) -> str:
    """An id usable as a file name: other characters become '_'."""
    return _SAFE_ID.sub("_", article_id).strip("._") or "article"


@dataclass(frozen=True)
class _Found:
    path: Path
    root: Path | None  # the folder given as an input, if the file came from one


def compile_outlet_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """``pattern`` compiled; a :class:`UsageError` when it is not a regular expression or has
    no group (group 1 is the outlet)."""
    if pattern is None:
        return None
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{param('outlet_pattern')}: invalid regular expression: {exc}") from None
    if rx.groups < 1:
        raise UsageError(
            f"{param('outlet_pattern')}: {pattern!r} has no group; put the outlet in "
            "parentheses, e.g. '^([^_]+)_'"
        )
    return rx


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, wanted: str) -> str:
        # ids become file names: make them safe first, then unique ("a b" and "a_b" differ)
        wanted = safe_id(wanted)
        name, k = wanted, 1
        while name in self.used:
            k += 1
            name = f"{wanted}-{k}"
        self.used.add(name)
        return name


def _file_id(found: _Found) -> str:
    if found.root is not None:
        rel = found.path.relative_to(found.root)
        parts = [*rel.parts[:-1], rel.stem]
        return "__".join(parts)
    return found.path.stem


def _outlet(found: _Found, rx: re.Pattern[str] | None) -> str:
    if found.root is not None:
        rel = found.path.relative_to(found.root)
        if len(rel.parts) > 1:
            return rel.parts[0]
    if rx is not None:
        m = rx.search(found.path.name)
        if m and m.group(1):
            return m.group(1)
    return "unknown"


# --------------------------------------------------------------------------- walking


def _expand(inputs: Sequence[str | Path]) -> list[tuple[Path, bool]]:
    """(path, is_folder) for every input; UsageError for a missing one."""
    out: list[tuple[Path, bool]] = []
    if not inputs:
        raise UsageError("no inputs given")
    for raw in inputs:
        p = Path(os.path.expanduser(str(raw)))
        if p.exists():
            out.append((p, p.is_dir()))
            continue
        if _GLOB_CHARS.search(str(raw)):
            matches = sorted(glob.glob(os.path.expanduser(str(raw)), recursive=True))
            if not matches:
                raise UsageError(f"no files match: {raw}")
            out.extend((Path(m), Path(m).is_dir()) for m in matches)
            continue
        raise UsageError(f"input not found: {raw}")
    return out


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, sorted, hidden entries skipped, each real folder entered once."""
    seen_dirs: set[str] = set()

    def visit(d: Path) -> Iterator[Path]:
        real = os.path.realpath(d)
        if real in seen_dirs:
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                is_dir = e.is_dir()  # follows symlinks
            except OSError:
                continue
            if is_dir:
                yield from visit(Path(e.path))
            else:
                yield Path(e.path)

    yield from visit(root)


def _files(inputs: Sequence[str | Path]) -> Iterator[_Found]:
    seen: set[str] = set()
    for path, is_dir in _expand(inputs):
        candidates = ((f, path) for f in _walk(path)) if is_dir else [(path, None)]
        for f, root in candidates:
            if root is not None and f.suffix.lower() in IGNORED_SUFFIXES:
                continue
            real = os.path.realpath(f)
            if real in seen:
                continue
            seen.add(real)
            yield _Found(f, root)


# --------------------------------------------------------------------------- reading


def read_articles(
    inputs: Sequence[str | Path],
    *,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Article | Skipped]:
    """Articles (and skipped inputs) from folders, files and globs, in a stable order.

    Arguments are checked at once (missing input, bad pattern: :class:`UsageError`); reading
    happens lazily as the iterator is consumed.
    """
    rx = compile_outlet_pattern(outlet_pattern)
    _expand(inputs)  # fail now, not half-way through
    return _read(inputs, rx, max_bytes)


def _read(
    inputs: Sequence[str | Path], rx: re.Pattern[str] | None, max_bytes: int
) -> Iterator[Article | Skipped]:
    ids = _Ids()
    for found in _files(inputs):
        suffix = found.path.suffix.lower()
        where = str(found.path)
        try:
            if suffix in JSONL_SUFFIXES:
                yield from _row_articles(jsonl_rows(found.path), found, rx, ids, max_bytes)
            elif suffix in CSV_SUFFIXES:
                rows = csv_rows(found.path, max_bytes=max_bytes)
                yield from _row_articles(rows, found, rx, ids, max_bytes)
            else:
                text = decode_bytes(_read_bytes(found.path, max_bytes))
                meta: dict[str, Any] = {}
                if suffix in HTML_SUFFIXES:
                    text, meta = html_main_text(text)
                    if not text.strip():
                        raise Unreadable("no text in the HTML page")
                yield article_from_text(
                    text,
                    id=ids.claim(_file_id(found)),
                    source_path=where,
                    outlet=_outlet(found, rx),
                    metadata=meta,
                )
        except Unreadable as exc:
            yield Skipped(where, str(exc))
        except OSError as exc:
            yield Skipped(where, f"cannot read: {exc.strerror or exc}")


def _row_articles(
    rows: Iterator[Row | Skipped],
    found: _Found,
    rx: re.Pattern[str] | None,
    ids: _Ids,
    max_bytes: int,
) -> Iterator[Article | Skipped]:
    where = str(found.path)
    for row in rows:
        if isinstance(row, Skipped):
            yield row
            continue
        size = len(row.text.encode("utf-8"))
        if size > max_bytes:
            yield Skipped(where, f"text is {size / MB:.1f} MB, over the {max_bytes / MB:.1f} MB "
                          "limit (raise it with --max-bytes)", row.line)  # fmt: skip
            continue
        wanted = row.id if row.id is not None else f"{_file_id(found)}__{row.line}"
        yield article_from_text(
            row.text,
            id=ids.claim(wanted),
            source_path=where,
            outlet=row.outlet if row.outlet is not None else _outlet(found, rx),
            metadata=row.metadata,
            row=row.line,
        )


def count_items(
    inputs: Sequence[str | Path], *, limit_bytes: int = 200 * MB, limit_seconds: float = 2.0
) -> int | None:
    """How many items (articles or skipped inputs) :func:`read_articles` will yield, counted
    cheaply for a progress bar: one per file, one per non-blank JSONL line. ``None`` when it
    is not cheap (CSV rows, over ``limit_bytes`` of JSONL, over ``limit_seconds`` of walking)
    or the inputs are unusable."""
    deadline = time.monotonic() + limit_seconds
    total = 0
    jsonl_bytes = 0
    try:
        for k, found in enumerate(_files(inputs)):
            if k % 1000 == 999 and time.monotonic() > deadline:
                return None
            suffix = found.path.suffix.lower()
            if suffix in CSV_SUFFIXES:
                return None
            if suffix not in JSONL_SUFFIXES:
                total += 1
                continue
            jsonl_bytes += found.path.stat().st_size
            if jsonl_bytes > limit_bytes:
                return None
            with open(found.path, "rb") as fh:
                lines = sum(1 for line in fh if line.strip())
            total += lines or 1  # an empty file is one skipped input
    except (OSError, UsageError):
        return None
    return total


# --------------------------------------------------------------------------- size limit


def _size_reason(size: int, max_bytes: int) -> str:
    return (
        f"file is {size / MB:.1f} MB, over the {max_bytes / MB:.1f} MB limit "
        "(raise it with --max-bytes)"
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise Unreadable(_size_reason(size, max_bytes))
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise Unreadable(_size_reason(len(data), max_bytes))
    return data


def read_text_file(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    """The decoded text of one file, as :func:`read_articles` decodes it (for tools and tests).

    Raises :class:`framing.errors.InputError` when it cannot be read."""
    try:
        return decode_bytes(_read_bytes(Path(path), max_bytes))
    except Unreadable as exc:
        raise InputError(str(path), str(exc)) from None
