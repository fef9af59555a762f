"""Lexicons: format and validation with line numbers, imports, matching by voice, suggest."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.analyze import analyze_text
from framing.cli import app
from framing.corpus.suggest import suggest
from framing.corpus.terms import log_odds_z, narrator_segments, terms_of
from framing.lexicon import LexiconError, bundled_names, load_lexicon, parse_lexicon
from framing.lexicon.check import unmatchable_terms
from framing.lexicon.convert import parse_dic, parse_quanteda_yaml
from framing.lexicon.match import LexiconMatcher
from framing.schema import Report, to_json
from tests.conftest import POLNEAR, ROOT, SEED_002, BoundedList, needs_polnear
from tests.factories import make_report

runner = CliRunner()

LEX = """\
name: test-topic
version: 2
language: en
description: A small lexicon for tests.
categories:
  occupation:
    description: Occupation and liberation.
    terms:
      - occupy
      - illegal occupation
      - liberat*
      - {term: Upper Karabakh, weight: 2, note: naming}
  peace:
    terms: [cease-fire, ceasefire, peace talks]
"""


def lexicon(text: str = LEX):
    return parse_lexicon(text, "test.yaml")


def score(nlp, text: str, lex):
    """One lexicon's block for a text, as framing analyze scores it (all of it the body)."""
    return to_json(analyze_text(text, lexicons=[lex], nlp=nlp).lexicons[lex.name])


# ---------------------------------------------------------------- format


def test_parse_terms_weights_notes():
    lex = lexicon()
    assert lex.name == "test-topic" and lex.version == "2"
    assert list(lex.categories) == ["occupation", "peace"]
    kara = lex.categories["occupation"].terms[3]
    assert (kara.text, kara.weight, kara.note, kara.line) == ("Upper Karabakh", 2.0, "naming", 12)
    assert lex.n_terms == 7
    assert lex.warnings == []
    assert unmatchable_terms(lex) == []
    # the YAML form reads back to the same lexicon
    again = parse_lexicon(lex.to_yaml(), "again.yaml")
    assert again.to_dict() == lex.to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LEX.replace("liberat*", "lib*erat"), "test.yaml:11: term 'lib*erat': '*' is only allowed"),
        (LEX.replace("categories:", "categorys:"), "test.yaml:5: unknown key 'categorys'"),
        (LEX.replace("    terms: [cease-fire", "    terms: [cease-fire\n  x: ["), "test.yaml:"),
        ("name: Bad Name\ncategories: {a: {terms: [x]}}\n", "test.yaml:1: name 'Bad Name'"),
        ("name: x\ncategories:\n  a:\n    terms: []\n", "test.yaml:4: category 'a' has no terms"),
        ("name: x\n", "test.yaml:1: missing 'categories:'"),
        ("", "test.yaml: empty file"),
    ],
)
def test_errors_name_file_and_line(text, message):
    with pytest.raises(LexiconError) as info:
        parse_lexicon(text, "test.yaml")
    assert str(info.value).startswith(message)


def test_duplicates_and_shared_terms_are_warnings():
    extra = "      - occupy\n      - Occupy\n      - ceasefire\n"
    lex = lexicon(LEX.replace("      - occupy\n", extra))
    assert lex.warnings == [
        "test.yaml:10: duplicate term 'Occupy' in 'occupation' (also line 9); counted once",
        "test.yaml:16: term 'ceasefire' is in 'peace' and in 'occupation' (line 11); "
        "it counts in both",
    ]


def test_dic_import_is_tolerant():
    dic = (
        "%\n1\tposemo\n2  negemo\n%\n"
        "happ*\t1\n"
        "sad 2\n"
        "like\t(02 134)125/464\t(02 134)126\t253\t466\n"
        "\n"
        "kind of\t1   2\n"
    )
    lex = parse_dic(dic, "liwc.dic")
    assert {c: [t.text for t in cat.terms] for c, cat in lex.categories.items()} == {
        "posemo": ["happ*", "kind of"],
        "negemo": ["sad", "kind of"],
    }
    assert lex.warnings == ["liwc.dic:7: conditional entry skipped: " + dic.splitlines()[6]]


def test_quanteda_yaml_import_nested():
    lex = parse_quanteda_yaml(
        "economy:\n  positive: [growth, boom*]\n  negative: [recession]\nwar: [troops]\n",
        "q.yml",
    )
    assert {c: [t.text for t in cat.terms] for c, cat in lex.categories.items()} == {
        "economy.positive": ["growth", "boom*"],
        "economy.negative": ["recession"],
        "war": ["troops"],
    }


# ---------------------------------------------------------------- matching


