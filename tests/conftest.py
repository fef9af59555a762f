from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_e18cff79a667c2cc.txt"
SEED_002 = SEEDS / "002_db0fb08b2d17c03b.txt"


def shared_data(name: str, env: str) -> Path:
    return Path(os.environ.get(env) or ROOT.parent / "shared" / "data" / name)


POLNEAR = shared_data("polnear", "FRAMING_POLNEAR")
NEWSDISCOURSE = shared_data("newsdiscourse", "FRAMING_NEWSDISCOURSE")

needs_polnear = pytest.mark.skipif(
    not (POLNEAR / "dev" / "text").is_dir(),
    reason=f"PolNeAR not found at {POLNEAR} (set FRAMING_POLNEAR)",
)


@pytest.fixture(scope="session")
def nlp():
    from framing.nlp import load_nlp

    return load_nlp()


slow = pytest.mark.slow  # training, several processes, whole-split runs: `make test` runs them


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory, nlp):
    """``framing analyze seeds/ --out OUT --lexicon defaults --lexicon nagorno-karabakh`` as
    the README's demo runs it: from the checkout, with the relative path (so reports and
    summary name ``seeds/...``)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("seeds_run")
    cmd = [sys.executable, "-m", "framing", "analyze", "seeds/", "--out", str(out), "-q",
           "--lexicon", "defaults", "--lexicon", "nagorno-karabakh"]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def unsearchable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` what ``chmod 0`` makes it for anyone but root (the tests may run as
    root, whom no mode stops): listing it (os.scandir) and looking at or opening anything in
    it (os.stat, os.lstat, os.open) fail with EACCES, as the operating system refuses them.
    The folder is chmod 0 too, for a run that is not root (pytest's clean-up still removes
    it)."""
    import errno

    inside = os.fspath(folder) + os.sep

    def refusing(real, itself: bool):
        def call(path, *args, **kwargs):
            name = os.fspath(path) if isinstance(path, str | os.PathLike) else None
            if isinstance(name, str) and (
                name.startswith(inside) or (itself and name == os.fspath(folder))
            ):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "scandir", refusing(os.scandir, True))
    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, refusing(getattr(os, name), False))
    folder.chmod(0)


class BoundedList(list):
    """A list that counts the elements its searches and iterations visit, and fails as soon
    as they pass ``budget``: a test of linear work that fails on quadratic code without
    timing it (``x in items`` and ``for x in items`` over a growing list, once per item)."""

    def __init__(self, items=(), *, budget: int) -> None:
        super().__init__(items)
        self.budget = budget
        self.visits = 0

    def _visit(self, n: int) -> None:
        self.visits += n
        if self.visits > self.budget:
            raise AssertionError(f"over {self.budget} element visits: not linear")

    def __contains__(self, item) -> bool:
        self._visit(len(self))
        return super().__contains__(item)

    def __iter__(self):
        self._visit(len(self))
        return super().__iter__()

    def index(self, *args):
        self._visit(len(self))
        return super().index(*args)
