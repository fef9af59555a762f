"""Reading gold attributions from brat standoff files laid out as in PolNeAR.

Layout of a gold folder (a PolNeAR split such as ``polnear/dev``)::

    DIR/text/NAME.txt                 the article, UTF-8
    DIR/attributions/NAME_XXXX.ann    brat annotation by annotator XXXX

When several annotators annotated one article, the first ``.ann`` in sort order is used.
Offsets in ``.ann`` files are Python ``str`` offsets into the decoded text, so a gold span
is ``text[start:end]`` without conversion. A span may be discontinuous
(``T9\\tContent 315 448;463 553\\t...``); it is kept as its tuple of fragments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from framing.errors import InputError, UsageError, param
from framing.schema import Skipped

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")

# A brat line starts with an id and a tab; any other line continues the previous one
# (PolNeAR's .ann text of a span that crosses a line break goes on the next line).
_LINE_START = re.compile(r"^(?:[TREAMN#]\d+|\*)\t")
_ROLE_SUFFIX = re.compile(r"\d+$")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: the fragments of each role, ``()`` when the role is absent."""

    source: Fragments = ()
    cue: Fragments = ()
    content: Fragments = ()
    id: str = ""

    def role(self, name: str) -> Fragments:
        return getattr(self, name)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class GoldDoc:
    """One annotated article."""

    name: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    annotator: str | None = None
    path: str = ""

    @property
    def outlet(self) -> str:
        return outlet_of(self.name)


@dataclass(frozen=True)
class GoldCorpus:
    """The documents read from a gold folder, and the inputs that could not be read."""

    docs: list[GoldDoc]
    skipped: list[Skipped] = field(default_factory=list)


def outlet_of(name: str) -> str:
    """The publisher of a PolNeAR article: the file-name prefix before the first ``_``."""
    return name.split("_", 1)[0]


def fragment_text(text: str, fragments: Fragments, sep: str = " … ") -> str:
    """The text a (possibly discontinuous) span covers, fragments joined by ``sep``."""
    return sep.join(text[s:e] for s, e in fragments)


def check_gold_dir(
    path: str | Path, *, sub: str | None = None, param_name: str = "gold_dir"
) -> Path:
    """Return ``path`` if it holds a ``text/`` folder (and ``sub/`` when given), else raise.

    Raises :class:`UsageError` with a one-line message that names the parameter
    ``param_name`` that gave the folder (the CLI shows the option that sets it).
    """
    root = Path(path)
    if not (root / "text").is_dir():
        msg = f"{param(param_name)} {path}: no text/ folder in {path}"
        if root.is_dir():
            splits = sorted(p.name for p in root.iterdir() if (p / "text").is_dir())
            if splits:
                msg += f" (it has split folders {', '.join(splits)}: pass one of them)"
        raise UsageError(msg)
    if sub is not None and not (root / sub).is_dir():
        raise UsageError(f"{param(param_name)} {path}: no {sub}/ folder in {path}")
    return root


def _logical_lines(raw: str) -> Iterable[tuple[int, str]]:
    """(1-based line number, line) with continuation lines folded into the line they continue."""
    current: tuple[int, str] | None = None
    for no, line in enumerate(raw.split("\n"), 1):
        line = line.rstrip("\r")
        if current is None or _LINE_START.match(line):
            if current is not None:
                yield current
            current = (no, line)
        else:
            current = (current[0], current[1] + "\n" + line)
    if current is not None:
        yield current


def _parse_fragments(offsets: str) -> Fragments:
    frags = []
    for part in offsets.split(";"):
        start, end = part.split()
        frags.append((int(start), int(end)))
    return tuple(frags)


@dataclass(frozen=True)
class TextBound:
    """A brat ``T`` line: its type, fragments (in file order) and the text the file repeats."""

    id: str
    type: str
    fragments: Fragments
    text: str


