"""The HTML pages in headless Chromium: content and charts render, nothing is fetched from
the network, and no error reaches the console.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``browser`` extra (selenium). The
tests skip with the reason when one is missing, unless FRAMING_REQUIRE_BROWSER=1 (CI sets it),
in which case they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from framing.corpus.compare import compare, write_compare
from framing.report.browser import missing, set_width, start
from framing.report.html import render_index_html
from tests.compare_corpus import small_analysis  # noqa: F401 - fixture
from tests.conftest import SEED_000

pytestmark = pytest.mark.slow  # each module starts a headless Chromium


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = missing()
    if reason is not None:
        if os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FRAMING_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    driver = start(tmp_path_factory.mktemp("chromium-profile"))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, path: Path) -> list[dict[str, Any]]:
    """Load ``path``; return the console errors it logged (and drain the log)."""
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def boxes(driver: Any, selector: str) -> list[dict[str, float]]:
    """Rendered size of every element matching ``selector``."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => {"
        " const r = e.getBoundingClientRect(); return {w: r.width, h: r.height}; })",
        selector,
    )


def fetched(driver: Any) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


@pytest.fixture(scope="module")
def compare_page(small_analysis: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("compare_out")
    return write_compare(compare(small_analysis), out, analysis_dir=small_analysis)["html"]


def test_console_errors_are_caught(browser, tmp_path):
    # the check below is only worth something if a logged error is seen
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>", "utf-8")
    errors = open_page(browser, page)
    assert any("boom" in e["message"] for e in errors)


def test_compare_page_renders_charts(browser, compare_page):
    assert open_page(browser, compare_page) == []
    assert browser.title == "framing compare — 2 groups by outlet"
    h1 = browser.find_element("css selector", "h1").text
    assert h1 == "Comparing 2 outlets: 6 articles"
    rows = browser.find_elements("css selector", "#compare-table tr")
    assert [r.find_elements("css selector", "td")[0].text for r in rows[1:]] == ["alpha", "beta"]
    # every chart: one bar row per outlet, each bar drawn with a visible size
    for chart in ("#voice", "#speaker-types"):
        bars = boxes(browser, f"{chart} svg.hbar")
        assert len(bars) >= 2, chart
        assert all(b["w"] > 100 and b["h"] > 5 for b in bars), (chart, bars)
        rects = boxes(browser, f"{chart} svg.hbar rect")
        assert any(r["w"] > 10 for r in rects), chart
    assert len(boxes(browser, "#lexicons .card")) > 3
    terms = browser.find_element("css selector", "#terms").text
    assert "frontline villages" in terms and "peace talks" in terms
    assert "too few for stable scores" in terms
    term_bars = boxes(browser, "#terms svg.hbar rect")
    assert len(term_bars) >= 10 and max(b["w"] for b in term_bars) > 50
    assert fetched(browser) == []
    # readable on a laptop screen: nothing wider than the window
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth")


def test_compare_page_draws_intervals_and_article_dots(browser, compare_page):
    # issue 20: the "How sure" tables draw their intervals, the strips one dot per article
    assert open_page(browser, compare_page) == []
    lines = boxes(browser, "#uncertainty svg.interval line")
    assert len(lines) >= 8 and sum(b["w"] > 20 for b in lines) >= 4
    dots = boxes(browser, "#article-strips svg.strip circle")
    assert len(dots) == 2 * 6  # two strips, six articles
    assert all(b["w"] > 3 and b["h"] > 3 for b in dots), dots
    text = browser.find_element("css selector", "#uncertainty").text
    assert "word-weighted" in text and "article mean" in text
    assert "too few articles to test" in text
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth")


def test_index_page_lists_and_links_every_article(browser, small_analysis):  # noqa: F811
    assert open_page(browser, small_analysis / "index.html") == []
    links = browser.find_elements("css selector", "#articles a[href$='.html']")
    assert len(links) == 6
    for a in links:
        target = Path(a.get_attribute("href").removeprefix("file://"))
        assert target.is_file(), target
    outlets = browser.find_element("css selector", "#outlets").text
    assert "alpha" in outlets and "beta" in outlets
    assert len(boxes(browser, "#outlets .bar")) == 2
    assert fetched(browser) == []


def test_article_page_of_seed_000(browser, small_analysis):  # noqa: F811
    page = small_analysis / "reports" / f"{SEED_000.stem}.html"
    assert open_page(browser, page) == []
    main = browser.find_element("css selector", "#main-speaker").text
    assert main.startswith("Main speaker: Azerbaijani Defense Ministry (government")
    # attributed contents are highlighted: a background colour on the content spans
    contents = browser.find_elements("css selector", "#text span.content")
    assert len(contents) > 10
    colour = contents[0].value_of_css_property("background-color")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    joined = "".join(c.text for c in contents)  # lexicon marks cut contents into pieces
    assert "the Armenian soldiers were either killed or wounded in counterattacks" in joined
    assert len(browser.find_elements("css selector", "#text span.source")) >= 10
    assert len(browser.find_elements("css selector", "#text span.cue")) >= 10
    assert browser.find_elements("css selector", "#text span.boilerplate")
    assert browser.find_elements("css selector", "#text span.lex")
    speakers = browser.find_element("css selector", "#speakers").text
    assert "Azerbaijani Defense Ministry" in speakers
    assert all(b["w"] > 100 for b in boxes(browser, "#voice-bar"))
    assert fetched(browser) == []


# ---- pages that work everywhere: a laptop and a phone, sorting, paging, tapping --------

WIDTHS = (1366, 390)


@pytest.fixture(scope="module")
def pages(small_analysis: Path, compare_page: Path) -> dict[str, Path]:  # noqa: F811
    return {
        "index": small_analysis / "index.html",
        "article": small_analysis / "reports" / f"{SEED_000.stem}.html",
        "compare": compare_page,
    }


@pytest.fixture(scope="module")
def big_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of 450 made-up articles: three pages of 200 rows."""
    rows = [
        {
            "id": f"a{i:03d}", "title": f"Article {i:03d}", "outlet": ("alpha", "beta")[i % 2],
            "date": f"2020-01-{1 + i % 28:02d}", "words": 1000 - i if i % 3 else i,
            "attributions": i % 7, "top_speaker": None, "attributed_share": (i % 10) / 10,
            "flesch_reading_ease": 50.0, "report_html": f"reports/a{i:03d}.html",
            "report_md": f"reports/a{i:03d}.md", "report_json": f"reports/a{i:03d}.json",
        }
        for i in range(450)
    ]  # fmt: skip
    summary = {
        "articles": len(rows), "attributions": sum(r["attributions"] for r in rows),
        "words": sum(r["words"] for r in rows), "framing_version": "0.test",
        "model": {"attribution": "rules-1"},
    }  # fmt: skip
    page = tmp_path_factory.mktemp("big_index") / "index.html"
    page.write_text(render_index_html(summary, rows), "utf-8")
    return page


def page_width(driver: Any) -> tuple[int, int]:
    """The page's scroll width and the window's width inside its scroll bar."""
    return driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def column(driver: Any, table: str, col: int) -> list[str]:
    """The visible cells of column ``col`` of ``table``, top to bottom."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' tr'))"
        ".filter(r => r.cells[arguments[1]] && r.cells[arguments[1]].tagName === 'TD'"
        " && !r.hidden).map(r => r.cells[arguments[1]].textContent.trim())",
        table,
        col,
    )


