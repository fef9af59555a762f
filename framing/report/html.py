"""HTML reports: one self-contained page per article, and the corpus index.

Jinja2 templates with autoescaping; the article text is cut into segments in Python at every
span boundary and handed to the template as plain strings, so every character of it is
escaped. No script, style or font is fetched from the network. The one script, inline and
the same on every page (``pages.js.j2``: sorting, filtering and paging the tables, a tapped
mark's tooltip), is allowed by its hash in the page's Content-Security-Policy; every page reads
in full without it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from framing.report import palette
from framing.schema import Attribution, Report, to_json


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
    script = page_script(env)
    env.globals["page_script"] = Markup(script)
    env.globals["csp"] = csp(script)
    env.globals["colours"] = palette
    return env


def page_script(env: Environment) -> str:
    """The inline script every page carries, as written in ``pages.js.j2``."""
    assert env.loader is not None
    return env.loader.get_source(env, "pages.js.j2")[0]


def csp(script: str) -> str:
    """The pages' Content-Security-Policy: nothing fetched, inline style, and only ``script``
    (by its SHA-256) run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'"
    )


# the order of a piece's classes: its greying first, then the attribution roles
_CLASS_ORDER = ["headline", "excluded", "boilerplate", "content", "source", "cue", "lex"]


#: a highlighted stretch of text: start, end, class, attribution id, tooltip
Mark = tuple[int, int, str, str | None, str]


def segments(report: Report) -> list[dict[str, Any]]:
    """The article text cut at every span boundary; each piece with its classes, the
    attributions it belongs to and a tooltip."""
    return cut(report.text, report_marks(report))


def attribution_marks(attributions: Iterable[Attribution]) -> list[Mark]:
    """The source, cue and content fragments of each attribution, with its tooltip."""
    marks: list[Mark] = []
    for a in attributions:
        sp = a.speaker
        who = (sp.name if sp else None) or (a.source.text if a.source else None)
        tip = f"{a.id}: {who or 'unknown source'}"
        if sp is not None and sp.type:
            tip += f" ({sp.type})"
        if a.flags:
            tip += f" [{', '.join(a.flags)}]"
        for role, span in (("source", a.source), ("cue", a.cue), ("content", a.content)):
            if span is None:
                continue
            for s, e in span.spans or ((span.start, span.end),):
                marks.append((s, e, role, a.id, f"{tip} · {role} · {a.kind}"))
    return marks


def report_marks(report: Report) -> list[Mark]:
    """Every mark of a report: attributions, the title and parts kept out, lexicon hits,
    boilerplate paragraphs."""
    marks = attribution_marks(report.attributions)
    for r in report.excluded:
        if r.label == "title":
            marks.append((r.start, r.end, "headline", None, "title: kept out of the counts"))
        else:
            marks.append((r.start, r.end, "excluded", None, f"kept out: {r.label}"))
    for name, block in sorted(report.lexicons.items()):
        for h in block.hits:
            tip = f"lexicon {name}: {h.category} ({h.term}, {h.voice} voice)"
            marks.append((h.start, h.end, "lex", None, tip))
    for p in report.paragraphs:
        label, reason = p.boilerplate.label, p.boilerplate.reason
        if p.role == "body" and label != "none":
            tip = f"boilerplate: {label}" + (f" ({reason})" if reason else "")
            marks.append((p.span.start, p.span.end, "boilerplate", None, tip))
    return marks


def cut(text: str, marks: list[Mark]) -> list[dict[str, Any]]:
    """``text`` cut at every mark's boundaries: pieces with their classes, attribution ids,
    tooltips, and whether a piece starts an attribution right after another one's piece."""
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
    before: list[str] = []  # the previous piece's attributions
    seen: set[str] = set()  # every attribution met so far
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
                # an attribution's first piece, right after another one's: drawn with a gap
                "first": bool(before) and any(x not in seen for x in atts),
            }
        )
        before = atts
        seen.update(atts)
    return out


def page_title(report: Report) -> str:
    """The article's title for a page's heading: the input's ``title`` metadata, else the
    title found at the top of the text, else the article's id."""
    found = " ".join(report.title.text.split()) if report.title is not None else ""
    return str(report.metadata.get("title") or found or report.id)


def render_article_html(report: Report) -> str:
    """The article page. The template reads the report's JSON form (the documented
    contract), with every mapping iterated in sorted order."""
    data = to_json(report)
    return (
        environment()
        .get_template("article.html.j2")
        .render(
            r=data,
            meta=data["metadata"],
            title=page_title(report),
            segments=segments(report),
            voice=data["voice"],
            read=data["readability"],
            summary=data["attribution_summary"],
        )
    )


