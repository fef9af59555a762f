"""framing compare's traceability (issue 20): article lists behind groups, speakers and
speaker types; keyword-in-context lines of distinctive terms and lexicon categories; links
from the page to the article reports wherever the page is written; the two-group chart
(``--groups``) and its one-line errors."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus.compare import compare, write_compare
from framing.errors import UsageError
from framing.report import read_report
from framing.report.tables import read_table
from tests.compare_corpus import small_analysis  # noqa: F401 - fixture
from tests.test_report import assert_only_page_script

runner = CliRunner()


@pytest.fixture(scope="module")
def data(small_analysis: Path) -> dict:  # noqa: F811
    return compare(small_analysis, groups=["alpha", "beta"])


def _group(data: dict, name: str) -> dict:
    return next(g for g in data["outlets"] if g["name"] == name)


def _text(small_analysis: Path, article_id: str) -> str:  # noqa: F811
    return read_report(small_analysis / "reports" / f"{article_id}.json").text


def test_groups_speakers_and_types_list_their_articles(data, small_analysis):  # noqa: F811
    outlets: dict[str, set[str]] = {}
    for row in read_table(small_analysis, "articles", ["id", "outlet"]):
        outlets.setdefault(row["outlet"], set()).add(row["id"])
    typed: dict[tuple[str, str], set[str]] = {}
    for row in read_table(small_analysis, "attributions", ["article_id", "outlet", "speaker_type"]):
        key = (row["outlet"], row["speaker_type"] or "no source")
        typed.setdefault(key, set()).add(row["article_id"])
    for g in data["outlets"]:
        assert set(g["article_ids"]) == outlets[g["name"]]
        assert len(g["article_ids"]) == g["articles"]
        for sp in g["speakers"].values():
            assert len(sp["article_ids"]) == sp["articles"]
            assert set(sp["article_ids"]) <= outlets[g["name"]]
        for t, v in g["speaker_types"].items():
            assert set(v["article_ids"]) == typed[(g["name"], t)]
    top = _group(data, "alpha")["speakers"]["Azerbaijani Defense Ministry"]
    assert "000" in " ".join(top["article_ids"])  # the seed article quoting it most
    for aid, a in data["article_index"].items():
        assert a["report_html"] == f"reports/{aid}.html"
        assert (small_analysis / a["report_html"]).is_file()


def test_kwic_highlights_the_term_in_the_article_text(data, small_analysis):  # noqa: F811
    seen = 0
    for g in data["outlets"]:
        for t in g["distinctive_terms"]:
            k = t["kwic"]
            assert k["occurrences"] == t["count"]  # every counted occurrence is found
            assert len(k["article_ids"]) == t["articles"]
            assert len(k["lines"]) == min(t["count"], data["settings"]["kwic_lines"])
            for line in k["lines"]:
                text = _text(small_analysis, line["article_id"])
                span = text[line["start"] : line["end"]]
                assert " ".join(span.split()) == line["match"]
                words = re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", span)
                assert " ".join(words).lower().replace("’", "'") == t["term"]
                assert line["voice"] == "narrator"
                context = line["left"] + line["match"] + line["right"]
                assert context.strip("… ") in " ".join(text.split())
                seen += 1
    assert seen > 10
    frontline = next(t for t in _group(data, "alpha")["distinctive_terms"]
                     if t["term"] == "frontline villages")  # fmt: skip
    assert frontline["kwic"]["lines"][0]["match"] == "frontline villages"


def test_lexicon_categories_have_their_hits_in_context(data, small_analysis):  # noqa: F811
    alpha = _group(data, "alpha")
    cat = alpha["lexicons"]["nagorno-karabakh"]["casualties_victims"]
    k = cat["kwic"]
    assert k["occurrences"] == cat["narrator_hits"] + cat["attributed_hits"]
    voices = Counter(line["voice"] for line in k["lines"])
    assert voices["attributed"] > 0
    for line in k["lines"]:
        text = _text(small_analysis, line["article_id"])
        assert text[line["start"] : line["end"]] == line["match"]
        assert line["term"]


def test_kwic_lines_are_capped_and_spread_over_articles(small_analysis):  # noqa: F811
    d = compare(small_analysis, kwic_lines=2)
    capped = [t for g in d["outlets"] for t in g["distinctive_terms"] if t["count"] > 2]
    assert capped
    for t in capped:
        lines = t["kwic"]["lines"]
        assert len(lines) == 2 and t["kwic"]["occurrences"] == t["count"]
        if t["articles"] >= 2:  # the first occurrence of each article comes first
            assert lines[0]["article_id"] != lines[1]["article_id"]
    none = compare(small_analysis, kwic_lines=0)
    for g in none["outlets"]:
        for t in g["distinctive_terms"]:
            assert t["kwic"]["lines"] == [] and t["kwic"]["occurrences"] == t["count"]
    with pytest.raises(UsageError, match="kwic_lines -1: expected 0 or more"):
        compare(small_analysis, kwic_lines=-1)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("href"):
            self.hrefs.append(a["href"])


def test_page_links_reach_the_reports_and_its_own_lists(data, small_analysis, tmp_path):  # noqa: F811
    out = tmp_path / "elsewhere" / "page"
    write_compare(data, out, analysis_dir=small_analysis)
    page = (out / "compare.html").read_text("utf-8")
    links = _Links()
    links.feed(page)
    reports = [h for h in links.hrefs if h.endswith(".html") and "/reports/" in h]
    assert len(set(reports)) == 6
    for h in reports:
        assert not h.startswith("/")
        assert (out / unquote(h)).resolve().is_file()
    anchors = [h[1:] for h in links.hrefs if h.startswith("#")]
    missing = sorted({a for a in anchors if a not in links.ids})
    assert not missing
    for needed in ("arts-g0", "arts-s0-0", "arts-y0-0", "kw-t0-0", "pair", "kwic", "articles"):
        assert needed in links.ids
    for prefix in ("kw-p0-", "kw-p1-", "kw-l"):  # the chart's two voices, lexicon categories
        assert any(i.startswith(prefix) for i in links.ids)
    assert "<mark>frontline villages</mark>" in page
    # the overview's group names, speaker names and terms are links
    assert re.search(r'<a href="#arts-g0"[^>]*>alpha</a>', page)
    assert re.search(r'<a href="#kw-t1-\d+" title="in context">peace talks</a>', page)


def test_pair_chart_data(data):
    pair = data["pair"]
    assert pair["groups"] == ["alpha", "beta"]
    narr = {t["term"]: t for t in pair["voices"]["narrator"]["terms"]}
    alpha, beta = _group(data, "alpha"), _group(data, "beta")
    assert pair["voices"]["narrator"]["words"] == [alpha["narrator_words"], beta["narrator_words"]]
    t = narr["frontline villages"]
    assert t["label"] == "alpha" and t["z"] > 0 and t["count"][1] == 0
    assert t["per_10k"][0] == round(10000 * t["count"][0] / alpha["narrator_words"], 3)
    assert narr["peace talks"]["label"] == "beta" and narr["peace talks"]["z"] < 0
    assert t["kwic"][0]["occurrences"] == t["count"][0]
    assert t["kwic"][1]["occurrences"] == 0
    att = pair["voices"]["attributed"]
    assert att["words"] == [alpha["attributed_words"], beta["attributed_words"]]
    assert att["terms"]


def test_pair_chart_is_two_svgs_and_a_css_toggle(data):
    from framing.report.html import render_compare_html

    page = render_compare_html(data)
    section = page[
        page.index('<section id="pair"') : page.index(
            "</section>", page.index('<section id="pair"')
        )
    ]
    assert section.count('<svg class="scatter"') == 2
    assert section.count('type="radio"') == 2 and "checked" in section
    assert_only_page_script(page)  # the toggle is CSS: no script but the shared one
    assert re.search(r'<a href="#kw-p0-\d+-0"><text [^>]*>frontline villages</text></a>', section)


def test_no_pair_without_groups(small_analysis):  # noqa: F811
    d = compare(small_analysis)
    assert d["pair"] is None
    from framing.report.html import render_compare_html

    assert 'id="pair"' not in render_compare_html(d)


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ("alpha", "Error: --groups 'alpha': expected two different group names separated by "
         "a comma, e.g. nyt,breitbart\n"),
        ("alpha,beta,gamma", "Error: --groups 'alpha,beta,gamma': expected two different "
         "group names separated by a comma, e.g. nyt,breitbart\n"),
        ("alpha,alpha", "Error: --groups 'alpha,alpha': expected two different group names "
         "separated by a comma, e.g. nyt,breitbart\n"),
        ("alpha,gamma", "Error: --groups: no group 'gamma' by outlet (groups: alpha, beta)\n"),
    ],
)  # fmt: skip
def test_cli_groups_errors(small_analysis, tmp_path, groups, message):  # noqa: F811
    res = runner.invoke(app, ["compare", str(small_analysis), "--out", str(tmp_path / "c"),
                              "--groups", groups])  # fmt: skip
    assert res.exit_code == 1
    assert res.stderr == message
    assert not (tmp_path / "c" / "compare.html").exists()


def test_cli_groups(small_analysis, tmp_path):  # noqa: F811
    out = tmp_path / "c"
    res = runner.invoke(app, ["compare", str(small_analysis), "--out", str(out),
                              "--groups", "beta, alpha", "--kwic-lines", "3"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.stderr == f"Compared 2 groups by outlet (6 articles) -> {out / 'compare.html'}\n"
    page = (out / "compare.html").read_text("utf-8")
    assert "beta vs alpha" in page
    import json

    d = json.loads((out / "compare.json").read_text("utf-8"))
    assert d["pair"]["groups"] == ["beta", "alpha"] and d["settings"]["kwic_lines"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "Heavy shelling hit the frontline villages again. Ceasefire… violations (continued)",
        "Trump’s campaign, in 2016, said: “the peace talks” — and Geneva's mediators; o'clock",
        "",
    ],
)
def test_term_spans_are_the_counted_terms(text):
    from framing.corpus.terms import _stop_words, term_spans, terms_of

    stop = _stop_words()
    spans = term_spans(text, 0, len(text), stop)
    assert [t for t, _, _ in spans] == terms_of(text, stop)
    for term, s, e in spans:
        assert text[s:e].lower().replace("’", "'").startswith(term.split()[0])
