"""Reading articles: folders, files and globs in; :class:`Article` or :class:`Skipped` out.

- Folders are read recursively (hidden entries skipped, symlink loops and duplicate files
  visited once); a glob is expanded; a file is read as it is.
- ``.txt``, ``.md`` and any other extension are plain text; ``.html``/``.htm`` give their main
  text; ``.jsonl`` and ``.csv`` give one article per row (``text`` and optional ``id``,
  ``outlet``, ``date``, ``title``).
- Encodings: UTF-8 (with or without BOM), UTF-16/32 (with BOM, or UTF-16 without one),
  otherwise detected with charset-normalizer, falling back to Windows-1252.
- :func:`clean` finds the parts of a text that are not the article's body (a metadata header,
  a dateline, a byline, a copyright footer): they become metadata and excluded regions, while
  every offset stays an offset into the decoded text.

Bad inputs never raise: they come out as :class:`Skipped` with a one-line reason. Unusable
arguments (a missing input, a bad ``--outlet-pattern``) raise :class:`UsageError` at once,
before anything is read.
"""

from __future__ import annotations

import codecs
import csv
import glob
import html.parser
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import UsageError
from framing.schema import Article, Region, Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
#: sidecar files that sit next to articles in annotated corpora (brat) and are never articles
IGNORED_SUFFIXES = {".ann", ".conf", ".pyc"}
ROW_METADATA = ("date", "title", "url", "author", "section", "language")
MB = 1_000_000


