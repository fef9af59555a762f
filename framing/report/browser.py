"""Open framing's HTML pages in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium from the ``browser`` extra): used by the browser tests
and ``bench/compare_screenshot.py``. ``FRAMING_CHROMIUM`` / ``FRAMING_CHROMEDRIVER`` point at
other binaries."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any


def chromium_path() -> str:
    return os.environ.get("FRAMING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def chromedriver_path() -> str:
    return (
        os.environ.get("FRAMING_CHROMEDRIVER")
        or shutil.which("chromedriver")
        or "/usr/bin/chromedriver"
    )


FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def missing() -> str | None:
    """Why a browser cannot be started here, in one line; ``None`` when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[browser]')"
    for name, path in (("chromium", chromium_path()), ("chromedriver", chromedriver_path())):
        if not os.access(path, os.X_OK):
            return f"{name} not found at {path} (apt-get install chromium chromium-driver)"
    return None


def start(profile: str | Path, width: int = 1366) -> Any:
    """A headless Chromium WebDriver with its profile in ``profile``, a ``width``-pixel viewport
    (900 high: a laptop screen; :func:`set_width` changes it) and the console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path()
    for flag in (*FLAGS, f"--window-size={width},900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver_path()), options=options)
    set_width(driver, width)
    return driver


def set_width(driver: Any, width: int, height: int = 900) -> None:
    """Lay pages out ``width`` CSS pixels wide, as a phone's browser does at 390 (a headless
    window itself is never narrower than 500)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
