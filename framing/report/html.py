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
import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

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
        "uncertainty": uncertainty_tables(groups),
        "other_figures": other_figures(groups),
        "strips": article_strips(groups),
        "top": top,
        "voice": voice,
        "types": types,
        "colours": colours,
        "lexicons": lexicons,
        "terms": terms,
        "speakers": speakers,
    }


#: links to articles shown per list (a group's articles, a speaker's, a type's); the rest
#: are counted, and the analysis's index.html lists them all
ARTICLE_LINKS = 25
PAIR_COLOURS = ("#4477aa", "#cc6677")  # group 1, group 2 (Tol's colour-blind-safe palette)


KWIC_SIDE = 100  # characters of a context line shown each side of the term on the page


def clip_line(line: dict[str, Any], side: int = KWIC_SIDE) -> dict[str, Any]:
    """A keyword-in-context line with its left and right text cut to about ``side``
    characters, at whitespace, with ``…`` where cut (``compare.json`` keeps the sentence)."""
    left, right = line["left"], line["right"]
    if len(left) > side:
        cut = left.find(" ", len(left) - side)
        left = "… " + left[cut + 1 :] if cut != -1 else left
    if len(right) > side:
        cut = right.rfind(" ", 0, side)
        right = right[:cut] + " …" if cut > 0 else right
    return {**line, "left": left, "right": right}


def article_href(base: str | None, report_html: str | None) -> str | None:
    """The link from the compare page to an article's HTML report: ``base`` (the analysis
    folder relative to the page, posix) joined with the report's path in it, each path
    segment URL-quoted (an id may hold ``#``, ``?`` or ``%``)."""
    if report_html is None:
        return None
    parts = [p for p in (base or ".").split("/") if p not in ("", ".")]
    parts += report_html.split("/")
    return "/".join(quote(p) for p in parts)


def trace_links(data: dict[str, Any], base: str | None) -> dict[str, Any]:
    """The compare page's traceability: per article its link and label, and the article
    lists (a group's, a speaker's, a speaker type's) with their anchors, and the anchors of
    the keyword-in-context lists (``kw-t``: distinctive terms, ``kw-l``: lexicon categories,
    ``kw-p``: the two-group chart's labelled terms)."""
    index = data.get("article_index") or {}
    arts = {
        aid: {
            "href": article_href(base, a.get("report_html")),
            "label": a.get("title") or aid,
            "date": a.get("date"),
            "group": a.get("group"),
        }
        for aid, a in index.items()
    }
    types = data["speaker_types"]
    lists = []
    for gi, g in enumerate(data["outlets"]):
        lists.append({"id": f"arts-g{gi}", "what": f"{g['name']}: its articles",
                      "ids": g.get("article_ids", [])})  # fmt: skip
        ranked = sorted(g["speakers"].items(), key=lambda kv: kv[1]["rank"])
        for si, (name, sp) in enumerate(ranked):
            lists.append({"id": f"arts-s{gi}-{si}", "what": f"{g['name']}: articles quoting "
                          f"{name}", "ids": sp.get("article_ids", [])})  # fmt: skip
        for t, v in g["speaker_types"].items():
            what = f"{g['name']}: articles with {t} attributions"
            ids = v.get("article_ids", [])
            lists.append({"id": f"arts-y{gi}-{types.index(t)}", "what": what, "ids": ids})
    for x in lists:
        x["shown"] = [aid for aid in x["ids"][:ARTICLE_LINKS] if aid in arts]
        x["more"] = len(x["ids"]) - len(x["shown"])
    kwic = []
    for gi, g in enumerate(data["outlets"]):
        for ti, t in enumerate(g["distinctive_terms"]):
            if t.get("kwic"):
                kwic.append({"id": f"kw-t{gi}-{ti}", "term": t["term"], "group": g["name"],
                             "back": "terms", "voice": "narrator", **t["kwic"]})  # fmt: skip
    return {"articles": arts, "lists": lists, "kwic": kwic, "max_links": ARTICLE_LINKS}


