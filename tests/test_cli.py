"""The `framing analyze` command end to end: exit codes, exact messages, outputs."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from tests.conftest import ROOT, SEED_000, SEED_002, unsearchable

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, nlp):
    out = tmp_path_factory.mktemp("seeds_out")
    result = runner.invoke(app, ["analyze", str(ROOT / "seeds"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_seed_reports_follow_the_contract(seeds_out):
    out = seeds_out
    files = sorted(p.name for p in (out / "reports").iterdir())
    assert files == [
        "000_e18cff79a667c2cc.html",
        "000_e18cff79a667c2cc.json",
        "000_e18cff79a667c2cc.md",
        "002_db0fb08b2d17c03b.html",
        "002_db0fb08b2d17c03b.json",
        "002_db0fb08b2d17c03b.md",
    ]
    for name in (
        "summary.json",
        "index.html",
        "articles.csv",
        "attributions.csv",
        "paragraphs.csv",
        "speakers.csv",
    ):
        assert (out / name).is_file(), name
    r = json.loads((out / "reports" / "000_e18cff79a667c2cc.json").read_text("utf-8"))
    text = SEED_000.read_text("utf-8")
    assert r["text"] == text
    body = text.index("Azerbaijani troops")
    assert r["metadata"]["date"] == "2020-10-01"
    assert len(r["attributions"]) >= 10
    for a in r["attributions"]:
        for role in ("source", "cue", "content"):
            s = a[role]
            if s is not None:
                assert text[s["start"] : s["end"]] == s["text"]
                assert s["start"] >= body
    assert 0.3 <= r["voice"]["attributed_share"] <= 0.85
    tanks = [a for a in r["attributions"] if "130 tanks" in a["content"]["text"]][0]
    assert "Ministry" in tanks["speaker"]["name"]


def test_seed002_dateline_and_footer(seeds_out):
    r = json.loads((seeds_out / "reports" / "002_db0fb08b2d17c03b.json").read_text("utf-8"))
    text = SEED_002.read_text("utf-8")
    assert r["metadata"]["dateline"] == "BAKU, Azerbaijan"
    cp = text.index("Copyright 2022")
    footer = [p for p in r["paragraphs"] if p["span"]["start"] <= cp < p["span"]["end"]]
    assert len(footer) == 1
    assert footer[0]["role"] == "footer"
    assert footer[0]["boilerplate"]["label"] == "notice"
    assert cp >= r["body"]["end"]
    for a in r["attributions"]:
        assert a["content"]["end"] <= r["body"]["end"]


def test_shared_seed_checker_passes(seeds_out):
    checker = ROOT.parent / "shared" / "tools" / "check_seed_reports.py"
    if not checker.is_file():
        pytest.skip(f"{checker} not present")
    res = subprocess.run(
        [sys.executable, str(checker), str(ROOT / "seeds"), str(seeds_out)],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "seed reports hold" in res.stdout


def test_tables_load(seeds_out):
    with open(seeds_out / "articles.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["000_e18cff79a667c2cc", "002_db0fb08b2d17c03b"]
    with open(seeds_out / "attributions.csv", newline="", encoding="utf-8") as fh:
        atts = list(csv.DictReader(fh))
    assert len(atts) == sum(int(r["attributions"]) for r in rows)
    summary = json.loads((seeds_out / "summary.json").read_text("utf-8"))
    assert summary["articles"] == 2
    assert summary["skipped"] == []
    with open(seeds_out / "speakers.csv", newline="", encoding="utf-8") as fh:
        speakers = list(csv.DictReader(fh))
    # the ministry speaks in both seeds: one corpus speaker, ranked first
    assert speakers[0]["name"] == "Azerbaijani Defense Ministry"
    assert speakers[0]["articles"] == "2"
    assert summary["speakers"][0]["name"] == "Azerbaijani Defense Ministry"
    assert "Azerbaijani Defense Ministry" in (seeds_out / "index.html").read_text("utf-8")


def test_same_input_same_bytes(seeds_out, tmp_path):
    out2 = tmp_path / "again"
    result = runner.invoke(app, ["analyze", str(ROOT / "seeds"), "--out", str(out2), "--quiet"])
    assert result.exit_code == 0
    for p in sorted(seeds_out.rglob("*")):
        if p.is_file():
            q = out2 / p.relative_to(seeds_out)
            assert q.read_bytes() == p.read_bytes(), p.name


def test_missing_input_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: input not found: {tmp_path / 'nope'}"
    assert not (tmp_path / "o").exists()


def test_error_line_escapes_control_characters(tmp_path):
    # issue 17 item 17: an input's name reached stderr raw in "Error: ..." (an OSC sequence
    # retitled the terminal, a bidi override reordered the line, a newline split it)
    name = "nope\x1b]0;pwned\x07\u202e\n"
    result = runner.invoke(app, ["analyze", str(tmp_path / name), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output == f"Error: input not found: {tmp_path}/nope\\x1b]0;pwned\\x07\\u202e\\n\n"


def test_bad_outlet_pattern(tmp_path):
    result = runner.invoke(
        app, ["analyze", str(ROOT / "seeds"), "--out", str(tmp_path), "--outlet-pattern", "("]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --outlet-pattern: invalid regular expression")


def test_missing_model(tmp_path):
    result = runner.invoke(
        app, ["analyze", str(ROOT / "seeds"), "--out", str(tmp_path), "--model", "no_such_model"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: spaCy model 'no_such_model' is not installed; install it "
        "(python -m spacy download no_such_model) or pass --model NAME of an installed pipeline"
    )


@pytest.mark.parametrize("name", ["evil.sub", "evil"])
def test_model_name_imports_nothing(tmp_path, name):
    """``--model A.B`` imported module A to look for A.B (under ``python -m framing``, a
    ``.py`` file of the working directory ran); now a dotted name is refused before any
    import, and a plain name must be a package holding a meta.json."""
    (tmp_path / "evil.py").write_text("open('IMPORTED', 'w').write('ran')\n", encoding="utf-8")
    (tmp_path / "in.txt").write_text("The ministry said it was calm.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "framing", "analyze", "in.txt", "--out", "o", "--model", name]
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert not (tmp_path / "IMPORTED").exists()
    if name == "evil.sub":
        assert done.stderr == (
            "Error: --model evil.sub: expected an installed spaCy pipeline's package name "
            "(letters, digits and _, e.g. en_core_web_sm) or a path to a pipeline folder\n"
        )
    else:
        assert done.stderr.startswith("Error: spaCy model 'evil' is not installed")


def test_broken_model_config_is_one_line(tmp_path):
    from framing.nlp import model_dir

    broken = tmp_path / "model"
    broken.mkdir()
    shutil.copy(model_dir() / "meta.json", broken / "meta.json")
    (broken / "config.cfg").write_text("[nlp\nlang = \n", encoding="utf-8")
    (tmp_path / "in.txt").write_text("The ministry said it was calm.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(tmp_path / "in.txt"), "--out", str(tmp_path / "o"), "--model",
              str(broken), "--jobs", "1", "--no-cache"],
    )  # fmt: skip
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot load spaCy model '{broken}': ")


def make_messy(root: Path) -> Path:
    d = root / "messy"
    d.mkdir()
    shutil.copy(SEED_002, d / "good.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (d / "cp1252.txt").write_bytes(
        "The minister said \u201cwe will not retreat,\u201d and left the room.".encode("cp1252")
    )
    (d / "utf16.txt").write_bytes(
        "Officials said the talks in Geneva would resume next week.".encode("utf-16")
    )
    (d / "script.txt").write_text(
        "<script>alert('x')</script> The mayor said the bridge <b>would</b> reopen soon.",
        encoding="utf-8",
    )
    (d / "rows.jsonl").write_text(
        '{"id": "r1", "outlet": "wire", "text": "The ministry said the border was calm."}\n'
        "{broken json\n"
        '{"id": "r2", "outlet": "wire", "text": "Police said two people were arrested."}\n',
        encoding="utf-8",
    )
    os.symlink(d, d / "loop")
    big = "The committee said the budget would be approved next month. " * 52000
    (d / "big.txt").write_text(big, encoding="utf-8")
    return d


def test_messy_folder(tmp_path, nlp):
    d = make_messy(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(d), "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    skipped = {(Path(s["path"]).name, s.get("line")): s["reason"] for s in summary["skipped"]}
    assert set(skipped) == {
        ("empty.txt", None),
        ("blob.bin", None),
        ("rows.jsonl", 2),
        ("big.txt", None),
    }
    assert skipped[("empty.txt", None)] == "empty file"
    assert skipped[("blob.bin", None)] == "binary file (not text)"
    assert "over the 2.0 MB limit" in skipped[("big.txt", None)]
    # every skip is named on stderr, one line each
    lines = [ln for ln in result.output.splitlines() if ln.startswith("skipped ")]
    assert len(lines) == 4
    assert "Traceback" not in result.output
    ids = sorted(p.stem for p in (out / "reports").glob("*.json"))
    assert ids == ["cp1252", "good", "r1", "r2", "script", "utf16"]
    cp = json.loads((out / "reports" / "cp1252.json").read_text("utf-8"))
    assert "\u201cwe will not retreat,\u201d" in cp["text"]
    html = (out / "reports" / "script.html").read_text("utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    index = (out / "index.html").read_text("utf-8")
    assert "<script>alert" not in index


def test_python_dash_m(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "framing", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert res.returncode == 0
    assert res.stdout.startswith("framing ")


def test_output_folder_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ["analyze", str(SEED_000), "--out", str(blocker / "out"), "-q"],
        ["compare", str(tmp_path), "--out", str(blocker / "out")],
    ):
        res = CliRunner().invoke(app, args)
        assert res.exit_code == 1, args
        last = res.output.strip().splitlines()[-1]  # compare of a plain folder: OUT/analysis
        assert last.startswith(f"Error: cannot create the output folder {blocker / 'out'}"), last
        assert last.endswith(": Not a directory") and "Traceback" not in res.output


def test_write_errors_and_dead_workers_are_one_line(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    import framing.analyze

    for exc, message in (
        (
            OSError(28, "No space left on device", str(tmp_path / "out" / "x.json")),
            f"Error: cannot write {tmp_path / 'out' / 'x.json'}: No space left on device",
        ),
        (
            BrokenProcessPool("boom"),
            "Error: a worker process died (out of memory?); try fewer --jobs or a smaller "
            "--batch-size",
        ),
    ):

        def broken(*args, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(framing.analyze, "analyze_to_folder", broken)
        res = CliRunner().invoke(app, ["analyze", str(SEED_000), "--out", str(tmp_path / "out")])
        assert res.exit_code == 1
        assert res.output.strip().splitlines()[-1] == message
        assert "Traceback" not in res.output


def test_hostile_folder_nothing_lost_nothing_injected(tmp_path, nlp):
    # issue 17, the input side, end to end: a FIFO (item 3), a name with a terminal escape
    # sequence (17) and one that is not UTF-8, a long row id (2), non-ASCII ids (12), classic
    # Mac line ends (5), a hidden file (7), and --out inside the input folder (10), run twice
    d = tmp_path / "in"
    d.mkdir()
    (d / "ok.txt").write_text("Officials said the border was calm.", encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    (d / "title\x1b]0;pwned\x07.txt").write_text("", encoding="utf-8")
    (d / os.fsdecode(b"caf\xe9.txt")).write_text("The mayor said yes.", encoding="utf-8")
    (d / "Ünïcødé-日本.txt").write_text("The envoy said no.", encoding="utf-8")
    paras = ["Talks resume", "The ministry said the talks would resume.", "Officials agreed."]
    (d / "mac.txt").write_bytes("\r\r".join(paras).encode("utf-8"))
    (d / ".hidden.txt").write_text("Not read.", encoding="utf-8")
    (d / "rows.jsonl").write_text(
        '{"id": "'
        + "x" * 300
        + '", "text": "Police said it."}\n{"id": "é", "text": "Police said so."}\n',
        encoding="utf-8",
    )
    out = d / "out"
    for run in (1, 2):
        res = runner.invoke(app, ["analyze", str(d), "--out", str(out), "--jobs", "1"])
        assert res.exit_code == 2, res.output
        assert "\x1b" not in res.output and "\x07" not in res.output
        skipped = sorted(ln for ln in res.output.splitlines() if ln.startswith("skipped "))
        assert skipped == [
            f"skipped {d}/pipe.txt: not a regular file (a FIFO (named pipe))",
            f"skipped {d}/title\\x1b]0;pwned\\x07.txt: empty file",
        ], run
        summary = json.loads((out / "summary.json").read_text("utf-8"))
        assert summary["articles"] == 6, run  # the reports of run 1 are not read in run 2
        assert [(Path(i["path"]).name, i["reason"]) for i in summary["ignored"]] == [
            (".hidden.txt", "hidden (its name starts with '.')"),
            ("out", "the output folder (never read as input)"),
        ][:run]  # out/ is made after the first article is read
        assert "2 ignored (see summary.json)" in res.output or run == 1
    ids = sorted(p.stem for p in (out / "reports").glob("*.json"))
    assert ids == ["caf", "mac", "ok", "x" * 107 + "-0d4e2ca9e9cb", "Ünïcødé-日本", "é"]
    mac = json.loads((out / "reports" / "mac.json").read_text("utf-8"))
    assert [p["span"]["text"] for p in mac["paragraphs"]] == paras
    cafe = json.loads((out / "reports" / "caf.json").read_text("utf-8"))
    assert cafe["source_path"] == f"{d}/caf\\xe9.txt"
    with open(out / "articles.csv", encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["é"]["source_id"] == "é" and rows["ok"]["source_id"] == ""


def test_unreadable_sub_folder_is_skipped_with_its_reason(tmp_path, monkeypatch, nlp):
    # issue 17 item 7: an unreadable sub-folder was dropped silently (exit 0, skipped: []);
    # then looking for a framing output in it raised PermissionError, and the run stopped with
    # "Error: cannot write IN/cnn/locked/summary.json: Permission denied" (exit 1, no outputs)
    d, out = tmp_path / "in", tmp_path / "out"
    (d / "cnn" / "locked").mkdir(parents=True)
    (d / "cnn" / "locked" / "x.txt").write_text("Not reachable.", encoding="utf-8")
    (d / "cnn" / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    unsearchable(monkeypatch, d / "cnn" / "locked")
    res = runner.invoke(app, ["analyze", str(d), "--out", str(out), "--jobs", "1"])
    assert res.exit_code == 2, res.output
    assert res.output.splitlines()[0] == (
        f"skipped {d}/cnn/locked: cannot read the folder: Permission denied"
    )
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["articles"] == 1
    assert summary["skipped"] == [
        {"path": f"{d}/cnn/locked", "reason": "cannot read the folder: Permission denied"}
    ]
    res = runner.invoke(
        app, ["analyze", str(d / "cnn" / "locked" / "x.txt"), "--out", str(out), "--jobs", "1"]
    )
    assert res.exit_code == 2, res.output
    assert res.output.splitlines()[0] == (
        f"skipped {d}/cnn/locked/x.txt: cannot read: Permission denied"
    )


def test_out_holding_an_input_is_a_usage_error(tmp_path):
    # the output folder is never read (issue 17 item 10): an input in it would give nothing
    (tmp_path / "a.txt").write_text("The mayor said yes.", encoding="utf-8")
    for inp in (tmp_path, tmp_path / "a.txt"):
        res = runner.invoke(app, ["analyze", str(inp), "--out", str(tmp_path)])
        assert res.exit_code == 1
        assert res.output.strip() == (
            f"Error: --out {tmp_path}: it holds the input {inp}, and the output folder is never "
            "read as input; write the outputs to another folder"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written
