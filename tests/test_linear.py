"""framing.linear: the fit, the JSON weights and the card sections both trained models share."""

from __future__ import annotations

import json

import pytest

from framing.linear import (
    class_weights_from_json,
    class_weights_to_json,
    design_matrix,
    dump_model,
    fit_binary,
    fit_multinomial,
    floats_from_json,
    load_model_json,
    metrics_table,
    versions,
    versions_section,
    vocabulary,
    weights_to_json,
)

ROWS = [["said", "bias"], ["said", "quote", "bias"], ["ran", "bias"], ["ate", "bias"]] * 5
LABELS = [1, 1, 0, 0] * 5


def test_vocabulary_counts_rows_not_occurrences() -> None:
    rows = [["a", "a", "b"], ["a"], ["c"]]
    assert vocabulary(rows, min_count=1) == ["a", "b", "c"]
    assert vocabulary(rows, min_count=2) == ["a"]


def test_design_matrix_is_binary_and_drops_unknown_features() -> None:
    m = design_matrix([["b", "b", "x"], ["a"]], ["a", "b"])
    assert m.shape == (2, 2)
    assert m.toarray().tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert str(m.indices.dtype) == "int32"


def test_fit_binary_learns_the_cue_and_is_reproducible() -> None:
    weights, bias = fit_binary(ROWS, LABELS, c=1.0, min_count=1, seed=0)
    assert weights["said"] > 0 > weights["ran"]
    assert isinstance(bias, float)
    assert fit_binary(ROWS, LABELS, c=1.0, min_count=1, seed=0) == (weights, bias)
    # a feature seen in fewer rows than min_count gets no weight
    assert "quote" not in fit_binary(ROWS, LABELS, c=1.0, min_count=6, seed=0)[0]


def test_fit_multinomial_orders_classes_and_prunes() -> None:
    rows = [["news"], ["old"], ["promo"]] * 4
    y = [0, 1, 2] * 4
    weights, bias = fit_multinomial(rows, y, n_classes=3, c=1.0, min_count=1, seed=0, prune=0.01)
    assert len(bias) == 3
    assert max(range(3), key=lambda k: weights["old"][k]) == 1
    assert max(range(3), key=lambda k: weights["promo"][k]) == 2
    pruned, _ = fit_multinomial(rows, y, n_classes=3, c=1.0, min_count=1, seed=0, prune=100.0)
    assert pruned == {}


def test_weights_json_round_trip() -> None:
    assert weights_to_json({"b": 0.1234567, "a": -2.0, "z": 0.0}, digits=6) == {
        "a": -2.0,
        "b": 0.123457,
    }
    assert list(weights_to_json({"b": 1.0, "a": 1.0}, digits=6)) == ["a", "b"]
    assert class_weights_to_json({"w": [0.123456, -1.0, 0.0]}, digits=5) == {
        "w": [0.12346, -1.0, 0.0]
    }
    assert class_weights_from_json({"w": [1, "2.5"]}) == {"w": [1.0, 2.5]}
    assert floats_from_json({"background": "0.5"}) == {"background": 0.5}
    assert floats_from_json(None) == {}


def test_dump_and_load_model_json() -> None:
    text = dump_model({"format": "f-1", "b": "é", "a": 1}, indent=0)
    assert text == '{\n"a": 1,\n"b": "é",\n"format": "f-1"\n}\n'
    assert load_model_json(text, format="f-1")["b"] == "é"
    with pytest.raises(ValueError, match=r"^not a f-1 model \(format: 'pickle'\)$"):
        load_model_json(json.dumps({"format": "pickle"}), format="f-1")
    with pytest.raises(ValueError, match=r"^not a f-1 model \(format: 'list'\)$"):
        load_model_json("[1, 2]", format="f-1")


def test_card_sections() -> None:
    rows = [(("exact", "cue"), {"precision": 0.5, "recall": 0.25, "f1": 1 / 3})]
    assert metrics_table(("match", "role"), rows) == [
        "| match | role | P | R | F1 |",
        "|---|---|---|---|---|",
        "| exact | cue | 0.500 | 0.250 | 0.333 |",
    ]
    assert versions_section({"framing": "0.1.0", "spaCy": "3.8"}) == [
        "## Versions",
        "",
        "- framing: 0.1.0",
        "- spaCy: 3.8",
        "",
    ]
    v = versions("9.9", spacy="3.8")
    assert list(v) == ["framing", "spacy", "scikit-learn", "python"]
    assert v["framing"] == "9.9"
