"""Report writers: JSON contract, Markdown, HTML (escaping, highlighting, self-contained), CSV.

One real parse of seed 000 (and one of a tiny hostile article) per module; everything else
works on copies of those report dicts.
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from framing.pipeline import Analyzer, Resources, build_report
from framing.report import (
    render_article_html,
    render_index_html,
    render_markdown,
    write_article_reports,
    write_index,
)
from framing.report.html import cut, environment, page_script
from framing.report.html import segments as _segments
from framing.report.tables import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_COLUMNS,
    PARAGRAPH_COLUMNS,
    CsvTableWriter,
    article_row,
    attribution_rows,
    paragraph_rows,
)
from framing.schema import Article, Region, Report, from_json, to_json
from tests.conftest import SEED_000

SCRIPT = "<script>alert('x')</script>"
HOSTILE = (
    f'The minister said {SCRIPT} was "a harmless test" & nothing more.\n\n'
    "Officials said the talks <b>failed</b> on Tuesday.\n"
)


def _report(nlp: Any, article: Article) -> Report:
    return build_report(nlp(article.body), article, Analyzer(Resources.load(), nlp))


def typed(data: dict[str, Any]) -> Report:
    """A report from its JSON form (tests edit a copy of that, then render it)."""
    return from_json(Report, data)


def segments(data: dict[str, Any]) -> list[dict[str, Any]]:
    return _segments(typed(data))


@pytest.fixture(scope="module")
def rd(report: Report) -> dict[str, Any]:
    return to_json(report)


@pytest.fixture(scope="module")
def hd(hostile: Report) -> dict[str, Any]:
    return to_json(hostile)


@pytest.fixture(scope="module")
def report(nlp: Any) -> Report:
    text = SEED_000.read_text(encoding="utf-8")
    body = text.index("Azerbaijani troops")  # the " date 2020-10-01 " line start is kept out
    article = Article(
        id=SEED_000.stem,
        outlet="Anadolu Agency",
        source_path=f"seeds/{SEED_000.name}",
        text=text,
        body_start=body,
        body_end=len(text),
        metadata={"date": "2020-10-01"},
        excluded=(Region("header", 0, body),),
        row=None,
    )
    return _report(nlp, article)


@pytest.fixture(scope="module")
def hostile(nlp: Any) -> Report:
    article = Article(
        id="hostile",
        outlet=f"Outlet {SCRIPT}",
        source_path=f"in/{SCRIPT}.txt",
        text=HOSTILE,
        body_start=0,
        body_end=len(HOSTILE),
        metadata={"title": f"Title {SCRIPT}", "date": SCRIPT},
    )
    return _report(nlp, article)


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "framing_version": "0.test",
        "articles": len(rows),
        "attributions": sum(r["attributions"] for r in rows),
        "words": sum(r["words"] or 0 for r in rows),
        "outlets": {r["outlet"]: 1 for r in rows},
        "skipped": [
            {"path": f"bad/{SCRIPT}.bin", "reason": "binary file"},
            {"path": "rows.jsonl", "reason": "no 'text' field", "line": 3},
        ],
        "model": {"attribution": "rules-1"},
    }


class _Marks(HTMLParser):
    """The <article> element's text, and the text under each marked <span>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.text: list[str] = []
        self.stack: list[dict[str, str]] = []
        self.marked: list[tuple[dict[str, str], str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "article":
            self.depth += 1
        elif self.depth and tag == "span":
            self.stack.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.depth and tag == "span":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.stack:
                self.marked.append((self.stack[-1], data))


def _parse_html(html: str) -> _Marks:
    p = _Marks()
    p.feed(html)
    p.close()
    return p


def _fragments(span: dict[str, Any]) -> list[tuple[int, int]]:
    return [tuple(x) for x in span.get("spans") or [(span["start"], span["end"])]]


# --- JSON ----------------------------------------------------------------------------------


def test_write_article_reports_paths_and_json_contract(report, tmp_path, rd):
    paths = write_article_reports(report, tmp_path)
    rid = rd["id"]
    assert paths == {
        "json": f"reports/{rid}.json",
        "md": f"reports/{rid}.md",
        "html": f"reports/{rid}.html",
    }
    for rel in paths.values():
        assert (tmp_path / rel).is_file()
    raw = (tmp_path / paths["json"]).read_text(encoding="utf-8")
    assert raw == json.dumps(rd, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert json.loads(raw) == rd
    assert (tmp_path / paths["md"]).read_text(encoding="utf-8") == render_markdown(report)
    assert (tmp_path / paths["html"]).read_text(encoding="utf-8") == render_article_html(report)
    # nothing half-written left behind
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(
        Path(p).name for p in paths.values()
    )


def test_spans_cover_their_text(report, rd):
    text = rd["text"]
    assert rd["attributions"], "seed 000 has attributions"
    for a in rd["attributions"]:
        for role in ("source", "cue", "content"):
            span = a[role]
            if span is None:
                continue
            assert span["text"] == text[span["start"] : span["end"]]
            for s, e in _fragments(span):
                assert span["start"] <= s < e <= span["end"]
    for p in rd["paragraphs"]:
        assert p["span"]["text"] == text[p["span"]["start"] : p["span"]["end"]]
    for r in rd["excluded"]:
        assert r["text"] == text[r["start"] : r["end"]]


# --- HTML ----------------------------------------------------------------------------------


def test_article_html_text_and_marks(report, rd):
    html = render_article_html(report)
    parsed = _parse_html(html)
    # the whole article text, in order, nothing lost or added
    assert "".join(parsed.text) == rd["text"]
    for cls in ("source", "cue", "content", "excluded"):
        assert re.search(rf'<span class="[^"]*\b{cls}\b[^"]*"', html), cls
    # every attribution's cue and content are marked with its id and the speaker in the tooltip
    for a in rd["attributions"]:
        for role in ("cue", "content") + (("source",) if a["source"] else ()):
            got = "".join(
                data
                for attrs, data in parsed.marked
                if role in attrs.get("class", "").split()
                and a["id"] in attrs.get("data-att", "").split()
            )
            want = "".join(rd["text"][s:e] for s, e in _fragments(a[role]))
            assert got == want, (a["id"], role)
        if a["speaker"]:
            assert any(
                a["speaker"]["name"] in attrs.get("title", "")
                for attrs, _ in parsed.marked
                if a["id"] in attrs.get("data-att", "").split()
            )


def test_article_html_side_panel(report, rd):
    html = render_article_html(report)
    assert "pre-wrap" in html
    assert str(rd["voice"]["words"]) in html
    for name in ("Legend", "Figures", "Speakers", "Flesch reading ease"):
        assert name in html
    top = rd["speakers"][0]
    assert top["name"] in html
    main = re.search(r'<p id="main-speaker">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", main) == (
        "Main speaker: Azerbaijani Defense Ministry (government, Azerbaijan; "
        f"{top['statements']} of {len(rd['attributions'])} attributions)"
    )
    assert re.search(r'<svg class="hbar" id="voice-bar"', html)


def test_index_outlet_figures(report, hostile, rd):
    rows = [article_row(report), article_row(hostile), article_row(report)]
    html = render_index_html(_summary(rows), rows)
    table = re.search(r'<table id="outlets"[^>]*>(.*?)</table>', html, re.S).group(1)
    cells = re.findall(
        r"<tr><td>(.*?)</td><td class=\"n\">(\d+)</td><td class=\"n\">(\d+)</td>", table
    )
    words = rd["voice"]["words"]
    assert ("Anadolu Agency", "2", str(2 * words)) in cells
    share = f"{100 * rd['voice']['attributed_share']:.0f}%"
    assert share in table


def assert_only_page_script(html: str) -> None:
    """Nothing is fetched, and the one script a page runs is the shared inline one, allowed
    by its hash and by nothing else."""
    env = environment()
    script = page_script(env)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
        "style-src &#39;unsafe-inline&#39;; img-src data:; "
        f'script-src &#39;sha256-{digest}&#39;">' in html
    )
    assert html.count("<script") == 1
    assert f"<script>{script}</script>" in html
    assert "unsafe-eval" not in html and "http" not in script


def test_pages_forbid_fetching(report):
    rows = [article_row(report)]
    for html in (render_article_html(report), render_index_html(_summary(rows), rows)):
        assert_only_page_script(html)


def test_html_is_self_contained(report, hostile):
    rows = [article_row(report), article_row(hostile)]
    for html in (
        render_article_html(report),
        render_article_html(hostile),
        render_index_html(_summary(rows), rows),
    ):
        tags = _parse_html(html).tags
        for tag, attrs in tags:
            for key in ("src", "href"):
                value = attrs.get(key, "")
                assert not re.match(r"(?i)\s*(https?:)?//", value), (tag, key, value)
            if tag == "link":
                assert attrs.get("rel") != "stylesheet"
        assert "@import" not in html
        assert "url(" not in html


def test_article_html_escapes_text(hostile):
    html = render_article_html(hostile)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<b>failed</b>" not in html
    assert "&lt;b&gt;failed&lt;/b&gt;" in html
    assert "&amp; nothing more" in html
    assert "".join(_parse_html(html).text) == HOSTILE
    # one script element, the shared one: the article adds none
    assert [tag for tag, _ in _parse_html(html).tags].count("script") == 1
    assert_only_page_script(html)


def test_index_html_escapes_and_links(report, hostile, tmp_path, rd, hd):
    rows = [article_row(report), article_row(hostile)]
    write_index(_summary(rows), rows, tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert html == render_index_html(_summary(rows), rows)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    hrefs = {a.get("href") for tag, a in _parse_html(html).tags if tag == "a"}
    for rid in (rd["id"], "hostile"):
        for ext in ("html", "md", "json"):
            assert f"reports/{rid}.{ext}" in hrefs
    assert "Anadolu Agency" in html
    assert "binary file" in html and "no &#39;text&#39; field" in html
    assert str(len(rd["attributions"]) + len(hd["attributions"])) in html


def test_discontinuous_content_and_boilerplate(report, rd):
    r = copy.deepcopy(rd)
    a = r["attributions"][0]
    c = a["content"]
    frags = [[c["start"], c["start"] + 4], [c["end"] - 4, c["end"]]]
    c["spans"] = frags
    for p in r["paragraphs"]:  # only the one paragraph below is boilerplate here
        p["boilerplate"]["label"] = "none" if p["role"] == "body" else p["boilerplate"]["label"]
    body = next(p for p in r["paragraphs"] if p["role"] == "body")
    body["boilerplate"]["label"] = "recurring"
    segs = segments(r)
    assert "".join(s["text"] for s in segs) == r["text"]
    pos = 0
    for s in segs:
        start, end = pos, pos + len(s["text"])
        pos = end
        classes = s["classes"].split()
        in_frag = any(fs <= start and end <= fe for fs, fe in frags)
        if a["id"] in s["atts"].split() and "content" in classes:
            assert in_frag
        elif c["start"] + 4 <= start and end <= c["end"] - 4:
            # the gap between the fragments is not this attribution's content
            assert a["id"] not in s["atts"].split() or "content" not in classes
        inside_bp = body["span"]["start"] <= start and end <= body["span"]["end"]
        assert ("boilerplate" in classes) == inside_bp
    html = render_article_html(typed(r))
    assert re.search(r'<span class="[^"]*\bboilerplate\b', html)


def test_several_classes_on_one_segment(report, rd):
    r = copy.deepcopy(rd)
    # the header region overlapping a made-up attribution's source: both classes at once
    r["attributions"].append(
        {
            "id": "a999",
            "kind": "indirect",
            "confidence": 0.5,
            "speaker": None,
            "source": {"start": 1, "end": 5, "text": r["text"][1:5]},
            "cue": {"start": 6, "end": 10, "text": r["text"][6:10]},
            "content": {"start": 11, "end": 15, "text": r["text"][11:15]},
        }
    )
    segs = segments(r)
    assert any(s["classes"] == "excluded source" and s["atts"] == "a999" for s in segs)


def test_rendering_is_deterministic(report, hostile, tmp_path, rd):
    rows = [article_row(report), article_row(hostile)]
    for render in (render_article_html, render_markdown):
        assert render(report) == render(typed(copy.deepcopy(rd)))
    assert render_index_html(_summary(rows), rows) == render_index_html(_summary(rows), rows)
    one, two = tmp_path / "one", tmp_path / "two"
    for out in (one, two):
        write_article_reports(typed(copy.deepcopy(rd)), out)
    for ext in ("json", "md", "html"):
        name = f"reports/{rd['id']}.{ext}"
        assert (one / name).read_bytes() == (two / name).read_bytes()


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_sections(report, rd):
    md = render_markdown(report)
    assert md.startswith(f"# {rd['id']}\n")
    assert "- **Outlet:** Anadolu Agency" in md
    assert "- **Date:** 2020-10-01" in md
    assert "## Figures" in md and "| words (body) | " in md
    assert "| speaker | type | affiliation | statements | words | mentions |" in md
    assert f"| {rd['speakers'][0]['name']} |" in md
    assert "## Attributions" in md
    for a in rd["attributions"]:
        assert f"\n| {a['id']} | {a['kind']} |" in md
    assert "## Kept out of the counts" in md and "*header*" in md


def test_markdown_escapes_pipes_and_truncates(report, rd):
    r = copy.deepcopy(rd)
    r["metadata"]["title"] = "A | B"
    r["attributions"][0]["content"]["text"] = "left | right " + "x" * 400
    md = render_markdown(typed(r))
    assert md.startswith("# A \\| B\n")
    line = next(x for x in md.splitlines() if x.startswith("| a1 |"))
    assert "left \\| right" in line
    assert "x" * 250 not in line and "…" in line
    # every table row of the attributions table has the same number of unescaped pipes
    table = [x for x in md.split("## Attributions")[1].splitlines() if x.startswith("|")]
    counts = {len(re.findall(r"(?<!\\)\|", x)) for x in table}
    assert counts == {7}


def test_markdown_without_attributions(hostile, hd):
    r = copy.deepcopy(hd)
    r["attributions"], r["speakers"] = [], []
    md = render_markdown(typed(r))
    assert "No speakers found." in md and "No attributions found." in md


#: what an article could carry into a Markdown page rendered with raw HTML allowed
MD_ATTACKS = [
    "<script>alert(1)</script>",
    "<svg onload=alert(2)>",
    "<img src=x onerror=alert(3)>",
    "</td></tr></table><iframe src=javascript:alert(4)>",
    "[click](javascript:alert(5))",
    "![x](javascript:alert(6))",
    "<javascript:alert(7)>",
    "&lt;script&gt;alert(8)&lt;/script&gt;",
    "`<b>code</b>`",
    "``<i>double</i>``",
    "a\n\n<div onclick=alert(9)>block</div>",
]
#: the tags render_markdown's own syntax makes
MD_TAGS = {"h1", "h2", "p", "ul", "li", "strong", "em", "code", "hr", "table", "thead",
           "tbody", "tr", "th", "td"}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("attack", MD_ATTACKS)
def test_markdown_carries_no_html_from_the_article(report, rd, attack):
    """Rendered by markdown-it-py with raw HTML allowed (its default), the page has only the
    report's own tags, no attribute and no link; the article's text shows as text."""
    from markdown_it import MarkdownIt

    r = copy.deepcopy(rd)
    r["id"] = f"id{attack}"
    r["source_path"] = f"in/{attack}.txt"
    r["outlet"] = f"Outlet {attack}"
    r["metadata"].update(title=f"Title {attack}", date=attack, byline=attack, dateline=attack)
    a = r["attributions"][0]
    a["content"]["text"] = f"{attack} said"
    a["cue"]["text"] = attack
    a["source"] = {"start": 0, "end": 1, "text": attack}
    a["speaker"]["name"] = attack
    r["speakers"][0].update(name=attack, type=attack, affiliation=attack, mentions=[attack])
    r["excluded"][0]["text"] = attack
    md = render_markdown(typed(r))
    html = MarkdownIt().render(md)  # the "commonmark" preset: html=True
    parsed = _Tags()
    parsed.feed(html)
    parsed.close()
    assert {t for t, _a in parsed.tags} <= MD_TAGS, html
    assert all(not attrs for _t, attrs in parsed.tags), html
    shown = " ".join("".join(parsed.text).split())
    flat = " ".join(attack.split())
    for what in (f"Title {flat}", f"Outlet {flat}", f"in/{flat}.txt", f"{flat} said"):
        assert what in shown  # the text itself, as the reader should see it


def test_markdown_of_plain_text_is_unchanged(report, rd):
    """Escaping touches only the characters that need it."""
    md = render_markdown(report)
    assert "&amp;" not in md and "\\[" not in md
    assert f"- **Article:** `{rd['id']}`" in md


# --- tables --------------------------------------------------------------------------------


def test_rows_have_exactly_the_declared_columns(report, rd):
    row = article_row(report)
    assert set(row) == set(ARTICLE_COLUMNS)
    assert len(ARTICLE_COLUMNS) == len(set(ARTICLE_COLUMNS))
    assert row["top_speaker"] == rd["speakers"][0]["name"]
    assert row["attributions"] == len(rd["attributions"])
    assert row["report_html"] == f"reports/{rd['id']}.html"
    atts = attribution_rows(report)
    assert len(atts) == len(rd["attributions"])
    assert all(set(r) == set(ATTRIBUTION_COLUMNS) for r in atts)
    for r in atts:
        if r["source_start"] is not None:
            assert rd["text"][r["source_start"] : r["source_end"]] == r["source_text"]
        assert rd["text"][r["content_start"] : r["content_end"]] == r["content_text"]
    pars = paragraph_rows(report)
    assert len(pars) == len(rd["paragraphs"])
    assert all(set(r) == set(PARAGRAPH_COLUMNS) for r in pars)
    assert [r["paragraph"] for r in pars] == list(range(len(pars)))


def test_csv_writer_round_trip(report, tmp_path, rd):
    r = copy.deepcopy(rd)
    r["attributions"][0]["source"] = None
    r["attributions"][0]["content"]["text"] = 'quote "inside", comma\nand newline — ü'
    rows = attribution_rows(typed(r))
    path = tmp_path / "t" / "attributions.csv"
    with CsvTableWriter(path, ATTRIBUTION_COLUMNS) as t:
        t.write_rows(rows[:1])
        t.write_rows(iter(rows[1:]))  # any iterable, streamed
    data = path.read_bytes()
    assert data.startswith(b"article_id,outlet,attribution_id,")  # UTF-8, no BOM
    assert b"\r" not in data  # lineterminator "\n"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ATTRIBUTION_COLUMNS
        back = list(reader)
    assert len(back) == len(rows)
    assert back[0]["source_start"] == back[0]["source_end"] == back[0]["source_text"] == ""
    assert back[0]["content_text"] == 'quote "inside", comma\nand newline — ü'
    assert back[1]["confidence"] == str(rows[1]["confidence"])  # floats as is
    assert sorted(p.name for p in path.parent.iterdir()) == ["attributions.csv"]


def test_csv_writer_is_atomic(tmp_path):
    path = tmp_path / "articles.csv"
    with CsvTableWriter(path, ["id", "share"]) as t:
        t.write_rows([{"id": "a", "share": 0.25, "extra": "ignored"}])
        assert not path.exists()
        temps = list(tmp_path.iterdir())
        assert len(temps) == 1 and temps[0].name.startswith(".articles.csv.")
    assert path.read_text(encoding="utf-8") == "id,share\na,0.25\n"
    # a failure leaves the previous file untouched and no temp file behind
    with pytest.raises(RuntimeError, match="boom"), CsvTableWriter(path, ["id", "share"]) as t:
        t.write_rows([{"id": "b", "share": 1.0}])
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "id,share\na,0.25\n"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.csv"]
    # a fresh path that fails is never created
    fresh = tmp_path / "fresh.csv"
    with pytest.raises(KeyboardInterrupt), CsvTableWriter(fresh, ["id"]) as t:
        t.write_rows([{"id": "x"}])
        raise KeyboardInterrupt
    assert not fresh.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["articles.csv"]


def test_csv_writer_empty_table_has_header(tmp_path):
    path = tmp_path / "paragraphs.csv"
    with CsvTableWriter(path, PARAGRAPH_COLUMNS):
        pass
    assert path.read_text(encoding="utf-8") == ",".join(PARAGRAPH_COLUMNS) + "\n"


def test_csv_opens_in_pandas(report, tmp_path, rd):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "articles.csv"
    with CsvTableWriter(path, ARTICLE_COLUMNS) as t:
        t.write_rows([article_row(report)])
    df = pd.read_csv(path)
    assert list(df.columns) == ARTICLE_COLUMNS
    assert df.loc[0, "words"] == rd["voice"]["words"]


def test_adjacent_attributions_are_parted():
    text = "He said A. She said B."
    marks: list[Any] = [
        (0, 10, "content", "a1", "a1"),
        (10, 22, "content", "a2", "a2"),
        (15, 19, "lex", None, "lex"),  # cuts a2 in pieces: only its first piece is parted
    ]
    pieces = [(p["text"], p["atts"], p["first"]) for p in cut(text, marks)]
    assert pieces == [
        ("He said A.", "a1", False),
        (" She ", "a2", True),
        ("said", "a2", False),
        (" B.", "a2", False),
    ]
    # unmarked text between two attributions parts them already
    apart = cut(text, [(0, 9, "content", "a1", "a1"), (11, 22, "content", "a2", "a2")])
    assert [p["first"] for p in apart] == [False, False, False]
    # an attribution inside another one's content: parted where it starts, not where it resumes
    nested: list[Any] = [
        (0, 22, "content", "a1", "a1"),
        (3, 7, "source", "a2", "a2"),
        (8, 22, "content", "a2", "a2"),
    ]
    pieces = [(p["text"], p["first"]) for p in cut(text, nested)]
    assert pieces == [("He ", False), ("said", True), (" ", False), ("A. She said B.", False)]


def test_index_rows_are_all_there_without_script(report):
    rows = [article_row(report)] * 450
    html = render_index_html(_summary(rows), rows)
    table = re.search(r'<table id="articles"[^>]*>(.*?)</table>', html, re.S).group(1)
    assert table.count("<tr>") == 451  # the header and every row: the script only hides
    assert " hidden" not in html and 'data-page="200"' in html


def test_report_json_writes_what_json_dumps_writes():
    """The indented writer gives json.dumps(..., ensure_ascii=False, indent=2,
    sort_keys=True) to the byte, on odd values too; what json refuses, it refuses alike."""
    import json
    import math

    import pytest

    from framing.report import dumps_indented

    values = [
        {}, [], (), "", "a\"b\n\t\u0000\u2028é😀", 0, -1, 10**30, 1.5, -0.0, 1e-300, 1e300,
        math.inf, -math.inf, math.nan, True, False, None,
        {"b": [1, {"c": [], "a": {}}], "a": (True, None, 2.5), "é": "ü"},
        {1: "int", 2.5: "float", 0: 0}, {True: 1, False: 2}, {None: 1}, [[[]], [{}], [[1, [2]]]],
    ]  # fmt: skip
    for v in values:
        assert dumps_indented(v) == json.dumps(v, ensure_ascii=False, indent=2, sort_keys=True)
    for bad in ({"a": object()}, {(1, 2): 3}, {"a": 1, 2: 3}, {"x": 1, 2.5: 2}):
        with pytest.raises(TypeError):
            json.dumps(bad, ensure_ascii=False, indent=2, sort_keys=True)
        with pytest.raises(TypeError):
            dumps_indented(bad)
