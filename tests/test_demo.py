"""`make demo` reproduces the committed results/: the seed reports, tables, summary and index
are exactly what `framing analyze seeds/ --out results/` writes."""

from __future__ import annotations

from tests.conftest import ROOT

#: committed beside the demo's outputs, made by other commands (see README)
NOT_FROM_THE_DEMO = {"compare-polnear-dev.png"}


def _files(root):
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".framing-cache" not in p.parts
    )


def test_demo_reproduces_the_committed_results(seeds_run):
    committed = ROOT / "results"
    expected = [f for f in _files(committed) if f not in NOT_FROM_THE_DEMO]
    assert _files(seeds_run) == expected
    for name in expected:
        got, want = (seeds_run / name).read_bytes(), (committed / name).read_bytes()
        assert got == want, f"results/{name} differs: run make demo and review the diff"
