"""Issue 19, lexicons: general lexicons by default and topic ones by name; lexicon scores
re-run on cached articles without a parse; ``lexicon test FILE|-``; ``suggest --against`` and
its reason when nothing passes."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from typer.testing import CliRunner

import framing.engine
from framing.analyze import analyze_text, analyze_to_folder
from framing.cli import app
from framing.corpus.suggest import suggest
from framing.errors import UsageError
from framing.lexicon import LexiconError, default_names, load_lexicons, parse_lexicon
from tests.factories import make_report

runner = CliRunner()

#: two short news texts (wire style, US politics), so that the general lexicons find things
TEXTS = {
    "a.txt": "Republican nominee Donald Trump said on Tuesday that the partisan attacks on his "
    "tax plan were false.\n\nThe campaign may reportedly spend more on advertising in swing "
    "states, aides said.\n",
    "b.txt": "Senators voted along party lines on the budget bill, which critics said would "
    "clearly raise costs for families.\n\nThe vote followed weeks of debate.\n",
}

MINE = """\
name: mine
version: 1
language: en
description: A test lexicon.
categories:
  money:
    terms: [tax, budget]
"""


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- scope and defaults


def test_general_lexicons_by_default_topic_ones_by_name():
    assert default_names() == ["hedging-certainty", "policy-frames"]
    assert [lx.name for lx in load_lexicons(None)] == ["hedging-certainty", "policy-frames"]
    both = load_lexicons(["defaults", "nagorno-karabakh"])
    assert [lx.name for lx in both] == ["hedging-certainty", "policy-frames", "nagorno-karabakh"]
    assert [lx.scope for lx in both] == ["general", "general", "topic"]
    assert [lx.name for lx in load_lexicons(["nagorno-karabakh"])] == ["nagorno-karabakh"]
    assert load_lexicons(["none"]) == []
    with pytest.raises(UsageError, match=r"^'none' means no lexicon: give it alone$"):
        load_lexicons(["none", "policy-frames"])


def test_scope_is_checked_and_written_back():
    lex = parse_lexicon(MINE.replace("language: en\n", "language: en\nscope: topic\n"), "m.yaml")
    assert lex.scope == "topic" and lex.to_dict()["scope"] == "topic"
    assert "scope" not in parse_lexicon(MINE, "m.yaml").to_dict()  # general: the default
    with pytest.raises(LexiconError) as err:
        parse_lexicon(MINE.replace("language: en\n", "language: en\nscope: local\n"), "m.yaml")
    assert str(err.value) == "m.yaml:4: scope 'local': expected one of general, topic"


def test_lexicon_list_shows_the_scope():
    res = runner.invoke(app, ["lexicon", "list"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in res.output.splitlines() if line.startswith("│")}  # fmt: skip
    assert rows == {"hedging-certainty": "general", "nagorno-karabakh": "topic",
                    "policy-frames": "general"}  # fmt: skip


def test_party_names_and_nominee_are_no_political_frame(nlp):
    report = analyze_text(TEXTS["a.txt"], lexicons=["policy-frames"], nlp=nlp)
    political = [h.text for h in report.lexicons["policy-frames"].hits
                 if h.category == "political"]  # fmt: skip
    assert "Republican" not in political and "nominee" not in political
    assert "partisan" in political and "campaign" in political
    party_line = analyze_text(TEXTS["b.txt"], lexicons=["policy-frames"], nlp=nlp)
    assert "party lines" in [h.text for h in party_line.lexicons["policy-frames"].hits]


# ---------------------------------------------------------------- cache: no re-parse


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every article the engine parses in this process, by id."""
    parsed: list[str] = []
    real = framing.engine.parse

    def spy(nlp, items, **kw):  # type: ignore[no-untyped-def]
        for doc, context in real(nlp, items, **kw):
            _k, article = context  # the engine's (position, article)
            parsed.append(article.id)
            yield doc, context

    monkeypatch.setattr(framing.engine, "parse", spy)
    return parsed


def _reports(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "reports").iterdir())


def _same_outputs(a: Path, b: Path) -> None:
    names = _reports(a)
    assert names == _reports(b)
    _match, diff, errors = filecmp.cmpfiles(a / "reports", b / "reports", names, shallow=False)
    assert diff == [] and errors == []
    for table in ("lexicon_scores.csv", "lexicon_hits.csv", "articles.csv"):
        assert (a / table).read_bytes() == (b / table).read_bytes(), table


