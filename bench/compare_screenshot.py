"""Open a `framing compare` page in headless Chromium, check it, and save a screenshot.

Usage:
  .venv/bin/framing analyze ../shared/data/polnear/dev/text --outlet-pattern '^([^_]+)_' --out A
  .venv/bin/framing compare A --out C
  .venv/bin/python bench/compare_screenshot.py C/compare.html results/compare-polnear-dev.png

Prints the groups in the table, the bars drawn per chart, the console errors and the resources
fetched (both must be none), and the page's width against the window's; exits 1 when a check
fails. Needs the ``browser`` extra and Debian's ``chromium`` and ``chromium-driver`` (the same
set-up as tests/test_browser.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from framing.report.browser import missing, start

CHARTS = ("#voice", "#speaker-types", "#lexicons", "#terms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--max-height", type=int, default=3600, help="crop the screenshot")
    args = ap.parse_args()
    if not args.page.is_file():
        print(f"Error: {args.page} not found (run framing compare first)", file=sys.stderr)
        return 1
    reason = missing()
    if reason is not None:
        print(f"Error: {reason}", file=sys.stderr)
        return 1
    profile = tempfile.mkdtemp(prefix="framing-chromium-")
    driver = start(profile, width=args.width)
    ok = True
    try:
        driver.get(args.page.resolve().as_uri())
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        rows = driver.find_elements("css selector", "#compare-table tr")
        groups = [r.find_elements("css selector", "td")[0].text for r in rows[1:]]
        print(f"title: {driver.title}")
        print(f"groups in the table: {len(groups)} ({', '.join(groups)})")
        for chart in CHARTS:
            drawn = driver.execute_script(
                "return Array.from(document.querySelectorAll(arguments[0] + ' svg rect'))"
                ".filter(r => r.getBoundingClientRect().width > 1).length",
                chart,
            )
            print(f"chart {chart}: {drawn} bars drawn")
            ok &= drawn > 0
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        width = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        print(f"console errors: {len(errors)}; fetched: {len(fetched)}; width {width}/{inner}")
        ok &= not errors and not fetched and width <= inner and len(groups) > 0
        driver.set_window_size(args.width, min(height + 150, args.max_height))
        args.png.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.png))
        shown = min(height + 150, args.max_height)
        print(f"screenshot: {args.png} ({args.width}x{shown}, page height {height})")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print("page checks hold" if ok else "page checks FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