def _lexicon_kwic(data: dict[str, Any], lexicons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The keyword-in-context lists of the lexicon cards' rows (anchors ``kw-lCARD-ROW``)."""
    by_name = {g["name"]: g for g in data["outlets"]}
    out = []
    for ci, cat in enumerate(lexicons):
        for ri, r in enumerate(cat["rows"]):
            v = by_name[r["name"]]["lexicons"][cat["lexicon"]][cat["category"]]
            if v.get("kwic") and v["kwic"]["occurrences"]:
                r["kwic_id"] = f"kw-l{ci}-{ri}"
                out.append({"id": r["kwic_id"], "term": f"{cat['lexicon']}: {cat['category']}",
                            "group": r["name"], "back": "lexicons", "voice": None,
                            **v["kwic"]})  # fmt: skip
    return out


def _log_axis(lo: float, hi: float, size: float) -> tuple[Any, list[tuple[float, str]]]:
    """A log10 scale from the decade at or below ``lo`` to the one at or above ``hi`` onto
    ``[0, size]``, and its ticks (position, label) at each decade."""
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    b = max(b, a + 1)

    def pos(x: float) -> float:
        return size * (math.log10(x) - a) / (b - a)

    ticks = [(pos(10.0**k), f"{10.0**k:g}") for k in range(a, b + 1)]
    return pos, ticks


def _label_spot(
    x: float,
    y: float,
    w: float,
    placed: list[tuple[float, float, float, float]],
    width: float,
    height: float,
    h: float = 11.0,
) -> tuple[float, float] | None:
    """Where a label ``w`` wide goes next to the point ``(x, y)``: right of it, else left,
    up to five lines up or down, clear of the labels ``placed`` and inside the chart; ``None``
    when no spot is free (the point keeps its link and the list under the chart names it)."""
    for dy in (0, -h, h, -2 * h, 2 * h, -3 * h, 3 * h, -4 * h, 4 * h, -5 * h, 5 * h):
        for lx in (x + 5, x - 5 - w):
            ly = y + 3 + dy
            box = (lx, ly - h + 2, lx + w, ly + 2)
            if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                continue
            if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]
                   for b in placed):  # fmt: skip
                continue
            placed.append(box)
            return lx, ly
    return None


def pair_charts(pair: dict[str, Any]) -> list[dict[str, Any]]:
    """The two-group scatter charts, one per voice, as SVG coordinates: x = frequency per 10k
    words in group 1, y = in group 2, log scales; a term absent from a group sits on the
    "0" line left of or below the axes. Labelled terms carry the anchor of their
    keyword-in-context list (``kw-pVOICE-TERM``) and a label placed clear of earlier ones
    where it can be."""
    size, margin, gutter = 560.0, 64.0, 22.0
    charts = []
    for vi, (voice, block) in enumerate(
        sorted(pair["voices"].items(), key=lambda kv: kv[0] != "narrator")
    ):
        terms = block["terms"]
        rates = [r for t in terms for r in t["per_10k"] if r > 0]
        lo, hi = (min(rates), max(rates)) if rates else (1.0, 10.0)
        pos, ticks = _log_axis(lo, hi, size)
        points, labels, kwic = [], [], []
        width, height = size + 2 * margin + 120, size + 2 * margin
        tick_y = margin + size + gutter + 18  # the x axis's tick labels, below the 0 line
        # labels keep clear of the tick labels
        placed = [(margin + at - 14, tick_y - 10, margin + at + 14, tick_y + 2) for at, _ in ticks]
        placed += [(margin - 50, margin + size - at - 8, margin - 8, margin + size - at + 6)
                   for at, _ in ticks]  # fmt: skip
        # the labelled terms are placed most distinctive first
        order = sorted(range(len(terms)), key=lambda i: (-abs(terms[i]["z"]), terms[i]["term"]))
        for ti in order:
            t = terms[ti]
            xa, ya = t["per_10k"]
            x = margin + (pos(xa) if xa > 0 else -gutter)
            y = margin + size - (pos(ya) if ya > 0 else -gutter)
            colour = PAIR_COLOURS[0] if t["z"] > 0 else PAIR_COLOURS[1]
            clear = abs(t["z"]) >= 1.96
            p = {"x": x, "y": y, "colour": colour, "clear": clear, "t": t, "href": None}
            if t.get("label"):
                base = f"kw-p{vi}-{ti}"
                p["href"] = f"{base}-0"  # the first group's list; the second one's follows
                spot = _label_spot(x, y, 6.8 * len(t["term"]), placed, width, height)
                if spot is not None:
                    labels.append({"x": spot[0], "y": spot[1], "text": t["term"],
                                   "href": p["href"], "colour": colour})  # fmt: skip
                for k, name in enumerate(pair["groups"]):
                    kwic.append({"id": f"{base}-{k}", "term": t["term"], "group": name,
                                 "back": "pair", "voice": voice, **t["kwic"][k]})  # fmt: skip
            points.append(p)
        points.sort(key=lambda p: p["href"] is not None)  # labelled points drawn last
        charts.append(
            {
                "voice": voice,
                "id": f"pv-{vi}",
                "size": size,
                "margin": margin,
                "width": width,
                "height": height,
                "ticks": [
                    {"at": at, "x": margin + at, "y": margin + size - at, "label": lab}
                    for at, lab in ticks
                ],  # fmt: skip
                "tick_y": tick_y,
                "zero_x": margin - gutter,
                "zero_y": margin + size + gutter,
                "points": points,
                "labels": labels,
                "words": block["words"],
                "kwic": kwic,
                "labelled": sorted(
                    (p for p in points if p["href"]),
                    key=lambda p: (-abs(p["t"]["z"]), p["t"]["term"]),
                ),
            }
        )
    return charts


