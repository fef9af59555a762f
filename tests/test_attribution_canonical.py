"""Speakers across the corpus: one canonical speaker per person or organisation, different
people apart, and a user's speakers file deciding first."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from framing.analyze import label_corpus
from framing.attribution.canonical import name_key
from framing.attribution.speaker_file import SpeakerFileError, parse_speaker_file
from framing.cli import app
from tests.conftest import POLNEAR, ROOT, needs_polnear
from tests.factories import speaker_report

runner = CliRunner()


def canonical(reports):
    """(report id, speaker name) -> (canonical id, canonical name, type)."""
    return {
        (r.id, s.name): (s.canonical_id, s.canonical_name, s.type)
        for r in label_corpus(reports)
        for s in r.speakers
    }


def test_name_keys_ignore_titles_initials_apostrophes_and_case():
    assert name_key("Sen. Lindsey O. Graham's") == ("lindsey", "graham")
    assert name_key("President-elect Trump") == name_key("Mr. TRUMP") == ("trump",)
    assert name_key("James O’Neill") == name_key("james O'Neill")
    assert name_key("Donald Trump Jr.") == ("donald", "trump", "jr")


def test_every_form_of_one_person_is_one_speaker_and_other_people_stay_apart():
    reports = [
        speaker_report("a", "Donald Trump said it.", [("Donald Trump", "politician", 5)]),
        speaker_report("b", "Mr. Trump said it again.", [("Trump", "politician", 3)]),
        speaker_report("c", "It was said.", [("Donald J. Trump", "politician", 1)]),
        speaker_report("d", "Donald Trump Jr. said.", [("Donald Trump Jr.", "politician", 2)]),
        speaker_report("e", "Ivanka Trump said.", [("Ivanka Trump", "person", 1)]),
    ]
    got = canonical(reports)
    trump = ("donald-trump", "Donald Trump", "politician")
    assert got[("a", "Donald Trump")] == got[("b", "Trump")] == trump
    assert got[("c", "Donald J. Trump")] == trump
    assert got[("d", "Donald Trump Jr.")][0] == "donald-trump-jr"
    assert got[("e", "Ivanka Trump")][0] == "ivanka-trump"


def test_a_bare_surname_is_the_person_its_article_names():
    reports = [
        speaker_report("h", "Hillary Clinton said.", [("Hillary Clinton", "politician", 8)]),
        speaker_report("b", "Bill Clinton spoke.", [("Bill Clinton", "politician", 1)]),
        # names Bill Clinton (a speaker elsewhere) more than Hillary: this "Clinton" is Bill
        speaker_report(
            "x",
            "Bill Clinton, then Bill Clinton and Hillary Clinton. Clinton said.",
            [("Clinton", "politician", 2)],
        ),  # fmt: skip
        # names no Clinton: the corpus's dominant one (8 of 9 statements)
        speaker_report("y", "Clinton said so.", [("Clinton", "politician", 1)]),
        # a full name nobody quotes elsewhere: still the article's full name
        speaker_report(
            "z", "Kevin McKinley runs a bar. McKinley said.", [("McKinley", "person", 1)]
        ),
    ]
    got = canonical(reports)
    assert got[("x", "Clinton")][0] == "bill-clinton"
    assert got[("y", "Clinton")][0] == "hillary-clinton"
    assert got[("z", "McKinley")][:2] == ("kevin-mckinley", "Kevin McKinley")


def test_anonymous_sources_pronouns_and_documents_are_never_linked():
    reports = [
        speaker_report(
            r,
            "Officials said.",
            [("officials", "anonymous", 1), ("he", "unknown", 1), ("the statement", "document", 1)],
        )  # fmt: skip
        for r in ("a", "b")
    ]
    got = canonical(reports)
    for name in ("officials", "he", "the statement"):
        assert got[("a", name)][0] != got[("b", name)][0]
        assert got[("a", name)][0].startswith("a#")


def test_organisations_join_on_their_name_whatever_the_case():
    reports = [
        speaker_report("a", "PolitiFact said.", [("PolitiFact", "media", 2)]),
        speaker_report("b", "Politifact said.", [("Politifact", "media", 1)]),
    ]
    got = canonical(reports)
    assert got[("a", "PolitiFact")] == got[("b", "Politifact")] == ("politifact", "PolitiFact",
                                                                      "media")  # fmt: skip


SPEAKERS = """\
# the speakers of my corpus
speakers:
  - name: Donald Trump
    aliases: [The Donald]
    type: politician
    affiliation: Republican Party
  - name: Clinton          # keep a bare "Clinton" apart
    aliases: [Clinton]
