"""framing: source attribution and framing analysis of news.

The Python API (each name is imported on first use, so ``import framing`` loads neither
spaCy nor numpy)::

    import framing

    report = framing.analyze_text("The ministry said the talks failed.")  # a typed Report
    for report in framing.analyze(["corpus/", "Officials said ..."]):  # paths, texts, Articles
        ...
    tables = framing.load("results/")  # an analyze output folder as pandas DataFrames
    html = framing.render(report)  # sources, cues, contents highlighted (shown in Jupyter)

and the spaCy component ``nlp.add_pipe("framing_attribution")`` (:mod:`framing.component`).
"""

from __future__ import annotations

import importlib

__version__ = "0.4.0"
SCHEMA_VERSION = "1.2"

#: public name -> (module, attribute); ``None``: the module itself (``framing.analyze`` is
#: the module :mod:`framing.analyze`, and calling it calls ``framing.analyze.iter_reports``)
_LAZY: dict[str, tuple[str, str | None]] = {
    "analyze": ("framing.analyze", None),
    "analyze_text": ("framing.analyze", "analyze_text"),
    "load": ("framing.corpus.load", "load"),
    "Tables": ("framing.corpus.load", "Tables"),
    "render": ("framing.report.notebook", "render"),
    "Report": ("framing.schema", "Report"),
    "Article": ("framing.schema", "Article"),
}

__all__ = ["SCHEMA_VERSION", "__version__", *_LAZY]


def __getattr__(name: str) -> object:
    # imported by name (importlib), not by an import statement: the package root re-exports
    # the top layers' API without making the lower layers (which read SCHEMA_VERSION from
    # here) depend on them
    if name not in _LAZY:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    module, attr = _LAZY[name]
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
