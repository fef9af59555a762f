"""Syndicated copy: wire credits in the text, runs of paragraphs another outlet carries, the
report block and table columns, ``framing compare --exclude-syndicated``."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.analyze import label_corpus
from framing.boilerplate.syndication import find_credit, load_wires, syndication
from framing.cli import app
from framing.corpus.compare import compare
from framing.errors import UsageError
from framing.report import render_markdown
from framing.report.tables import article_row, paragraph_rows
from framing.schema import Report, Syndicated, to_json
from tests.conftest import POLNEAR, needs_polnear
from tests.factories import make_report

runner = CliRunner()

SENATE = (
    "The Senate voted on Tuesday to extend funding for the highway program by six months, "
    "sending the bill to the president."
)
VOTE = "The vote was 71 to 28, with most Republicans joining Democrats in support of it."
HOUSE = "The House passed a similar measure last week, and the White House said it would sign."
ROADS = "State officials had warned that road projects would halt without the money."
OWN = "Our reporter spent the day at the capitol, where lobbyists crowded the hallways."
OWN2 = "Few of them expected the bill to pass so quickly, several told our newspaper."
OWN3 = "The weather in the capital was unusually warm for the season, forecasters noted."


def credit_of(paragraphs: list[str], outlet: str = "daily") -> tuple[str, str, str] | None:
    found = find_credit(make_report("a", outlet, paragraphs))
    return None if found is None else (found.kind, found.wire, found.span.text)


# ------------------------------------------------------------------ credits in the text


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        ([f"WASHINGTON (AP) — {SENATE}", VOTE], ("dateline", "AP", "WASHINGTON (AP) —")),
        (  # a headline the reader left in the body, then a dateline with a date
            ["Senate extends highway funding", f"HEMPSTEAD, N.Y., Sept. 26 (UPI) — {SENATE}"],
            ("dateline", "UPI", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —"),
        ),
        ([f"LONDON (Reuters) - {SENATE}"], ("dateline", "Reuters", "LONDON (Reuters) -")),
        ([f"BAKU (AA) – {SENATE}"], ("dateline", "Anadolu Agency", "BAKU (AA) –")),
        ([f"BERLIN (dpa) - {SENATE}"], ("dateline", "dpa", "BERLIN (dpa) -")),
        ([f"MADRID, 1 oct (EFE).- {SENATE}"], ("dateline", "EFE", "MADRID, 1 oct (EFE).-")),
        ([f"(ANSA) - ROMA, 2 OTT - {SENATE}"], ("dateline", "ANSA", "(ANSA) -")),
        (["By The Associated Press", SENATE], ("byline", "AP", "By The Associated Press")),
        (
            ["By JULIE PACE, AP White House Correspondent", SENATE],
            ("byline", "AP", "By JULIE PACE, AP"),
        ),
        ([SENATE, VOTE, "— The Associated Press."], ("sign-off", "AP", "— The Associated Press.")),
        ([SENATE, f"{VOTE} - Reuters."], ("sign-off", "Reuters", "- Reuters.")),
        (
            [SENATE, "(Reporting by Jane Doe; Additional reporting by Al Roe; Editing by Bo Li)"],
            (
                "credit-line",
                "Reuters",
                "(Reporting by Jane Doe; Additional reporting by Al Roe; Editing by Bo Li)",
            ),
        ),
        (
            [SENATE, "Copyright 2016 The Associated Press. All rights reserved."],
            ("copyright", "AP", "Copyright 2016 The Associated Press"),
        ),
        (
            [SENATE, "© 2020 AFP"],
            ("copyright", "AFP", "© 2020 AFP"),
        ),
    ],
)
def test_wire_credits(paragraphs, expected):
    assert credit_of(paragraphs) == expected


@pytest.mark.parametrize(
    "paragraphs",
    [
        [SENATE, "Senator Jane Doe speaks in Washington. (AP Photo/Evan Vucci)"],
        [
            SENATE,
            "BREAKING: AP analysis: More than half gave money. — The Associated Press "
            "(@AP) August 23, 2016",
        ],  # fmt: skip
        [f"{SENATE} The vote was close, according to the Associated Press."],
        [SENATE, "Associated Press writer Jane Doe contributed to this report."],
        ["The Latest: Senate extends highway funding", SENATE],
        [SENATE, "Ap Reuters lookalikes: the APR rose, said Capt. AP Jones."],
        ["WASHINGTON — " + SENATE],
        [SENATE, "Many people read Reuters — and AFP, and AP."],
    ],
)
def test_not_credits(paragraphs):
    assert credit_of(paragraphs) is None


def test_a_wire_own_copy_is_no_syndicated_copy():
    assert credit_of([f"LONDON (Reuters) - {SENATE}"], outlet="reuters") is None
    assert credit_of([f"WASHINGTON (AP) — {SENATE}"], outlet="apnews.com") is None
    assert credit_of([SENATE, "(Reporting by Jane Doe; Editing by Bo Li)"], "Reuters") is None
    # another wire's credit in a wire's copy still counts
    assert credit_of([f"PARIS (AFP) - {SENATE}"], outlet="reuters")[1] == "AFP"


def test_the_wires_list_is_data():
    wires = load_wires()
    assert wires.name("ASSOCIATED PRESS") == "AP"
    assert wires.outlet_wire("Agence France-Presse") == "AFP"
    assert wires.outlet_wire("usa-today") is None


def test_a_credit_covers_the_body_but_the_outlets_furniture():
    r = make_report("a", "daily", [f"WASHINGTON (AP) — {SENATE}", VOTE, HOUSE, "Follow us"])
    furniture = replace(r.paragraphs[3].boilerplate, label="notice", reason="social")
    r = replace(r, paragraphs=[*r.paragraphs[:3], replace(r.paragraphs[3], boilerplate=furniture)])
    (syn,) = [s for s in [syndication(r)] if s is not None]
    body = sum(p.words for p in r.paragraphs)
    assert syn.source == "AP" and syn.evidence == "credit" and syn.shared_with == []
    assert syn.paragraphs == [0, 1, 2]
    assert syn.share == round((body - 2) / body, 4)
    assert syndication(make_report("b", "daily", [SENATE, VOTE])) is None


# ------------------------------------------------------------------ shared with another outlet


def test_a_run_of_paragraphs_two_outlets_carry_is_flagged_in_both():
    a, b, c = label_corpus(
        [
            make_report("a", "herald", [OWN, SENATE, VOTE, HOUSE, ROADS]),
            make_report("b", "tribune", [SENATE, VOTE, HOUSE, OWN2]),
            make_report("c", "tribune", [OWN2, SENATE, OWN3]),  # one shared paragraph: a quote
        ]
    )
    assert a.syndicated == Syndicated(
        source="tribune",
        share=round(sum(len(t.split()) for t in (SENATE, VOTE, HOUSE)) / _words(a), 4),
        evidence="shared",
        credit=None,
        shared_with=["tribune"],
        paragraphs=[1, 2, 3],
    )
    assert b.syndicated is not None and b.syndicated.source == "herald"
    assert b.syndicated.paragraphs == [0, 1, 2]
    assert c.syndicated is None
    # the same run within one outlet is no syndication
    x, y = label_corpus(
        [
            make_report("x", "herald", [SENATE, VOTE, HOUSE]),
            make_report("y", "herald", [SENATE, VOTE, HOUSE, OWN]),
        ]
    )
    assert x.syndicated is None and y.syndicated is None


def test_a_credit_and_a_shared_run_are_both_evidence_and_the_wire_is_the_source():
    wire, copy = label_corpus(
        [
            make_report("w", "reuters", [f"LONDON (Reuters) - {SENATE}", VOTE, HOUSE]),
            make_report("h", "huff", [f"LONDON (Reuters) - {SENATE}", VOTE, HOUSE, OWN]),
        ]
    )
    assert wire.syndicated is None  # the wire's own copy
    assert copy.syndicated is not None
    assert (copy.syndicated.source, copy.syndicated.evidence) == ("Reuters", "both")
    assert copy.syndicated.shared_with == ["reuters"]
    assert copy.syndicated.share == 1.0


def test_tables_and_markdown_carry_the_flag():
    (r,) = label_corpus([make_report("a", "daily", [f"WASHINGTON (AP) — {SENATE}", VOTE])])
    row = article_row(r)
    assert (row["syndicated_source"], row["syndicated_share"], row["syndicated_evidence"]) == (
        "AP", 1.0, "credit"
    )  # fmt: skip
    assert [p["syndicated"] for p in paragraph_rows(r)] == [1, 1]
    assert "| syndicated | AP, 100% of the body (credited: dateline `WASHINGTON (AP) —`) |" in (
        render_markdown(r)
    )
    (plain,) = label_corpus([make_report("b", "daily", [SENATE])])
    assert article_row(plain)["syndicated_source"] is None
    assert to_json(plain)["syndicated"] is None


def _words(r: Report) -> int:
    return sum(p.words for p in r.paragraphs if p.role == "body")


# ------------------------------------------------------------------ compare


ARTICLES = [
    ("wire-1", "herald", f"WASHINGTON (AP) — {SENATE}\n\n{VOTE}\n\n{HOUSE}\n\n{ROADS}"),
    ("own-1", "herald", f"{OWN}\n\n{OWN2}\n\nThe mayor said the bridge would open in May."),
    ("own-2", "tribune", f"{OWN3}\n\nThe governor said taxes would not rise this year."),
]


@pytest.fixture(scope="module")
def wire_analysis(tmp_path_factory, nlp) -> Path:
    from framing.analyze import analyze_to_folder

    base = tmp_path_factory.mktemp("wire")
    corpus = base / "corpus.jsonl"
    rows = [{"id": i, "outlet": o, "text": t} for i, o, t in ARTICLES]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = analyze_to_folder([corpus], base / "analysis", lexicons=[])
    assert result.articles == 3
    return base / "analysis"


def test_analysis_flags_the_wire_copy(wire_analysis):
    with (wire_analysis / "articles.csv").open(encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (rows["wire-1"]["syndicated_source"], rows["wire-1"]["syndicated_evidence"]) == (
        "AP", "credit"
    )  # fmt: skip
    assert rows["own-1"]["syndicated_source"] == ""
    report = json.loads((wire_analysis / "reports" / "wire-1.json").read_text("utf-8"))
    assert report["syndicated"]["credit"]["span"]["text"] == "WASHINGTON (AP) —"
    index = (wire_analysis / "index.html").read_text("utf-8")
    assert index.count('<span class="muted">(AP copy)</span>') == 1
    page = (wire_analysis / "reports" / "wire-1.html").read_text("utf-8")
    assert '<th>syndicated</th><td class="n">AP · 100%</td>' in page


def test_compare_with_and_without_syndicated(wire_analysis):
    both = compare(wire_analysis)
    own = compare(wire_analysis, exclude_syndicated=True)
    herald = next(g for g in both["outlets"] if g["name"] == "herald")
    herald_own = next(g for g in own["outlets"] if g["name"] == "herald")
    assert (both["syndicated"], both["excluded_articles"], both["articles"]) == ("included", 0, 3)
    assert (own["syndicated"], own["excluded_articles"], own["articles"]) == ("excluded", 1, 2)
    assert (herald["articles"], herald["syndicated_articles"]) == (2, 1)
    assert (herald_own["articles"], herald_own["syndicated_articles"]) == (1, 1)
    assert herald_own["syndicated_share"] == herald["syndicated_share"] > 0.5
    assert herald_own["words"] < herald["words"]
    tribune = next(g for g in own["outlets"] if g["name"] == "tribune")
    assert (tribune["syndicated_articles"], tribune["syndicated_share"]) == (0, 0.0)


def test_cli_compare_exclude_syndicated(wire_analysis, tmp_path):
    out = tmp_path / "c"
    result = runner.invoke(
        app, ["compare", str(wire_analysis), "--out", str(out), "--exclude-syndicated"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Compared 2 groups by outlet (2 articles, 1 syndicated left out) -> "
        f"{out / 'compare.html'}\n"
    )
    with (out / "compare.csv").open(encoding="utf-8") as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert (rows["herald"]["articles"], rows["herald"]["syndicated_articles"]) == ("1", "1")
    page = (out / "compare.html").read_text("utf-8")
    assert "they are left out of every other figure</b> (1 articles" in page


def test_cli_compare_when_every_article_is_syndicated(tmp_path, nlp):
    from framing.analyze import analyze_to_folder

    corpus = tmp_path / "wire.jsonl"
    row = {"id": "w", "outlet": "herald", "text": f"WASHINGTON (AP) — {SENATE}\n\n{VOTE}"}
    corpus.write_text(json.dumps(row) + "\n", encoding="utf-8")
    analyze_to_folder([corpus], tmp_path / "a", lexicons=[])
    with pytest.raises(UsageError):
        compare(tmp_path / "a", exclude_syndicated=True)
    result = runner.invoke(
        app, ["compare", str(tmp_path / "a"), "--out", str(tmp_path / "c"), "--exclude-syndicated"]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --exclude-syndicated: every article of {tmp_path / 'a'} is syndicated copy; "
        "nothing is left to compare\n"
    )


def test_cli_compare_exclude_syndicated_needs_the_column(wire_analysis, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(wire_analysis, old)
    table = old / "articles.csv"
    table.write_text(
        table.read_text("utf-8").replace("syndicated_source", "other_column"), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["compare", str(old), "--out", str(tmp_path / "c"), "--exclude-syndicated"]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --exclude-syndicated: the articles table of {old} has no syndicated_source "
        "column (an analysis by an older framing); run framing analyze again\n"
    )
    # without the option the older table compares as before (no article flagged)
    result = runner.invoke(app, ["compare", str(old), "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ PolNeAR


@needs_polnear
def test_polnear_breitbart_wire_copy_is_flagged(nlp):
    """The issue's case: two AP "The Latest" live blogs and three UPI stories are most of
    Breitbart's dev words; HuffPost's Reuters story ends with Reuters' credit line only."""
    from framing.analyze import analyze
    from framing.read import read_articles

    dev = POLNEAR / "dev" / "text"
    names = [
        "breitbart_2016-09-30_the-latest-trump-urges-supporter",
        "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-",
        "breitbart_2016-09-26_green-party-candidate-jill-stein",
        "huff-post_2016-09-27_obama-power-plant-rules-face-key",
        "breitbart_2016-09-12_stealth-over-health-hillary-clin",
    ]
    articles = read_articles([str(dev / f"{n}.txt") for n in names], outlet_pattern="^([^_]+)_")
    reports = {r.id[:30]: r.syndicated for r in analyze(articles, nlp=nlp)}
    flags = {k: (s.source, s.evidence, s.credit.kind if s and s.credit else None, s.share)
             if s else None for k, s in reports.items()}  # fmt: skip
    assert flags == {
        "breitbart_2016-09-30_the-lates": ("AP", "credit", "dateline", 1.0),
        "breitbart_2016-10-03_the-lates": ("AP", "credit", "dateline", 1.0),
        "breitbart_2016-09-26_green-par": ("UPI", "credit", "dateline", 1.0),
        "huff-post_2016-09-27_obama-pow": ("Reuters", "credit", "credit-line", 1.0),
        "breitbart_2016-09-12_stealth-o": None,
    }
