"""HTML reports: one self-contained page per article, and the corpus index.

Jinja2 templates with autoescaping; the article text is cut into segments in Python at every
span boundary and handed to the template as plain strings, so every character of it is
escaped. No script, style or font is fetched from the network.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("framing.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%" if isinstance(x, int | float) else "–"
    env.filters["num"] = lambda x, d=1: f"{x:.{d}f}" if isinstance(x, int | float) else "–"
    return env


# the order of a piece's classes: its greying first, then the attribution roles
_CLASS_ORDER = ["excluded", "boilerplate", "content", "source", "cue", "lex"]


def _fragments(span: dict[str, Any] | None) -> list[tuple[int, int]]:
    if not span:
        return []
    spans = span.get("spans")
    if spans:
        return [(int(s), int(e)) for s, e in spans]
    return [(int(span["start"]), int(span["end"]))]


def segments(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The article text cut at every span boundary; each piece with its classes, the
    attributions it belongs to and a tooltip."""
    text = report["text"]
    marks: list[tuple[int, int, str, str | None, str]] = []  # start, end, class, att id, tip
    for a in report.get("attributions") or []:
        sp = a.get("speaker") or {}
        who = sp.get("name") or (a.get("source") or {}).get("text") or "unknown source"
        tip = f"{a.get('id')}: {who}"
        if sp.get("type"):
            tip += f" ({sp['type']})"
        for role in ("source", "cue", "content"):
            for s, e in _fragments(a.get(role)):
                marks.append((s, e, role, a.get("id"), f"{tip} · {role} · {a.get('kind')}"))
    for r in report.get("excluded") or []:
        marks.append((r["start"], r["end"], "excluded", None, f"kept out: {r['label']}"))
    for name, block in sorted((report.get("lexicons") or {}).items()):
        for h in block.get("hits") or []:
            tip = f"lexicon {name}: {h['category']} ({h['term']}, {h['voice']} voice)"
            marks.append((h["start"], h["end"], "lex", None, tip))
    for p in report.get("paragraphs") or []:
        label = (p.get("boilerplate") or {}).get("label", "none")
        if p.get("role") == "body" and label != "none":
            marks.append(
                (p["span"]["start"], p["span"]["end"], "boilerplate", None, f"boilerplate: {label}")
            )
    # sweep over the cut points: a mark is active from its start to its end, and each piece
    # between two cuts carries the active marks in their original order
    n = len(text)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for k, (s, e, *_) in enumerate(marks):
        s, e = max(0, min(n, s)), max(0, min(n, e))
        if s < e:
            starts.setdefault(s, []).append(k)
            ends.setdefault(e, []).append(k)
    points = sorted({0, n, *starts, *ends})
    active: set[int] = set()
    out: list[dict[str, Any]] = []
    for a, b in zip(points, points[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        classes: list[str] = []
        atts: list[str] = []
        tips: list[str] = []
        for k in sorted(active):
            _, _, cls, att, tip = marks[k]
            if cls not in classes:
                classes.append(cls)
            if att and att not in atts:
                atts.append(att)
            if tip not in tips:
                tips.append(tip)
        classes.sort(key=_CLASS_ORDER.index)
        out.append(
            {
                "text": text[a:b],
                "classes": " ".join(classes),
                "atts": " ".join(atts),
                "title": "\n".join(tips),
            }
        )
    return out


def render_article_html(report: dict[str, Any]) -> str:
    meta = report.get("metadata") or {}
    return (
        environment()
        .get_template("article.html.j2")
        .render(
            r=report,
            meta=meta,
            title=meta.get("title") or report["id"],
            segments=segments(report),
            voice=report.get("voice") or {},
            read=report.get("readability") or {},
            summary=report.get("attribution_summary") or {},
        )
    )


def render_index_html(summary: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    return environment().get_template("index.html.j2").render(s=summary, rows=rows)
