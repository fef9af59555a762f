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
from framing.errors import UsageError
from framing.train.attribution import cache_path

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


def _texts(folder: Path, **files: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        out.append(folder / f"{name}.txt")
    return out


def test_cache_key_follows_file_contents(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "train" / "text", a="The ministry said so.", b="Officials said.")
    key = cache_path(tmp_path / "cache", paths, whole=True)
    assert key.parent == tmp_path / "cache"
    assert key.name.startswith("train-2-") and key.suffix == ".spacy"
    assert cache_path(tmp_path / "cache", paths, whole=True) == key  # same contents, same key
    assert cache_path(tmp_path / "cache", paths, whole=False) != key
    # edited in place to the same size: a new key (names and sizes alone would keep the old)
    size = paths[0].stat().st_size
    paths[0].write_text("The minister said so.", encoding="utf-8")
    assert paths[0].stat().st_size == size
    assert cache_path(tmp_path / "cache", paths, whole=True) != key


def test_cache_key_follows_the_pipeline_and_spacy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy

    paths = _texts(tmp_path / "dev" / "text", a="He said so.")
    models = []
    for version in ("3.8.0", "3.8.1"):
        d = tmp_path / f"model-{version}"
        d.mkdir()
        (d / "meta.json").write_text(json.dumps({"lang": "en", "name": "x", "version": version}))
        models.append(str(d))
    keys = {cache_path(tmp_path, paths, nlp_name=m) for m in models}
    assert len(keys) == 2  # another version of the pipeline
    key = cache_path(tmp_path, paths, nlp_name=models[0])
    monkeypatch.setattr(spacy, "__version__", "0.0.0")
    assert cache_path(tmp_path, paths, nlp_name=models[0]) != key  # another spaCy


def test_library_errors_name_parameters_the_cli_names_options(tmp_path: Path) -> None:
    from framing.train.boilerplate import train_boilerplate
    from framing.train.speech_verbs import train_speech_verbs

    (tmp_path / "train").mkdir()
    with pytest.raises(UsageError) as exc:
        train_boilerplate(tmp_path)
    assert str(exc.value) == f"newsdiscourse {tmp_path / 'train'}: no text/ folder in " + str(
        tmp_path / "train"
    )
    with pytest.raises(UsageError) as exc:
        train_speech_verbs(tmp_path / "nope")
    assert str(exc.value).startswith(f"newsdiscourse {tmp_path / 'nope'}: no text/ folder")
    res = CliRunner().invoke(
        app, ["train", "boilerplate", "--newsdiscourse", str(tmp_path), "--out", str(tmp_path)]
    )
    assert res.exit_code == 1
    assert res.stderr == (
        f"Error: --newsdiscourse {tmp_path / 'train'}: no text/ folder in {tmp_path / 'train'}\n"
    )
