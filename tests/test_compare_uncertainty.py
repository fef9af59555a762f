"""framing compare, issue 20: bootstrap intervals over articles, article means, permutation
tests against the rest, the dot strips, and ``--resamples``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.compare import compare, write_compare
from framing.corpus.uncertainty import Figure, figure_stats, marker
from framing.errors import UsageError
from tests.compare_corpus import small_analysis  # noqa: F401 - fixture
from tests.test_report import assert_only_page_script

runner = CliRunner()
SHARE = [Figure("attributed_share", "attributed", "words")]
COLUMNS = ["attributed", "words"]


def _corpus(shares_a: list[float], shares_b: list[float], words: int = 500):
    """Articles of groups a and b with the given attributed shares, ``words`` words each."""
    rows = [[round(s * words), words] for s in shares_a + shares_b]
    labels = np.array(["a"] * len(shares_a) + ["b"] * len(shares_b), dtype=object)
    return np.array(rows, dtype=float), labels


def test_clear_difference_has_a_small_p_value():
    rng = np.random.default_rng(0)
    counts, labels = _corpus(list(0.7 + 0.1 * rng.random(12)), list(0.2 + 0.1 * rng.random(12)))
    a = figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=500)["attributed_share"]
    b = figure_stats(counts, COLUMNS, labels, "b", SHARE, resamples=500)["attributed_share"]
    assert a["p_value"] == b["p_value"] == round(1 / 501, 4)  # no permutation as extreme
    assert a["marker"] == "higher than the rest (p=0.002)"
    assert b["marker"] == "lower than the rest (p=0.002)"
    assert a["high"] < b["low"] or b["high"] < a["low"]  # the intervals do not overlap
    assert a["difference"] > 0 > b["difference"]


def test_no_difference_is_no_clear_difference():
    shares = [0.1, 0.3, 0.5, 0.7, 0.9, 0.4, 0.6]
    counts, labels = _corpus(shares, list(reversed(shares)))
    a = figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=500)["attributed_share"]
    assert a["difference"] == 0.0
    assert a["p_value"] == 1.0
    assert a["marker"] == "no clear difference (p=1)"
    assert a["low"] < a["value"] < a["high"]


def test_interval_contains_the_estimate_and_counts_add_up():
    rng = np.random.default_rng(1)
    words = rng.integers(100, 3000, size=30)
    attributed = (words * rng.random(30)).round()
    counts = np.column_stack([attributed, words]).astype(float)
    labels = np.array(["a", "b", "c"] * 10, dtype=object)
    total = 0
    for name in ("a", "b", "c"):
        u = figure_stats(counts, COLUMNS, labels, name, SHARE, resamples=300)["attributed_share"]
        assert u["low"] <= u["value"] <= u["high"]
        assert u["article_mean_low"] <= u["article_mean"] <= u["article_mean_high"]
        mine = labels == name
        assert u["numerator"] == attributed[mine].sum()
        assert u["denominator"] == words[mine].sum()
        assert u["value"] == round(u["numerator"] / u["denominator"], 4)
        assert u["article_mean"] == round(float(np.mean(attributed[mine] / words[mine])), 4)
        assert u["articles"] == u["article_count"] == 10
        total += u["denominator"]
    assert total == words.sum()


def test_one_long_article_moves_the_word_weighted_share_not_the_mean():
    # four short articles with nothing attributed, one long one all attributed
    counts = np.array([[0, 100]] * 4 + [[4000, 4000]] + [[50, 100]] * 6, dtype=float)
    labels = np.array(["a"] * 5 + ["b"] * 6, dtype=object)
    u = figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=200)["attributed_share"]
    assert u["value"] == round(4000 / 4400, 4)
    assert u["article_mean"] == 0.2


def test_same_input_same_numbers_whatever_the_other_groups():
    counts, labels = _corpus([0.2, 0.4, 0.5, 0.6, 0.3], [0.5, 0.6, 0.7, 0.8, 0.9])
    one = figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=200)
    assert figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=200) == one
    bootstrap_only = figure_stats(counts[:5], COLUMNS, labels[:5], "a", SHARE, resamples=200)
    for k in ("low", "high", "article_mean_low", "article_mean_high"):
        assert bootstrap_only["attributed_share"][k] == one["attributed_share"][k]


def test_too_few_articles_or_one_group_are_not_tested():
    counts, labels = _corpus([0.2, 0.4, 0.5], [0.5, 0.6, 0.7, 0.8, 0.9, 0.1])
    a = figure_stats(counts, COLUMNS, labels, "a", SHARE, resamples=200)["attributed_share"]
    assert a["p_value"] is None
    assert a["marker"] == "too few articles to test (the group has 3, under 5)"
    assert a["low"] is not None  # the interval is still given
    b = figure_stats(counts, COLUMNS, labels, "b", SHARE, resamples=200)["attributed_share"]
    assert b["marker"] == "too few articles to test (the rest has 3, under 5)"
    only = figure_stats(counts[3:], COLUMNS, labels[3:], "b", SHARE, resamples=200)
    assert only["attributed_share"]["marker"] == "only one group: nothing to compare with"


def test_marker_words():
    assert marker(0.01, 0.2) == "higher than the rest (p=0.01)"
    assert marker(0.0004, -1.0) == "lower than the rest (p<0.001)"
    assert marker(0.34, 0.2) == "no clear difference (p=0.34)"
    assert marker(None, 0.0, why="too few") == "too few"


# ------------------------------------------------------------------ in compare


@pytest.fixture(scope="module")
def data(small_analysis: Path) -> dict:  # noqa: F811
    return compare(small_analysis, resamples=200, min_articles=2)


def test_every_share_and_rate_has_an_interval_and_its_counts(data):
    for g in data["outlets"]:
        u = g["uncertainty"]
        assert u["attributed_share"]["numerator"] == g["attributed_words"]
        assert u["attributed_share"]["denominator"] == g["words"]
        assert u["narrator_share"]["numerator"] == g["narrator_words"]
        assert u["attributions_per_1k_words"]["numerator"] == g["attributions"]
        assert u["anonymous_share"]["denominator"] == g["attributions"]
        for key in ("attributed_share", "narrator_share", "boilerplate_share",
                    "attributions_per_1k_words", "anonymous_share"):  # fmt: skip
            assert u[key]["value"] == g[key], key
        for t, v in g["speaker_types"].items():
            assert u[f"speaker_types.{t}"]["numerator"] == v["attributions"]
            assert u[f"speaker_types.{t}"]["value"] == v["share"]
        for lx, cats in g["lexicons"].items():
            for cat, v in cats.items():
                assert u[f"lexicons.{lx}.{cat}.narrator"]["numerator"] == v["narrator_hits"]
                assert u[f"lexicons.{lx}.{cat}.attributed"]["value"] == v["attributed"]
        for key, x in u.items():
            assert x["articles"] == g["articles"] == 3
            if x["low"] is not None:
                assert x["low"] <= x["value"] <= x["high"], key
            assert x["p_value"] is not None and 0 < x["p_value"] <= 1
        assert [a["id"] for a in g["article_figures"]] == sorted(
            a["id"] for a in g["article_figures"]
        )
        assert sum(a["words"] for a in g["article_figures"]) == g["words"]
    assert (
        sum(g["uncertainty"]["attributed_share"]["denominator"] for g in data["outlets"])
        == (data["words"])
    )
    assert data["settings"]["resamples"] == 200
    assert "bootstrap over articles" in data["method"]["uncertainty"]


def test_small_groups_keep_too_few_markers(small_analysis):  # noqa: F811
    d = compare(small_analysis, resamples=100)
    for g in d["outlets"]:
        assert g["uncertainty"]["attributed_share"]["marker"] == (
            "too few articles to test (the group has 3, under 5)"
        )
        assert g["note"].startswith(f"{g['name']} has only ")  # the distinctive-terms note


def test_outputs_same_bytes_twice_and_flat_csv(data, small_analysis, tmp_path):  # noqa: F811
    a = write_compare(data, tmp_path / "a")
    again = compare(small_analysis, resamples=200, min_articles=2)
    b = write_compare(again, tmp_path / "b")
    for k in ("json", "csv", "html"):
        assert a[k].read_bytes() == b[k].read_bytes(), k
    with a["csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    alpha = data["outlets"][0]["uncertainty"]["attributed_share"]
    assert float(rows[0]["attributed_share.low"]) == alpha["low"]
    assert int(rows[0]["attributed_share.denominator"]) == alpha["denominator"]
    assert rows[0]["attributed_share.marker"] == alpha["marker"]
    assert "speaker_types.government.p_value" in rows[0]


def test_page_shows_intervals_means_and_article_dots(data):
    from framing.report.html import render_compare_html

    html = render_compare_html(data)
    assert 'id="uncertainty"' in html and 'id="article-strips"' in html
    assert "<b>word-weighted</b>" in html and "<b>article mean</b>" in html
    assert html.count("<circle") == 2 * data["articles"]  # two strips, a dot per article
    assert data["outlets"][0]["uncertainty"]["attributed_share"]["marker"] in html
    assert_only_page_script(html)


# ------------------------------------------------------------------ CLI


def test_cli_resamples(small_analysis, tmp_path):  # noqa: F811
    out = tmp_path / "c"
    result = runner.invoke(
        app, ["compare", str(small_analysis), "--out", str(out), "--resamples", "150"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Compared 2 groups by outlet (6 articles) -> {out / 'compare.html'}\n"
    assert json.loads((out / "compare.json").read_text("utf-8"))["settings"]["resamples"] == 150


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("50", "--resamples 50: expected a number of resamples from 100 to 20000"),
        ("20001", "--resamples 20001: expected a number of resamples from 100 to 20000"),
        (
            "many",
            "Invalid value for '--resamples': Input should be a valid integer, unable to parse "
            "string as an integer (see 'framing compare --help')",
        ),
    ],
)
def test_cli_bad_resamples_is_one_line_error(small_analysis, tmp_path, value, message):  # noqa: F811
    out = tmp_path / "c"
    result = runner.invoke(
        app, ["compare", str(small_analysis), "--out", str(out), "--resamples", value]
    )
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert not out.exists()


def test_library_checks_resamples(small_analysis):  # noqa: F811
    with pytest.raises(UsageError) as err:
        compare(small_analysis, resamples=10)
    assert str(err.value) == "resamples 10: expected a number of resamples from 100 to 20000"