def sort_by(driver: Any, table: str, header: str) -> None:
    for th in driver.find_elements("css selector", f"{table} th"):
        if th.text.split("\n")[0].strip(" ↕↑↓") == header:
            th.find_element("css selector", "button.sort").click()
            return
    raise AssertionError(f"no header {header!r} in {table}")


def number(cell: str) -> float:
    return float(cell.split()[0].rstrip("%").replace(",", ""))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["index", "article", "compare"])
def test_pages_fit_the_window(browser, pages, name, width):
    set_width(browser, width)
    try:
        assert open_page(browser, pages[name]) == []
        scroll, client = page_width(browser)
        assert client <= width
        assert scroll <= client, f"{name} at {width}px: the page scrolls sideways"
        assert scroll <= browser.execute_script("return window.innerWidth")
        # the script ran: every header of a sortable table became a button
        assert browser.find_elements("css selector", "table.sortable th button.sort")
        assert fetched(browser) == []
    finally:
        set_width(browser, 1366)


@pytest.mark.parametrize("width", WIDTHS)
def test_legend_comes_first_on_a_phone(browser, pages, width):
    set_width(browser, width)
    try:
        assert open_page(browser, pages["article"]) == []
        legend = browser.find_element("css selector", "section.legend").rect
        text = browser.find_element("css selector", "#text").rect
        if width < 600:
            assert legend["y"] + legend["height"] <= text["y"]
        else:  # beside the text, on the right
            assert legend["x"] >= text["x"] + text["width"]
    finally:
        set_width(browser, 1366)