def test_a_lexicon_edit_rescores_cached_articles_without_a_parse(tmp_path, monkeypatch, nlp):
    corpus = _corpus(tmp_path)
    lex = tmp_path / "mine.yaml"
    lex.write_text(MINE, encoding="utf-8")
    out = tmp_path / "out"
    parsed = _count_parses(monkeypatch)
    first = analyze_to_folder([corpus], out, lexicons=[str(lex)])
    assert sorted(parsed) == ["a", "b"] and first.parsed == 2
    hits_before = (out / "lexicon_hits.csv").read_text("utf-8")
    assert ",budget," in hits_before and ",vote," not in hits_before

    lex.write_text(MINE.replace("[tax, budget]", "[tax, budget, vote]"), encoding="utf-8")
    parsed.clear()
    again = analyze_to_folder([corpus], out, lexicons=[str(lex)])
    assert parsed == []  # nothing parsed again
    assert (again.parsed, again.cached, again.rescored) == (0, 2, 2)
    assert ",vote," in (out / "lexicon_hits.csv").read_text("utf-8")

    # the same bytes as a run without the cache, with the edited lexicon
    plain = tmp_path / "plain"
    analyze_to_folder([corpus], plain, lexicons=[str(lex)], cache=False)
    _same_outputs(out, plain)

    # other lexicons, none, and back: never a parse, always the bytes of a fresh run
    for names in (["defaults", "nagorno-karabakh"], ["none"], [str(lex)]):
        parsed.clear()
        result = analyze_to_folder([corpus], out, lexicons=names)
        assert parsed == [] and result.rescored == 2, names
        fresh = tmp_path / f"fresh-{len(names)}-{names[0].replace('/', '_')[-8:]}"
        analyze_to_folder([corpus], fresh, lexicons=names, cache=False)
        _same_outputs(out, fresh)

    # unchanged: no parse and nothing scored afresh
    parsed.clear()
    same = analyze_to_folder([corpus], out, lexicons=[str(lex)])
    assert parsed == [] and (same.cached, same.rescored) == (2, 0)


def test_a_changed_article_is_parsed_again_whatever_the_lexicons(tmp_path, monkeypatch, nlp):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    parsed = _count_parses(monkeypatch)
    analyze_to_folder([corpus], out, lexicons=["policy-frames"])
    (corpus / "b.txt").write_text(TEXTS["b.txt"].replace("weeks", "months"), encoding="utf-8")
    parsed.clear()
    result = analyze_to_folder([corpus], out, lexicons=["hedging-certainty"])
    assert parsed == ["b"]
    assert (result.parsed, result.cached, result.rescored) == (1, 1, 1)


def test_an_entry_with_damaged_tokens_is_parsed_again(tmp_path, monkeypatch, nlp):
    import zlib

    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    parsed = _count_parses(monkeypatch)
    analyze_to_folder([corpus], out, lexicons=["policy-frames"])
    for entry in (out / ".framing-cache" / "reports").rglob("*.json.z"):
        meta, _tokens, report = zlib.decompress(entry.read_bytes()).decode().split("\n", 2)
        entry.write_bytes(zlib.compress(f'{meta}\n{{"lower": []}}\n{report}'.encode()))
    parsed.clear()
    result = analyze_to_folder([corpus], out, lexicons=["hedging-certainty"])
    assert sorted(parsed) == ["a", "b"]
    assert (result.parsed, result.rescored) == (2, 0)
    fresh = tmp_path / "fresh"
    analyze_to_folder([corpus], fresh, lexicons=["hedging-certainty"], cache=False)
    _same_outputs(out, fresh)


def test_cli_says_how_many_were_scored_afresh(tmp_path, nlp):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["analyze", str(corpus), "--out", str(out), "--jobs", "1",
                              "--lexicon", "nagorno-karabakh"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.output.strip().endswith(
        f", 2 from the cache (2 with lexicons scored afresh) -> {out}/index.html"
    )


# ---------------------------------------------------------------- lexicon test FILE|-


def test_lexicon_test_reads_a_file_or_stdin(tmp_path, nlp):
    text = tmp_path / "t.txt"
    text.write_text("Troops reportedly liberated the village.", encoding="utf-8")
    res = runner.invoke(app, ["lexicon", "test", "hedging-certainty", str(text)])
    assert res.exit_code == 0, res.output
    assert "reportedly" in res.output and "hedges" in res.output
    res = runner.invoke(app, ["lexicon", "test", "hedging-certainty", "-"],
                        input="It is clearly false.")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "clearly" in res.output and "boosters" in res.output
    res = runner.invoke(app, ["lexicon", "test", "hedging-certainty", "-"], input="Sun.")
    assert (res.exit_code, res.output) == (0, "no hits\n")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], None, "Error: give the text to test as FILE, - (stdin) or --text, one of them"),
        (["x.txt", "--text", "a"], None,
         "Error: give the text to test as FILE, - (stdin) or --text, one of them"),
        (["missing.txt"], None, "Error: cannot read missing.txt: No such file or directory"),
        (["-"], "", "Error: cannot read stdin: empty file"),
    ],
)  # fmt: skip
def test_lexicon_test_errors_are_one_line(args, stdin, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["lexicon", "test", "hedging-certainty", *args], input=stdin)
    assert res.exit_code == 1
    assert res.output.strip() == message


