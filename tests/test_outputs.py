"""A run's outputs are one unit (issue 17): the output folder is locked for the run, the
tables, summary and index are committed together, reports of articles no longer in the run go,
and temp files that killed runs left are removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import framing.fsutil as fsutil
from framing.analyze import TABLES, analyze_to_folder
from framing.cli import app
from framing.corpus.compare import compare
from framing.errors import UsageError
from framing.fsutil import COMMIT_NAME, LOCK_NAME, folder_lock
from framing.report.tables import read_table

runner = CliRunner()

TEXTS = {
    "one": "The mayor said the bridge would reopen next week.",
    "two": "Police said two people were arrested after the match.",
    "three": "The ministry said the border was calm on Sunday.",
}


def _corpus(folder: Path, names=("one", "two", "three")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for name in names:
        (folder / f"{name}.txt").write_text(TEXTS[name] + "\n", encoding="utf-8")
    return folder


def _run(corpus: Path, out: Path, **kw):
    return analyze_to_folder([corpus], out, jobs=1, lexicons=[], **kw)


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


def _listing(out: Path) -> list[str]:
    return sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if ".framing-cache" not in p.parts
    )


# ------------------------------------------------------------------ the lock (item 6)


def test_a_second_run_into_a_locked_folder_is_refused(tmp_path, nlp):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    with folder_lock(out):  # another open file description: as another process would hold it
        assert (out / LOCK_NAME).read_text() == f"{os.getpid()}\n"
        res = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--jobs", "1"])
        assert res.exit_code == 1
        assert res.output == f"Error: {out} is in use by another framing run (pid {os.getpid()})\n"
        assert os.listdir(out) == [LOCK_NAME]  # nothing written, nothing removed
    assert not (out / LOCK_NAME).exists()  # released with the block


def test_a_live_lock_of_another_process_then_its_release(tmp_path, nlp):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom framing.fsutil import folder_lock\n"
         f"with folder_lock({str(out)!r}):\n    print('locked', flush=True)\n    sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == "locked\n"
        res = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--jobs", "1"])
        assert res.exit_code == 1
        assert res.output == f"Error: {out} is in use by another framing run (pid {holder.pid})\n"
        res = runner.invoke(app, ["compare", str(out), "--out", str(tmp_path / "c")])
        assert res.exit_code == 1  # a reader waits for no writer either
    finally:
        holder.communicate("")
    res = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--jobs", "1", "-q"])
    assert res.exit_code == 0, res.output


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path, nlp):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    (out / LOCK_NAME).write_text(f"{dead}\n")
    result = _run(corpus, out)
    assert result.articles == 3
    assert not (out / LOCK_NAME).exists()


def test_readers_share_the_lock_and_exclude_writers(tmp_path):
    busy = pytest.raises(UsageError, match="is in use by another framing run")
    with folder_lock(tmp_path, shared=True), folder_lock(tmp_path, shared=True), busy:
        folder_lock(tmp_path).__enter__()  # a writer
    assert not (tmp_path / LOCK_NAME).exists()


# ------------------------------------------------------------------ one unit (item 11)


def test_rerun_with_fewer_inputs_removes_the_old_reports(tmp_path, nlp):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    _run(corpus, out)
    assert len(list((out / "reports").iterdir())) == 9
    (out / "reports" / "notes.md").write_text("mine")  # not framing's: kept
    (out / "reports" / "data.json").write_text('{"id": "other"}')
    _corpus(corpus, ["one", "three"])
    result = _run(corpus, out)
    assert result.articles == 2
    assert sorted(p.name for p in (out / "reports").iterdir()) == [
        "data.json", "notes.md", "one.html", "one.json", "one.md", "three.html", "three.json",
        "three.md",
    ]  # fmt: skip
    assert [r["id"] for r in read_table(out, "articles", ["id"])] == ["one", "three"]
    assert not (out / COMMIT_NAME).exists()


def test_relative_input_and_output_folders(tmp_path, nlp, monkeypatch):
    """``framing analyze seeds/ --out results/``: the commit names its files relative to the
    output folder whether that was given relative or absolute."""
    _corpus(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    result = _run(Path("in"), Path("out"))
    assert result.articles == 3
    assert [r["id"] for r in read_table(tmp_path / "out", "articles", ["id"])] == [
        "one", "three", "two",
    ]  # fmt: skip
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_reports_of_a_killed_first_run_are_removed_too(tmp_path, nlp):
    """A report no articles table names (its run died before committing) goes when it is a
    framing report of that id."""
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    _run(corpus, out)
    for name in TABLES:
        (out / f"{name}.csv").unlink()
    _corpus(corpus, ["two"])
    _run(corpus, out)
    assert sorted(p.stem for p in (out / "reports").iterdir()) == ["two", "two", "two"]


@pytest.mark.parametrize("where", ["_write_summary", "commit_files"])
def test_a_crash_before_the_commit_leaves_the_previous_set(tmp_path, nlp, monkeypatch, where):
    """Killed while writing the summary, the run removes its temp files; killed just before
    the commit (as by SIGKILL: nothing runs), it leaves them, and the next run removes them.
    Either way the tables are the previous run's, all of them."""
    import framing.analyze

    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    _run(corpus, out)
    before, listing = _tables(out), _listing(out)
    _corpus(corpus, ["one"])

    def killed(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(framing.analyze, where, killed)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out)
    assert _tables(out) == before  # every table of the previous run
    temps = [n for n in _listing(out) if n.endswith(".tmp")]
    if where == "commit_files":
        assert len(temps) == len(TABLES) + 2  # the new tables, summary and index, not renamed
    else:
        assert temps == []
    monkeypatch.undo()
    _run(corpus, out)  # the next run removes them
    assert not [n for n in _listing(out) if n.endswith(".tmp")]
    assert sorted(set(_listing(out)) - set(listing)) == []


