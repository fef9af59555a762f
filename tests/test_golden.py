"""A golden report for seed 000: any change to what `framing analyze` writes shows up here.

After an intended change, regenerate with ``FRAMING_REGEN_GOLDEN=1 make test`` and review the
diff of ``tests/golden/`` like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from framing.analyze import analyze
from framing.read import read_articles
from framing.report import render_markdown, report_json
from tests.conftest import SEED_000

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FRAMING_REGEN_GOLDEN"):
        path.write_text(produced, encoding="utf-8")
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
    (report,) = list(analyze([article], nlp=nlp))
    # the source path depends on where the checkout lives
    report["source_path"] = "seeds/" + Path(report["source_path"]).name
    assert json.loads(report_json(report)) == report
    _check("000_e18cff79a667c2cc.json", report_json(report))
    _check("000_e18cff79a667c2cc.md", render_markdown(report))
