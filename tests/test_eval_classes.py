"""The attribution-classes gold set (issue 16) reads whole and covers its ten error classes.

The per-class figures are recorded (bench/attribution_classes.py); one slow test holds the
pipeline to issue 16's bar on the set.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from framing.eval.brat import parse_text_bounds, read_polnear

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "data" / "attribution-classes"
T_TYPES = {"Source", "Cue", "Content", "Attribution", "Attribution-no-source"}
OTHER_T_TYPES = {"Discard", "Negative"}
T_LINE = re.compile(r"^T\d+\t[A-Za-z-]+ \d+ \d+(;\d+ \d+)*\t[^\n]*$")
E_LINE = re.compile(
    r"^E\d+\t(Attribution|Attribution-no-source):T\d+( (Source|Cue|Content):T\d+)+$"
)
NOTE_LINE = re.compile(r"^#\d+\tAnnotatorNotes T\d+\tclass (10|[1-9])$")


def _builder():
    spec = importlib.util.spec_from_file_location(
        "attribution_classes_build", ROOT / "bench" / "attribution_classes_build.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def _classes() -> dict[str, list[int]]:
    rows = {}
    for line in (SET / "classes.tsv").read_text("utf-8").splitlines():
        name, classes, description = line.split("\t")
        assert description.strip(), name
        rows[name] = [int(c) for c in classes.split(",")]
    return rows


def test_set_reads_without_skipped_files() -> None:
    corpus = read_polnear(SET)
    assert corpus.skipped == []
    assert len(corpus.docs) >= 48
    assert len({p.stem for p in (SET / "text").glob("*.txt")}) == len(corpus.docs)
    assert sum(len(d.attributions) for d in corpus.docs) > 100


@pytest.mark.parametrize("ann", sorted((SET / "attributions").glob("*.ann")), ids=lambda p: p.stem)
def test_every_ann_line_is_read(ann: Path) -> None:
    """Every line is a T, E or note line the reader (or the bench) understands; every T
    repeats the text at its offsets; every E has a cue and a content, and a source exactly
    when it is an ``Attribution`` (``Attribution-no-source`` otherwise)."""
    text = (SET / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text("utf-8")
    raw = ann.read_text("utf-8")
    assert raw.endswith("\n")
    lines = raw[:-1].split("\n")
    bounds = parse_text_bounds(raw, path=str(ann), text_length=len(text))
    for line in lines:
        assert T_LINE.match(line) or E_LINE.match(line) or NOTE_LINE.match(line), line
    for tb in bounds.values():
        assert tb.type in T_TYPES | OTHER_T_TYPES, tb
        assert tb.text.rstrip("\n") == " ".join(text[s:e] for s, e in tb.fragments), tb
    for line in lines:
        if not line.startswith("E"):
            continue
        args = dict(a.split(":") for a in line.split("\t")[1].split())
        kinds = {bounds[t].type for t in args.values()}
        assert {"Cue", "Content"} <= kinds, line
        has_source = "Source" in args
        assert ("Attribution" in args) == has_source, line
        for role, tid in args.items():
            assert bounds[tid].type == role, line


def test_classes_tsv_names_every_passage_and_covers_every_class() -> None:
    rows = _classes()
    names = {p.stem for p in (SET / "text").glob("*.txt")}
    assert set(rows) == names
    counts = Counter(c for classes in rows.values() for c in classes)
    assert set(counts) == set(range(1, 11))
    assert all(counts[c] >= 4 for c in range(1, 11)), counts


def test_gold_is_built_from_the_markup() -> None:
    """text/ and attributions/ are what bench/attribution_classes_build.py makes of markup/."""
    files = _builder().build(SET)
    assert files, "no markup"
    for path, content in files.items():
        assert path.read_text("utf-8") == content, f"{path} is out of date: run the builder"
    built = {p.resolve() for p in files}
    on_disk = {p.resolve() for sub in ("text", "attributions") for p in (SET / sub).iterdir()}
    assert on_disk == built


def test_markup_errors_are_caught() -> None:
    build = _builder()
    p = build.parse_markup("x", "⟦S1|Lee⟧ ⟦C1|said⟧ ⟦X1|it rained⟧. ⟦X1|It did.⟧")
    assert p.text == "Lee said it rained. It did."
    assert p.roles[1]["X"] == [(9, 18), (20, 27)]
    for bad in (
        "⟦S1|Lee⟧ ⟦C1|said⟧",  # no content
        "⟦C1|said⟧ ⟦X1| it⟧",  # edge whitespace
        "⟦C1|said⟧ ⟦X1|it",  # left open
        "⟦C1|said⟧ ⟦X1|it ⟦N6|rained⟧⟧",  # a negative inside a content
    ):
        with pytest.raises(build.MarkupError):
            build.parse_markup("x", bad)


def _bench():
    spec = importlib.util.spec_from_file_location(
        "attribution_classes", ROOT / "bench" / "attribution_classes.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_the_set_meets_issue_16s_bar() -> None:
    """The pipeline on the set: whole-attribution F1 at least 0.90 (issue 16's bar; 0.919 when
    written), and no class below 0.80 (the weakest, class 6, at 0.833)."""
    res = _bench().run(SET)
    assert res["overall"]["f1"] >= 0.90, res["overall"]
    weak = {c: r["f1"] for c, r in res["classes"].items() if r["f1"] < 0.80}
    assert not weak