#: the figures the compare page shows with intervals, tests and article means: key, title, rate
MAIN_FIGURES = [
    ("attributed_share", "Attributed share of words", False),
    ("boilerplate_share", "Boilerplate share of body words", False),
    ("attributions_per_1k_words", "Attributions per 1,000 words", True),
    ("anonymous_share", "Anonymous share of attributions", False),
]
_STRIPS = [
    ("attributed_share", "Attributed share of each article's words", False),
    ("attributions_per_1k_words", "Attributions per 1,000 words of each article", True),
]


def shown_figure(x: float | None, rate: bool) -> str:
    """A share as a percent with one decimal, a rate with one decimal; a dash for none."""
    if x is None:
        return "–"
    return f"{x:.1f}" if rate else f"{100 * x:.1f}%"


def shown_interval(low: float | None, high: float | None, rate: bool) -> str:
    if low is None or high is None:
        return ""
    return f"{shown_figure(low, rate)}–{shown_figure(high, rate)}"


def _counts_text(key: str, u: dict[str, Any]) -> str:
    what = {
        "attributed_share": ("attributed words", "words"),
        "narrator_share": ("narrator words", "words"),
        "boilerplate_share": ("boilerplate words", "body words"),
        "attributions_per_1k_words": ("attributions", "words"),
        "anonymous_share": ("anonymous", "attributions"),
    }.get(key, ("hits", "words"))
    return f"{u['numerator']:,} {what[0]} / {u['denominator']:,} {what[1]}"


