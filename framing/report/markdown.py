"""Per-article Markdown report: figures, speakers, attributions, excluded and boilerplate text."""

from __future__ import annotations

from typing import Any


def _cell(value: Any, limit: int | None = None) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _pct(x: Any) -> str:
    return f"{100 * x:.0f}%" if isinstance(x, int | float) else "–"


def _num(x: Any, digits: int = 1) -> str:
    return f"{x:.{digits}f}" if isinstance(x, int | float) else "–"


def render_markdown(report: dict[str, Any]) -> str:
    meta = report.get("metadata") or {}
    voice = report.get("voice") or {}
    read = report.get("readability") or {}
    atts = report.get("attributions") or []
    speakers = report.get("speakers") or []
    title = meta.get("title") or report["id"]
    out = [f"# {_cell(title)}", ""]
    facts = [
        ("Article", f"`{report['id']}`"),
        ("Outlet", _cell(report.get("outlet"))),
        ("Date", _cell(meta.get("date")) or "–"),
        ("Source file", f"`{report.get('source_path')}`"),
    ]
    if report.get("row") is not None:
        facts.append(("Row", str(report["row"])))
    for key in ("dateline", "byline", "credits"):
        if meta.get(key):
            facts.append((key.capitalize(), _cell(meta[key])))
    out += [f"- **{k}:** {v}" for k, v in facts]
    whole = voice.get("with_boilerplate")
    with_boilerplate = (
        [
            f"| boilerplate | {voice.get('boilerplate')} (with it: {whole.get('words', 0)} words, "
            f"{_pct(whole.get('attributed_share'))} attributed) |"
        ]  # fmt: skip
        if whole
        else []
    )
    out += [
        "",
        "## Figures",
        "",
        "| figure | value |",
        "|---|---|",
        f"| words (body) | {voice.get('words', 0)} |",
        f"| attributed share | {_pct(voice.get('attributed_share'))} |",
        f"| narrator share | {_pct(voice.get('narrator_share'))} |",
        *with_boilerplate,
        f"| attributions | {len(atts)} |",
        f"| speakers | {len(speakers)} |",
        f"| anonymous share | "
        f"{_pct((report.get('attribution_summary') or {}).get('anonymous_share'))} |",
        f"| Flesch reading ease | {_num(read.get('flesch_reading_ease'))} |",
        f"| Flesch-Kincaid grade | {_num(read.get('flesch_kincaid_grade'))} |",
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
                f"| {_cell(s.get('name'))} | {_cell(s.get('type'))} | "
                f"{_cell(s.get('affiliation'))} | {s.get('statements', 0)} | "
                f"{s.get('words', 0)} | {_cell(', '.join(s.get('mentions') or []), 120)} |"
            )
    else:
        out.append("No speakers found.")
    lexicons = report.get("lexicons") or {}
    if lexicons:
        out += ["", "## Framing vocabulary", "", "Hits per 1,000 words, by voice.", ""]
        out += [
            "| lexicon | category | narrator /1k | attributed /1k "
            "| narrator hits | attributed hits |",
            "|---|---|---|---|---|---|",
        ]
        for name, block in sorted(lexicons.items()):
            for cat, c in block["categories"].items():
                if c["hits"]:
                    out.append(
                        f"| {_cell(name)} | {_cell(cat)} | {_num(c['per_1k_narrator'])} | "
                        f"{_num(c['per_1k_attributed'])} | {c['narrator_hits']} | "
                        f"{c['attributed_hits']} |"
                    )
    out += ["", "## Attributions", ""]
    if atts:
        out += ["| id | kind | speaker | source | cue | content |", "|---|---|---|---|---|---|"]
        for a in atts:
            sp = a.get("speaker") or {}
            out.append(
                f"| {a.get('id')} | {_cell(a.get('kind'))} | {_cell(sp.get('name'))} | "
                f"{_cell((a.get('source') or {}).get('text'), 60)} | "
                f"{_cell((a.get('cue') or {}).get('text'), 40)} | "
                f"{_cell((a.get('content') or {}).get('text'), 200)} |"
            )
    else:
        out.append("No attributions found.")
    excluded = report.get("excluded") or []
    boiler = [
        p
        for p in report.get("paragraphs") or []
        if p.get("role") == "body" and (p.get("boilerplate") or {}).get("label", "none") != "none"
    ]
    if excluded or boiler:
        out += ["", "## Kept out of the counts", ""]
        for r in excluded:
            out.append(f"- *{r['label']}*: {_cell(r['text'], 200)}")
        for p in boiler:
            out.append(f"- *{p['boilerplate']['label']}*: {_cell(p['span']['text'], 200)}")
    out += [
        "",
        "---",
        f"framing {report.get('framing_version')} · schema {report.get('schema_version')} · "
        f"attribution {((report.get('model') or {}).get('attribution'))}",
        "",
    ]
    return "\n".join(out)
