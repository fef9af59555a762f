"""The accurate pipeline's encoder (issue 18): windows and labels, inference with the shipped
int8 ONNX file (no torch), the pipeline option end to end, and training on a tiny slice where
torch is installed."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from framing.attribution import AttributionResources, attribute
from framing.cli import app
from framing.config import bundled_dir, usable_cores
from framing.encoder import CHANNELS, ENCODER_FILE, find_encoder, piece_labels, windows
from framing.eval.brat import GoldAttribution
from tests.conftest import POLNEAR, ROOT, needs_polnear

runner = CliRunner()
MODELS = bundled_dir("models")
shipped = pytest.mark.skipif(
    find_encoder(MODELS) is None, reason=f"no {ENCODER_FILE} in {MODELS} (framing train encoder)"
)
TEXT = (
    "The harbour master said the ferry would sail again on Monday.\n\n"
    "“We have checked every rope twice,” she told reporters at the pier."
)


def test_windows_cover_every_item_and_end_at_the_last():
    assert windows(5, 10, 4) == [(0, 5)]
    spans = windows(25, 10, 6)
    assert spans[0] == (0, 10) and spans[-1][1] == 25
    assert all(b - a <= 10 for a, b in spans)
    covered = set().union(*(range(a, b) for a, b in spans))
    assert covered == set(range(25))


def test_piece_labels_from_character_spans():
    offsets = [
        (0, 3),
        (4, 9),
        (10, 14),
        (15, 18),
        (19, 25),
        (25, 26),
    ]  # The mayor said the bridge .
    gold = GoldAttribution(source=((0, 9),), cue=((10, 14),), content=((15, 25),))
    lab = piece_labels(offsets, [gold])
    col = {c: k for k, c in enumerate(CHANNELS)}
    assert lab[:, col["source_i"]].tolist() == [1, 1, 0, 0, 0, 0]
    assert lab[:, col["source_b"]].tolist() == [1, 0, 0, 0, 0, 0]
    assert lab[:, col["cue_b"]].tolist() == [0, 0, 1, 0, 0, 0]
    assert lab[:, col["content_i"]].tolist() == [0, 0, 0, 1, 1, 0]
    assert lab[:, col["content_b"]].tolist() == [0, 0, 0, 1, 0, 0]


@shipped
def test_token_probs_are_per_token_and_read_the_cue(nlp):
    encoder = find_encoder(MODELS)
    doc = nlp(TEXT)
    spans = [(t.idx, t.idx + len(t.text)) for t in doc]
    probs = encoder.token_probs(TEXT, spans)
    assert probs.shape == (len(doc), len(CHANNELS))
    assert np.all((probs >= 0) & (probs <= 1))
    space = [t.i for t in doc if t.is_space]
    assert np.all(probs[space] == 0)  # no piece: nothing to say
    cue = CHANNELS.index("cue_i")
    said = next(t.i for t in doc if t.text == "said")
    assert probs[said, cue] == probs[:, cue].max()


@shipped
def test_long_text_in_windows_keeps_every_token(nlp):
    encoder = find_encoder(MODELS)
    text = " ".join([TEXT.replace("\n\n", " ")] * 30)  # far over one window
    doc = nlp(text)
    probs = encoder.token_probs(text, [(t.idx, t.idx + len(t.text)) for t in doc])
    cue = CHANNELS.index("cue_i")
    saids = [t.i for t in doc if t.text == "said"]
    assert len(saids) == 30
    assert min(probs[saids, cue]) > 0.5


@shipped
def test_accurate_attributions_keep_exact_offsets(nlp):
    resources = AttributionResources.load(pipeline="accurate")
    doc = nlp(TEXT)
    atts, _ = attribute(doc, TEXT, 0, resources)
    assert [a.cue.text for a in atts] == ["said", "told"]
    for a in atts:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert TEXT[span.start : span.end] == span.text


@shipped
def test_report_names_the_pipeline_and_its_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.txt").write_text(TEXT + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet",
         "--pipeline", "accurate", "--lexicon", "none", "--jobs", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "reports" / "ferry.json").read_text("utf-8"))
    model = report["model"]
    assert model["pipeline"] == "accurate"
    assert model["attribution"] == "rules+logreg+encoder-1"
    assert set(model["files"]) >= {ENCODER_FILE, "attribution-cues.json"}
    assert all(len(h) == 64 for h in model["files"].values())


@shipped
def test_accurate_is_the_default_and_fast_names_the_cue_model_alone(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ferry.txt").write_text(TEXT + "\n", encoding="utf-8")
    pipelines = {}
    for name, extra in (("default", []), ("fast", ["--pipeline", "fast"])):
        out = tmp_path / name
        result = runner.invoke(
            app,
            ["analyze", str(tmp_path / "in"), "--out", str(out), "-q", "--lexicon", "none", *extra],
        )
        assert result.exit_code == 0, result.output
        pipelines[name] = json.loads((out / "reports" / "ferry.json").read_text("utf-8"))["model"]
    assert pipelines["default"]["pipeline"] == "accurate"
    assert pipelines["fast"]["pipeline"] == "fast"
    assert list(pipelines["fast"]["files"]) == ["attribution-cues.json"]


def test_an_unknown_pipeline_is_one_line(tmp_path):
    result = runner.invoke(
        app, ["analyze", str(ROOT / "seeds"), "--out", str(tmp_path), "--pipeline", "turbo"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: --pipeline 'turbo': choose one of fast, accurate"


def test_a_missing_encoder_is_one_line(tmp_path):
    from framing.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="framing train encoder"):
        AttributionResources.load(pipeline="accurate", encoder_dir=str(tmp_path))


@shipped
def test_the_cache_keys_on_the_pipeline():
    from framing.cache import fingerprint
    from framing.pipeline import Resources

    fast = Resources.load(lexicons=[], pipeline="fast")
    accurate = Resources.load(lexicons=[])  # the default
    assert fingerprint(fast) != fingerprint(accurate)
    assert fingerprint(fast) == fingerprint(replace(fast))


@pytest.mark.slow
@needs_polnear
@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="training needs the train extra (torch, transformers)",
)
def test_training_on_a_tiny_slice_exports_a_working_encoder(tmp_path, nlp):
    """framing train encoder on two articles: an int8 ONNX file under 30 MB that the
    inference reads, its tokenizer, a tuned blend, and a card with the curve and both
    pipelines' dev scores."""
    out = tmp_path / "models"
    result = runner.invoke(
        app,
        ["train", "encoder", "--polnear", str(POLNEAR), "--out", str(out), "--limit", "2",
         "--epochs", "1", "--threads", "1", "--cache", str(tmp_path / "cache"), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Trained in ")
    assert "dev whole F1 / exact source, cue, content: fast " in result.output
    assert (out / ENCODER_FILE).stat().st_size < 30_000_000
    resources = AttributionResources.load(pipeline="accurate", encoder_dir=str(out))
    assert resources.blend is not None
    doc = nlp(TEXT)
    atts, _ = attribute(doc, TEXT, 0, resources)
    assert all(TEXT[a.cue.start : a.cue.end] == a.cue.text for a in atts)
    card = (out / "attribution-encoder.md").read_text("utf-8")
    assert "## Training curve" in card and "| accurate |" in card


@shipped
def test_analyze_text_takes_the_pipeline():
    from framing.analyze import analyze_text

    report = analyze_text("The ministry said the troops had advanced.", pipeline="accurate")
    assert report.model.pipeline == "accurate"
    assert [(a.cue.text, a.content.text) for a in report.attributions] == [
        ("said", "the troops had advanced")
    ]


def test_training_without_the_train_extra_is_one_line(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    result = runner.invoke(
        app, ["train", "encoder", "--polnear", str(POLNEAR), "--out", str(tmp_path), "-q"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: framing train encoder needs the train extra (torch is missing): "
        "pip install 'framing[train]'"
    )
    assert not list(tmp_path.iterdir())


def test_training_without_a_dev_folder_is_one_line(tmp_path):
    (tmp_path / "train").mkdir()
    result = runner.invoke(
        app, ["train", "encoder", "--polnear", str(tmp_path), "--out", str(tmp_path / "o"), "-q"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: --polnear {tmp_path}: no dev/ folder to tune the blend on"
    )


@shipped
def test_pieces_computed_ahead_give_the_same_token_probs(nlp):
    encoder = find_encoder(MODELS)
    doc = nlp(TEXT)
    spans = [(t.idx, t.idx + len(t.text)) for t in doc]
    ahead = encoder.piece_probs(TEXT)
    assert np.array_equal(encoder.token_probs(TEXT, spans, ahead), encoder.token_probs(TEXT, spans))


@shipped
def test_threads_change_the_session_not_the_output():
    encoder = find_encoder(MODELS)
    assert encoder.threads == 0  # every usable core
    encoder.set_threads(1)
    one = encoder.session
    _, probs_one = encoder.piece_probs(TEXT)
    encoder.set_threads(2)
    assert encoder.session is not one
    assert encoder.session.get_session_options().intra_op_num_threads == 2
    _, probs_two = encoder.piece_probs(TEXT)
    assert np.array_equal(probs_one, probs_two)
    assert encoder.to_dict() == find_encoder(MODELS).to_dict()  # threads are not in the key


@shipped
def test_the_engine_runs_the_encoder_beside_the_parse_with_the_same_reports():
    from framing.engine import WorkConfig, run_shard, worker_state
    from framing.pipeline import Resources, build_report
    from framing.read import article_from_text

    articles = [
        article_from_text(TEXT, id="ferry", source_path="ferry.txt"),
        article_from_text(
            "Officials said the bridge would reopen. " * 3, id="bridge", source_path="bridge.txt"
        ),
    ]
    config = WorkConfig(Resources.load(lexicons=[], pipeline="accurate"), render=False, key="t")
    state = worker_state(config)
    assert state.encoder_thread is not None
    shard = run_shard(config, articles)
    analyzer = state.analyzer
    for result, article in zip(shard, articles, strict=True):
        alone = build_report(analyzer.nlp(article.parsed), article, analyzer)
        assert result.report == alone
    assert shard[0].report.attributions


def test_the_encoder_gets_the_cores_the_parse_leaves():
    from framing.engine import WorkConfig, make_engine
    from framing.pipeline import Resources

    config = WorkConfig(Resources.load(lexicons=[]))
    engine = make_engine(config, jobs=2)
    assert engine.config.encoder_threads == max(1, usable_cores() // 2 - 1)
    assert make_engine(config, jobs=1).config.encoder_threads == max(1, usable_cores() - 1)
    engine.close()
