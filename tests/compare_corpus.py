"""A small analyze output with two fake outlets, shared by the compare and browser tests.

Outlet ``alpha``: seed 000 and two short reports on shelling and ceasefire violations;
outlet ``beta``: seed 002 and two short reports on peace talks. Rows carry a date and a
section, so grouping by month, year and a metadata field can be tested too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED_000, SEED_002

EXTRA = [
    {
        "id": "alpha-2",
        "outlet": "alpha",
        "date": "2020-10-03",
        "section": "war",
        "text": "Heavy shelling hit the frontline villages again on Saturday. The shelling "
        "destroyed houses near the frontline. Ceasefire violations continued overnight, the "
        "defense ministry said.\n\nResidents fled the frontline villages after the shelling.",
    },
    {
        "id": "alpha-3",
        "outlet": "alpha",
        "date": "2020-11-02",
        "section": "war",
        "text": "Ceasefire violations were reported along the frontline. Shelling of the "
        "frontline villages went on through the night, officials said.\n\nThe frontline "
        "villages have been shelled for weeks.",
    },
    {
        "id": "beta-2",
        "outlet": "beta",
        "date": "2020-10-05",
        "section": "diplomacy",
        "text": "Foreign ministers met in Geneva for peace talks on Monday. The peace talks "
        "ended without a deal. Mediators urged both sides to return to the negotiating "
        "table, a spokesperson said.\n\nDiplomats expect more peace talks in Geneva.",
    },
    {
        "id": "beta-3",
        "outlet": "beta",
        "date": "2020-11-06",
        "section": "diplomacy",
        "text": "Peace talks in Geneva stalled on Friday. Mediators proposed new peace talks "
        "in Geneva. The negotiating table is ready, diplomats said.\n\nThe peace talks could "
        "resume next week in Geneva.",
    },
]


def write_corpus(folder: Path) -> Path:
    """The corpus as one JSON-lines file; returns its path."""
    rows: list[dict[str, Any]] = [
        {
            "id": SEED_000.stem,
            "outlet": "alpha",
            "section": "war",
            "text": SEED_000.read_text("utf-8"),
        },
        {
            "id": SEED_002.stem,
            "outlet": "beta",
            "date": "2020-10-02",
            "section": "diplomacy",
            "text": SEED_002.read_text("utf-8"),
        },
        *EXTRA,
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_analysis(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """``framing analyze`` output of the small corpus (parsed once per test session)."""
    from framing.analyze import analyze_to_folder

    base = tmp_path_factory.mktemp("small_corpus")
    corpus = write_corpus(base / "in")
    out = base / "analysis"
    result = analyze_to_folder([corpus], out, lexicons=["defaults", "nagorno-karabakh"])
    assert result.articles == 6 and not result.skipped
    return out
