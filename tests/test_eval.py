"""framing.eval: brat/NewsDiscourse reading, scoring on hand-made predictions, the eval CLI."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import framing.eval.attribution as attribution_mod
import framing.eval.sentences as sentences_mod
from framing.cli.eval import eval_app
from framing.errors import InputError, ModelNotFoundError, UsageError
from framing.eval.attribution import score_attributions, score_document, trim
from framing.eval.brat import (
    GoldAttribution,
    GoldDoc,
    parse_ann,
    parse_text_bounds,
    read_polnear,
)
from framing.eval.sentences import (
    GoldSentence,
    SentenceDoc,
    covered_at_least,
    read_newsdiscourse,
    score_sentence_labels,
    score_speech,
    speech_spans,
)
from framing.eval.speech_verbs import SpeechVerbs, load_speech_verbs
from framing.train.speech_verbs import speech_verb_counts

REPO = Path(__file__).resolve().parent.parent


def _data_dir(env: str, name: str) -> Path:
    return Path(os.environ.get(env) or REPO.parent / "shared" / "data" / name)


POLNEAR = _data_dir("FRAMING_POLNEAR", "polnear")
NEWSDISCOURSE = _data_dir("FRAMING_NEWSDISCOURSE", "newsdiscourse")
needs_polnear = pytest.mark.skipif(
    not (POLNEAR / "dev" / "text").is_dir(),
    reason=f"PolNeAR not found at {POLNEAR} (set $FRAMING_POLNEAR to the corpus folder)",
)
needs_newsdiscourse = pytest.mark.skipif(
    not (NEWSDISCOURSE / "dev" / "labels").is_dir(),
    reason=f"NewsDiscourse not found at {NEWSDISCOURSE} (set $FRAMING_NEWSDISCOURSE)",
)


# --------------------------------------------------------------------------- helpers

TEXT = (
    "The ministry said the troops withdrew. "
    "“We will win,” he said, “whatever it takes.” "
    "Officials told reporters that talks failed."
)


def at(sub: str, text: str = TEXT, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def span(sub: str, nth: int = 0) -> dict[str, Any]:
    s, e = at(sub, nth=nth)
    return {"start": s, "end": e, "text": TEXT[s:e]}


def gold_att(source: str | None, cue: str, *content: str) -> GoldAttribution:
    return GoldAttribution(
        source=(at(source),) if source else (),
        cue=(at(cue),),
        content=tuple(at(c) for c in content),
    )


G_MINISTRY = gold_att("The ministry", "said", "the troops withdrew")
_HE = TEXT.index("he said")
G_QUOTE = GoldAttribution(
    source=((_HE, _HE + 2),),
    cue=(at("said", nth=1),),
    content=(at("“We will win,”"), at("“whatever it takes.”")),
)
G_OFFICIALS = gold_att("Officials", "told reporters", "that talks failed")


def pred_of(att: GoldAttribution) -> dict[str, Any]:
    """A report-shaped prediction identical to a gold attribution."""

    def sp(frags: tuple[tuple[int, int], ...]) -> dict[str, Any] | None:
        if not frags:
            return None
        d: dict[str, Any] = {
            "start": frags[0][0],
            "end": frags[-1][1],
            "text": TEXT[frags[0][0] : frags[-1][1]],
        }
        if len(frags) > 1:
            d["spans"] = [list(f) for f in frags]
        return d

    return {
        "source": sp(att.source),
        "cue": sp(att.cue),
        "content": sp(att.content),
        "kind": "indirect",
    }


def doc(*atts: GoldAttribution, name: str = "nyt_2016-01-01_x") -> GoldDoc:
    return GoldDoc(name=name, text=TEXT, attributions=list(atts))


# --------------------------------------------------------------------------- scoring


def test_perfect_match_scores_one() -> None:
    gold = doc(G_MINISTRY, G_QUOTE, G_OFFICIALS)
    preds = {gold.name: [pred_of(a) for a in gold.attributions]}
    result = score_attributions([gold], preds)
    sc = result.scores
    assert (sc.whole.precision, sc.whole.recall, sc.whole.f1) == (1.0, 1.0, 1.0)
    for role in ("source", "cue", "content"):
        assert sc.overlap[role].f1 == 1.0
        assert sc.exact[role].f1 == 1.0
        assert sc.exact[role].n_gold == 3
    assert result.errors == []


def test_one_missing_halves_recall_and_is_listed() -> None:
    gold = doc(G_MINISTRY, G_OFFICIALS)
    result = score_attributions([gold], {gold.name: [pred_of(G_MINISTRY)]})
    w = result.scores.whole
    assert (w.precision, w.recall) == (1.0, 0.5)
    assert w.f1 == pytest.approx(2 / 3)
    assert result.scores.exact["source"].recall == 0.5
    assert [(e.kind, e.source, e.cue, e.content) for e in result.errors] == [
        ("false_negative", "Officials", "told reporters", "that talks failed")
    ]


def test_false_positive_costs_precision() -> None:
    gold = doc(G_MINISTRY)
    spurious = {"source": None, "cue": span("told reporters"), "content": span("talks failed")}
    result = score_attributions([gold], {gold.name: [pred_of(G_MINISTRY), spurious]})
    assert result.scores.whole.precision == 0.5
    assert result.scores.whole.recall == 1.0
    # the spurious one has no source: source precision is unaffected
    assert result.scores.exact["source"].precision == 1.0
    assert result.scores.exact["cue"].precision == 0.5
    (err,) = result.errors
    assert (err.kind, err.source, err.content) == ("false_positive", None, "talks failed")


def test_trimmed_exact_match_and_soft_overlap() -> None:
    text = "He said “quote,” then left."
    q = at("“quote,”", text)
    gold = GoldDoc(
        "x_1",
        text,
        [GoldAttribution(source=(at("He", text),), cue=(at("said", text),), content=(q,))],
    )
    s, e = at("quote", text)
    pred = {"source": None, "cue": {"start": 3, "end": 7, "text": "said"},
            "content": {"start": s, "end": e, "text": "quote"}}  # fmt: skip
    scores, _ = score_document(gold, [pred])
    assert trim(text, (q,)) == ((s, e),)
    assert scores.exact["content"].f1 == 1.0
    # soft: 5 shared chars; predicted span is 5 chars, gold span 8 (“quote,”)
    assert scores.overlap["content"].precision == 1.0
    assert scores.overlap["content"].recall == pytest.approx(5 / 8)
    # predicted no source, gold had one
    assert scores.overlap["source"].n_pred == 0
    assert scores.overlap["source"].recall == 0.0
    assert scores.exact["cue"].f1 == 1.0


def test_discontinuous_content() -> None:
    gold = doc(G_QUOTE)
    # same fragments without their quote marks and comma: exact after trimming
    frag_pred = pred_of(G_QUOTE)
    frag_pred["content"]["spans"] = [list(at("We will win")), list(at("whatever it takes"))]
    scores, _ = score_document(gold, [frag_pred])
    assert scores.exact["content"].f1 == 1.0
    assert scores.overlap["content"].precision == 1.0

    # one contiguous span over both fragments (", he said, " inside): aligned, not exact
    first, second = G_QUOTE.content
    whole = {"start": first[0], "end": second[1], "text": TEXT[first[0] : second[1]]}
    scores, _ = score_document(gold, [{**pred_of(G_QUOTE), "content": whole}])
    assert scores.whole.f1 == 1.0
    assert scores.exact["content"].f1 == 0.0
    inside = (first[1] - first[0]) + (second[1] - second[0])
    assert scores.overlap["content"].precision == pytest.approx(inside / (second[1] - first[0]))
    assert scores.overlap["content"].recall == 1.0


def test_alignment_is_one_to_one_by_largest_overlap() -> None:
    gold = doc(G_MINISTRY)
    small = {**pred_of(G_MINISTRY), "content": span("troops")}
    big = pred_of(G_MINISTRY)
    result = score_attributions([gold], {gold.name: [small, big]})
    assert result.scores.whole.precision == 0.5
    assert result.scores.exact["content"].recall == 1.0  # the exact one was aligned
    assert [e.content for e in result.errors] == ["troops"]


def test_by_outlet_and_missing_predictions() -> None:
    a = doc(G_MINISTRY, name="nyt_2016-01-01_a")
    b = doc(G_OFFICIALS, name="wash-post_2016-01-02_b")
    result = score_attributions([a, b], {a.name: [pred_of(G_MINISTRY)]}, by="outlet")
    assert list(result.by) == ["nyt", "wash-post"]
    assert result.by["nyt"].whole.f1 == 1.0
    assert result.by["wash-post"].whole.recall == 0.0
    assert result.scores.whole.recall == 0.5
    assert result.scores.n_docs == 2
    data = result.to_dict()
    assert data["by"]["nyt"]["attribution"]["f1"] == 1.0
    json.dumps(data)  # plain data


def test_bad_by_and_malformed_prediction() -> None:
    with pytest.raises(UsageError, match=r"^by speaker: unknown breakdown") as exc:
        score_attributions([], {}, by="speaker")
    assert exc.value.params == ("by",)
    gold = doc(G_MINISTRY)
    with pytest.raises(InputError, match="outside the text"):
        score_document(gold, [{"cue": {"start": 0, "end": 10_000, "text": ""}}])
    with pytest.raises(InputError, match="attribution 0 content"):
        score_document(gold, [{"content": {"begin": 1}}])


# --------------------------------------------------------------------------- brat

TINY_TEXT = "Officials said the plan failed.\n“It is over,” she added, “for now.”\nNothing here.\n"
TINY_ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 30\tthe plan failed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 32 45;57 67\t“It is over,” “for now.”\n"
    "T6\tCue 50 55\tadded\n"
    "T7\tAttribution 50 55\tadded\n"
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5\n"
    "T8\tContent 68 81\tNothing\nhere.\n"  # span text continued on the next line
    "T9\tCue 68 75\tNothing\n"
    "E3\tAttribution:T10 Cue:T9 Content:T8 Content2:T3 Source:T99\n"
    "E4\tAttribution-no-source:T11 \n"
    "T12\tDiscard 68 81\tNothing here.\n"
)


def test_parse_tiny_ann() -> None:
    atts = parse_ann(TINY_ANN, text_length=len(TINY_TEXT))
    assert [a.id for a in atts] == ["E1", "E2", "E3"]
    e1, e2, e3 = atts
    assert (e1.source, e1.cue, e1.content) == (((0, 9),), ((10, 14),), ((15, 30),))
    assert e2.source == ()
    assert e2.content == ((32, 45), (57, 67))
    assert TINY_TEXT[32:45] == "“It is over,”" and TINY_TEXT[57:67] == "“for now.”"
    # Content + Content2 merged; unknown T99 ignored
    assert e3.content == ((15, 30), (68, 81)) and e3.source == ()
    bounds = parse_text_bounds(TINY_ANN)
    assert bounds["T8"].text == "Nothing\nhere."
    assert bounds["T12"].type == "Discard"


def _write_brat(root: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def test_read_polnear_tmp(tmp_path: Path) -> None:
    _write_brat(
        tmp_path,
        {
            "text/nyt_2016-01-01_a.txt": TINY_TEXT,
            "attributions/nyt_2016-01-01_a_bbbb.ann": "",
            "attributions/nyt_2016-01-01_a_aaaa.ann": TINY_ANN,
            "text/usa-today_2016-01-02_b.txt": "No annotation.",
            "text/wash-post_2016-01-03_c.txt": "Short.",
            "attributions/wash-post_2016-01-03_c_aaaa.ann": "T1\tCue 0 99\tShort.\n",
        },
    )
    corpus = read_polnear(tmp_path)
    (d,) = corpus.docs
    assert (d.name, d.annotator, d.outlet) == ("nyt_2016-01-01_a", "aaaa", "nyt")
    assert len(d.attributions) == 3
    assert [Path(s.path).name for s in corpus.skipped] == [
        "usa-today_2016-01-02_b.txt",
        "wash-post_2016-01-03_c_aaaa.ann",
    ]
    assert "outside the text" in corpus.skipped[1].reason
    assert read_polnear(tmp_path, limit=0).docs == []


def test_missing_gold_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as exc:
        read_polnear(tmp_path / "nope")
    # the library names its parameter; the CLI shows the option (test_cli_missing_gold_dir)
    assert str(exc.value) == f"gold_dir {tmp_path / 'nope'}: no text/ folder in {tmp_path / 'nope'}"
    (tmp_path / "text").mkdir()
    with pytest.raises(UsageError, match="no attributions/ folder"):
        read_polnear(tmp_path)
    with pytest.raises(UsageError, match="no labels/ folder"):
        read_newsdiscourse(tmp_path)


@needs_polnear
def test_real_polnear_offsets() -> None:
    dev = POLNEAR / "dev"
    anns = sorted((dev / "attributions").glob("*.ann"))[:5]
    assert anns
    checked = 0
    for ann in anns:
        name = ann.stem.rsplit("_", 1)[0]
        text = (dev / "text" / f"{name}.txt").read_text(encoding="utf-8")
        for tb in parse_text_bounds(
            ann.read_text(encoding="utf-8"), text_length=len(text)
        ).values():
            got = "".join(text[s:e] for s, e in tb.fragments)
            # the .ann repeats the text; fragments are joined by a space and line breaks may
            # be written differently, so compare without whitespace
            assert re.sub(r"\s+", "", got) == re.sub(r"\s+", "", tb.text), (ann.name, tb.id)
            checked += 1
    assert checked > 50
    corpus = read_polnear(dev, limit=3)
    assert len(corpus.docs) == 3 and corpus.skipped == []
    d = corpus.docs[0]
    assert d.attributions and all(a.cue for a in d.attributions)
    # gold scored against itself is perfect
    preds = {d.name: [_gold_as_prediction(d.text, a) for a in d.attributions]}
    assert score_attributions([d], preds).scores.exact["content"].f1 == 1.0


def _gold_as_prediction(text: str, att: GoldAttribution) -> dict[str, Any]:
    def sp(frags: tuple[tuple[int, int], ...]) -> dict[str, Any] | None:
        if not frags:
            return None
        s, e = frags[0][0], frags[-1][1]
        return {"start": s, "end": e, "text": text[s:e], "spans": [list(f) for f in frags]}

    return {"source": sp(att.source), "cue": sp(att.cue), "content": sp(att.content)}


# --------------------------------------------------------------------------- sentences

S_TEXT = "Headline\n\nThe army said it won. Crowds gathered. “We are safe,” a man said.\n"


def _s_doc() -> SentenceDoc:
    sents = [
        GoldSentence("S1", *at("The army said it won.", S_TEXT), ("Main", "Speech")),
        GoldSentence("S2", *at("Crowds gathered.", S_TEXT), ("Distant_Historical",)),
        GoldSentence("S3", *at("“We are safe,” a man said.", S_TEXT), ("Main", "Speech")),
    ]
    return SentenceDoc("Crime_Reuters_1", S_TEXT, sents)


def test_speech_scoring_from_attributions() -> None:
    d = _s_doc()
    cue = at("said", S_TEXT)
    content = at("it won", S_TEXT)
    preds = [
        {
            "source": None,
            "cue": {"start": cue[0], "end": cue[1], "text": "said"},
            "content": {"start": content[0], "end": content[1], "text": "it won"},
        }
    ]
    assert speech_spans(preds) == [cue, content]
    # beliefs, intentions and perceptions are not reported speech
    assert speech_spans([{**preds[0], "kind": "belief"}]) == []
    assert speech_spans([{**preds[0], "kind": "indirect"}]) == [cue, content]
    result = score_speech([d], {d.name: preds}, by="outlet")
    c = result.counts
    assert (c.tp, c.fp, c.fn, c.tn) == (1, 0, 1, 1)
    assert (c.precision, c.recall) == (1.0, 0.5)
    assert result.label == "Speech" and list(result.by) == ["reuters"]
    assert [(e.sentence, e.kind) for e in result.errors] == [("S3", "false_negative")]


def test_generic_label_scoring_with_predicate() -> None:
    d = _s_doc()
    s2 = at("Crowds gathered.", S_TEXT)
    half = (s2[0], s2[0] + 5)
    r = score_sentence_labels([d], {d.name: [half]}, label={"Distant_Historical", "NA"})
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 0, 0)
    strict = score_sentence_labels(
        [d], {d.name: [half]}, label="Distant_Historical", predicate=covered_at_least(0.5)
    )
    assert (strict.counts.tp, strict.counts.fn) == (0, 1)


@needs_newsdiscourse
def test_real_newsdiscourse_labels() -> None:
    corpus = read_newsdiscourse(NEWSDISCOURSE / "dev", limit=1)
    (d,) = corpus.docs
    assert d.sentences
    prev_end = 0
    for s in d.sentences:
        assert prev_end <= s.start < s.end <= len(d.text)
        assert d.text[s.start : s.end].strip()
        prev_end = s.end
    speech = [(s.start, s.end) for s in d.sentences if "Speech" in s.labels]
    assert speech, "the first dev article has Speech sentences"
    result = score_sentence_labels([d], {d.name: speech}, label="Speech")
    assert result.counts.f1 == 1.0


# --------------------------------------------------------------------------- CLI


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    return app


def test_cli_missing_gold_dir(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for cmd in ("attribution", "sentences"):
        result = CliRunner().invoke(_app(), ["eval", cmd, "--gold", str(missing)])
        assert result.exit_code == 1
        assert result.stderr == f"Error: --gold {missing}: no text/ folder in {missing}\n"


def test_cli_help_has_examples() -> None:
    for cmd in ("attribution", "sentences"):
        result = CliRunner().invoke(_app(), ["eval", cmd, "--help"])
        assert result.exit_code == 0
        assert f"framing eval {cmd} --gold" in result.stdout


def _fake_predict(docs: Any, **_: Any) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
    """Stands in for the spaCy pipeline: predicts the gold of the tiny corpus."""
    preds: dict[str, Any] = {}
    for name, text, _outlet, _path in docs:
        atts = parse_ann(TINY_ANN, text_length=len(text)) if text == TINY_TEXT else []
        preds[name] = [_gold_as_prediction(text, a) for a in atts[:2]]
    return preds, [], {"name": "fake"}


def test_cli_attribution_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attribution_mod, "predict", _fake_predict)
    _write_brat(
        tmp_path / "gold",
        {
            "text/nyt_2016-01-01_a.txt": TINY_TEXT,
            "attributions/nyt_2016-01-01_a_aaaa.ann": TINY_ANN,
        },
    )
    out = tmp_path / "out" / "eval.json"
    args = ["eval", "attribution", "--gold", str(tmp_path / "gold"), "--by", "outlet"]
    result = CliRunner().invoke(_app(), [*args, "--json", str(out), "--errors", "5"])
    assert result.exit_code == 0, result.output
    assert "Attribution scores (1 articles)" in result.stdout
    assert "FN nyt_2016-01-01_a@15" in result.stdout  # E3 (content from 15) was not predicted
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scores"]["attribution"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert data["by"]["nyt"]["n_docs"] == 1
    assert data["meta"]["model_info"] == {"name": "fake"}

    bad = CliRunner().invoke(_app(), [*args[:-1], "speaker"])
    assert bad.exit_code == 1
    assert bad.stderr == "Error: --by speaker: unknown breakdown; expected one of: outlet\n"


def test_cli_sentences_end_to_end_with_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sentences_mod, "predict", _fake_predict)
    d = _s_doc()
    labels = {"name": d.name, "sentences": [{"id": s.id, "start": s.start, "end": s.end,
              "labels": list(s.labels)} for s in d.sentences]}  # fmt: skip
    _write_brat(
        tmp_path,
        {
            f"text/{d.name}.txt": S_TEXT,
            f"labels/{d.name}.json": json.dumps(labels),
            "text/Crime_Xinhua_2.txt": "No labels for this one.",
        },
    )
    result = CliRunner().invoke(_app(), ["eval", "sentences", "--gold", str(tmp_path)])
    assert result.exit_code == 2  # one input skipped
    assert "Sentence label 'Speech' (1 articles, 3 sentences)" in result.stdout
    assert "Crime_Xinhua_2.txt: no labels/Crime_Xinhua_2.json for it" in result.stderr


def _said_and_according(d: SentenceDoc) -> list[dict[str, Any]]:
    said, won = at("said", S_TEXT), at("it won", S_TEXT)
    man, safe = at("a man said", S_TEXT), at("We are safe", S_TEXT)
    return [
        {"cue": {"start": said[0], "end": said[1]}, "content": {"start": won[0], "end": won[1]},
         "kind": "indirect", "verb": "say"},
        {"cue": {"start": man[0], "end": man[1]}, "content": {"start": safe[0], "end": safe[1]},
         "kind": "direct", "verb": "according to"},
    ]  # fmt: skip


def test_speech_verbs_rule_counts_then_lexicon() -> None:
    verbs = SpeechVerbs({"say": (30, 10), "according to": (3, 27), "tweet": (1, 1)})
    assert verbs.is_speech("say")  # 75% of 40 sentences were Speech
    assert not verbs.is_speech("according to")  # 10% of 30
    # too few sentences to judge: the cue lexicon decides ("tweet" is writing, "shout" speech)
    assert not verbs.is_speech("tweet")
    assert verbs.is_speech("shout")
    assert not verbs.is_speech("ponder") and not verbs.is_speech(None)
    again = SpeechVerbs.from_json(verbs.to_json())
    assert again == verbs
    assert list(json.loads(verbs.to_json())["counts"]) == ["say", "according to", "tweet"]


def test_speech_spans_and_counts_with_verbs() -> None:
    d = _s_doc()
    preds = _said_and_according(d)
    verbs = SpeechVerbs({"say": (5, 0), "according to": (0, 5)})
    assert speech_spans(preds, verbs) == sorted(speech_spans(preds[:1]))
    assert len(speech_spans(preds)) == 4  # without verbs: both attributions
    assert speech_verb_counts([d], {d.name: preds}) == {"say": (1, 0), "according to": (1, 0)}
    c = score_speech([d], {d.name: preds}, verbs=verbs).counts
    assert (c.tp, c.fp, c.fn, c.tn) == (1, 0, 1, 1)
    assert score_speech([d], {d.name: preds}).counts.tp == 2


def test_load_speech_verbs_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="speech verbs not found: .*nope.json"):
        load_speech_verbs(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="not a speech-verbs file"):
        load_speech_verbs(bad)


def test_bundled_speech_verbs() -> None:
    verbs = load_speech_verbs()
    assert verbs.is_speech("say") and verbs.is_speech("tell")
    assert not verbs.is_speech("according to") and not verbs.is_speech("write")
    assert verbs.meta["train"]["articles"] == 502


def test_cli_sentences_speech_verbs_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _s_doc()

    def fake(docs: Any, **_: Any) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
        return {name: _said_and_according(d) for name, *_rest in docs}, [], {}

    monkeypatch.setattr(sentences_mod, "predict", fake)
    labels = {"name": d.name, "sentences": [{"id": s.id, "start": s.start, "end": s.end,
              "labels": list(s.labels)} for s in d.sentences]}  # fmt: skip
    _write_brat(
        tmp_path, {f"text/{d.name}.txt": S_TEXT, f"labels/{d.name}.json": json.dumps(labels)}
    )
    args = ["eval", "sentences", "--gold", str(tmp_path), "--json"]
    for which, tp in (("newsdiscourse", 1), ("all", 2)):
        out = tmp_path / f"{which}.json"
        result = CliRunner().invoke(_app(), [*args, str(out), "--speech-verbs", which])
        assert result.exit_code == 0, result.output
        data = json.loads(out.read_text(encoding="utf-8"))
        assert (data["scores"]["tp"], data["meta"]["speech_verbs"]) == (tp, which)
        said = (
            "Predicted Speech: every attribution but beliefs\n"
            if which == "all"
            else (
                "Predicted Speech: attributions whose verb NewsDiscourse counts as speech "
                "(bundled list; --speech-verbs all: every attribution but beliefs)\n"
            )
        )
        assert said in result.stdout
    missing = tmp_path / "none.json"
    bad = CliRunner().invoke(
        _app(), [*args, str(tmp_path / "x.json"), "--speech-verbs", str(missing)]
    )
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"Error: speech verbs not found: {missing}")


@pytest.mark.slow
@needs_newsdiscourse
def test_cli_train_speech_verbs_on_a_slice(tmp_path: Path) -> None:
    from framing.cli import app

    args = ["train", "speech-verbs", "--newsdiscourse", str(NEWSDISCOURSE), "--limit", "3"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    verbs = load_speech_verbs(tmp_path / "newsdiscourse-speech-verbs.json")
    assert verbs.meta["train"]["articles"] == 3
    assert sum(p + n for p, n in verbs.counts.values()) > 0
    assert "dev Speech, speech verbs: P " in result.stdout
    card = (tmp_path / "newsdiscourse-speech-verbs.md").read_text(encoding="utf-8")
    assert "NewsDiscourse train (3 articles" in card
    bad = CliRunner().invoke(app, ["train", "speech-verbs", "--newsdiscourse", str(tmp_path / "x")])
    assert bad.exit_code == 1
    assert bad.stderr == f"Error: --newsdiscourse {tmp_path / 'x'}: not a folder\n"


def test_cli_train_speech_verbs_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from framing.cli import app

    d = _s_doc()

    def fake(docs: Any, **_: Any) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
        return {name: _said_and_according(d) for name, *_rest in docs}, [], {}

    monkeypatch.setattr(sentences_mod, "predict", fake)
    runner = CliRunner()
    # the option is named in the message, not --gold
    res = runner.invoke(app, ["train", "speech-verbs", "--newsdiscourse", str(tmp_path)])
    assert res.exit_code == 1
    assert res.stderr == f"Error: --newsdiscourse {tmp_path}: no text/ folder in {tmp_path}\n"
    labels = {"name": d.name, "sentences": [{"id": s.id, "start": s.start, "end": s.end,
              "labels": list(s.labels)} for s in d.sentences]}  # fmt: skip
    _write_brat(
        tmp_path / "nd",
        {
            f"train/text/{d.name}.txt": S_TEXT,
            f"train/labels/{d.name}.json": json.dumps(labels),
            "train/text/Crime_Xinhua_2.txt": "No labels for this one.",
        },
    )
    args = ["train", "speech-verbs", "--newsdiscourse", str(tmp_path / "nd")]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "out")])
    assert res.exit_code == 2  # written, but one input was left out, and said so
    assert "Counted 2 verbs (1 count as speech)" in res.stdout
    assert "Skipped 1 input(s) (not counted):" in res.stderr
    assert "Crime_Xinhua_2.txt: no labels/Crime_Xinhua_2.json for it" in res.stderr
    verbs = load_speech_verbs(tmp_path / "out" / "newsdiscourse-speech-verbs.json")
    assert verbs.counts == {"say": (1, 0), "according to": (1, 0)}
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = runner.invoke(app, [*args, "--out", str(blocker / "sub")])
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: --out {blocker / 'sub'}: cannot write: ")
    assert len(res.stderr.splitlines()) == 1


def test_speech_verbs_option_and_file_errors(tmp_path: Path) -> None:
    from framing.cli import app

    gold = tmp_path / "nd"
    _write_brat(gold, {"text/a.txt": S_TEXT, "labels/a.json": "{}"})
    runner = CliRunner()
    for content, reason in (
        ("[1, 2]", "format 'list', expected 'framing-speech-verbs-1'"),
        ('{"format": "framing-speech-verbs-1", "counts": [], "min_count": 3, "min_rate": 0.5}',
         "'counts' is not a mapping of verb to [speech, other]"),
    ):  # fmt: skip
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        res = runner.invoke(
            app, ["eval", "sentences", "--gold", str(gold), "--speech-verbs", str(bad)]
        )
        assert res.exit_code == 1
        assert res.stderr == f"Error: {bad}: not a speech-verbs file ({reason})\n"
    res = runner.invoke(app, ["eval", "sentences", "--gold", str(gold), "--speech-verbs", "bogus"])
    assert res.exit_code == 1
    assert res.stderr == (
        "Error: --speech-verbs bogus: expected newsdiscourse, all or a speech-verbs JSON file\n"
    )


def test_train_speech_verbs_writes_nothing_when_nothing_was_counted(tmp_path: Path) -> None:
    from framing.cli import app

    nd = tmp_path / "nd"
    _write_brat(nd, {"train/text/a.txt": S_TEXT, "train/labels/a.json": "{}"})
    out = tmp_path / "out"
    args = ["train", "speech-verbs", "--newsdiscourse", str(nd), "--limit", "0", "--out", str(out)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1
    assert (
        res.stderr
        == f"Error: --newsdiscourse {nd / 'train'}: no article was counted; nothing written\n"
    )
    assert not (out / "newsdiscourse-speech-verbs.json").exists()


def test_speech_verbs_option_only_with_the_speech_label(tmp_path: Path) -> None:
    from framing.cli import app

    gold = tmp_path / "nd"
    _write_brat(gold, {"text/a.txt": S_TEXT, "labels/a.json": "{}"})
    args = [
        "eval",
        "sentences",
        "--gold",
        str(gold),
        "--label",
        "background",
        "--speech-verbs",
        "all",
    ]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1
    assert res.stderr == "Error: --speech-verbs applies to --label speech, not --label background\n"


def test_library_errors_name_parameters(tmp_path: Path) -> None:
    # str(error) names the library's parameters; the CLI tests above see the options
    from framing.eval.sentences import evaluate_sentences

    gold = tmp_path / "nd"
    _write_brat(gold, {"text/a.txt": S_TEXT, "labels/a.json": "{}"})
    cases = [
        (lambda: evaluate_sentences(gold, label="notice", speech_verbs="all"),
         "speech_verbs applies to label speech, not label notice"),
        (lambda: evaluate_sentences(gold, speech_verbs="bogus"),
         "speech_verbs bogus: expected newsdiscourse, all or a speech-verbs JSON file"),
        (lambda: evaluate_sentences(gold, label="x"),
         "label x: expected speech, background or notice"),
        (lambda: evaluate_sentences(gold, by="speaker"),
         "by speaker: unknown breakdown; expected one of: outlet"),
        (lambda: read_newsdiscourse(gold, limit=-1), "limit -1: expected a number >= 0"),
        (lambda: read_polnear(gold, limit=0, param_name="dev"),
         f"dev {gold}: no attributions/ folder in {gold}"),
    ]  # fmt: skip
    for call, message in cases:
        with pytest.raises(UsageError) as exc:
            call()
        assert str(exc.value) == message
    res = CliRunner().invoke(_app(), ["eval", "sentences", "--gold", str(gold), "--limit", "-1"])
    assert res.exit_code == 1
    assert res.stderr == "Error: --limit -1: expected a number >= 0\n"
