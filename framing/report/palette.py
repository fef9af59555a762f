"""The colours of the HTML pages' charts: colour-blind-safe (Okabe-Ito for the two voices,
Paul Tol's dark and muted sets for speaker types), each with a contrast ratio of at least 3:1
(WCAG 2 non-text contrast) against the bar track they are drawn on."""

from __future__ import annotations

#: the background of a bar (the share not drawn); bars also get a thin outline
TRACK = "#ffffff"
#: the two voices: narrator (Okabe-Ito blue) and attributed (Okabe-Ito vermillion)
NARRATOR = "#0072b2"
ATTRIBUTED = "#d55e00"
#: boilerplate bars and distinctive-term bars
BOILERPLATE = "#6e7781"
TERM = "#aa3377"

#: speaker types in the order of resources/speaker_types.yaml, then the catch-alls; none
#: reuses a voice colour
TYPE_COLOURS = {
    "politician": "#882255",
    "government": "#117733",
    "military": "#332288",
    "party": "#aa4499",
    "ngo": "#1f7a6d",
    "expert": "#7a7a1f",
    "media": "#c0475b",
    "citizen": "#8a5a2b",
    "document": "#4d6a99",
    "anonymous": "#222222",
    "person": "#5b3a8c",
    "other": "#5c5c5c",
    "unknown": "#7d7d7d",
    "no source": "#949494",
}
SPARE_COLOURS = ["#2d5d8a", "#8f4f00", "#a0285f", "#44663a", "#6b4a7a", "#006e6e"]


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 (same) to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def chart_colours() -> dict[str, str]:
    """Every colour a chart mark may take, by name."""
    out = {"narrator": NARRATOR, "attributed": ATTRIBUTED, "boilerplate": BOILERPLATE}
    out["term"] = TERM
    out.update(TYPE_COLOURS)
    out.update({f"spare {i}": c for i, c in enumerate(SPARE_COLOURS)})
    return out