def test_matching_lemma_wildcard_phrase_and_voice(nlp):
    text = (
        "The ministry said troops liberated villages that Armenia had occupied. "
        "The illegal occupation of Upper Karabakh ended with a cease-fire."
    )
    block = score(nlp, text, lexicon())
    hits = [(h["text"], h["category"], h["voice"]) for h in block["hits"]]
    assert hits == [
        ("liberated", "occupation", "attributed"),
        ("occupied", "occupation", "attributed"),
        ("illegal occupation", "occupation", "narrator"),
        ("Upper Karabakh", "occupation", "narrator"),
        ("cease-fire", "peace", "narrator"),
    ]
    occ = block["categories"]["occupation"]
    assert (occ["hits"], occ["narrator_hits"], occ["attributed_hits"]) == (4, 2, 2)
    assert occ["with_boilerplate"]["weighted"] == 5.0
    assert occ["per_1k_narrator"] > 0 and occ["per_1k_attributed"] > 0


def test_longest_match_wins_within_a_category(nlp):
    lex = lexicon(LEX.replace("      - occupy\n", "      - occupation\n"))
    block = score(nlp, "An illegal occupation.", lex)
    assert [h["text"] for h in block["hits"]] == ["illegal occupation"]


@pytest.mark.skipif("nagorno-karabakh" not in bundled_names(), reason="lexicon not bundled")
def test_seed002_illegal_occupation_is_narrator_hit(nlp):
    text = SEED_002.read_text("utf-8")
    block = score(nlp, text, load_lexicon("nagorno-karabakh"))
    at = text.index("illegal Armenian occupation")
    hits = [h for h in block["hits"] if at <= h["start"] < at + len("illegal Armenian occupation")]
    assert hits and all(h["voice"] == "narrator" for h in hits)


def test_bundled_lexicons_validate():
    names = bundled_names()
    assert {"nagorno-karabakh", "hedging-certainty", "policy-frames"} <= set(names)
    for name in names:
        lex = load_lexicon(name)
        assert lex.name == name
        assert lex.description and lex.sources, name
        assert lex.warnings == [], lex.warnings
        assert unmatchable_terms(lex) == []


def _regex_count(texts: list[str], terms: list[str]) -> int:
    alts = "|".join(re.escape(t) for t in terms)
    rx = re.compile(rf"(?<![\w-])(?:{alts})(?:s|es)?(?![\w-])", re.IGNORECASE)
    return sum(len(rx.findall(t)) for t in texts)


@needs_polnear
def test_hit_counts_agree_with_a_regex_count_on_polnear(nlp):
    terms = ["voter", "election", "campaign", "poll", "debate", "senator", "candidate"]
    lex = parse_lexicon(
        "name: check\ncategories:\n  c:\n    terms: [" + ", ".join(terms) + "]\n", "check.yaml"
    )
    files = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:12]
    texts = [f.read_text("utf-8") for f in files]
    matcher = LexiconMatcher([lex], nlp.tokenizer)
    ours = sum(len(matcher.hits(doc)) for doc in nlp.pipe(texts))
    theirs = _regex_count(texts, terms)
    assert theirs > 100
    assert abs(ours - theirs) <= 0.05 * theirs, (ours, theirs)


# ---------------------------------------------------------------- suggest


_n = iter(range(10**6))


def _report(outlet: str, paragraphs: list[str], quoted: str | None = None) -> Report:
    return make_report(f"r{next(_n)}", outlet, paragraphs, quoted=quoted)


def test_narrator_segments_leave_out_attributed_text():
    r = _report("a", ["Trump is a serial liar, critics said today.", "Markets fell."],
                quoted="Trump is a serial liar")  # fmt: skip
    assert narrator_segments(r) == [", critics said today.", "Markets fell."]
    assert "serial liar" in terms_of("He is a serial liar.", frozenset({"he", "is", "a"}))


def test_suggest_finds_the_recurring_note_of_one_outlet():
    note = "Editor's note: Donald Trump is a serial liar and rampant xenophobe."
    reports = [
        _report("huff", [f"Story {k} about taxes and the budget vote.", note]) for k in range(5)
    ]
    reports += [_report("other", [f"Story {k} about taxes and the budget vote."]) for k in range(6)]
    result = suggest(Path("."), "huff", reports=reports, top=20, min_docs=3)
    top = [t.term for t in result.terms]
    assert "serial liar" in top and "xenophobe" in top
    assert "taxes" not in top  # shared by both outlets
    assert result.group_docs == 5 and result.rest_docs == 6
    assert result.note is not None  # tiny corpus: says so


