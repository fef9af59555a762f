"""Build the attribution-classes gold set (brat, PolNeAR layout) from its marked-up passages.

Usage: .venv/bin/python bench/attribution_classes_build.py [--check] [DIR]
(default DIR: tests/data/attribution-classes)

Each passage is written once, in ``DIR/markup/NAME.txt``: the article text with its spans
marked inline as ``⟦ROLES|text⟧``, where ROLES is a comma-separated list of a role letter and
an attribution number (``S`` source, ``C`` cue, ``X`` content). Two marks are no attribution:
``D`` alone marks web furniture to discard (a ``Discard`` T line, as PolNeAR marks "Read the
rest here."), and ``N`` with a class number (``⟦N6|denied the visitors⟧``) marks a negative
case of that error class: text that must not yield an attribution (a ``Negative`` T line with
an ``AnnotatorNotes`` line ``class 6``; neither is read as an attribution, and both must lie
outside every source, cue and content). A span may belong to several attributions
(``⟦S2,S3|the mayor⟧``: one source of two), marks nest (a quote inside a quoted letter), and
an attribution whose content is marked more than once gets a discontinuous content
(``start end;start end``). An attribution without a source is written as PolNeAR writes one
(``Attribution-no-source``).

The script writes ``DIR/text/NAME.txt`` (the text without marks) and
``DIR/attributions/NAME_framing.ann`` (T lines ``Source``, ``Cue``, ``Content``,
``Attribution`` and ``E`` lines as in PolNeAR). ``--check`` writes nothing and exits 1 when
a built file differs from the one on disk (the test suite runs it).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

OPEN, SEP, CLOSE = "⟦", "|", "⟧"
ROLE_NAMES = {"S": "Source", "C": "Cue", "X": "Content"}
ANNOTATOR = "framing"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "attribution-classes"


class MarkupError(ValueError):
    pass


@dataclass
class Passage:
    name: str
    text: str
    # attribution number -> role letter -> fragments in text order
    roles: dict[int, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)
    discard: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, error class) of each marked negative case
    negatives: list[tuple[int, int, int]] = field(default_factory=list)


def parse_markup(name: str, marked: str) -> Passage:
    """The passage's plain text and its spans; raises MarkupError on a malformed mark."""
    out: list[str] = []
    stack: list[tuple[list[tuple[str, int]], int]] = []
    p = Passage(name, "")
    i = 0
    pos = 0
    while i < len(marked):
        ch = marked[i]
        if ch == OPEN:
            j = marked.find(SEP, i)
            if j < 0:
                raise MarkupError(f"{name}: unclosed role list at {i}")
            labels = []
            for item in marked[i + 1 : j].split(","):
                item = item.strip()
                if item == "D":
                    labels.append(("D", 0))
                    continue
                if item[:1] == "N" and item[1:].isdigit():
                    labels.append(("N", int(item[1:])))
                    continue
                if len(item) < 2 or item[0] not in ROLE_NAMES or not item[1:].isdigit():
                    raise MarkupError(f"{name}: bad role {item!r} at {i}")
                labels.append((item[0], int(item[1:])))
            stack.append((labels, pos))
            i = j + 1
            continue
        if ch == CLOSE:
            if not stack:
                raise MarkupError(f"{name}: {CLOSE} without {OPEN} at {i}")
            labels, start = stack.pop()
            span = "".join(out)[start:pos]
            if not span or span != span.strip():
                raise MarkupError(f"{name}: span {span!r} is empty or has edge whitespace")
            if "\n" in span:
                raise MarkupError(f"{name}: span {span[:40]!r} crosses a line break")
            for role, n in labels:
                if role == "D":
                    p.discard.append((start, pos))
                elif role == "N":
                    p.negatives.append((start, pos, n))
                else:
                    p.roles.setdefault(n, {}).setdefault(role, []).append((start, pos))
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise MarkupError(f"{name}: {len(stack)} mark(s) left open")
    p.text = "".join(out)
    for n, roles in p.roles.items():
        if "C" not in roles or "X" not in roles:
            raise MarkupError(f"{name}: attribution {n} lacks a cue or a content")
    gold = [f for roles in p.roles.values() for frags in roles.values() for f in frags]
    for s, e in p.discard + [(s, e) for s, e, _ in p.negatives]:
        if any(s < ge and gs < e for gs, ge in gold):
            raise MarkupError(f"{name}: negative {p.text[s:e]!r} overlaps an attribution")
    return p


def to_ann(p: Passage) -> str:
    """The brat ``.ann`` text of a passage, attributions in order of their first span."""
    lines: list[str] = []
    t = 0

    def tline(typ: str, frags: list[tuple[int, int]]) -> str:
        nonlocal t
        t += 1
        frags = sorted(frags)
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        lines.append(f"T{t}\t{typ} {offsets}\t{' '.join(p.text[s:e] for s, e in frags)}")
        return f"T{t}"

    order = sorted(p.roles, key=lambda n: min(s for fr in p.roles[n].values() for s, _ in fr))
    for e, n in enumerate(order, 1):
        roles = p.roles[n]
        args = []
        kind = "Attribution" if "S" in roles else "Attribution-no-source"
        ids = {r: tline(ROLE_NAMES[r], roles[r]) for r in ("S", "C", "X") if r in roles}
        att = tline(kind, roles["C"])
        args.append(f"{kind}:{att}")
        args += [f"{ROLE_NAMES[r]}:{tid}" for r, tid in ids.items()]
        lines.append(f"E{e}\t{' '.join(args)}")
    for frag in p.discard:
        tline("Discard", [frag])
    for note, (s, e, cls) in enumerate(sorted(p.negatives), 1):
        tid = tline("Negative", [(s, e)])
        lines.append(f"#{note}\tAnnotatorNotes {tid}\tclass {cls}")
    return "\n".join(lines) + "\n"


def build(root: Path) -> dict[Path, str]:
    """Every file the markup folder builds: path -> content."""
    files: dict[Path, str] = {}
    for src in sorted((root / "markup").glob("*.txt")):
        p = parse_markup(src.stem, src.read_text("utf-8"))
        files[root / "text" / f"{p.name}.txt"] = p.text
        files[root / "attributions" / f"{p.name}_{ANNOTATOR}.ann"] = to_ann(p)
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--check", action="store_true", help="compare, write nothing")
    args = ap.parse_args()
    files = build(args.dir)
    stale = [f for f, text in files.items() if not f.is_file() or f.read_text("utf-8") != text]
    built = set(files)
    extra = [
        f
        for sub in ("text", "attributions")
        for f in sorted((args.dir / sub).glob("*"))
        if f not in built
    ]
    if args.check:
        for f in stale:
            print(f"out of date: {f}", file=sys.stderr)
        for f in extra:
            print(f"not built from markup/: {f}", file=sys.stderr)
        return 1 if stale or extra else 0
    for f in stale:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(files[f], "utf-8")
    for f in extra:
        f.unlink()
    print(f"{len(files) // 2} passages; {len(stale)} file(s) written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
