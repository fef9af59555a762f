"""framing compare: groups from an analyze output (tables + report JSON), distinctive terms,
outputs (JSON, CSV, HTML), read_table, and the CLI's exit codes and messages."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.compare import FEW_WORDS, compare, csv_columns, write_compare
from framing.errors import UsageError
from framing.report.html import render_compare_html
from framing.report.tables import read_table
from tests.compare_corpus import small_analysis, write_corpus  # noqa: F401 - fixture
from tests.test_report import assert_only_page_script

runner = CliRunner()
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def data(small_analysis: Path) -> dict:  # noqa: F811
    return compare(small_analysis)


def _group(data: dict, name: str) -> dict:
    return next(g for g in data["outlets"] if g["name"] == name)


def test_groups_add_up_to_the_corpus(data, small_analysis):  # noqa: F811
    summary = json.loads((small_analysis / "summary.json").read_text("utf-8"))
    assert [g["name"] for g in data["outlets"]] == ["alpha", "beta"]
    assert [g["articles"] for g in data["outlets"]] == [3, 3]
    assert data["articles"] == 6
    assert sum(g["words"] for g in data["outlets"]) == summary["words"] == data["words"]
    n_att = sum(1 for _ in read_table(small_analysis, "attributions", ["article_id"]))
    assert sum(g["attributions"] for g in data["outlets"]) == n_att
    for g in data["outlets"]:
        assert g["narrator_words"] + g["attributed_words"] == g["words"]
        assert g["narrator_share"] + g["attributed_share"] == pytest.approx(1.0, abs=1e-4)
        assert 0 < g["boilerplate_share"] < 1  # both outlets carry stock or notice paragraphs
        assert sum(t["attributions"] for t in g["speaker_types"].values()) == g["attributions"]
        assert set(g["readability"]) >= {"flesch_reading_ease", "flesch_kincaid_grade"}


def test_speakers_and_types(data):
    alpha = _group(data, "alpha")
    top = min(alpha["speakers"].items(), key=lambda kv: kv[1]["rank"])
    assert top[0] == "Azerbaijani Defense Ministry"
    assert top[1]["type"] == "government" and top[1]["statements"] >= 13
    assert alpha["speaker_types"]["government"]["share"] > 0.5
    beta = _group(data, "beta")
    anon = beta["speaker_types"]["anonymous"]
    total = sum(t["attributions"] for t in beta["speaker_types"].values())
    assert total == beta["attributions"]
    assert beta["anonymous_share"] == anon["share"] == round(anon["attributions"] / total, 4)


def test_lexicons_by_voice(data):
    alpha = _group(data, "alpha")
    cat = alpha["lexicons"]["nagorno-karabakh"]["casualties_victims"]
    assert cat["attributed_hits"] > 0
    assert cat["attributed"] == round(1000 * cat["attributed_hits"] / alpha["attributed_words"], 3)
    assert cat["narrator"] == round(1000 * cat["narrator_hits"] / alpha["narrator_words"], 3)


def test_distinctive_terms_per_group(data):
    alpha = [t["term"] for t in _group(data, "alpha")["distinctive_terms"]]
    beta = [t["term"] for t in _group(data, "beta")["distinctive_terms"]]
    assert {"frontline", "frontline villages"} <= set(alpha)
    assert {"peace talks", "geneva"} <= set(beta)
    assert not set(alpha) & {"peace talks", "geneva"}
    # "resume" is only in a paragraph labelled boilerplate (a one-line notice): left out
    assert "resume" not in beta
    for g in data["outlets"]:
        zs = [t["z"] for t in g["distinctive_terms"]]
        assert zs == sorted(zs, reverse=True) and all(z > 0 for z in zs)
        assert all(t["articles"] >= data["settings"]["min_docs"] for t in g["distinctive_terms"])
        # a few hundred words are far below the threshold: the note says so
        assert g["distinctive_words"] < FEW_WORDS
        assert g["note"] == (
            f"{g['name']} has only {g['distinctive_words']} narrator words: too few for stable "
            "scores; treat the list as a hint."
        )


def test_few_words_threshold_is_a_setting(small_analysis):  # noqa: F811
    d = compare(small_analysis, few_words=10, top_terms=3, min_docs=1)
    assert all(g["note"] is None for g in d["outlets"])
    assert all(len(g["distinctive_terms"]) == 3 for g in d["outlets"])


@pytest.mark.parametrize(
    ("by", "groups"),
    [
        ("month", {"2020-10": 4, "2020-11": 2}),
        ("year", {"2020": 6}),
        ("week", {"2020-W40": 3, "2020-W41": 1, "2020-W45": 2}),
        ("section", {"diplomacy": 3, "war": 3}),  # a metadata field, read from the reports
        ("top_speaker_type", None),  # a column of articles.csv
    ],
)
def test_group_by_other_fields(small_analysis, by, groups):  # noqa: F811
    d = compare(small_analysis, by=by)
    assert d["by"] == by
    got = {g["name"]: g["articles"] for g in d["outlets"]}
    assert sum(got.values()) == 6
    if groups is not None:
        assert got == groups
    if len(got) == 1:
        only = d["outlets"][0]
        assert only["distinctive_terms"] == []
        assert only["note"] == "only one group (2020): nothing to compare its vocabulary with"


def test_unknown_by_field_is_a_usage_error(small_analysis):  # noqa: F811
    with pytest.raises(UsageError) as err:
        compare(small_analysis, by="desk")
    assert str(err.value) == (
        "by desk: no article has a metadata field 'desk' "
        "(fields: copyright, credits, date, dateline, id, month, outlet, section, week, year)"
    )
    with pytest.raises(UsageError, match="expected a field name"):
        compare(small_analysis, by="a b")


def test_outputs_are_deterministic_and_flat(data, small_analysis, tmp_path):  # noqa: F811
    a = write_compare(data, tmp_path / "a", analysis_dir=small_analysis)
    b = write_compare(compare(small_analysis), tmp_path / "b", analysis_dir=small_analysis)
    for k in ("json", "csv", "html"):
        assert a[k].read_bytes() == b[k].read_bytes(), k
    text = a["json"].read_text("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with a["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == ["alpha", "beta"]
    assert list(rows[0]) == csv_columns(data)
    assert rows[0]["top_speaker"] == "Azerbaijani Defense Ministry"
    assert "frontline villages (" in rows[0]["distinctive_terms"]
    assert "speaker_type_government" in rows[0] and "readability_gunning_fog" in rows[0]
    assert "nagorno-karabakh.casualties_victims.attributed_per_1k" in rows[0]


def test_csv_loads_in_pandas(data, tmp_path):
    pd = pytest.importorskip("pandas")
    paths = write_compare(data, tmp_path)
    df = pd.read_csv(paths["csv"])
    assert list(df["name"]) == ["alpha", "beta"]
    assert df["articles"].sum() == 6
    assert df["attributed_share"].dtype.kind == "f"


def test_csv_neutralises_formula_cells(data, tmp_path):
    """An outlet named like a formula is a text cell with a quote in front in compare.csv;
    compare.json keeps the raw name; numbers (negative ones too) stay numbers."""
    d = copy.deepcopy(data)
    d["outlets"][0]["name"] = '=HYPERLINK("http://x","y")'
    d["outlets"][1]["note"] = "-1 is not a number here"
    d["outlets"][1]["attributed_share"] = -0.5
    paths = write_compare(d, tmp_path)
    with paths["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[1]["note"] == "'-1 is not a number here"
    assert rows[1]["attributed_share"] == "-0.5"
    assert (
        json.loads(paths["json"].read_text("utf-8"))["outlets"][0]["name"]
        == d["outlets"][0]["name"]
    )


def test_html_has_every_figure_and_is_self_contained(data, small_analysis, tmp_path):  # noqa: F811
    html = write_compare(data, tmp_path, analysis_dir=small_analysis)["html"].read_text("utf-8")
    for section in ("compare-table", "voice", "speaker-types", "speakers", "lexicons", "terms"):
        assert f'id="{section}"' in html, section
    assert html.count('<svg class="hbar"') > 10
    assert "frontline villages" in html and "peace talks" in html
    assert_only_page_script(html)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    rel = Path(re.search(r'href="([^"]*index\.html)"', html).group(1))
    assert (tmp_path / rel).resolve() == (small_analysis / "index.html").resolve()


def test_html_escapes_group_names_and_terms(data):
    d = copy.deepcopy(data)
    d["outlets"][0]["name"] = SCRIPT
    d["outlets"][0]["distinctive_terms"][0]["term"] = SCRIPT
    html = render_compare_html(d)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_read_table_types_and_columns(small_analysis):  # noqa: F811
    rows = list(read_table(small_analysis, "articles", ["id", "words", "attributed_share", "x"]))
    assert len(rows) == 6
    assert isinstance(rows[0]["words"], int) and isinstance(rows[0]["attributed_share"], float)
    assert rows[0]["x"] is None
    full = next(read_table(small_analysis, "paragraphs"))
    assert isinstance(full["start"], int) and isinstance(full["text"], str)


def test_read_table_missing_table(tmp_path):
    with pytest.raises(UsageError) as err:
        list(read_table(tmp_path, "articles"))
    assert str(err.value) == (
        f"{tmp_path}: no articles.csv or articles.parquet; expected the output folder of "
        "framing analyze (run: framing analyze ARTICLES --out FOLDER)"
    )


def test_read_table_parquet(small_analysis, tmp_path):  # noqa: F811
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    rows = list(read_table(small_analysis, "articles"))
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "articles.parquet")
    assert list(read_table(tmp_path, "articles")) == rows


def test_read_table_parquet_without_pyarrow(tmp_path, monkeypatch):
    import builtins

    (tmp_path / "articles.parquet").write_bytes(b"PAR1")
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(UsageError) as err:
        list(read_table(tmp_path, "articles"))
    assert str(err.value) == (
        f"{tmp_path / 'articles.parquet'}: reading Parquet tables needs pyarrow; install it "
        "with: pip install 'framing[parquet]'"
    )


# ------------------------------------------------------------------ CLI


def test_cli_compare_analyze_output(small_analysis, tmp_path):  # noqa: F811
    out = tmp_path / "c"
    result = runner.invoke(app, ["compare", str(small_analysis), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Compared 2 groups by outlet (6 articles) -> {out / 'compare.html'}\n"
    assert sorted(p.name for p in out.iterdir()) == ["compare.csv", "compare.html", "compare.json"]


def test_cli_compare_line_escapes_control_characters(small_analysis, tmp_path):  # noqa: F811
    # issue 17 item 17: the last line showed the output path raw, terminal escapes included
    out = tmp_path / "c\x1b]0;pwned\x07"
    result = runner.invoke(app, ["compare", str(small_analysis), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Compared 2 groups by outlet (6 articles) -> {tmp_path}/c\\x1b]0;pwned\\x07/compare.html\n"
    )


def test_cli_compare_analyses_inputs_first(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "c"
    result = runner.invoke(app, ["compare", str(corpus), "--out", str(out), "--by", "section"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Compared 2 groups by section (6 articles) -> {out / 'compare.html'}\n"
    assert (out / "analysis" / "summary.json").is_file()
    d = json.loads((out / "compare.json").read_text("utf-8"))
    assert d["source"] == str(out / "analysis")


def test_cli_skipped_inputs_exit_2(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "in")
    (tmp_path / "in" / "data.txt").write_bytes(b"\x00\x01\x02" * 20)
    out = tmp_path / "c"
    result = runner.invoke(
        app, ["compare", str(corpus.parent), "--out", str(out), "--lexicon", "none"]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"skipped {tmp_path / 'in' / 'data.txt'}: ")
    assert lines[1] == (
        f"Compared 2 groups by outlet (6 articles, 1 skipped) -> {out / 'compare.html'}"
    )
    d = json.loads((out / "compare.json").read_text("utf-8"))
    assert all(g["lexicons"] == {} for g in d["outlets"])


def test_cli_folder_without_articles_is_one_line_error(tmp_path):
    (tmp_path / "notes").mkdir()
    result = runner.invoke(app, ["compare", str(tmp_path / "notes"), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'notes'}: no articles found to analyze, and not a framing "
        "analyze output folder (no summary.json)\n"
    )
    assert not (tmp_path / "c" / "compare.html").exists()


def test_cli_incomplete_analyze_output(small_analysis, tmp_path):  # noqa: F811
    broken = tmp_path / "broken"
    shutil.copytree(small_analysis, broken)
    (broken / "articles.csv").unlink()
    result = runner.invoke(app, ["compare", str(broken), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {broken}: no articles.csv or articles.parquet; expected the output folder "
        "of framing analyze (run: framing analyze ARTICLES --out FOLDER)\n"
    )
    assert not (tmp_path / "c" / "compare.html").exists()


def test_cli_unknown_by_and_mixed_inputs(small_analysis, tmp_path):  # noqa: F811
    result = runner.invoke(
        app, ["compare", str(small_analysis), "--out", str(tmp_path), "--by", "desk"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --by desk: no article has a metadata field 'desk'")
    result = runner.invoke(
        app, ["compare", str(small_analysis), str(tmp_path), "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {small_analysis} is an analyze output folder: compare takes one such folder, "
        "or article folders and files to analyze (not both)\n"
    )


# ------------------------------------------------------------------ broken or edited tables


def _rewrite(path: Path, edit) -> None:
    """Rewrite a CSV table through ``edit(rows)`` (rows as lists, header first)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(edit(rows))