def uncertainty_tables(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each main figure, one row per group: the word-weighted figure with its interval
    (and their positions on a shared scale, percent of the chart width), the article mean
    with its interval, the counts and the test against the rest."""
    tables = []
    for key, title, rate in MAIN_FIGURES:
        us = [(g["name"], (g.get("uncertainty") or {}).get(key)) for g in groups]
        if not any(u for _, u in us):
            continue
        top = (
            max(
                (
                    x
                    for _, u in us
                    if u
                    for x in (u["high"], u["article_mean_high"], u["value"])
                    if x
                ),
                default=0.0,
            )
            or 1.0
        )

        def pos(x: float | None, top: float = top) -> float | None:
            return None if x is None else 100 * x / top

        rows = []
        for name, u in us:
            if not u:
                continue
            rows.append(
                {
                    "name": name,
                    "u": u,
                    "value": shown_figure(u["value"], rate),
                    "interval": shown_interval(u["low"], u["high"], rate),
                    "mean": shown_figure(u["article_mean"], rate),
                    "mean_interval": shown_interval(
                        u["article_mean_low"], u["article_mean_high"], rate
                    ),
                    "counts": _counts_text(key, u),
                    "x": pos(u["value"]),
                    "x_lo": pos(u["low"]),
                    "x_hi": pos(u["high"]),
                    "m": pos(u["article_mean"]),
                    "m_lo": pos(u["article_mean_low"]),
                    "m_hi": pos(u["article_mean_high"]),
                    "clear_difference": u["p_value"] is not None and u["p_value"] < 0.05,
                }
            )
        scale = shown_figure(top, rate)
        tables.append({"key": key, "title": title, "rows": rows, "scale": scale})
    return tables


def other_figures(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The other shares and rates (speaker types, lexicon categories by voice): one row per
    figure, one cell per group with its value, interval and marker."""
    main = {k for k, _, _ in MAIN_FIGURES} | {"narrator_share"}
    keys = sorted({k for g in groups for k in (g.get("uncertainty") or {})} - main)
    rows = []
    for key in keys:
        rate = key.startswith("lexicons.")
        cells = []
        for g in groups:
            u = (g.get("uncertainty") or {}).get(key)
            if u is None:
                cells.append(None)
                continue
            cells.append(
                {
                    "value": shown_figure(u["value"], rate),
                    "interval": shown_interval(u["low"], u["high"], rate),
                    "counts": f"{u['numerator']:,} / {u['denominator']:,}",
                    "numerator": u["numerator"],
                    "marker": u["marker"],
                    "clear_difference": u["p_value"] is not None and u["p_value"] < 0.05,
                    "higher": (u["difference"] or 0) > 0,
                }
            )
        if all(c is None or c["numerator"] == 0 for c in cells):
            continue  # nothing counted anywhere (a lexicon category without a hit)
        rows.append({"key": key, "label": key.split(".", 1)[1], "cells": cells})
    return rows


def article_strips(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dot strips: one dot per article at its own figure (x in a 400-wide view box), its
    radius growing with the square root of its words, and ticks at the group's word-weighted
    figure and article mean."""
    strips = []
    most = max((a["words"] for g in groups for a in g.get("article_figures", [])), default=1) or 1
    for key, title, rate in _STRIPS:
        top = (
            max(
                (
                    a[key]
                    for g in groups
                    for a in g.get("article_figures", [])
                    if a[key] is not None
                ),
                default=0.0,
            )
            or 1.0
        )
        rows = []
        for g in groups:
            u = (g.get("uncertainty") or {}).get(key) or {}

            def x(v: float | None, top: float = top) -> float | None:
                return None if v is None else 8 + 384 * v / top

            dots = [
                {
                    "x": x(a[key]),
                    "r": 2 + 6 * (a["words"] / most) ** 0.5,
                    "tip": f"{a['id']}: {shown_figure(a[key], rate)}, {a['words']:,} words",
                }
                for a in g.get("article_figures", [])
                if a[key] is not None
            ]
            rows.append(
                {
                    "name": g["name"],
                    "dots": dots,
                    "value_x": x(u.get("value")),
                    "mean_x": x(u.get("article_mean")),
                    "value": shown_figure(u.get("value"), rate),
                    "mean": shown_figure(u.get("article_mean"), rate),
                }
            )
        strips.append({"key": key, "title": title, "rows": rows, "scale": shown_figure(top, rate)})
    return strips


def render_compare_html(
    data: dict[str, Any], index_href: str | None = None, analysis_href: str | None = None
) -> str:
    """The compare page; ``analysis_href``: the analysis folder relative to the page (posix),
    for the links to the article reports (the page's own folder when not given)."""
    charts = compare_charts(data)
    trace = trace_links(data, analysis_href)
    trace["kwic"] += _lexicon_kwic(data, charts["lexicons"])
    pair = pair_charts(data["pair"]) if data.get("pair") else None
    for chart in pair or []:
        trace["kwic"] += chart["kwic"]
    for k in trace["kwic"]:
        k["lines"] = [clip_line(line) for line in k["lines"]]
    return (
        environment()
        .get_template("compare.html.j2")
        .render(
            d=data, c=charts, index_href=index_href, tr=trace, pair=pair, pair_colours=PAIR_COLOURS
        )  # fmt: skip
    )
