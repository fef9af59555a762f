"""displaCy-style rendering for notebooks: ``framing.render(report_or_doc)``.

The text with its sources, cues and contents highlighted, as in the article pages
(:mod:`framing.report.html`: the same cutting of the text at span boundaries, the same
classes, colors and tooltips), in one ``<div>`` whose style applies only inside it (a
notebook's own styles are left alone). Jinja2 autoescaping: every character of the text is
escaped.

It takes a :class:`~framing.schema.Report` (``framing.analyze_text(...)``), or a spaCy
``Doc`` that went through the ``framing_attribution`` component (``doc._.attributions``).
As :func:`spacy.displacy.render`, it shows the markup in Jupyter (``jupyter=None``: when
running in one) and returns ``None`` there, else it returns the markup.
"""

from __future__ import annotations

from typing import Any

from framing.report.html import attribution_marks, cut, environment, page_title, report_marks
from framing.schema import Report

__all__ = ["render"]


def _in_jupyter() -> bool:
    from spacy.util import is_in_jupyter

    return bool(is_in_jupyter())


def _doc_parts(doc: Any) -> tuple[str, list[dict[str, Any]], str]:
    """The text, segments and note of a spaCy Doc carrying ``doc._.attributions``."""
    from spacy.tokens import Doc

    atts = doc._.attributions if Doc.has_extension("attributions") else None
    if atts is None:
        raise ValueError(
            "framing.render: the Doc has no doc._.attributions; run it through a pipeline "
            'with nlp.add_pipe("framing_attribution") first'
        )
    text = doc.text
    share = doc._.narrator_share
    note = f" narrator share {share:.0%}" if isinstance(share, float) else ""
    return text, cut(text, attribution_marks(a.record for a in atts)), note


def render(
    obj: Report | Any,
    *,
    jupyter: bool | None = None,
    page: bool = False,
) -> str | None:
    """HTML of a report or of a Doc (``doc._.attributions``), sources, cues and contents
    highlighted; hover a mark for its speaker, type and kind. ``page``: a whole HTML page
    rather than a fragment. ``jupyter``: show it in the notebook and return ``None``
    (default: when running in Jupyter), else return the markup."""
    if isinstance(obj, Report):
        title = page_title(obj)
        segments = cut(obj.text, report_marks(obj))
        share = obj.voice.counts.narrator_share
        note = f" narrator share {share:.0%}" if obj.voice.counts.words else ""
    elif hasattr(obj, "_") and hasattr(obj, "text") and hasattr(obj, "char_span"):
        title = ""
        _text, segments, note = _doc_parts(obj)
    else:
        raise TypeError(
            f"framing.render: expected a framing Report or a spaCy Doc, got {type(obj).__name__}"
        )
    html = (
        environment()
        .get_template("notebook.html.j2")
        .render(title=title, segments=segments, note=note, page=page)
    )
    if jupyter is None:
        jupyter = _in_jupyter()
    if jupyter:
        from IPython.display import HTML, display

        display(HTML(html))
        return None
    return html