def test_tapping_a_mark_shows_its_speaker(browser, pages):
    set_width(browser, 390)
    try:
        assert open_page(browser, pages["article"]) == []
        tip = browser.find_element("id", "tip")
        assert not tip.is_displayed()
        mark = browser.find_element("css selector", "#text span.source")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        mark.click()
        assert tip.is_displayed()
        assert tip.text == mark.get_attribute("title")
        assert "Azerbaijani Defense Ministry" in tip.text
        tip.click()
        assert not tip.is_displayed()
        assert [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] == []
    finally:
        set_width(browser, 1366)


@pytest.mark.parametrize(
    ("name", "table", "header", "col"),
    [
        ("index", "#articles", "words", 3),
        ("index", "#outlets", "outlet", 0),
        ("article", "#speakers table", "stmts", 2),
        ("compare", "#compare-table", "words", 2),
    ],
)
def test_clicking_a_header_sorts(browser, pages, name, table, header, col):
    assert open_page(browser, pages[name]) == []
    before = column(browser, table, col)
    assert len(before) >= 2
    numeric = header != "outlet"
    key = number if numeric else str.lower
    sort_by(browser, table, header)
    up = column(browser, table, col)
    assert sorted(up, key=key) == up and sorted(up) == sorted(before)
    sort_by(browser, table, header)
    down = column(browser, table, col)
    assert sorted(down, key=key, reverse=True) == down
    th = browser.find_elements("css selector", f"{table} th[aria-sort]")
    assert [t.get_attribute("aria-sort") for t in th] == ["descending"]
    assert [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] == []


def until(driver: Any, check: Any, timeout: float = 5.0) -> None:
    """Wait until ``check()`` is true (the page reacts to a click or a key between events)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda _: check())


def test_a_big_index_is_paged_and_filtered(browser, big_index):
    assert open_page(browser, big_index) == []
    titles = column(browser, "#articles", 0)
    assert titles == [f"Article {i:03d}" for i in range(200)]
    pager = browser.find_element("css selector", ".pager")
    assert "rows 1–200 of 450" in pager.text
    pager.find_element("css selector", ".next").click()
    until(browser, lambda: "rows 201–400 of 450" in pager.text)
    pager.find_element("css selector", ".next").click()
    until(browser, lambda: "rows 401–450 of 450" in pager.text)
    assert column(browser, "#articles", 0) == [f"Article {i:03d}" for i in range(400, 450)]
    assert not pager.find_element("css selector", ".next").is_enabled()
    # sorting sorts every row, not just the page shown, and goes back to the first page
    sort_by(browser, "#articles", "words")
    until(browser, lambda: "rows 1–200 of 450" in pager.text)
    words = [number(c) for c in column(browser, "#articles", 3)]
    assert len(words) == 200 and words == sorted(words) and words[0] == 0
    box = browser.find_element("css selector", "input.filter")
    box.send_keys("Article 12")
    until(browser, lambda: "rows 1–10 of 10" in pager.text)
    assert sorted(column(browser, "#articles", 0)) == [f"Article {i}" for i in range(120, 130)]
    box.clear()
    box.send_keys("nothing like this")
    until(browser, lambda: "no rows match" in pager.text)
    assert column(browser, "#articles", 0) == []
    assert [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] == []


def test_screenshot_at_390(browser, pages, tmp_path):
    # what the README's screenshots show (bench/page_screenshots.py writes those)
    set_width(browser, 390)
    try:
        for name, page in pages.items():
            assert open_page(browser, page) == []
            png = tmp_path / f"{name}.png"
            assert browser.save_screenshot(str(png))
            assert png.stat().st_size > 1000
    finally:
        set_width(browser, 1366)


def test_tapping_a_bar_shows_its_share(browser, pages):
    set_width(browser, 390)
    try:
        assert open_page(browser, pages["compare"]) == []
        rect = browser.find_element("css selector", "#speaker-types svg.hbar rect")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", rect)
        browser.execute_script(
            "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", rect
        )
        tip = browser.find_element("id", "tip")
        assert tip.is_displayed() and tip.text.endswith("%")
        assert [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] == []
    finally:
        set_width(browser, 1366)
