"""bench/adversarial.py as a test: a hostile corpus through ``framing analyze``, end to end
(issue 17). Each check names the side of issue 17 that makes it pass: the writing side's must
pass here; the reading side's (the FIFO, CR-only paragraphs, escapes in names on stderr,
``--out`` inside the input) pass once that branch is merged: until then they are an expected
failure, and the FIFO is left out of the corpus (reading it would block the run)."""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("adversarial", ROOT / "bench" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _fifos_are_skipped(folder: Path) -> bool:
    """Whether the reader leaves a FIFO alone (the reading side's fix) instead of blocking on
    it; a blocked reader is freed by opening the pipe's other end."""
    from framing.read import read_articles

    folder.mkdir()
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    done: list[object] = []
    reader = threading.Thread(target=lambda: done.extend(read_articles([folder])), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():
        os.close(os.open(fifo, os.O_WRONLY))  # the reader gets an empty file and goes on
        reader.join()
        return False
    return True


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_hostile_corpus_end_to_end(tmp_path):
    bench = _bench()
    reading_side = _fifos_are_skipped(tmp_path / "probe")
    root = tmp_path / "adversarial"
    root.mkdir()
    try:
        checks = bench.run(root, without=() if reading_side else ("fifo.txt",))
    finally:
        bench.cleanup(root)
    for c in checks:
        print("PASS" if c.ok else "FAIL", c.side, c.name, c.detail)
    timed = {"under 60 s"}  # measured, not asserted (the bench asserts it)
    failed = [c for c in checks if not c.ok and c.name not in timed]
    writing = [f"{c.name} ({c.detail})" for c in failed if c.side == "writing"]
    assert not writing
    reading = [c.name for c in failed if c.side == "reading"]
    if reading and not reading_side:
        pytest.xfail(f"needs the reading side of issue 17: {'; '.join(reading)}")
    assert not reading