def test_log_odds_is_antisymmetric():
    a, b = Counter({"x": 10, "y": 2}), Counter({"x": 3, "y": 9})
    za, zb = log_odds_z(a, b, a + b), log_odds_z(b, a, a + b)
    assert za["x"] > 0 > za["y"]
    assert za["x"] == pytest.approx(-zb["x"])


def test_suggest_unknown_group_is_a_usage_error():
    from framing.errors import UsageError

    with pytest.raises(UsageError, match=r"^group nope: no articles of that outlet"):
        suggest(Path("."), "nope", reports=[_report("a", ["Text here."])])


# ---------------------------------------------------------------- CLI


def test_cli_new_validate_test(tmp_path, nlp):
    path = tmp_path / "mine.yaml"
    res = runner.invoke(app, ["lexicon", "new", "mine", "--out", str(path)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["lexicon", "validate", str(path)])
    assert res.exit_code == 0
    assert res.output.strip() == (
        f"{path}: lexicon 'mine' is valid: 2 categories, 6 terms, 0 warnings"
    )
    res = runner.invoke(
        app, ["lexicon", "test", str(path), "--text", "Troops liberated the occupied town."]
    )
    assert res.exit_code == 0
    assert "liberated" in res.output and "liberat*" in res.output
    assert runner.invoke(app, ["lexicon", "new", "mine", "--out", str(path)]).exit_code == 1


def test_cli_validate_broken_file_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(LEX.replace("liberat*", "lib*erat"), encoding="utf-8")
    res = runner.invoke(app, ["lexicon", "validate", str(bad)])
    assert res.exit_code == 1
    assert res.output.strip() == (
        f"Error: {bad}:11: term 'lib*erat': '*' is only allowed at the end of a word"
    )
    assert "Traceback" not in res.output


def test_cli_import_dic(tmp_path):
    src = tmp_path / "mini.dic"
    src.write_text("%\n1\tfear\n%\nafraid\t1\nterror*\t1\n", encoding="utf-8")
    out = tmp_path / "mini.yaml"
    res = runner.invoke(app, ["lexicon", "import", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    lex = load_lexicon(str(out))
    assert [t.text for t in lex.categories["fear"].terms] == ["afraid", "terror*"]


def test_cli_import_and_validate_escape_control_characters(tmp_path):
    # issue 17 item 17: a warning naming the dictionary and its entry, and the line naming
    # the file written, reached the terminal raw (an OSC sequence retitled it)
    src = tmp_path / "t\x1b]0;pwned\x07.dic"
    src.write_text("%\n1\tfear\n%\nafraid\t1\nbad\x1b[2J\t9\n", encoding="utf-8")
    out = tmp_path / "t\x1b]0;pwned\x07.yaml"
    res = runner.invoke(app, ["lexicon", "import", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == [
        f"warning: {tmp_path}/t\\x1b]0;pwned\\x07.dic:5: unknown category 9 for 'bad\\x1b[2J'",
        f"Wrote {tmp_path}/t\\x1b]0;pwned\\x07.yaml: 1 categories, 1 terms "
        "(1 entries skipped or warned)",
    ]
    res = runner.invoke(app, ["lexicon", "validate", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output == (
        f"{tmp_path}/t\\x1b]0;pwned\\x07.yaml: lexicon 't-0-pwned' is valid: "
        "1 categories, 1 terms, 0 warnings\n"
    )


def test_analyze_unknown_lexicon(tmp_path):
    res = runner.invoke(
        app, ["analyze", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "--lexicon", "nope"]
    )
    assert res.exit_code == 1
    assert res.output.startswith("Error: unknown lexicon 'nope' (bundled: ")
    assert not (tmp_path / "o").exists()


def test_suggest_with_seed_terms_keeps_co_occurring_terms():
    note = "Editor's note: Donald Trump is a serial liar and rampant xenophobe."
    reports = [
        _report("huff", [f"Story {k} about taxes.", note, "Weather was mild in Ohio today."])
        for k in range(5)
    ]
    reports += [_report("other", [f"Story {k} about taxes."]) for k in range(6)]
    result = suggest(Path("."), "huff", reports=reports, seed_terms=["serial liar"], min_docs=3)
    top = [t.term for t in result.terms]
    assert "xenophobe" in top
    assert "weather" not in top and "ohio" not in top  # never next to the seed
    assert "serial liar" not in top  # seeds are not suggested back
    assert all(t.cooccurrence >= 2 for t in result.terms)


def test_suggest_counts_stock_notes_unless_told_not_to():
    r = _report("a", ["Markets fell today.", "Editor's note: he is a serial liar."])
    note = r.paragraphs[1]
    note = replace(note, boilerplate=replace(note.boilerplate, label="notice"))
    r = replace(r, paragraphs=[r.paragraphs[0], note])
    assert narrator_segments(r) == ["Markets fell today.", "Editor's note: he is a serial liar."]
    assert narrator_segments(r, include_boilerplate=False) == ["Markets fell today."]


# ------------------------------------------------------------------ bounds (issue 17)

ALIASED = "name: big\ncategories:\n  a:\n    terms: &t\n" + "".join(
    f"      - term{i}\n" for i in range(2000)
) + "".join(f"  c{i}:\n    terms: *t\n" for i in range(500))  # fmt: skip
LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
REFUSED = (
    "YAML aliases (*name) are not allowed in a lexicon: write the terms out (an alias repeats "
    "a whole list, and a few of them expand to billions of terms)"
)


def test_aliases_in_a_lexicon_are_refused(tmp_path):
    """The issue's file (one big category aliased hundreds of times) ran for minutes and GBs;
    now it is an error at the first alias, before anything expands."""
    path = tmp_path / "big.yaml"
    path.write_text(ALIASED, encoding="utf-8")
    res = runner.invoke(app, ["lexicon", "validate", str(path)])
    assert res.exit_code == 1
    assert res.output == f"Error: {path}:2006: {REFUSED}\n"
    with pytest.raises(LexiconError, match="aliases"):
        parse_lexicon("name: x\ncategories:\n  a: &a {terms: [x]}\n  b: *a\n")


def test_billion_laughs_import_is_refused(tmp_path):
    src, out = tmp_path / "laughs.yml", tmp_path / "out.yaml"
    src.write_text(LAUGHS, encoding="utf-8")
    res = runner.invoke(app, ["lexicon", "import", str(src), "--out", str(out)])
    assert res.exit_code == 1
    assert res.output == f"Error: {src}:2: {REFUSED}\n"
    assert not out.exists()


def test_deep_nesting_is_an_error():
    with pytest.raises(LexiconError, match="nested too deeply"):
        parse_quanteda_yaml("[" * 600 + "]" * 600, "deep.yml")
    with pytest.raises(LexiconError, match="nested too deeply"):
        parse_lexicon("name: x\ncategories: " + "[" * 600 + "]" * 600, "deep.yaml")


def test_a_lexicon_holds_at_most_max_terms(monkeypatch):
    import framing.lexicon
    import framing.lexicon.convert

    for module in (framing.lexicon, framing.lexicon.convert):
        monkeypatch.setattr(module, "MAX_TERMS", 3)
    message = "more than 3 terms: a lexicon holds at most 3 (split it into several lexicons)"
    with pytest.raises(LexiconError) as err:
        parse_lexicon("name: x\ncategories:\n  a:\n    terms: [a, b, c, d]\n", "x.yaml")
    assert str(err.value) == f"x.yaml:4: {message}"
    with pytest.raises(LexiconError) as err:
        parse_dic("%\n1\tcat\n%\na\t1\nb\t1\nb\t1\nc\t1\nd\t1\n", "x.dic")
    assert str(err.value) == f"x.dic:8: {message}"  # the duplicate 'b' is not counted
    with pytest.raises(LexiconError) as err:
        parse_quanteda_yaml("a: [w, x]\nb: [y, z]\n", "x.yml")
    assert str(err.value) == f"x.yml: {message}"
    assert parse_dic("%\n1\tcat\n%\na\t1\nb\t1\nc\t1\n", "ok.dic").n_terms == 3


def test_dic_import_of_100k_entries_dedups_in_linear_time(monkeypatch):
    """The de-duplication was quadratic (40k terms: 87 s; 100k never finished): each entry
    searched its category's terms. Now a set per category: the term lists are never searched
    (counted, not timed: the quadratic import gave the same terms)."""
    import framing.lexicon.convert as convert

    real = convert.Category

    def category(key, label, terms, *rest):
        return real(key, label, BoundedList(terms, budget=1_000), *rest)

    monkeypatch.setattr(convert, "Category", category)
    head = ["%", "1\tcat_a", "2\tcat_b", "%"]
    lines = head + [f"word{i}\t1\t2" for i in range(100_000)]
    lines += ["WORD7\t1", "word8\t2 1"]  # duplicates, in another case and order
    lex = parse_dic("\n".join(lines), "big.dic")
    assert [len(c.terms) for c in lex.categories.values()] == [100_000, 100_000]
    yml = "a: [" + ", ".join(f"t{i}" for i in range(20_000)) + ", T7]\n"
    assert parse_quanteda_yaml(yml, "big.yml").n_terms == 20_000
