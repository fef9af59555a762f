"""A golden report for seed 000: any change to what `framing analyze` writes shows up here.

After an intended change, regenerate with ``FRAMING_REGEN_GOLDEN=1 make test`` (the golden
test then writes the files and fails, so a regeneration is never mistaken for a pass) and
review the diff of ``tests/golden/`` like any other change. Versions (framing's, spaCy's) are
replaced by placeholders on both sides: an upgrade alone does not break the golden.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from framing import __version__
from framing.analyze import analyze
from framing.read import read_articles
from framing.report import render_markdown, report_json
from framing.schema import Report, from_json
from tests.conftest import SEED_000

GOLDEN = Path(__file__).parent / "golden"


def normalised(report: Report) -> Report:
    """The report with its versions replaced by placeholders and its path made relative."""
    spacy = dataclasses.replace(report.model.spacy, spacy_version="<spacy>")
    return dataclasses.replace(
        report,
        framing_version="<framing>",
        model=dataclasses.replace(report.model, spacy=spacy),
        source_path="seeds/" + Path(report.source_path).name,
    )


def _check(files: dict[str, str]) -> None:
    """Each golden file against what was produced; with FRAMING_REGEN_GOLDEN, every file
    written, then a failure."""
    if os.environ.get("FRAMING_REGEN_GOLDEN"):
        for name, produced in files.items():
            (GOLDEN / name).write_text(produced, encoding="utf-8")
        raise AssertionError(
            f"{', '.join(files)} regenerated in {GOLDEN}: review the diff, then run without "
            "FRAMING_REGEN_GOLDEN"
        )
    for name, produced in files.items():
        _compare(name, produced)


def _compare(name: str, produced: str) -> None:
    path = GOLDEN / name
    expected = path.read_text(encoding="utf-8")
    if produced != expected:
        # show the first differing line, not two 100 KB strings
        a, b = expected.splitlines(), produced.splitlines()
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                raise AssertionError(f"{name} line {i + 1}:\n  golden:   {x}\n  produced: {y}")
        raise AssertionError(f"{name}: {len(a)} lines in golden, {len(b)} produced")


def test_seed000_golden_report(nlp):
    (article,) = list(read_articles([str(SEED_000)]))
    (report,) = analyze([article], lexicons=(), nlp=nlp)  # the golden report has none
    assert report.framing_version == __version__
    report = normalised(report)
    text = report_json(report)
    assert from_json(Report, json.loads(text)) == report  # the JSON reads back to the report
    _check({"000_e18cff79a667c2cc.json": text, "000_e18cff79a667c2cc.md": render_markdown(report)})
