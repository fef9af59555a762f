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
    return dumps_indented(to_json(report)) + "\n"


def dumps_indented(obj: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True)``, the same text:
    with ``indent`` the json module leaves its C encoder for a generator per list and dict;
    this writes the same pieces into one list (strings still by the C string encoder)."""
    out: list[str] = []
    try:
        _write(obj, out, "\n")
    except (TypeError, ValueError, RecursionError):  # what json says of such a value
        return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True)
    return "".join(out)


_encode_str = json.encoder.encode_basestring  # the C one where there is one (ensure_ascii off)


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == _INF:
        return "Infinity"
    if x == -_INF:
        return "-Infinity"
    return float.__repr__(x)


_INF = float("inf")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(o: Any, out: list[str], nl: str) -> None:
    """Append the JSON text of ``o`` to ``out`` (``nl``: a line break and the current indent),
    testing types in the json module's order."""
    if isinstance(o, str):
        out.append(_encode_str(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(_float(o))
    elif isinstance(o, list | tuple):
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            sep = "," + inner
            _write(v, out, inner)
        out.append(nl + "]")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for k, v in sorted(o.items()):
            out.append(sep + _encode_str(_key(k)) + ": ")
            sep = "," + inner
            _write(v, out, inner)
        out.append(nl + "}")
    else:
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


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
