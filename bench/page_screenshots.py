"""Screenshots of framing's pages as a phone shows them (390 CSS pixels wide), with the
checks the browser tests make: no sideways scroll and no console error.

Usage:
  .venv/bin/framing analyze ../shared/data/polnear/dev/text --outlet-pattern '^([^_]+)_' --out A
  .venv/bin/framing compare A --out C
  .venv/bin/python bench/page_screenshots.py A/index.html A/reports/SOME.html C/compare.html \\
      --out docs/screenshots

Writes NAME-390.png per page (index, article, compare: the first, second and third page
given), the first ``--height`` pixels of each; exits 1 when a check fails. Needs the
``browser`` extra and Debian's ``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from framing.report.browser import missing, set_width, start

NAMES = ("index", "article", "compare")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", type=Path, nargs=3, help="index.html, an article page, compare.html")
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    ap.add_argument("--width", type=int, default=390)
    ap.add_argument("--height", type=int, default=1100)
    args = ap.parse_args()
    reason = missing()
    if reason is not None:
        print(f"Error: {reason}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="framing-chromium-")
    driver = start(profile, width=args.width)
    set_width(driver, args.width, args.height)
    ok = True
    try:
        for name, page in zip(NAMES, args.pages, strict=True):
            driver.get(page.resolve().as_uri())
            errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            scroll, client = driver.execute_script(
                "return [document.documentElement.scrollWidth,"
                " document.documentElement.clientWidth]"
            )
            png = args.out / f"{name}-{args.width}.png"
            driver.save_screenshot(str(png))
            good = not errors and scroll <= client
            ok &= good
            print(
                f"{name}: {page.name}: page {scroll} px in a {client} px window, "
                f"{len(errors)} console errors -> {png} ({png.stat().st_size // 1024} KB)"
                + ("" if good else "  FAIL")
            )
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