def _broken_copy(small_analysis: Path, tmp_path: Path) -> Path:  # noqa: F811
    broken = tmp_path / "broken"
    shutil.copytree(small_analysis, broken)
    return broken


def test_cli_split_row_is_one_line_error(small_analysis, tmp_path):  # noqa: F811
    """A row split in two (what a bare \\r in an unquoted cell did to CSV readers) gives
    ``Error: TABLE:LINE: ...``, not ``invalid literal for int()`` and a traceback."""
    broken = _broken_copy(small_analysis, tmp_path)
    table = broken / "paragraphs.csv"
    text = table.read_text("utf-8").split("\n")
    cells = text[2].split(",")
    text[2] = ",".join(cells[:3]) + "\r" + ",".join(cells[3:])  # a bare \r in an unquoted cell
    table.write_text("\n".join(text), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(broken), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {table}:3: 3 fields where the header has 14 (a row split or cut); the table is "
        "damaged: run framing analyze again to rewrite it\n"
    )
    assert not (tmp_path / "c").exists()


def test_cli_bad_number_is_one_line_error(small_analysis, tmp_path):  # noqa: F811
    broken = _broken_copy(small_analysis, tmp_path)
    table = broken / "articles.csv"

    def edit(rows):
        rows[2][rows[0].index("words")] = "many"
        return rows

    _rewrite(table, edit)
    result = runner.invoke(app, ["compare", str(broken), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {table}:3: column words: expected an integer, got 'many'; the table is "
        "damaged: run framing analyze again to rewrite it\n"
    )


def test_cli_rows_of_an_unknown_article(small_analysis, tmp_path):  # noqa: F811
    broken = _broken_copy(small_analysis, tmp_path)

    def edit(rows):
        rows[1][0] = "ghost"  # article_id
        return rows

    _rewrite(broken / "attributions.csv", edit)
    result = runner.invoke(app, ["compare", str(broken), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        "Error: attributions: article 'ghost' is not in the articles table (tables from two "
        "runs, or edited); run framing analyze again\n"
    )


@pytest.mark.parametrize("where", ["absolute", "parent", "symlink"])
def test_cli_report_json_stays_inside_the_results(small_analysis, tmp_path, where):  # noqa: F811
    """compare reads no report outside the results folder, whatever articles.csv says."""
    broken = _broken_copy(small_analysis, tmp_path)
    table = broken / "articles.csv"
    outside = tmp_path / "secret.json"
    first = next(read_table(broken, "articles", ["id", "report_json"]))
    shutil.copy(broken / first["report_json"], outside)  # a valid report: only the path is wrong
    rel = {"absolute": str(outside), "parent": "../secret.json", "symlink": first["report_json"]}

    def edit(rows):
        rows[1][rows[0].index("report_json")] = rel[where]
        return rows

    if where == "symlink":
        (broken / first["report_json"]).unlink()
        (broken / first["report_json"]).symlink_to(outside)
    else:
        _rewrite(table, edit)
    result = runner.invoke(app, ["compare", str(broken), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {broken}: the report of article {first['id']!r} ({rel[where]!r} in the "
        "articles table) is outside the results folder; framing reads only reports inside it: "
        "run framing analyze again\n"
    )