@pytest.mark.parametrize("then", ["compare", "analyze"])
def test_a_crash_during_the_commit_is_completed_by_the_next_reader(tmp_path, nlp, monkeypatch,
                                                                   then):  # fmt: skip
    """Killed half-way through its renames (three tables new, the others old): the next
    reader (compare) completes the commit and reads the new set; the next run (analyze)
    leaves one run's tables and no temp file or journal (issue 17 item 11)."""
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    _run(corpus, out)
    _corpus(corpus, ["one", "two"])
    clean = tmp_path / "clean"
    _run(corpus, clean)
    real = fsutil.finish_commit

    def killed_half_way(folder):
        data = json.loads((Path(folder) / COMMIT_NAME).read_text())
        for tmp, final in data["rename"][:3]:
            os.replace(Path(folder) / tmp, Path(folder) / final)
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil, "finish_commit", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out)
    monkeypatch.setattr(fsutil, "finish_commit", real)
    assert (out / COMMIT_NAME).exists()
    assert _tables(out) != _tables(clean)  # a mix: three new tables, the others old
    if then == "compare":
        data = compare(out)  # a reader completes the commit, then reads the new set
        assert data["articles"] == 2
    else:
        assert _run(corpus, out).articles == 2
    assert not (out / COMMIT_NAME).exists()
    assert _tables(out) == _tables(clean)
    assert sorted(p.stem for p in (out / "reports").iterdir()) == ["one"] * 3 + ["two"] * 3
    assert not [n for n in _listing(out) if n.endswith(".tmp")]


def test_temp_files_of_killed_runs_are_removed(tmp_path, nlp):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    _run(corpus, out)
    left = [
        out / ".articles.csv.ab12cd_3.tmp",
        out / "reports" / ".one.json.zz99zz99.tmp",
        out / ".framing-cache" / ".run.json.abcdefgh.tmp",
        next((out / ".framing-cache" / "reports").iterdir()) / ".x.json.z.12345678.tmp",
    ]
    for p in left:
        p.write_text("half")
    mine = [out / "notes.tmp", out / "reports" / "draft.tmp"]  # not framing's names
    for p in mine:
        p.write_text("mine")
    _run(corpus, out)
    assert not [p for p in left if p.exists()]
    assert all(p.exists() for p in mine)


def test_a_journal_naming_paths_outside_is_ignored(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.tmp").write_text("x")
    (out / COMMIT_NAME).write_text(
        json.dumps({"rename": [["x.tmp", "../victim.txt"]], "remove": ["../victim.txt"]})
    )
    assert fsutil.finish_commit(out) is False
    assert victim.read_text() == "keep" and (out / "x.tmp").exists()
    assert not (out / COMMIT_NAME).exists()


def test_a_name_near_the_limit_still_gets_a_temp_file(tmp_path):
    """``.NAME.XXXXXXXX.tmp`` of a 250-byte name was over the 255-byte limit: the report of an
    article with a long id could not be written."""
    path = tmp_path / ("x" * 245 + ".html")
    fsutil.atomic_write_text(path, "ok")
    assert path.read_text() == "ok"
    assert os.listdir(tmp_path) == [path.name]