# ---------------------------------------------------------------- suggest --against


_NOTE = "Editor's note: the candidate is a serial liar and rampant xenophobe."


def _suggest_reports() -> list:
    out = [make_report(f"h{k}", "huff", [f"Story {k} about taxes and the vote.", _NOTE])
           for k in range(5)]  # fmt: skip
    out += [make_report(f"o{k}", "other", [f"Story {k} about taxes and the vote."])
            for k in range(6)]  # fmt: skip
    return out


def test_suggest_against_the_whole_corpus_and_another_folder():
    whole = suggest(Path("."), "huff", reports=_suggest_reports(), against="corpus", min_docs=3)
    assert "serial liar" in [t.term for t in whole.terms]
    assert whole.reference == "the whole corpus" and whole.rest_docs == 11
    ref = [make_report(f"r{k}", "wire", [f"Story {k} about taxes and the vote."])
           for k in range(4)]  # fmt: skip
    topic = suggest(Path("topic"), None, reports=_suggest_reports()[:5], against="general/",
                    reference_reports=ref, min_docs=3)  # fmt: skip
    assert topic.group == "topic" and (topic.group_docs, topic.rest_docs) == (5, 4)
    assert "xenophobe" in [t.term for t in topic.terms] and topic.reference == "general/"
    with pytest.raises(UsageError, match=r"^group: name the outlet"):
        suggest(Path("."), None, reports=_suggest_reports())


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"seed_terms": ["immigration"]},
         "nothing to suggest: no narrator paragraph of huff (5 articles) contains "
         "'immigration' (seed_terms; attributed text is not searched)"),
        ({"min_docs": 6},
         "nothing to suggest: no term of huff's narrator text is in 6 of its 5 articles "
         "(min_docs 6)"),
        ({"seed_terms": ["immigration"], "extra": True},
         "nothing to suggest: no term in 3 or more of huff's articles (min_docs) shares a "
         "paragraph with 'immigration' twice (seed_terms)"),
    ],
)  # fmt: skip
def test_suggest_says_why_nothing_passes(kwargs, reason):
    reports = _suggest_reports()
    if kwargs.pop("extra", False):  # the seed in one article only, twice
        rally = "Immigration rallies drew crowds in Ohio."
        reports.append(make_report("h9", "huff", [rally, rally]))
    result = suggest(Path("."), "huff", reports=reports, **{"min_docs": 3, **kwargs})
    assert result.terms == [] and str(result.reason) == reason


def test_cli_suggest_nothing_found_is_one_line_exit_1(tmp_path, nlp):
    corpus = tmp_path / "c"
    for outlet in ("huff", "other"):
        (corpus / outlet).mkdir(parents=True)
        for k in range(3):
            (corpus / outlet / f"{k}.txt").write_text(
                f"Story {k} about taxes.\n\nMarkets fell on the news.\n", encoding="utf-8"
            )
    res = runner.invoke(app, ["lexicon", "suggest", "--corpus", str(corpus), "--group", "huff",
                              "--seed-terms", "immigration"])  # fmt: skip
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[-1] == (
        "Error: nothing to suggest: no narrator paragraph of huff (3 articles) contains "
        "'immigration' (--seed-terms; attributed text is not searched)"
    )
    res = runner.invoke(app, ["lexicon", "suggest", "--corpus", str(corpus), "--group", "huff",
                              "--against", "corpus", "--min-docs", "2"])  # fmt: skip
    assert res.exit_code == 1
    assert res.output.strip() == (
        "Error: nothing to suggest: no term that passes the filters is more frequent in huff "
        "than in the whole corpus"
    )