def parse_text_bounds(
    raw: str, *, path: str = "<ann>", text_length: int | None = None
) -> dict[str, TextBound]:
    """Every ``T`` line of an ``.ann`` file by id (``Source``, ``Cue``, ``Discard``, ...).

    A malformed line or an offset outside the text raises :class:`InputError`.
    """
    out: dict[str, TextBound] = {}
    for no, line in _logical_lines(raw):
        if not line.startswith("T"):
            continue
        parts = line.split("\t", 2)
        try:
            typ, offsets = parts[1].split(" ", 1)
            frags = _parse_fragments(offsets)
        except (IndexError, ValueError):
            raise InputError(path, f"malformed T line: {line[:60]!r}", no) from None
        for s, e in frags:
            if not 0 <= s <= e or (text_length is not None and e > text_length):
                raise InputError(path, f"span {s}-{e} outside the text ({text_length} chars)", no)
        out[parts[0]] = TextBound(parts[0], typ, frags, parts[2] if len(parts) > 2 else "")
    return out


def parse_ann(
    raw: str, *, path: str = "<ann>", text_length: int | None = None
) -> list[GoldAttribution]:
    """Attributions of one ``.ann`` file, in the order of their ``E`` lines.

    ``E`` roles ``Source``, ``Cue`` and ``Content`` (and numbered repeats such as
    ``Content2``) are collected; repeats of a role are merged into one fragment list.
    An event with none of the three roles is dropped. References to unknown ``T`` ids are
    ignored. A malformed ``T`` line or an offset outside the text raises :class:`InputError`.
    """
    bounds = parse_text_bounds(raw, path=path, text_length=text_length)
    out = []
    for _, line in _logical_lines(raw):
        if not line.startswith("E"):
            continue
        eid, _, rest = line.partition("\t")
        roles: dict[str, set[tuple[int, int]]] = {r: set() for r in ROLES}
        for arg in rest.split():
            role, sep, tid = arg.partition(":")
            key = _ROLE_SUFFIX.sub("", role).lower()
            if sep and key in roles and tid in bounds:
                roles[key].update(bounds[tid].fragments)
        if not any(roles.values()):
            continue
        out.append(
            GoldAttribution(
                source=tuple(sorted(roles["source"])),
                cue=tuple(sorted(roles["cue"])),
                content=tuple(sorted(roles["content"])),
                id=eid,
            )
        )
    return out


def read_brat_doc(text_path: str | Path, ann_path: str | Path) -> GoldDoc:
    """One article and its annotation file. Raises :class:`InputError` if either is unreadable."""
    text_path, ann_path = Path(text_path), Path(ann_path)
    text = read_utf8(text_path)
    raw = read_utf8(ann_path)
    name = text_path.stem
    annotator = ann_path.stem[len(name) + 1 :] if ann_path.stem.startswith(name + "_") else None
    atts = parse_ann(raw, path=str(ann_path), text_length=len(text))
    return GoldDoc(
        name=name, text=text, attributions=atts, annotator=annotator, path=str(text_path)
    )


def read_utf8(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 (byte {exc.start})") from None


def read_polnear(
    path: str | Path, *, limit: int | None = None, param_name: str = "gold_dir"
) -> GoldCorpus:
    """Every annotated article of a PolNeAR-style folder, sorted by name.

    Articles without an ``.ann`` file and unreadable files are listed in ``skipped``;
    ``limit`` keeps the first N articles (in name order) that have an annotation.
    ``param_name``: the caller's parameter that gave the folder, for error messages.
    """
    root = check_gold_dir(path, sub="attributions", param_name=param_name)
    if limit is not None and limit < 0:
        raise UsageError(f"{param('limit')} {limit}: expected a number >= 0")
    anns: dict[str, list[Path]] = {}
    for ann in (root / "attributions").glob("*.ann"):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    docs: list[GoldDoc] = []
    skipped: list[Skipped] = []
    texts = sorted((root / "text").glob("*.txt"))
    if not texts:
        raise UsageError(f"{param(param_name)} {path}: no .txt files in {root / 'text'}")
    for text_path in texts:
        if limit is not None and len(docs) >= limit:
            break
        candidates = sorted(anns.get(text_path.stem, []))
        if not candidates:
            skipped.append(Skipped(str(text_path), "no attributions/NAME_XXXX.ann for it"))
            continue
        try:
            docs.append(read_brat_doc(text_path, candidates[0]))
        except InputError as exc:
            skipped.append(Skipped(exc.path, exc.reason, exc.line))
    return GoldCorpus(docs=docs, skipped=skipped)