class _Unreadable(Exception):
    """Internal: why one input cannot be read (becomes a Skipped)."""


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: most ASCII characters leave a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes) -> str:
    """The text of ``data``; raises ``_Unreadable`` for empty or binary content."""
    if not data.strip():
        raise _Unreadable("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise _Unreadable(f"cannot decode as {enc}: {exc.reason}") from None
            return _checked(text)
    if b"\x00" in data:
        text16 = _utf16_without_bom(data)
        if text16 is not None:
            return _checked(text16)
        raise _Unreadable("binary file (not text)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(data)
    if guess is not None:
        try:
            return _checked(data.decode(guess))
        except UnicodeDecodeError:
            pass
    # Windows-1252 leaves 5 bytes undefined; Latin-1 maps those to C1 controls
    return _checked(data.decode("cp1252") if _cp1252_ok(data) else data.decode("latin-1"))


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_ascii_letters(text: str) -> bool:
    """True when non-ASCII characters are sprinkled in ASCII text, as in Western European
    languages (a Cyrillic or Greek text read as Windows-1252 is nearly all non-ASCII)."""
    letters = sum(1 for ch in text if ch.isalpha())
    high = sum(1 for ch in text if ord(ch) > 127)
    return letters > 0 and high <= 0.25 * letters


def _guess_encoding(data: bytes) -> str | None:
    """Windows-1252 when it reads as Western text (the news default: curly quotes, dashes),
    else charset-normalizer's best guess."""
    sample = data[:200_000]
    if _cp1252_ok(sample) and _mostly_ascii_letters(sample.decode("cp1252")):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return None if best is None else best.encoding


def _checked(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise _Unreadable("empty file")
    sample = text[:20_000]
    if _CONTROL.search(sample) and len(_CONTROL.findall(sample)) > 0.02 * len(sample):
        raise _Unreadable("binary file (not text)")
    return text


# --------------------------------------------------------------------------- HTML


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
              "form", "button", "iframe", "figure", "select"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3",
               "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "hr", "dd", "dt"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr"}  # fmt: skip


class _MainText(html.parser.HTMLParser):
    """Visible text of the ``<article>`` (else ``<main>``, else ``<body>``), paragraphs kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.stack: list[str] = []
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": [], "all": []}
        self.inside: dict[str, int] = {"article": 0, "main": 0, "body": 0}
        self.title: list[str] = []
        self.h1: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _emit(self, s: str) -> None:
        self.parts["all"].append(s)
        for k, n in self.inside.items():
            if n:
                self.parts[k].append(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = (a.get("property") or a.get("name") or "").lower()
            if key in ("article:published_time", "date", "pubdate", "og:title", "author"):
                self.meta.setdefault(key, a.get("content", ""))
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip:
                self._emit("\n")
            return
        self.stack.append(tag)
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag in self.inside:
            self.inside[tag] += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS and not self.skip:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP_TAGS:
                self.skip -= 1
            if top in self.inside:
                self.inside[top] -= 1
            if top == "title":
                self.in_title = False
            if top == "h1":
                self.in_h1 = False
            if top in _BLOCK_TAGS and not self.skip:
                self._emit("\n\n")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1.append(data)
        self._emit(data)

    def result(self) -> tuple[str, dict[str, Any]]:
        chosen = ""
        for k in ("article", "main", "body", "all"):
            chosen = "".join(self.parts[k])
            if chosen.strip():
                break
        paragraphs = []
        for block in re.split(r"\n\s*\n", chosen):
            line = re.sub(r"[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*", "\n", block)
            line = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
            if line:
                paragraphs.append(line)
        meta: dict[str, Any] = {}
        title = " ".join("".join(self.h1 or self.title).split()) or self.meta.get("og:title", "")
        if title:
            meta["title"] = title
        date = _iso_date(self.meta.get("article:published_time") or self.meta.get("date") or "")
        if date:
            meta["date"] = date
        if self.meta.get("author"):
            meta["author"] = self.meta["author"]
        return "\n\n".join(paragraphs) + ("\n" if paragraphs else ""), meta


def html_main_text(source: str) -> tuple[str, dict[str, Any]]:
    """The main visible text of an HTML page (paragraphs separated by blank lines) and metadata
    found in it (title, date, author)."""
    parser = _MainText()
    parser.feed(source)
    parser.close()
    return parser.result()


# --------------------------------------------------------------------------- cleaning

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_WORDS = (
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+Z-]+)?"
    r"|[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})"
)
_HEADER = re.compile(
    r"[ \t]*(?P<key>date|published|updated|dateline|title|author|source|url|outlet)[ \t]*"
    r"(?::[ \t]*(?P<value>[^\n]+)\n|[ \t]+(?P<date>" + _DATE_WORDS + r")(?=[ \t\n]))",
    re.IGNORECASE,
)
_DATELINE_LINE = re.compile(
    r"(?P<d>[A-Z][A-Z.'\- ]{1,40}(?:,[ \t]*[A-Z][A-Za-z.'\- ]{1,40}){0,2})[ \t]*\r?\n"
)
_DATELINE_INLINE = re.compile(
    r"(?P<d>[A-Z][A-Z.'\-]{1,30}(?: [A-Z][A-Z.'\-]{1,30}){0,3}(?:,[ \t]*[A-Z][A-Za-z.'\-]+"
    r"(?: [A-Z][A-Za-z.'\-]+){0,2})?)(?:[ \t]*\((?P<agency>[A-Za-z][\w .&-]{1,40})\))?"
    r"[ \t]*[-\u2013\u2014]+[ \t]+"
)
_BYLINE_LEAD = re.compile(r"(?P<b>By [A-Z][^\n]{2,80})[ \t]*\r?\n")
_CREDIT = re.compile(
    r"\A\*?[ \t]*(?:\(?(?:Writing|Written|Reporting|Reported|Editing|Edited|Additional reporting|"
    r"Compiled|Translated|Contributing)\b[^\n]{0,200}\bby\b[^\n]*)\Z",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"\A(?:copyright\b|\u00a9|\(c\)\s*\d{4})|all rights reserved", re.I)


def _iso_date(value: str) -> str | None:
    value = value.strip()
    m = _ISO.match(value)
    if m:
        return m.group(0)
    m = re.match(r"([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})", value)
    if m and m.group(1).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(1).lower()[:3]))
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
    m = re.match(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", value)
    if m and m.group(2).lower()[:3] in {k[:3] for k in _MONTHS}:
        month = next(v for k, v in _MONTHS.items() if k.startswith(m.group(2).lower()[:3]))
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    return None


@dataclass
class Cleaned:
    body_start: int
    body_end: int
    metadata: dict[str, Any] = field(default_factory=dict)
    excluded: list[Region] = field(default_factory=list)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _paragraph_ends(text: str, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank paragraphs of text[:end], last first."""
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", text[:end]):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((s, e))
    return spans[::-1]


def clean(text: str) -> Cleaned:
    """Where the body of ``text`` lies, and what around it is metadata.

    Leading: metadata header lines (``title: ...``, or `` date 2020-10-01`` followed by the
    first sentence on the same line), a dateline (``BAKU, Azerbaijan`` on its own line, or
    ``WASHINGTON (Reuters) -``), a byline (``By Jane Doe``). Trailing: credit lines
    (``*Writing by ...``, ``Editing by ...``) and copyright footers. The body is never emptied:
    if cleaning would leave nothing, the whole text is the body.
    """
    meta: dict[str, Any] = {}
    excluded: list[Region] = []
    pos = _skip_space(text, 0)
    # metadata header lines
    for _ in range(10):
        m = _HEADER.match(text, pos)
        if not m:
            break
        key = m.group("key").lower()
        value = (m.group("value") or m.group("date") or "").strip()
        if key in ("date", "published", "updated"):
            iso = _iso_date(value)
            if iso is None:
                break
            meta.setdefault("date", iso)
        else:
            meta.setdefault(key, value)
        end = m.start("date") + len(m.group("date")) if m.group("date") else m.end()
        excluded.append(Region("header", pos, end if m.group("date") else m.end() - 1))
        pos = _skip_space(text, end)
    # dateline, own line or inline
    m = _DATELINE_LINE.match(text, pos)
    if m and len(m.group("d").split()) <= 6 and m.group("d").split(",")[0].isupper():
        meta["dateline"] = m.group("d").strip()
        excluded.append(Region("dateline", pos, pos + len(m.group("d").rstrip())))
        pos = _skip_space(text, m.end())
    else:
        m = _DATELINE_INLINE.match(text, pos)
        if m and len(m.group("d").split(",")[0]) >= 3:
            meta["dateline"] = m.group("d").strip()
            if m.group("agency"):
                meta["agency"] = m.group("agency").strip()
            excluded.append(Region("dateline", pos, m.end()))
            pos = m.end()
    # leading byline
    m = _BYLINE_LEAD.match(text, pos)
    if m and len(m.group("b").split()) <= 12 and not m.group("b").rstrip().endswith("."):
        meta["byline"] = m.group("b").strip()
        excluded.append(Region("byline", pos, pos + len(m.group("b").rstrip())))
        pos = _skip_space(text, m.end())
    # trailing credits and footers
    end = len(text)
    trailing: list[Region] = []
    for s, e in _paragraph_ends(text, end):
        if s <= pos:
            break
        chunk = text[s:e]
        words = len(chunk.split())
        if words <= 80 and _COPYRIGHT.search(chunk):
            trailing.append(Region("footer", s, e))
            meta.setdefault("copyright", " ".join(chunk.split()))
        elif words <= 40 and _CREDIT.match(chunk.strip()):
            trailing.append(Region("byline", s, e))
            meta.setdefault("credits", " ".join(chunk.lstrip("* \t").split()))
        else:
            break
        end = s
    body_end = end
    while body_end > pos and text[body_end - 1].isspace():
        body_end -= 1
    if body_end <= pos or not text[pos:body_end].strip():
        start = _skip_space(text, 0)
        stop = len(text.rstrip())
        return Cleaned(start, stop, {}, [])
    excluded.extend(sorted(trailing, key=lambda r: r.start))
    return Cleaned(pos, body_end, meta, excluded)


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
    c = clean(text)
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


# --------------------------------------------------------------------------- walking


_GLOB_CHARS = re.compile(r"[*?\[]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(article_id: str) -> str:
    """An id usable as a file name: other characters become '_'."""
    return _SAFE_ID.sub("_", article_id).strip("._") or "article"


@dataclass(frozen=True)
class _Found:
    path: Path
    root: Path | None  # the folder given on the command line, if the file came from one


def compile_outlet_pattern(pattern: str | None) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"--outlet-pattern: invalid regular expression: {exc}") from None
    if rx.groups < 1:
        raise UsageError(
            f"--outlet-pattern: {pattern!r} has no group; put the outlet in parentheses, "
            "e.g. '^([^_]+)_'"
        )
    return rx


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


def read_articles(
    inputs: Sequence[str | Path],
    *,
    outlet_pattern: str | None = None,
    max_bytes: int = 2_000_000,
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
                yield from _read_jsonl(found, rx, ids, max_bytes)
            elif suffix in CSV_SUFFIXES:
                yield from _read_csv(found, rx, ids, max_bytes)
            else:
                text = decode_bytes(_read_bytes(found.path, max_bytes))
                meta: dict[str, Any] = {}
                if suffix in HTML_SUFFIXES:
                    text, meta = html_main_text(text)
                    if not text.strip():
                        raise _Unreadable("no text in the HTML page")
                yield article_from_text(
                    text,
                    id=ids.claim(_file_id(found)),
                    source_path=where,
                    outlet=_outlet(found, rx),
                    metadata=meta,
                )
        except _Unreadable as exc:
            yield Skipped(where, str(exc))
        except OSError as exc:
            yield Skipped(where, f"cannot read: {exc.strerror or exc}")


def count_items(
    inputs: Sequence[str | Path], *, limit_bytes: int = 200 * MB, limit_seconds: float = 2.0
) -> int | None:
    """How many items (articles or skipped inputs) :func:`read_articles` will yield, counted
    cheaply for a progress bar: one per file, one per non-blank JSONL line. ``None`` when it
    is not cheap (CSV rows, over ``limit_bytes`` of JSONL, over ``limit_seconds`` of walking)
    or the inputs are unusable."""
    import time

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


def _size_reason(size: int, max_bytes: int) -> str:
    return (
        f"file is {size / MB:.1f} MB, over the {max_bytes / MB:.1f} MB limit "
        "(raise it with --max-bytes)"
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise _Unreadable(_size_reason(size, max_bytes))
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise _Unreadable(_size_reason(len(data), max_bytes))
    return data


def _row_article(
    record: dict[str, Any],
    found: _Found,
    rx: re.Pattern[str] | None,
    ids: _Ids,
    line: int,
    max_bytes: int,
) -> Article | Skipped:
    where = str(found.path)
    text = record.get("text")
    if not isinstance(text, str):
        return Skipped(where, "no 'text' field", line)
    if not text.strip():
        return Skipped(where, "empty text", line)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return Skipped(where, f"text is {size / MB:.1f} MB, over the {max_bytes / MB:.1f} MB "
                       "limit (raise it with --max-bytes)", line)  # fmt: skip
    rid = record.get("id")
    wanted = str(rid).strip() if rid not in (None, "") else f"{_file_id(found)}__{line}"
    outlet = record.get("outlet")
    meta = {k: record[k] for k in ROW_METADATA if isinstance(record.get(k), str | int | float)}
    if "date" in meta:
        meta["date"] = _iso_date(str(meta["date"])) or str(meta["date"])
    return article_from_text(
        text,
        id=ids.claim(wanted),
        source_path=where,
        outlet=str(outlet).strip() if outlet not in (None, "") else _outlet(found, rx),
        metadata=meta,
        row=line,
    )


def _read_jsonl(
    found: _Found, rx: re.Pattern[str] | None, ids: _Ids, max_bytes: int
) -> Iterator[Article | Skipped]:
    where = str(found.path)
    any_line = False
    with open(found.path, "rb") as fh:
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
            yield _row_article(record, found, rx, ids, line_no, max_bytes)
    if not any_line:
        raise _Unreadable("empty file")


def _read_csv(
    found: _Found, rx: re.Pattern[str] | None, ids: _Ids, max_bytes: int
) -> Iterator[Article | Skipped]:
    where = str(found.path)
    with open(found.path, "rb") as fh:
        head = fh.read(65_536)
    text_head = decode_bytes(head) if head else ""
    if not text_head:
        raise _Unreadable("empty file")
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            encoding = _guess_encoding(head) or "cp1252"
    csv.field_size_limit(max(max_bytes * 4, 1 << 20))
    with open(found.path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(8192)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(fh, dialect=dialect)
        fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
        if "text" not in fields:
            raise _Unreadable(f"no 'text' column (columns: {', '.join(fields) or 'none'})")
        reader.fieldnames = fields
        try:
            for record in reader:
                line = reader.line_num
                if None in record:
                    yield Skipped(where, "row has more cells than the header", line)
                    continue
                yield _row_article(record, found, rx, ids, line, max_bytes)
        except csv.Error as exc:
            yield Skipped(where, f"malformed CSV: {exc}", reader.line_num)


def read_text_file(path: str | Path, max_bytes: int = 2_000_000) -> str:
    """The decoded text of one file, as :func:`read_articles` decodes it (for tools and tests).

    Raises :class:`framing.errors.InputError` when it cannot be read."""
    from framing.errors import InputError

    try:
        return decode_bytes(_read_bytes(Path(path), max_bytes))
    except _Unreadable as exc:
        raise InputError(str(path), str(exc)) from None


__all__ = [
    "Cleaned",
    "article_from_text",
    "clean",
    "compile_outlet_pattern",
    "count_items",
    "decode_bytes",
    "html_main_text",
    "read_articles",
    "read_text_file",
]
