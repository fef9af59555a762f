"""``framing analyze --metadata/--date-pattern`` and ``framing compare --by month|week`` end
to end: exit codes, exact messages, and titles and dates in the tables and pages."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from tests.conftest import POLNEAR, SEED_000, SEED_002, needs_polnear

runner = CliRunner()


def _corpus(root: Path) -> Path:
    """The two seed articles (real Anadolu Agency reports): seed 000 in a sub-folder (its text
    has a date line), seed 002 with a date and an outlet in its file name."""
    (root / "wire").mkdir(parents=True)
    shutil.copy(SEED_000, root / "wire" / "000_e18cff79a667c2cc.txt")
    shutil.copy(SEED_002, root / "aa_2020-10-02_losses.txt")
    return root


META = (
    "filename\tpublisher\tpublication_date\theadline\tauthor\turl\n"
    "000_e18cff79a667c2cc.txt\tAnadolu Agency\t2020-10-01\t"
    "Azerbaijan says 2,300 Armenian soldiers neutralized\tRuslan Rehimov\t"
    "https://www.aa.com.tr/en/azerbaijan-front-line/2300\n"
    "aa_2020-10-02_losses\tAnadolu Agency\tOctober 9, 2020\t"
    "Armenia suffers heavy losses, says Azerbaijan\tNA\tNone\n"
    "not_in_the_corpus\tElsewhere\t2020-10-03\tA story we do not have\t\t\n"
)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, nlp) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("meta")
    corpus = _corpus(tmp / "in")
    meta = tmp / "meta.tsv"
    meta.write_text(META, encoding="utf-8")
    out = tmp / "A"
    args = ["analyze", str(corpus), "--out", str(out), "--metadata", str(meta), "-q"]
    result = runner.invoke(app, [*args, "--lexicon", "none", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out, meta, result.output


def test_metadata_join_warns_of_rows_matching_nothing(analysed):
    out, meta, output = analysed
    assert output == (
        f"warning: --metadata {meta}: 1 of 3 rows matched no article (joined on column "
        "'filename' by file name, stem or id)\n"
    )


def test_titles_dates_outlets_in_the_tables(analysed):
    out, _meta, _ = analysed
    with (out / "articles.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    got = {k: (r["outlet"], r["date"], r["title"]) for k, r in rows.items()}
    assert got == {
        # the metadata's outlet wins over the sub-folder (wire/), its date over the text's own
        "wire__000_e18cff79a667c2cc": (
            "Anadolu Agency", "2020-10-01", "Azerbaijan says 2,300 Armenian soldiers neutralized"
        ),
        # the metadata's date (normalised) wins over the file name's
        "aa_2020-10-02_losses": (
            "Anadolu Agency", "2020-10-09", "Armenia suffers heavy losses, says Azerbaijan"
        ),
    }  # fmt: skip
    report = json.loads((out / "reports" / "wire__000_e18cff79a667c2cc.json").read_text("utf-8"))
    assert report["metadata"]["author"] == "Ruslan Rehimov"
    assert report["metadata"]["publisher"] == "Anadolu Agency"
    assert report["metadata"]["url"] == "https://www.aa.com.tr/en/azerbaijan-front-line/2300"


def test_titles_and_dates_on_the_pages(analysed):
    out, _meta, _ = analysed
    index = (out / "index.html").read_text("utf-8")
    assert (
        '<a href="reports/aa_2020-10-02_losses.html">Armenia suffers heavy losses, says '
        'Azerbaijan</a></td><td>Anadolu Agency</td><td class="nowrap">2020-10-09</td>'
    ) in index
    page = (out / "reports" / "wire__000_e18cff79a667c2cc.html").read_text("utf-8")
    assert "<h1>Azerbaijan says 2,300 Armenian soldiers neutralized</h1>" in page
    assert (
        "<p>Anadolu Agency · 2020-10-01 · Ruslan Rehimov · "
        '<a href="https://www.aa.com.tr/en/azerbaijan-front-line/2300" rel="noreferrer">'
        "original</a> · "
    ) in page
    md = (out / "reports" / "wire__000_e18cff79a667c2cc.md").read_text("utf-8")
    assert "- **Author:** Ruslan Rehimov\n" in md


@pytest.mark.parametrize(
    ("by", "groups"),
    [
        ("month", {"2020-10": 2}),
        ("week", {"2020-W40": 1, "2020-W41": 1}),
        ("year", {"2020": 2}),
        ("author", {"Ruslan Rehimov": 1, "(none)": 1}),
    ],
)
def test_compare_by_date_and_metadata_columns(analysed, tmp_path, by, groups):
    out, _meta, _ = analysed
    result = runner.invoke(app, ["compare", str(out), "--out", str(tmp_path), "--by", by])
    assert result.exit_code == 0, result.output
    n = len(groups)
    assert result.output == (
        f"Compared {n} group{'' if n == 1 else 's'} by {by} (2 articles) -> "
        f"{tmp_path / 'compare.html'}\n"
    )
    data = json.loads((tmp_path / "compare.json").read_text("utf-8"))
    assert {g["name"]: g["articles"] for g in data["outlets"]} == groups


def test_compare_of_an_analyze_output_refuses_metadata(analysed, tmp_path):
    out, meta, _ = analysed
    result = runner.invoke(
        app, ["compare", str(out), "--out", str(tmp_path / "C"), "--metadata", str(meta)]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --metadata: {out} is an analyze output, read as it is: give --metadata to "
        "framing analyze when writing it\n"
    )
    assert not (tmp_path / "C").exists()


def test_compare_analyses_with_metadata_first(tmp_path, nlp):
    corpus = _corpus(tmp_path / "in")
    meta = tmp_path / "meta.tsv"
    meta.write_text(META, encoding="utf-8")
    out = tmp_path / "C"
    args = ["compare", str(corpus), "--out", str(out), "--metadata", str(meta), "--by", "month"]
    result = runner.invoke(app, [*args, "--lexicon", "none"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"warning: --metadata {meta}: 1 of 3 rows matched no article (joined on column "
        "'filename' by file name, stem or id)\n"
        f"Compared 1 group by month (2 articles) -> {out / 'compare.html'}\n"
    )


def test_outlet_pattern_wins_over_sub_folders_and_dates_come_from_names(tmp_path, nlp):
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "A"
    args = ["analyze", str(corpus), "--out", str(out), "-q", "--lexicon", "none", "--jobs", "1"]
    result = runner.invoke(app, [*args, "--outlet-pattern", r"^(\d+|[a-z]+)_"])
    assert (result.exit_code, result.output) == (0, "")
    with (out / "articles.csv").open(encoding="utf-8", newline="") as fh:
        got = {r["id"]: (r["outlet"], r["date"]) for r in csv.DictReader(fh)}
    assert got == {
        "aa_2020-10-02_losses": ("aa", "2020-10-02"),  # the date in the file name
        "wire__000_e18cff79a667c2cc": ("000", "2020-10-01"),  # the text's own date line
    }


def test_compare_by_month_without_dates_says_how_to_give_them(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED_002, tmp_path / "in" / "losses.txt")
    out = tmp_path / "A"
    args = ["analyze", str(tmp_path / "in"), "--out", str(out), "-q", "--lexicon", "none"]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(
        app, ["compare", str(out), "--out", str(tmp_path / "C"), "--by", "month"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: --by month: no article has a date; give dates when analyzing: --metadata with "
        "a date column, dates in the file names (2016-03-11) or --date-pattern "
        "(fields: copyright, credits, dateline, outlet)\n"
    )


@pytest.mark.parametrize(
    ("meta", "extra", "message"),
    [
        (None, [], "Error: --metadata {meta}: no such file\n"),
        (
            "headline\tdate\nA\t2020-10-01\n",
            [],
            "Error: --metadata {meta}: no join column; expected one of filename, file_name, "
            "file, path, id, doc_id, article_id, name (columns: headline, date)\n",
        ),
        (
            "id\tdate\n",
            ["--date-pattern", "(?P<date"],
            "Error: --date-pattern: invalid regular expression: missing >, unterminated name at "
            "position 4\n",
        ),
    ],
)
def test_unusable_metadata_or_pattern_is_one_line_and_writes_nothing(tmp_path, meta, extra,
                                                                     message):  # fmt: skip
    path = tmp_path / "meta.tsv"
    if meta is not None:
        path.write_text(meta, encoding="utf-8")
    out = tmp_path / "A"
    args = ["analyze", str(SEED_002), "--out", str(out), "--metadata", str(path), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output == message.format(meta=path)
    assert not out.exists()


def test_help_says_how_metadata_matches():
    result = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.replace("│", " ").split())
    assert "its filename/file/path/id column equals the file's name, with or without its " in text
    assert "--date-pattern" in text


@needs_polnear
def test_polnear_dev_compare_by_month(tmp_path, nlp):
    """The README's example on three PolNeAR dev articles (two of September, one of October):
    analyse with the corpus's metadata.tsv, then compare by month."""
    names = [
        "breitbart_2016-10-02_washington-post-hit-piece-exploi.txt",
        "nyt_2016-09-16_clinton-plan-for-taxes-is-expans.txt",
        "politico_2016-09-22_house-panel-votes-to-hold-clinto.txt",
    ]
    (tmp_path / "text").mkdir()
    for name in names:
        shutil.copy(POLNEAR / "dev" / "text" / name, tmp_path / "text" / name)
    out = tmp_path / "A"
    meta = POLNEAR / "metadata.tsv"
    args = ["analyze", str(tmp_path / "text"), "--out", str(out), "--metadata", str(meta)]
    result = runner.invoke(app, [*args, "-q", "--lexicon", "none", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with meta.open(encoding="utf-8") as fh:
        rows = sum(1 for _ in fh) - 1
    assert result.output == (
        f"warning: --metadata {meta}: {rows - 3} of {rows} rows matched no article (joined on "
        "column 'filename' by file name, stem or id)\n"
    )
    result = runner.invoke(
        app, ["compare", str(out), "--out", str(tmp_path / "C"), "--by", "month"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "C" / "compare.json").read_text("utf-8"))
    assert {g["name"]: g["articles"] for g in data["outlets"]} == {"2016-09": 2, "2016-10": 1}
    index = (out / "index.html").read_text("utf-8")
    assert ">House panel votes to hold Clinton tech aide Bryan Pagliano in contempt</a>" in index
    assert '<td class="nowrap">2016-09-22</td>' in index
