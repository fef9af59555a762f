"""framing eval speakers: annotated referents, alignment, B-cubed identity, names, the CLI."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import framing.eval.speakers as speakers_mod
from framing.cli.eval import eval_app
from framing.errors import UsageError
from framing.eval.brat import read_polnear
from framing.eval.speakers import (
    b_cubed,
    evaluate_speakers,
    normalise_name,
    read_speaker_gold,
)
from tests.conftest import POLNEAR, ROOT, needs_polnear

GOLD_FILE = ROOT / "tests" / "data" / "speakers-polnear-dev.jsonl"

# --------------------------------------------------------------------------- a made-up corpus

A = "nyt_2016-01-01_a"
B = "wash-post_2016-01-02_b"
TEXTS = {
    A: "Donald Trump said taxes are high. He added that walls work. Officials said talks failed.",
    B: "Trump told reporters he would win. The IMF said growth slowed.",
}
# (doc, source, cue, content) of every gold attribution, in order
ATTS = [
    (A, "Donald Trump", "said", "taxes are high"),
    (A, "He", "added", "that walls work"),
    (A, "Officials", "said talks", "talks failed"),
    (B, "Trump", "told", "he would win"),
    (B, "The IMF", "said", "growth slowed"),
]


def at(doc: str, sub: str) -> tuple[int, int]:
    start = TEXTS[doc].index(sub)
    return start, start + len(sub)


def _cue(doc: str, cue: str) -> tuple[int, int]:
    s, e = at(doc, cue)
    return (s, s + len(cue.split()[0]))  # "said talks": only "said" (the second "said" of A)


def _ann(doc: str) -> str:
    lines, n = [], 0
    for d, src, cue, content in ATTS:
        if d != doc:
            continue
        (ss, se), (cs, ce), (ts, te) = at(d, src), _cue(d, cue), at(d, content)
        t = TEXTS[d]
        lines += [
            f"T{n + 1}\tSource {ss} {se}\t{t[ss:se]}",
            f"T{n + 2}\tCue {cs} {ce}\t{t[cs:ce]}",
            f"T{n + 3}\tContent {ts} {te}\t{t[ts:te]}",
            f"E{n // 3 + 1}\tAttribution:T{n + 2} Source:T{n + 1} Cue:T{n + 2} Content:T{n + 3}",
        ]
        n += 3
    return "\n".join(lines) + "\n"


def write_corpus(root: Path) -> Path:
    for doc, text in TEXTS.items():
        (root / "text").mkdir(parents=True, exist_ok=True)
        (root / "attributions").mkdir(parents=True, exist_ok=True)
        (root / "text" / f"{doc}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"{doc}_aaaa.ann").write_text(_ann(doc), encoding="utf-8")
    return root


GOLD = [
    # (doc, source, cue, referent, type, aliases)
    (A, "Donald Trump", "said", "Donald Trump", "politician", []),
    (A, "He", "added", "Donald Trump", "politician", []),
    (A, "Officials", "said talks", "anonymous: officials", "anonymous", []),
    (B, "Trump", "told", "Donald Trump", "politician", []),
    (B, "The IMF", "said", "International Monetary Fund", "ngo", ["IMF"]),
]


def gold_line(doc: str, src: str, cue: str, referent: str, typ: str, aliases: list[str]) -> str:
    (ss, se), (cs, ce) = at(doc, src), _cue(doc, cue)
    row: dict[str, Any] = {
        "doc": doc,
        "source": [ss, se],
        "source_text": TEXTS[doc][ss:se],
        "cue": [cs, ce],
        "cue_text": TEXTS[doc][cs:ce],
        "referent": referent,
        "type": typ,
    }
    if aliases:
        row["aliases"] = aliases
    return json.dumps(row)


def write_gold(path: Path, lines: list[str] | None = None) -> Path:
    path.write_text("\n".join(lines or [gold_line(*g) for g in GOLD]) + "\n", encoding="utf-8")
    return path


def span(doc: str, sub: str) -> dict[str, Any]:
    s, e = at(doc, sub)
    return {"start": s, "end": e, "text": TEXTS[doc][s:e]}


def pred(doc: str, i: int, speaker: dict[str, Any] | None) -> dict[str, Any]:
    """The gold attribution ATTS[i] as a prediction, with ``speaker`` (None: no source)."""
    _, src, cue, content = ATTS[i]
    cs, ce = _cue(doc, cue)
    return {
        "source": span(doc, src) if speaker else None,
        "cue": {"start": cs, "end": ce, "text": TEXTS[doc][cs:ce]},
        "content": span(doc, content),
        "kind": "indirect",
        "speaker": speaker,
    }


def fake_predictions(canonical: bool = False) -> dict[str, list[dict[str, Any]]]:
    trump = {"canonical_id": "donald-trump", "canonical_name": "Donald Trump"} if canonical else {}
    return {
        A: [
            pred(A, 0, {"name": "Donald Trump", "entity_id": "e1", "type": "politician", **trump}),
            pred(A, 1, {"name": "Donald Trump", "entity_id": "e1", "type": "person", **trump}),
            pred(A, 2, None),  # "Officials" missed: no source, no speaker
        ],
        B: [
            pred(B, 3, {"name": "Trump", "entity_id": "e1", "type": "politician", **trump}),
            pred(B, 4, {"name": "IMF", "entity_id": "e2", "type": "other"}),
        ],
    }


def patch_predict(monkeypatch: pytest.MonkeyPatch, canonical: bool = False) -> None:
    def fake(docs: Any, **_: Any) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
        preds = fake_predictions(canonical)
        return {name: preds[name] for name, *_ in docs}, [], {"name": "fake"}

    monkeypatch.setattr(speakers_mod, "predict", fake)


# --------------------------------------------------------------------------- scores


def test_scores_of_a_tiny_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patch_predict(monkeypatch)
    gold_dir, gold_file = write_corpus(tmp_path / "gold"), write_gold(tmp_path / "g.jsonl")
    r = evaluate_speakers(gold_dir, gold_file)
    # "Officials" has no predicted source: 4 of 5 matched, all by source
    assert (r.coverage.hits, r.coverage.n) == (4, 5)
    assert [m.how for m in r.matches] == ["source", "source", None, "source", "source"]
    # "He" typed person, the IMF other
    assert (r.type_accuracy.hits, r.type_accuracy.n) == (2, 4)
    assert r.confusions == [("ngo", "other", 1), ("politician", "person", 1)]
    assert r.by_type["politician"] == {"n": 3, "matched": 3, "correct": 2}
    # names: "Trump" is not "Donald Trump"; "IMF" is an alias
    assert (r.name_accuracy.hits, r.name_accuracy.n) == (3, 4)
    # B-cubed: predicted clusters {A1, A2} {B1} {B2}; gold {A1, A2, B1} {B2}
    assert r.identity.precision == 1.0
    assert r.identity.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert r.identity.f1 == pytest.approx(0.8)
    # eval attribution's exact source score on the same predictions: 4 of 4 predicted, 5 gold
    assert (r.source_exact.precision, r.source_exact.recall) == (1.0, 0.8)
    assert [(e["source_text"], e["errors"]) for e in r.errors] == [
        ("He", ["type"]),
        ("Officials", ["no match"]),
        ("Trump", ["name"]),
        ("The IMF", ["type"]),
    ]
    assert r.meta["n_docs"] == 2 and r.meta["model_info"] == {"name": "fake"}


def test_canonical_ids_join_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patch_predict(monkeypatch, canonical=True)
    gold_dir, gold_file = write_corpus(tmp_path / "gold"), write_gold(tmp_path / "g.jsonl")
    r = evaluate_speakers(gold_dir, gold_file)
    assert (r.identity.precision, r.identity.recall, r.identity.f1) == (1.0, 1.0, 1.0)
    assert (r.name_accuracy.hits, r.name_accuracy.n) == (4, 4)  # canonical_name before name


def test_limit_scores_the_annotated_lines_of_the_articles_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_predict(monkeypatch)
    gold_dir, gold_file = write_corpus(tmp_path / "gold"), write_gold(tmp_path / "g.jsonl")
    r = evaluate_speakers(gold_dir, gold_file, limit=1)  # nyt_... only
    assert (r.coverage.hits, r.coverage.n, r.n_annotated) == (2, 3, 5)


def test_cue_match_for_swapped_gold_and_descriptions_per_article() -> None:
    text = "“We won,” said Smith. Officials said so. Officials said no."
    doc = read_one(text)
    s_said, s_smith = text.index("said"), text.index("Smith")
    gold = [
        # the gold's source and cue the wrong way round: "said" as the source
        _g(doc.name, (s_said, s_said + 4), (s_smith, s_smith + 5), "John Smith", "politician"),
        _g(doc.name, _at(text, "Officials", 0), _at(text, "said", 1), "anonymous: a", "anonymous"),
        _g(doc.name, _at(text, "Officials", 1), _at(text, "said", 2), "anonymous: a", "anonymous"),
    ]
    preds = [
        _p(text, "Smith", "said", 0, {"name": "Smith", "entity_id": "e1", "type": "person"}),
        _p(
            text,
            "Officials",
            "said",
            1,
            {"name": "officials", "entity_id": "e2", "type": "anonymous"},
        ),  # fmt: skip
        _p(
            text,
            "Officials",
            "said",
            2,
            {"name": "officials", "entity_id": "e3", "type": "anonymous"},
        ),  # fmt: skip
    ]
    r = speakers_mod.score_speakers(gold, [doc], {doc.name: preds})
    assert [m.how for m in r.matches] == ["cue", "source", "source"]
    # two "anonymous: a" of one article are one gold speaker: split in two, recall 1/2 for them
    assert r.identity.recall == pytest.approx((1 + 0.5 + 0.5) / 3)
    # descriptions are not scored as names
    assert (r.name_accuracy.hits, r.name_accuracy.n) == (0, 1)


def _at(text: str, sub: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def _g(doc: str, source: tuple[int, int], cue: tuple[int, int], referent: str, typ: str) -> Any:
    return speakers_mod.GoldSpeaker(doc, source, cue, referent, typ)


def _p(text: str, src: str, cue: str, nth: int, speaker: dict[str, Any]) -> dict[str, Any]:
    (ss, se), (cs, ce) = _at(text, src, 0 if src == "Smith" else nth - 1), _at(text, cue, nth)
    return {
        "source": {"start": ss, "end": se, "text": text[ss:se]},
        "cue": {"start": cs, "end": ce, "text": text[cs:ce]},
        "content": {"start": 0, "end": 9, "text": text[:9]},
        "speaker": speaker,
    }


def read_one(text: str) -> Any:
    from framing.eval.brat import GoldDoc

    return GoldDoc(name="nyt_2016-01-01_x", text=text)


def test_b_cubed_and_names() -> None:
    # one gold speaker split in two predicted ones, and two gold ones merged into one
    items = [("t", 1), ("t", 1), ("t", 2), ("c", 3), ("s", 3)]
    bc = b_cubed(items)
    assert bc.precision == pytest.approx((1 + 1 + 1 + 0.5 + 0.5) / 5)
    assert bc.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert b_cubed([]).f1 == 0.0
    assert normalise_name("Sen. Bernie Sanders") == "bernie sanders"
    assert normalise_name("President Barack Obama") == "barack obama"
    assert normalise_name("the S.E.C.") == normalise_name("SEC") == "sec"
    assert normalise_name("James O’Neill") == normalise_name("James O'Neill") == "james oneill"
    assert normalise_name("Republican Party") != normalise_name("Democratic Party")
    assert normalise_name("President") == "president"  # a title alone stays


# --------------------------------------------------------------------------- errors


def test_malformed_annotation_lines(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    good = gold_line(*GOLD[0])
    cases = {
        "{not json": "not JSON (Expecting property name enclosed in double quotes at column 2)",
        "[1, 2]": "expected a JSON object, got list",
        good.replace('"politician"', '"king"'): "type 'king': expected one of government, "
        "military, politician, party, ngo, expert, media, citizen, anonymous, document, person, "
        "other, unknown",
        good.replace('"Donald Trump", "type"', '"", "type"'): "referent: expected a non-empty "
        "string, got ''",
        good.replace('"source": [0, 12]', '"source": [12, 0]'): "source: expected [start, end] "
        "with 0 <= start <= end, got [12, 0]",
    }
    for line, message in cases.items():
        write_gold(path, [good, "", line])
        with pytest.raises(UsageError) as exc:
            read_speaker_gold(path)
        assert str(exc.value) == f"annotations {path}:3: {message}"
    with pytest.raises(UsageError, match="no such file"):
        read_speaker_gold(tmp_path / "nope.jsonl")
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no annotated attributions in it"):
        read_speaker_gold(path)


def test_annotations_that_do_not_fit_the_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_predict(monkeypatch)
    gold_dir = write_corpus(tmp_path / "gold")
    line = gold_line(*GOLD[0])
    tramp = line.replace('"Donald Trump", "cue"', '"Donald Tramp", "cue"')
    bad_text = write_gold(tmp_path / "t.jsonl", [tramp])
    with pytest.raises(UsageError) as exc:
        evaluate_speakers(gold_dir, bad_text)
    assert str(exc.value) == (
        f"annotations {bad_text}:1: source_text 'Donald Tramp' is not the text at 0-12 of {A} "
        "('Donald Trump')"
    )
    other_doc = write_gold(tmp_path / "d.jsonl", [line.replace(A, "nyt_2016-01-09_z")])
    with pytest.raises(UsageError) as exc:
        evaluate_speakers(gold_dir, other_doc)
    assert str(exc.value) == (
        f"annotations {other_doc}:1: doc nyt_2016-01-09_z is not an annotated article of {gold_dir}"
    )


# --------------------------------------------------------------------------- CLI


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    return app


def test_cli_speakers_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patch_predict(monkeypatch)
    gold_dir, gold_file = write_corpus(tmp_path / "gold"), write_gold(tmp_path / "g.jsonl")
    out = tmp_path / "out.json"
    args = ["eval", "speakers", "--gold", str(gold_dir), "--annotations", str(gold_file)]
    result = CliRunner().invoke(_app(), [*args, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Speaker scores (5 annotated attributions in 2 of 2 articles)" in result.stdout
    assert re.search(r"identity F1 +│ 0\.800 │", result.stdout)
    assert "[no match] nyt_2016-01-01_a@60  Officials = anonymous: officials" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["task"] == "speakers"
    assert data["identity"]["f1"] == 0.8
    assert data["type_accuracy"] == {"value": 0.5, "hits": 2, "n": 4}
    assert data["coverage"]["hits"] == 4 and data["source_exact"]["recall"] == 0.8


def test_cli_speakers_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patch_predict(monkeypatch)
    gold_dir = write_corpus(tmp_path / "gold")
    missing = tmp_path / "nope.jsonl"
    args = ["eval", "speakers", "--gold", str(gold_dir), "--annotations", str(missing)]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: --annotations {missing}: no such file\n"

    bad = write_gold(tmp_path / "g.jsonl", [gold_line(*GOLD[0]), "{not json"])
    result = CliRunner().invoke(_app(), [*args[:-1], str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --annotations {bad}:2: not JSON "
        "(Expecting property name enclosed in double quotes at column 2)\n"
    )

    nowhere = tmp_path / "nowhere"
    result = CliRunner().invoke(_app(), ["eval", "speakers", "--gold", str(nowhere),
                                         "--annotations", str(bad.with_name("x"))])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --annotations")  # the cheap check comes first
    good = write_gold(tmp_path / "ok.jsonl")
    result = CliRunner().invoke(_app(), ["eval", "speakers", "--gold", str(nowhere),
                                         "--annotations", str(good)])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == f"Error: --gold {nowhere}: no text/ folder in {nowhere}\n"


def test_cli_speakers_help_has_an_example() -> None:
    result = CliRunner().invoke(_app(), ["eval", "speakers", "--help"])
    assert result.exit_code == 0
    assert "framing eval speakers --gold" in result.stdout


# --------------------------------------------------------------------------- the shipped gold


def test_shipped_gold_reads_and_is_spread() -> None:
    gold = read_speaker_gold(GOLD_FILE)
    assert len(gold) >= 150
    outlets: dict[str, int] = {}
    for g in gold:
        outlets[g.doc.split("_", 1)[0]] = outlets.get(g.doc.split("_", 1)[0], 0) + 1
    assert sorted(outlets) == [
        "breitbart", "huff-post", "nyt", "politico", "usa-today", "wash-post", "west-journal",
    ]  # fmt: skip
    assert min(outlets.values()) >= 20


@needs_polnear
def test_shipped_gold_fits_polnear_dev_and_its_sample_script() -> None:
    dev = POLNEAR / "dev"
    gold = read_speaker_gold(GOLD_FILE)
    corpus = read_polnear(dev)
    docs = {d.name: d for d in corpus.docs}
    speakers_mod.check_against_texts(gold, docs, path=GOLD_FILE)  # offsets and texts agree
    assert {g.doc for g in gold} <= docs.keys()
    # the sample script draws exactly these attributions, in this order
    spec = importlib.util.spec_from_file_location(
        "speakers_gold_sample", ROOT / "bench" / "speakers_gold_sample.py"
    )
    assert spec is not None and spec.loader is not None
    sample_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample_mod)
    drawn = sample_mod.sample(corpus.docs)
    assert [(r["doc"], tuple(r["source"]), tuple(r["cue"])) for r in drawn] == [
        (g.doc, g.source, g.cue) for g in gold
    ]
