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
from framing.report.browser import missing, start
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
