"""Per-article Markdown report: figures, speakers, attributions, excluded and boilerplate text.

Every value from an article (title, outlet, date, speaker names, quoted text, paths) is
untrusted: a CommonMark renderer that allows raw HTML (markdown-it-py's default, GitHub's
before its sanitizer) would run a ``<script>`` or an ``<img onerror>`` written into the page.
So text is written with ``&``, ``<`` and ``>`` as entities (a renderer shows them as the
characters; no tag, autolink or entity from the article survives), ``[``, ``]`` and backticks
backslash-escaped (no link, image or code span can open), ``|`` escaped for the tables, and
whitespace (line breaks included) collapsed, so a value never leaves its line. Ids and paths
are code spans fenced by more backticks than they hold.
"""

from __future__ import annotations

import re
from typing import Any

from framing.schema import Report

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "|": "\\|", "[": "\\[",
            "]": "\\]", "`": "\\`"}  # fmt: skip
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_TICKS = re.compile("`+")


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)


def _cell(value: Any, limit: int | None = None) -> str:
    """A value as Markdown inline text, safe in a table cell: whitespace collapsed, cut to
    ``limit`` characters, HTML and Markdown syntax escaped."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _escape(text)


def _code(value: Any) -> str:
    """A value as a code span (whose content a renderer shows as text): fenced by one more
    backtick than its longest run, padded when it starts or ends with one."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    if text[:1] in ("`", " ") or text[-1:] in ("`", " "):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def _pct(x: Any) -> str:
    return f"{100 * x:.0f}%" if isinstance(x, int | float) else "–"


def _num(x: Any, digits: int = 1) -> str:
    return f"{x:.{digits}f}" if isinstance(x, int | float) else "–"


def render_markdown(report: Report) -> str:
    meta = report.metadata
    voice = report.voice
    read = report.readability.scores
    atts = report.attributions
    speakers = report.speakers
    found = report.title.text if report.title is not None else None
    title = meta.get("title") or found or report.id
    out = [f"# {_cell(title)}", ""]
    facts = [
        ("Article", _code(report.id)),
        ("Outlet", _cell(report.outlet)),
        ("Date", _cell(meta.get("date")) or "–"),
        ("Source file", _code(report.source_path)),
    ]
    if report.row is not None:
        facts.append(("Row", str(report.row)))
    for key in ("author", "url", "dateline", "byline", "credits"):
        if meta.get(key):
            facts.append(("URL" if key == "url" else key.capitalize(), _cell(meta[key])))
    out += [f"- **{k}:** {v}" for k, v in facts]
    whole = voice.with_boilerplate
    out += [
        "",
        "## Figures",
        "",
        "| figure | value |",
        "|---|---|",
        f"| words (body) | {voice.counts.words} |",
        f"| attributed share | {_pct(voice.counts.attributed_share)} |",
        f"| narrator share | {_pct(voice.counts.narrator_share)} |",
        f"| boilerplate | {voice.boilerplate} (with it: {whole.words} words, "
        f"{_pct(whole.attributed_share)} attributed) |",
        f"| syndicated | {_syndicated(report)} |",
        f"| attributions | {len(atts)} |",
        f"| speakers | {len(speakers)} |",
        f"| anonymous share | {_pct(report.attribution_summary.anonymous_share)} |",
        f"| Flesch reading ease | {_num(read.flesch_reading_ease)} |",
        f"| Flesch-Kincaid grade | {_num(read.flesch_kincaid_grade)} |",
        "",
        "## Speakers",
        "",
    ]
    if speakers:
        out += [
            "| speaker | type | affiliation | statements | words | mentions |",
            "|---|---|---|---|---|---|",
        ]
        for s in speakers:
            out.append(
                f"| {_cell(s.name)} | {_cell(s.type)} | {_cell(s.affiliation)} | "
                f"{s.statements} | {s.words} | {_cell(', '.join(s.mentions), 120)} |"
            )
    else:
        out.append("No speakers found.")
    if report.lexicons:
        out += ["", "## Framing vocabulary", "", "Hits per 1,000 words, by voice.", ""]
        out += [
            "| lexicon | category | narrator /1k | attributed /1k "
            "| narrator hits | attributed hits |",
            "|---|---|---|---|---|---|",
        ]
        for name, block in sorted(report.lexicons.items()):
            for cat, scores in sorted(block.categories.items()):
                c = scores.counts
                if c.hits:
                    out.append(
                        f"| {_cell(name)} | {_cell(cat)} | {_num(c.per_1k_narrator)} | "
                        f"{_num(c.per_1k_attributed)} | {c.narrator_hits} | "
                        f"{c.attributed_hits} |"
                    )
    out += ["", "## Attributions", ""]
    if atts:
        out += ["| id | kind | speaker | source | cue | content |", "|---|---|---|---|---|---|"]
        for a in atts:
            out.append(
                f"| {_cell(a.id)} | {_cell(' · '.join([a.kind, *a.flags]))} | "
                f"{_cell(a.speaker.name if a.speaker else None)} | "
                f"{_cell(a.source.text if a.source else None, 60)} | "
                f"{_cell(a.cue.text, 40)} | "
                f"{_cell(a.content.text, 200)} |"
            )
    else:
        out.append("No attributions found.")
    boiler = [p for p in report.paragraphs if p.role == "body" and p.boilerplate.label != "none"]
    if report.excluded or boiler:
        out += ["", "## Kept out of the counts", ""]
        for r in report.excluded:
            out.append(f"- *{_cell(r.label)}*: {_cell(r.text, 200)}")
        for p in boiler:
            why = f" ({p.boilerplate.reason})" if p.boilerplate.reason else ""
            out.append(f"- *{_cell(p.boilerplate.label + why)}*: {_cell(p.span.text, 200)}")
    out += [
        "",
        "---",
        f"framing {report.framing_version} · schema {report.schema_version} · "
        f"attribution {report.model.attribution}",  # framing's own, not the article's
        "",
    ]
    return "\n".join(out)


def _syndicated(report: Report) -> str:
    """The syndicated block in a table cell: ``no``, or source, share and evidence."""
    syn = report.syndicated
    if syn is None:
        return "no"
    how = {"credit": "credited", "shared": "shared", "both": "credited and shared"}[syn.evidence]
    parts = [f"{_cell(syn.source)}, {_pct(syn.share)} of the body ({how}"]
    if syn.credit is not None:
        parts.append(f": {syn.credit.kind} {_code(syn.credit.span.text)}")
    if syn.shared_with:
        parts.append(f"; shared with {_cell(', '.join(syn.shared_with))}")
    return "".join(parts) + ")"