"""


def test_a_speakers_file_merges_splits_and_retypes():
    overrides = parse_speaker_file(SPEAKERS, "mine.yaml")
    reports = [
        speaker_report("a", "Donald Trump said.", [("Donald Trump", "person", 5)]),
        speaker_report("b", "The Donald said.", [("The Donald", "other", 1)]),
        speaker_report("h", "Hillary Clinton said.", [("Hillary Clinton", "politician", 8)]),
        speaker_report("y", "Clinton said so.", [("Clinton", "politician", 1)]),
    ]
    got = {
        (r.id, s.name): (s.canonical_id, s.canonical_name, s.type, s.affiliation)
        for r in label_corpus(reports, speakers=overrides)
        for s in r.speakers
    }
    trump = ("donald-trump", "Donald Trump", "politician", "Republican Party")
    assert got[("a", "Donald Trump")] == got[("b", "The Donald")] == trump
    assert got[("y", "Clinton")][:2] == ("clinton", "Clinton")
    assert got[("h", "Hillary Clinton")][0] == "hillary-clinton"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("speakers:\n  - aliases: [x]\n", "mine.yaml:2: entry without 'name:'"),
        ("speakers:\n  - name: Ann Bee\n    kind: x\n", "mine.yaml:3: unknown key 'kind'"),
        ("speakers:\n  - name: Ann Bee\n    type: x\n", "mine.yaml:3: type 'x': expected"),
        ("people: []\n", "mine.yaml:1: unknown key 'people' (expected speakers)"),
        (
            "speakers:\n  - name: Ann Bee\n  - name: Cy Dee\n    aliases: [ann bee]\n",
            "mine.yaml:4: 'ann bee' is already an alias of another entry (line 2)",
        ),  # fmt: skip
        ("speakers: [\n", "mine.yaml:2: not YAML"),
        (
            "speakers:\n  - &e\n    name: Ann Bee\n    aliases: [Ann]\n  - *e\n",
            "mine.yaml:5: YAML aliases (*name) are not allowed in a speakers file",
        ),  # fmt: skip
        ("", "mine.yaml: empty file"),
        ("speakers:\n  - name: Mr.\n", "mine.yaml:2: name 'Mr.' has no words to match"),
    ],
)
def test_speakers_file_errors_name_file_and_line(text, message):
    with pytest.raises(SpeakerFileError) as info:
        parse_speaker_file(text, "mine.yaml")
    assert str(info.value).startswith(message)


def test_speakers_file_aliases_are_refused_before_they_expand():
    # the resource bound of issue 17 item 18, for the other YAML framing reads: entries
    # aliasing one entry of many aliases were matched copy by copy (116 KB: 25 s)
    n = 3000
    text = (
        "speakers:\n  - &e\n    name: Donald Trump\n    aliases:\n"
        + "".join(f"      - Person Number{i} Trump\n" for i in range(n))
        + "  - *e\n" * n
    )
    with pytest.raises(SpeakerFileError) as info:
        parse_speaker_file(text, "mine.yaml")
    assert str(info.value) == (
        f"mine.yaml:{n + 5}: YAML aliases (*name) are not allowed in a speakers file: write the "
        "entries out (an alias repeats a whole entry or list, and a few of them expand to "
        "millions)"
    )


def test_cli_applies_a_speakers_file_and_reports_a_bad_one_in_one_line(tmp_path, nlp):
    good = tmp_path / "speakers.yaml"
    good.write_text("speakers:\n  - name: Defense Ministry of Azerbaijan\n    aliases: "
                    "[Azerbaijani Defense Ministry]\n    type: military\n", "utf-8")  # fmt: skip
    out = tmp_path / "out"
    res = runner.invoke(app, ["analyze", str(ROOT / "seeds"), "--out", str(out), "-q",
                              "--speakers", str(good)])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = (out / "speakers.csv").read_text("utf-8").splitlines()
    assert rows[1].startswith(
        "Defense Ministry of Azerbaijan,defense-ministry-of-azerbaijan,military"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("speakers:\n  - name: X Y\n    type: villain\n", "utf-8")
    res = runner.invoke(app, ["analyze", str(ROOT / "seeds"), "--out", str(tmp_path / "o2"),
                              "--speakers", str(bad)])  # fmt: skip
    assert res.exit_code == 1
    assert res.output.startswith(f"Error: {bad}:3: type 'villain': expected one of government,")
    assert not (tmp_path / "o2").exists()


@pytest.mark.slow
@needs_polnear
def test_polnear_dev_one_row_per_person(tmp_path):
    """Issue 15's bar on PolNeAR dev: one row for each of Trump, Hillary Clinton and Obama
    whatever the articles call them; Ivanka Trump and Bill Clinton apart; the mayor and Bill de
    Blasio one speaker."""
    import csv

    from framing.analyze import analyze_to_folder

    analyze_to_folder([POLNEAR / "dev" / "text"], tmp_path, outlet_pattern="^([^_]+)_", jobs=2,
                      lexicons=["none"])  # fmt: skip
    with (tmp_path / "speakers.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["canonical_id"]: r for r in csv.DictReader(fh)}
    aliases = {cid: set(r["aliases"].split(";")) for cid, r in rows.items()}
    assert {"Donald Trump", "Trump", "Donald J. Trump"} <= aliases["donald-trump"]
    assert {"Hillary Clinton", "Clinton"} <= aliases["hillary-clinton"]
    assert {"Barack Obama", "Obama"} <= aliases["barack-obama"]
    assert "ivanka-trump" in rows and "bill-clinton" in rows
    for cid, names in aliases.items():
        if cid not in ("donald-trump", "hillary-clinton", "barack-obama"):
            assert not names & {"Trump", "Clinton", "Obama", "Donald Trump", "Hillary Clinton"}
    assert rows["bill-de-blasio"]["type"] == "politician"
    assert not any(n.lower() in ("mayor", "the mayor") for n in set().union(*aliases.values()))


def test_a_new_speakers_file_relabels_without_parsing_again(tmp_path, nlp):
    from framing.analyze import analyze_to_folder
    from framing.report import read_report

    out = tmp_path / "out"
    first = analyze_to_folder([ROOT / "seeds"], out, lexicons=["none"])
    assert first.parsed == 2
    mine = tmp_path / "speakers.yaml"
    mine.write_text("speakers:\n  - name: Baku\n    aliases: [Azerbaijani Defense Ministry]\n"
                    "    affiliation: Azerbaijan government\n", "utf-8")  # fmt: skip
    again = analyze_to_folder([ROOT / "seeds"], out, lexicons=["none"], speakers=mine)
    assert (again.parsed, again.cached) == (0, 2)
    report = read_report(out / "reports" / "000_e18cff79a667c2cc.json")
    top = report.speakers[0]
    assert (top.canonical_name, top.affiliation) == ("Baku", "Azerbaijan government")
    assert "Azerbaijan government" in (out / "reports" / "000_e18cff79a667c2cc.md").read_text()
