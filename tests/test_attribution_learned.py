"""The learned cue model: format, loading, scoring, and training on a small PolNeAR slice."""

from __future__ import annotations

import json

import pytest

from framing.attribution import AttributionResources, attribute
from framing.attribution.candidates import verb_candidates
from framing.attribution.learned import CueModel, default_model_path, features, load_model
from framing.attribution.quotes import find_quotes
from framing.errors import ModelNotFoundError
from framing.resources import load_cues
from tests.conftest import POLNEAR, SEED_000, needs_polnear

SENTENCES = (
    "Trump called the charges unsubstantiated. The senator urged voters to monitor the polls. "
    "The company added 300 jobs last year. The report shows that wages fell."
)


def test_model_json_round_trip():
    m = CueModel(weights={"lemma=say": 2.5, "bias": -1.0}, bias=0.25, threshold=0.45, meta={"a": 1})
    again = CueModel.from_json(m.to_json())
    assert again == m
    assert again.probability(["lemma=say", "bias"]) == pytest.approx(1 / (1 + 2.718281828**-1.75))


def test_model_json_rejects_other_formats():
    with pytest.raises(ValueError, match="not a framing-logreg-1 model"):
        CueModel.from_json(json.dumps({"format": "pickle", "weights": {}, "bias": 0}))


def test_missing_model_path_is_a_clear_error(tmp_path):
    load_model.cache_clear()
    with pytest.raises(ModelNotFoundError, match="attribution model not found"):
        load_model(str(tmp_path / "nope.json"))


def test_bundled_model_ships_with_a_card():
    path = default_model_path()
    assert path.is_file(), path
    card = path.with_suffix(".md")
    assert card.is_file()
    text = card.read_text("utf-8")
    assert "PolNeAR" in text and "Dev scores" in text
    model = load_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert model.meta["train"]["articles"] > 0


def test_candidates_include_object_frames(nlp):
    doc = nlp(SENTENCES)
    quotes = find_quotes(doc.text)
    cands = {
        c.token.lemma_: c for c in verb_candidates(doc, load_cues(), quotes, open_vocabulary=True)
    }
    called = cands["call"]
    assert doc.text[called.raw.content_start : called.raw.content_end] == (
        "the charges unsubstantiated"
    )
    urged = cands["urge"]
    assert doc.text[urged.raw.content_start : urged.raw.content_end] == (
        "voters to monitor the polls"
    )
    feats = features(called, quotes)
    assert "lemma=call" in feats and "how=object" in feats
    assert features(called, quotes) == feats  # deterministic


def test_model_scores_cues_above_non_cues(nlp):
    model = load_model()
    doc = nlp(SENTENCES)
    quotes = find_quotes(doc.text)
    scores = {
        c.token.lemma_: model.score(c, quotes)
        for c in verb_candidates(doc, load_cues(), quotes, open_vocabulary=True)
    }
    assert scores["call"] > model.threshold
    assert scores["show"] > model.threshold
    assert scores["add"] < model.threshold  # "added 300 jobs" is not speech


def test_seed_still_right_with_and_without_model(nlp):
    text = SEED_000.read_text("utf-8")
    body = text.index("Azerbaijani troops")
    doc = nlp(text[body:])
    for model in ("bundled", None):
        atts, speakers = attribute(doc, text, body, AttributionResources.load(model=model))
        assert len(atts) >= 10
        tanks = [a for a in atts if "130 tanks" in a.content.text][0]
        assert "Ministry" in tanks.speaker.name
        quote = [a for a in atts if "Due to the unsuitability" in a.content.text][0]
        assert quote.kind == "direct"


def model_has_edges(text: str) -> bool:
    m = CueModel.from_json(text)
    return bool(m.start_weights) and bool(m.end_weights)


@pytest.mark.slow
@needs_polnear
def test_training_on_a_slice_is_reproducible(tmp_path):
    from framing.train.attribution import train_attribution

    a = train_attribution(POLNEAR, out_dir=tmp_path / "a", limit=6)
    # with a parse cache: the first run writes the DocBins, the second reads them; the model
    # is the same as from a fresh parse
    b = train_attribution(POLNEAR, out_dir=tmp_path / "b", limit=6, cache=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.spacy"))) == 2  # train and dev
    c = train_attribution(POLNEAR, out_dir=tmp_path / "c", limit=6, cache=tmp_path / "cache")
    assert a.path.read_bytes() == b.path.read_bytes() == c.path.read_bytes()
    assert model_has_edges(a.path.read_text("utf-8"))
    assert a.positives > 0 and a.examples > a.positives
    model = CueModel.from_json(a.path.read_text("utf-8"))
    assert model.meta["train"]["articles"] == 6
    assert model.meta["dev"]["articles"] == 6
    assert "| content overlap | attribution |" in a.card.read_text("utf-8")


def test_train_names_the_option_of_a_bad_folder(tmp_path):
    from typer.testing import CliRunner

    from framing.cli import app

    res = CliRunner().invoke(app, ["train", "attribution", "--polnear", str(tmp_path / "nope")])
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: --polnear {tmp_path / 'nope'}")


def test_start_examples_target_the_gold_fragment_the_content_begins_in(nlp):
    # "[The senator] is expected [to vote ...]": the gold content's first fragment is the
    # subject, before the cue; the start of the content after the cue is learned against the
    # second fragment, so keeping the parse's start ("to vote") is the positive example
    from framing.eval.brat import GoldAttribution, GoldDoc
    from framing.train.attribution import examples, flat

    text = "The senator is expected to vote against the bill on Tuesday."
    doc = nlp(text)
    subj = (0, len("The senator"))
    cue = (text.index("is expected"), text.index("is expected") + len("is expected"))
    rest = (text.index("to vote"), text.index("."))
    gold = GoldDoc("x", text, [GoldAttribution(cue=(cue,), content=(subj, rest))])
    _sx, labels = flat(examples([(gold, doc)], load_cues()).starts)
    assert labels, "no start examples for the passive cue"
    assert labels[0] == 1  # "keep": the parse's start, "to vote"
    assert sum(labels) == 1
