"""framing.train and ``framing train``: where models are written, the parse cache's key, and
errors that name parameters (the CLI shows the options)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import framing.eval.sentences as sentences_mod
from framing.cli import app
from framing.config import TRAIN_OUT, bundled_dir

S_TEXT = "Headline\n\nThe army said it won. Crowds gathered.\n"


def _newsdiscourse(root: Path) -> Path:
    said = S_TEXT.index("The army said it won.")
    labels = {"sentences": [{"id": "S1", "start": said, "end": said + 21,
                             "labels": ["Main", "Speech"]}]}  # fmt: skip
    for rel, content in {
        "train/text/Crime_Reuters_1.txt": S_TEXT,
        "train/labels/Crime_Reuters_1.json": json.dumps(labels),
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    return root


def _fake_predict(docs: Any, **_: Any) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
    said = S_TEXT.index("said")
    won = S_TEXT.index("it won")
    att = {"cue": {"start": said, "end": said + 4}, "content": {"start": won, "end": won + 6},
           "kind": "indirect", "verb": "say"}  # fmt: skip
    return {name: [att] for name, *_rest in docs}, [], {}


def test_train_writes_to_models_of_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Path("models") == TRAIN_OUT
    bundled = bundled_dir("models") / "newsdiscourse-speech-verbs.json"
    before = bundled.read_bytes()
    nd = _newsdiscourse(tmp_path / "nd")
    monkeypatch.setattr(sentences_mod, "predict", _fake_predict)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    res = CliRunner().invoke(app, ["train", "speech-verbs", "--newsdiscourse", str(nd)])
    assert res.exit_code == 0, res.output
    assert (work / "models" / "newsdiscourse-speech-verbs.json").is_file()
    assert (work / "models" / "newsdiscourse-speech-verbs.md").is_file()
    assert bundled.read_bytes() == before  # never into the package


@pytest.mark.parametrize("command", ["attribution", "boilerplate", "speech-verbs"])
def test_train_help_says_where_the_model_goes(command: str) -> None:
    res = CliRunner().invoke(app, ["train", command, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    text = " ".join(res.stdout.replace("│", " ").split())
    assert "./models of the current folder" in text
    assert "never the installed package" in text
