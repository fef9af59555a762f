"""compare.html in headless Chromium (issue 20): the two-group chart's voice toggle works
without script, and a term's link scrolls to its keyword-in-context list. Skips without a
browser, as tests/test_browser.py does."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.corpus.compare import compare, write_compare
from framing.report.browser import set_width
from tests.compare_corpus import small_analysis  # noqa: F401 - fixture
from tests.test_browser import WIDTHS, browser, fetched, open_page  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pair_page(small_analysis: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("pair_out")
    data = compare(small_analysis, groups=["alpha", "beta"])
    return write_compare(data, out, analysis_dir=small_analysis)["html"]


def _shown(driver, selector: str) -> bool:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e.getClientRects().length > 0",
        selector,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_pair_toggle_and_kwic_links(browser, pair_page, width):  # noqa: F811
    set_width(browser, width)
    try:
        _pair_toggle_and_kwic_links(browser, pair_page)
    finally:
        set_width(browser, 1366)


def _pair_toggle_and_kwic_links(browser, pair_page):  # noqa: F811
    assert open_page(browser, pair_page) == []
    assert fetched(browser) == []
    assert _shown(browser, ".pair-charts .pv-0 svg") and not _shown(browser, ".pair-charts .pv-1")
    browser.find_element("css selector", "label[for=pv-1]").click()
    assert _shown(browser, ".pair-charts .pv-1 svg") and not _shown(browser, ".pair-charts .pv-0")
    link = browser.find_element("css selector", "#terms a[href^='#kw-t']")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    top = browser.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top", target
    )
    assert 0 <= top < 100  # scrolled to the list
    assert browser.find_element("css selector", f"#{target} mark").text
