"""Inputs to articles: folders, files and globs in; :class:`Article` or :class:`Skipped` out.

- Folders are read recursively; a glob is expanded; a file is read as it is. Only regular
  files are read (a FIFO, socket or device is skipped: :mod:`framing.read.files`); a folder
  that cannot be listed, or an entry that cannot be looked at (a symlink loop), is skipped.
  Left out on purpose, and listed through ``on_ignore`` (the summary's ``ignored``): hidden
  entries (as ``git`` and ``ripgrep`` do), the output folder and any folder holding a framing
  output, and a file or folder reached again through a link (each is read once). Brat sidecar
  files (``.ann``, ``.conf``) are passed over without a word.
- ``-`` is standard input, read as JSONL (``cat rows.jsonl | framing analyze - --out OUT``):
  its records and ids name it ``<stdin>`` (``stdin__3`` for line 3 without an ``id``).
- Dispatch by suffix: ``.jsonl``/``.ndjson`` and ``.csv`` give one article per row
  (:mod:`framing.read.rows`); ``.html``/``.htm``/``.xhtml`` give their main text
  (:mod:`framing.read.html`); any other file is plain text. Bytes are decoded by
  :mod:`framing.read.decode`, and :func:`article_from_text` finds the body
  (:mod:`framing.read.structure`).
- Ids are file-safe (:func:`safe_id`: letters of any script kept, at most
  :data:`MAX_ID_BYTES`) and unique within a run: the path under the folder given
  (``cnn/a.txt`` -> ``cnn__a``), a file's stem, a row's ``id`` (else ``FILE__LINE``; the
  ``id`` as given is kept as ``metadata["id"]``); a repeated id gets ``-2``, ``-3``, ...
- Outlets, first found: a JSONL/CSV row's ``outlet``; group 1 of ``outlet_pattern`` searched
  in the file name (an option given wins over where the file lies); the outlet column of the
  ``metadata`` table (:mod:`framing.read.metadata`); the first sub-folder under a folder given;
  ``unknown``.
- Metadata, first found for each field: a JSONL/CSV row's own field; the ``metadata`` table's
  row for the article (joined on file name, stem or id); what the page or text itself says (an
  HTML page's title, date and author tags; a header line, a date line, the headline:
  :mod:`framing.read.structure`); for the date of a file's article, a date in the file name
  (:func:`~framing.read.dates.date_from_name`, or ``date_pattern``).
- Size: a file (or a row's text) over ``max_bytes`` is skipped with its size, before the file
  is read.
- Paths in reports and records are text that can be written as UTF-8: the bytes of a file
  name that is not UTF-8 show as ``\\xNN``.

Bad inputs never raise: they come out as :class:`Skipped` with a one-line reason. Unusable
arguments (a missing input, a bad ``outlet_pattern``) raise :class:`UsageError` at once, before
anything is read.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.config import MAX_BYTES
from framing.errors import InputError, UsageError, param
from framing.read.dates import compile_date_pattern, date_from_name
from framing.read.decode import Unreadable, decode_bytes, decode_text
from framing.read.files import open_input, path_text
from framing.read.html import html_main_text
from framing.read.metadata import MetadataJoin, MetadataTable, read_metadata
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
#: the input that stands for standard input (JSONL), and the name its records carry
STDIN = "-"
STDIN_NAME = "<stdin>"
_STDIN_PATH = Path(STDIN_NAME)  # compared by identity: a file of that name is a file


def article_from_text(
    text: str,
    *,
    id: str,
    source_path: str,
    outlet: str = "unknown",
    metadata: dict[str, Any] | None = None,
    row: int | None = None,
    defaults: dict[str, Any] | None = None,
) -> Article:
    """An Article from decoded text: :func:`clean` finds the body; given ``metadata`` wins
    over what the text says, which wins over ``defaults`` (a date in the file name)."""
    c = clean(text, title=_text_field((metadata or {}).get("title")))
    meta = {k: v for k, v in (defaults or {}).items() if v not in (None, "")}
    meta.update(c.metadata)
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
_UNSAFE_RUNS = re.compile("\0+")
#: the longest id, in bytes of UTF-8: ids are file names (``reports/ID.html``, written through
#: a temporary ``.ID.html.XXXXXXXX.tmp``), and common filesystems allow 255 bytes in a name
MAX_ID_BYTES = 120
_HASH_CHARS = 12


def _safe_char(ch: str) -> str:
    if ch.isalnum() or ch in "._-" or unicodedata.category(ch).startswith("M"):
        return ch
    return "\0"


def safe_id(article_id: str) -> str:
    """An id usable as a file name on common filesystems: letters and digits of any script
    (in Unicode's composed form, NFC), combining marks, ``.``, ``_`` and ``-`` are kept, any
    other run of characters becomes one ``_``, and ``.``/``_`` are stripped at both ends (an
    empty result is ``article``). An id over :data:`MAX_ID_BYTES` bytes of UTF-8 keeps its
    start and ends in a hash of the whole id given (``-`` and 12 hex digits): unique and the
    same on every run. ``safe_id(safe_id(x)) == safe_id(x)``."""
    text = unicodedata.normalize("NFC", article_id)
    safe = _UNSAFE_RUNS.sub("_", "".join(map(_safe_char, text))).strip("._") or "article"
    data = safe.encode("utf-8")
    if len(data) <= MAX_ID_BYTES:
        return safe
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()
    head = data[: MAX_ID_BYTES - _HASH_CHARS - 1].decode("utf-8", "ignore").rstrip("._-")
    return f"{head or 'article'}-{digest[:_HASH_CHARS]}"


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
            suffix = f"-{k}"
            head = wanted.encode("utf-8")[: MAX_ID_BYTES - len(suffix)].decode("utf-8", "ignore")
            name = head + suffix  # still a safe id: safe_id(name) == name
        self.used.add(name)
        return name


def _file_id(found: _Found) -> str:
    if found.path is _STDIN_PATH:
        return "stdin"
    if found.root is not None:
        rel = found.path.relative_to(found.root)
        parts = [*rel.parts[:-1], rel.stem]
        return "__".join(parts)
    return found.path.stem


def _outlet(found: _Found, rx: re.Pattern[str] | None, listed: str | None = None) -> str:
    """The outlet of a file's article: ``rx`` (the option given) in the file name, else the
    metadata table's outlet (``listed``), else the first sub-folder, else ``unknown``."""
    if rx is not None:
        m = rx.search(found.path.name)
        if m and m.group(1):
            return path_text(m.group(1))
    if listed:
        return listed
    if found.root is not None:
        rel = found.path.relative_to(found.root)
        if len(rel.parts) > 1:
            return path_text(rel.parts[0])
    return "unknown"


def _names(found: _Found) -> list[str]:
    """What a metadata row may call a file: its name, stem, id and path under the root."""
    names = [path_text(found.path.name), path_text(found.path.stem), path_text(_file_id(found))]
    if found.root is not None:
        names.append(path_text(found.path.relative_to(found.root).as_posix()))
    return names


# --------------------------------------------------------------------------- walking


def _expand(inputs: Sequence[str | Path]) -> list[tuple[Path, bool]]:
    """(path, is_folder) for every input; UsageError for a missing one."""
    out: list[tuple[Path, bool]] = []
    if not inputs:
        raise UsageError("no inputs given")
    if sum(str(raw) == STDIN for raw in inputs) > 1:
        raise UsageError(f"{STDIN} (standard input) given more than once")
    for raw in inputs:
        if str(raw) == STDIN:
            out.append((_STDIN_PATH, False))
            continue
        p = Path(os.path.expanduser(str(raw)))
        try:
            exists = p.exists()
        except OSError:  # a folder on its path cannot be searched: skipped when it is read
            out.append((p, False))
            continue
        if exists:
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


@dataclass(frozen=True)
class _Left:
    """An input not read: ``ignored`` on purpose (hidden, the output folder, read already),
    else skipped (it cannot be read)."""

    record: Skipped
    ignored: bool = False


#: why an entry is left out on purpose (the summary lists them under ``ignored``)
HIDDEN = "hidden (its name starts with '.')"
OUTPUT_FOLDER = "the output folder (never read as input)"
FRAMING_OUTPUT = "holds a framing output (summary.json and .framing-cache or reports/)"
READ_ALREADY = "links to a folder read already"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _is_under(real: str, folders: Sequence[str]) -> bool:
    return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _not_input(path: Path, real: str, exclude: Sequence[str]) -> str | None:
    """Why the folder ``path`` is never read as input, or None."""
    if _is_under(real, exclude):
        return OUTPUT_FOLDER
    # os.path's tests are False where the folder cannot be searched (Path.is_file raises
    # PermissionError there): such a folder is skipped when it is listed
    if os.path.isfile(path / "summary.json") and (
        os.path.isdir(path / ".framing-cache") or os.path.isdir(path / "reports")
    ):
        return FRAMING_OUTPUT
    return None


def _walk(root: Path, exclude: Sequence[str]) -> Iterator[Path | _Left]:
    """Files under ``root``, sorted, each real folder entered once; the entries left out
    (hidden ones, output folders, links to a folder read already, folders that cannot be
    listed, entries that cannot be looked at) come as :class:`_Left` records in their place."""
    seen_dirs: set[str] = set()

    def visit(d: Path, real: str) -> Iterator[Path | _Left]:
        seen_dirs.add(real)
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield _Left(Skipped(path_text(d), f"cannot read the folder: {_reason(exc)}"))
            return
        for e in entries:
            path = Path(e.path)
            if e.name.startswith("."):
                yield _Left(Skipped(path_text(path), HIDDEN), ignored=True)
                continue
            try:
                is_dir = e.is_dir()  # follows symlinks
            except OSError as exc:  # a symlink loop, a folder without search permission
                yield _Left(Skipped(path_text(path), f"cannot read: {_reason(exc)}"))
                continue
            if not is_dir:
                yield path
                continue
            sub = os.path.realpath(path)
            why = READ_ALREADY if sub in seen_dirs else _not_input(path, sub, exclude)
            if why is not None:
                yield _Left(Skipped(path_text(path), why), ignored=True)
            else:
                yield from visit(path, sub)

    real = os.path.realpath(root)
    why = _not_input(root, real, exclude)
    if why is not None:
        yield _Left(Skipped(path_text(root), why), ignored=True)
    else:
        yield from visit(root, real)


def _files(
    inputs: Sequence[str | Path], exclude: Sequence[str | Path] = ()
) -> Iterator[_Found | _Left]:
    """Every file to read, and every entry left out, in order: a file reached twice (by a link,
    or given twice) is read the first time."""
    out = [os.path.realpath(p) for p in exclude]
    seen: dict[str, str] = {}
    for path, is_dir in _expand(inputs):
        if path is _STDIN_PATH:
            yield _Found(path, None)
            continue
        if is_dir:
            candidates: Iterable[tuple[Path | _Left, Path | None]] = (
                (f, path) for f in _walk(path, out)
            )
        else:
            candidates = [(path, None)]
        for f, root in candidates:
            if isinstance(f, _Left):
                yield f
                continue
            if root is not None and f.suffix.lower() in IGNORED_SUFFIXES:
                continue
            real = os.path.realpath(f)
            if real in seen:
                same = f"the same file as {seen[real]} (read once)"
                yield _Left(Skipped(path_text(f), same), ignored=True)
                continue
            if root is None and _is_under(real, out):
                yield _Left(Skipped(path_text(f), OUTPUT_FOLDER), ignored=True)
                continue
            seen[real] = path_text(f)
            yield _Found(f, root)


# --------------------------------------------------------------------------- reading


def read_articles(
    inputs: Sequence[str | Path],
    *,
    outlet_pattern: str | None = None,
    max_bytes: int = MAX_BYTES,
    exclude: Sequence[str | Path] = (),
    on_ignore: Callable[[Skipped], None] | None = None,
    metadata: str | Path | MetadataTable | MetadataJoin | None = None,
    date_pattern: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles (and skipped inputs) from folders, files and globs, in a stable order.

    ``metadata``: a metadata table (a TSV/CSV path, read by
    :func:`~framing.read.metadata.read_metadata`) joined to the articles on file name, stem
    or id; pass a :class:`~framing.read.metadata.MetadataJoin` to learn afterwards which rows
    matched nothing. ``date_pattern``: a regular expression finding the date in a file's name
    (its group ``date``, or ``year``/``month``/``day``, else its whole match), instead of the
    built-in shapes (``2016-03-11``, ``20201003``).

    ``exclude``: folders never read (the output folder); a folder holding a framing output
    (``summary.json`` beside ``.framing-cache`` or ``reports/``) is never read either. The
    entries left out on purpose (hidden ones, those folders, a file or folder reached a second
    time through a link) are passed to ``on_ignore`` as they are met. Arguments are checked at
    once (missing input, bad pattern: :class:`UsageError`); reading happens lazily as the
    iterator is consumed.
    """
    rx = compile_outlet_pattern(outlet_pattern)
    date_rx = compile_date_pattern(date_pattern)
    if isinstance(metadata, str | Path):
        metadata = read_metadata(metadata)
    join = MetadataJoin(metadata) if isinstance(metadata, MetadataTable) else metadata
    _expand(inputs)  # fail now, not half-way through
    return _read(inputs, _How(rx, date_rx, join), max_bytes, exclude, on_ignore)


@dataclass(frozen=True)
class _How:
    """How outlets, dates and metadata are found: the patterns given and the metadata join."""

    rx: re.Pattern[str] | None = None
    date_rx: re.Pattern[str] | None = None
    join: MetadataJoin | None = None


def _read(
    inputs: Sequence[str | Path],
    how: _How,
    max_bytes: int,
    exclude: Sequence[str | Path],
    on_ignore: Callable[[Skipped], None] | None,
) -> Iterator[Article | Skipped]:
    rx = how.rx
    ids = _Ids()
    for found in _files(inputs, exclude):
        if isinstance(found, _Left):
            if not found.ignored:
                yield found.record
            elif on_ignore is not None:
                on_ignore(found.record)
            continue
        suffix = found.path.suffix.lower()
        where = path_text(found.path)
        try:
            if found.path is _STDIN_PATH:
                rows = jsonl_rows(found.path, stream=sys.stdin.buffer)
                yield from _row_articles(rows, found, how, ids, max_bytes)
            elif suffix in JSONL_SUFFIXES:
                yield from _row_articles(jsonl_rows(found.path), found, how, ids, max_bytes)
            elif suffix in CSV_SUFFIXES:
                rows = csv_rows(found.path, max_bytes=max_bytes)
                yield from _row_articles(rows, found, how, ids, max_bytes)
            else:
                decoded = decode_text(_read_bytes(found.path, max_bytes))
                text = decoded.text
                meta: dict[str, Any] = {}
                note = decoded.note()
                if note is not None:
                    meta["decoding"] = note
                if suffix in HTML_SUFFIXES:
                    text, found_meta = html_main_text(text)
                    meta.update(found_meta)
                    if not text.strip():
                        raise Unreadable("no text in the HTML page")
                listed = how.join.match(_names(found)) if how.join is not None else None
                if listed is not None:
                    meta.update(listed.fields)
                name_date = date_from_name(path_text(found.path.name), how.date_rx)
                yield article_from_text(
                    text,
                    id=ids.claim(_file_id(found)),
                    source_path=where,
                    outlet=_outlet(found, rx, listed.outlet if listed is not None else None),
                    metadata=meta,
                    defaults={"date": name_date},
                )
        except Unreadable as exc:
            yield Skipped(where, str(exc))
        except OSError as exc:
            yield Skipped(where, f"cannot read: {exc.strerror or exc}")


def _row_articles(
    rows: Iterator[Row | Skipped],
    found: _Found,
    how: _How,
    ids: _Ids,
    max_bytes: int,
) -> Iterator[Article | Skipped]:
    where = path_text(found.path)
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
        listed = how.join.match([row.id, safe_id(wanted)]) if how.join is not None else None
        meta = row.metadata
        if listed is not None:
            meta = {**listed.fields, **row.metadata}  # the row's own fields win
        if row.outlet is not None:
            outlet = row.outlet
        else:
            outlet = _outlet(found, how.rx, listed.outlet if listed is not None else None)
        yield article_from_text(
            row.text,
            id=ids.claim(wanted),
            source_path=where,
            outlet=outlet,
            metadata=meta,
            row=row.line,
        )


def count_items(
    inputs: Sequence[str | Path],
    *,
    limit_bytes: int = 200 * MB,
    limit_seconds: float = 2.0,
    exclude: Sequence[str | Path] = (),
) -> int | None:
    """How many items (articles or skipped inputs) :func:`read_articles` will yield, counted
    cheaply for a progress bar: one per file, one per non-blank JSONL line. ``None`` when it
    is not cheap (CSV rows, over ``limit_bytes`` of JSONL, over ``limit_seconds`` of walking)
    or the inputs are unusable. ``exclude``: as for :func:`read_articles`."""
    if any(str(raw) == STDIN for raw in inputs):
        return None  # standard input can be read once only
    deadline = time.monotonic() + limit_seconds
    total = 0
    jsonl_bytes = 0
    try:
        for k, found in enumerate(_files(inputs, exclude)):
            if k % 1000 == 999 and time.monotonic() > deadline:
                return None
            if isinstance(found, _Left):
                total += not found.ignored
                continue
            suffix = found.path.suffix.lower()
            if suffix in CSV_SUFFIXES:
                return None
            if suffix not in JSONL_SUFFIXES:
                total += 1
                continue
            try:
                fh = open_input(found.path)
            except Unreadable:
                total += 1
                continue
            with fh:
                jsonl_bytes += os.fstat(fh.fileno()).st_size
                if jsonl_bytes > limit_bytes:
                    return None
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
    with open_input(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise Unreadable(_size_reason(size, max_bytes))
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise Unreadable(_size_reason(len(data), max_bytes))
    return data


def read_text_file(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    """The decoded text of one file, as :func:`read_articles` decodes it (for tools and tests).

    Raises :class:`framing.errors.InputError` when it cannot be read."""
    try:
        return decode_bytes(_read_bytes(Path(path), max_bytes))
    except Unreadable as exc:
        raise InputError(str(path), str(exc)) from None