def outlet_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per outlet, from the article rows: articles, words and the attributed share of its
    words."""
    acc: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = str(row.get("outlet"))
        o = acc.setdefault(name, {"name": name, "articles": 0, "words": 0, "attributed_words": 0.0})
        words = row.get("words") or 0
        o["articles"] += 1
        o["words"] += words
        o["attributed_words"] += words * (row.get("attributed_share") or 0.0)
    for o in acc.values():
        o["attributed_share"] = o["attributed_words"] / o["words"] if o["words"] else 0.0
    return [acc[k] for k in sorted(acc)]


#: the corpus tables the index links to, when the summary does not list them
_TABLES = ("articles", "attributions", "paragraphs", "speakers", "lexicon_scores", "lexicon_hits",
           "boilerplate")  # fmt: skip


def render_index_html(summary: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The corpus page; its links name the tables the run wrote (``summary.outputs.tables``:
    ``articles.csv`` or ``articles.parquet``)."""
    named = (summary.get("outputs") or {}).get("tables") or [f"{n}.csv" for n in _TABLES]
    files = {name.rsplit(".", 1)[0]: name for name in named}
    tables = {"parquet": any(n.endswith(".parquet") for n in files.values()), **files}
    return (
        environment()
        .get_template("index.html.j2")
        .render(s=summary, rows=rows, outlets=outlet_rows(rows), t=tables)
    )


def type_colours(types: list[str]) -> dict[str, str]:
    """A colour per speaker type (:mod:`framing.report.palette`); types it does not name take
    the spare colours in turn."""
    spare = iter(palette.SPARE_COLOURS * (1 + len(types) // len(palette.SPARE_COLOURS)))
    return {t: palette.TYPE_COLOURS.get(t) or next(spare) for t in types}


def _stack(parts: list[tuple[str, float, str]]) -> list[dict[str, Any]]:
    """Segments of a 100%-wide stacked bar: label, share, colour, x offset (percent)."""
    out, x = [], 0.0
    for label, share, colour in parts:
        w = max(0.0, 100 * share)
        if w > 0:
            out.append({"label": label, "share": share, "colour": colour, "x": x, "w": w})
            x += w
    return out


def compare_charts(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the compare page draws, as plain numbers (bar offsets and widths in
    percent of the chart width), computed here so the template only lays it out."""
    groups = data["outlets"]
    colours = type_colours(data["speaker_types"])
    boiler_max = max((g["boilerplate_share"] for g in groups), default=0.0) or 1.0
    voice = [
        {
            "name": g["name"],
            "bars": _stack(
                [
                    ("narrator", g["narrator_share"], palette.NARRATOR),
                    ("attributed", g["attributed_share"], palette.ATTRIBUTED),
                ]
            ),
            "boiler_w": 100 * g["boilerplate_share"] / boiler_max,
            "g": g,
        }
        for g in groups
    ]
    types = [
        {
            "name": g["name"],
            "bars": _stack([(t, v["share"], colours[t]) for t, v in g["speaker_types"].items()]),
            "g": g,
        }
        for g in groups
    ]
    cats: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for g in groups:
        for lx, cs in g["lexicons"].items():
            for c, v in cs.items():
                cats.setdefault((lx, c), []).append({"name": g["name"], **v})
    lexicons = []
    for (lx, c), rows in sorted(cats.items()):
        top = max(max(r["narrator"], r["attributed"]) for r in rows)
        if top <= 0:
            continue
        for r in rows:
            r["nw"] = 100 * r["narrator"] / top
            r["aw"] = 100 * r["attributed"] / top
        lexicons.append({"lexicon": lx, "category": c, "rows": rows, "max": top})
    terms = []
    for g in groups:
        zmax = max((t["z"] for t in g["distinctive_terms"]), default=0.0) or 1.0
        terms.append(
            {
                "name": g["name"],
                "note": g["note"],
                "words": g["distinctive_words"],
                "terms": [{**t, "w": 100 * t["z"] / zmax} for t in g["distinctive_terms"]],
            }
        )
    speakers = [
        {
            "name": g["name"],
            "speakers": sorted(g["speakers"].items(), key=lambda kv: kv[1]["rank"]),
        }
        for g in groups
    ]
    top = {s["name"]: (s["speakers"][0] if s["speakers"] else None) for s in speakers}
    return {
        "top": top,
        "voice": voice,
        "types": types,
        "colours": colours,
        "lexicons": lexicons,
        "terms": terms,
        "speakers": speakers,
    }


def render_compare_html(data: dict[str, Any], index_href: str | None = None) -> str:
    return (
        environment()
        .get_template("compare.html.j2")
        .render(d=data, c=compare_charts(data), index_href=index_href)
    )
