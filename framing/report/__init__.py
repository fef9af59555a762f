"""Writing reports: per-article JSON, Markdown and HTML, and the corpus index page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from framing.fsutil import atomic_write_text
from framing.report.html import render_article_html, render_index_html
from framing.report.markdown import render_markdown
from framing.report.tables import report_paths
from framing.schema import Report, from_json, to_json

__all__ = [
    "render_article_html",
    "render_index_html",
    "read_report",
    "render_markdown",
    "report_json",
    "write_article_reports",
    "write_index",
]


def report_json(report: Report) -> str:
    """The report contract's bytes: sorted keys, UTF-8 text kept as is, a final newline."""
    return json.dumps(to_json(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_report(path: str | Path) -> Report:
    """A report written by :func:`write_article_reports` (``reports/ID.json``), typed."""
    return from_json(Report, json.loads(Path(path).read_text("utf-8")))


def write_article_reports(report: Report, out_dir: str | Path) -> dict[str, str]:
    """Write ``reports/<id>.json``, ``.md`` and ``.html`` under ``out_dir`` (each atomically);
    return their paths relative to ``out_dir``."""
    out = Path(out_dir)
    paths = report_paths(report.id)
    atomic_write_text(out / paths["json"], report_json(report))
    atomic_write_text(out / paths["md"], render_markdown(report))
    atomic_write_text(out / paths["html"], render_article_html(report))
    return paths


def write_index(summary: dict[str, Any], rows: list[dict[str, Any]], out_dir: str | Path) -> Path:
    """Write ``index.html``: corpus figures, outlets, skipped inputs and a table of articles."""
    return atomic_write_text(Path(out_dir) / "index.html", render_index_html(summary, rows))
