"""framing.read.structure: the metadata header, dateline, byline and footer around the body,
with offsets into the text unchanged."""

from __future__ import annotations

import pytest

from framing.read import article_from_text, clean
from tests.conftest import POLNEAR, SEED_000, SEED_002, needs_polnear


def test_seed000_header_is_metadata_and_body_starts_after_it():
    text = SEED_000.read_text("utf-8")
    a = article_from_text(text, id="s", source_path=str(SEED_000))
    assert a.metadata["date"] == "2020-10-01"
    assert a.body_start == text.index("Azerbaijani troops")
    assert a.body_end == len(text.rstrip())
    assert [(r.label, text[r.start : r.end]) for r in a.excluded] == [("header", "date 2020-10-01")]


def test_seed002_dateline_byline_footer():
    text = SEED_002.read_text("utf-8")
    c = clean(text)
    assert c.metadata["dateline"] == "BAKU, Azerbaijan"
    assert c.metadata["credits"] == "Writing by Burak Dag"
    assert c.metadata["copyright"].startswith("Copyright 2022 Anadolu Agency")
    labels = [(r.label, text[r.start : r.end][:20]) for r in c.excluded]
    assert labels == [
        ("dateline", "BAKU, Azerbaijan"),
        ("byline", "*Writing by Burak Da"),
        ("footer", "Copyright 2022 Anado"),
    ]
    assert text[c.body_start :].startswith("Armenia has suffered heavy losses")
    assert text[: c.body_end].endswith("withdrawal of Armenia\u2019s occupying forces.")


def test_inline_dateline_and_credit():
    text = "WASHINGTON (Reuters) - The U.S. said on Monday it would act.\n\nEditing by Jane Roe\n"
    c = clean(text)
    assert c.metadata == {
        "dateline": "WASHINGTON",
        "agency": "Reuters",
        "credits": "Editing by Jane Roe",
    }
    assert text[c.body_start : c.body_end] == "The U.S. said on Monday it would act."


def test_cleaning_never_empties_the_body():
    c = clean("Copyright 2020 Someone. All rights reserved.")
    assert (c.body_start, c.body_end, c.excluded) == (0, 44, [])


def test_ordinary_text_is_left_alone():
    text = "Date night is back. The council said the cinema would reopen.\n"
    c = clean(text)
    assert (c.body_start, c.body_end, c.metadata) == (0, len(text) - 1, {})


@needs_polnear
def test_polnear_texts_keep_their_body():
    files = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:40]
    for f in files:
        text = f.read_text("utf-8")
        a = article_from_text(text, id=f.stem, source_path=str(f))
        kept = len(a.parsed.strip())  # the title is parsed too, and kept out of the counts
        assert kept >= 0.9 * len(text.strip()), f.name
        leading = [r.label for r in a.excluded if r.start < a.body_start]
        assert leading in ([], ["title"], ["title", "dateline"]), f.name  # no "ABSTRACT." dateline


def test_title_then_byline_then_body():
    text = (
        "Ferry Fares to Stay Free Through the Summer\n\nBy Jo Ruiz\n\n"
        "The city will keep its harbour ferries free until September, the council said on "
        "Tuesday, after a vote that split the chamber down the middle.\n"
    )
    c = clean(text)
    assert [(r.label, text[r.start : r.end]) for r in c.excluded] == [
        ("title", "Ferry Fares to Stay Free Through the Summer"),
        ("byline", "By Jo Ruiz"),
    ]
    assert c.metadata == {"title": "Ferry Fares to Stay Free Through the Summer",
                          "byline": "By Jo Ruiz"}  # fmt: skip
    assert text[c.body_start :].startswith("The city will keep")


def test_a_header_title_line_confirms_the_first_line():
    text = "title: Ferry fares stay free.\nFerry fares stay free.\n\nThe city said so on Tuesday.\n"
    c = clean(text)
    assert [r.label for r in c.excluded] == ["header", "title"]
    assert text[c.body_start :].startswith("The city said")


@pytest.mark.parametrize(
    ("text", "date", "kept_out"),
    [
        (
            "Storm Hits the Coast\n\nOctober 3, 2020\n\nThe storm hit the coast, officials said.\n",
            "2020-10-03",
            "October 3, 2020",
        ),
        (
            "Storm Hits the Coast\n\nBy Jane Doe\nPublished: Sat, Oct. 3, 2020 10:15 a.m. ET\n\n"
            "The storm hit the coast, officials said.\n",
            "2020-10-03",
            "Published: Sat, Oct. 3, 2020 10:15 a.m. ET",
        ),
        (
            "Storm Hits the Coast\n\nUpdated 2020-10-03\n\n"
            "The storm hit the coast, officials said.\n",
            "2020-10-03",
            "Updated 2020-10-03",
        ),
        (
            "NEW YORK, Oct. 3, 2020 (Reuters) - The storm hit the coast, officials said.\n",
            "2020-10-03",
            "NEW YORK, Oct. 3, 2020 (Reuters) - ",
        ),
    ],
)
def test_the_texts_own_date(text, date, kept_out):
    c = clean(text)
    assert c.metadata["date"] == date
    assert kept_out in [text[r.start : r.end] for r in c.excluded]
    assert text[c.body_start :].startswith("The storm hit the coast")


def test_a_sentence_that_starts_with_a_date_is_body():
    text = "October 3, 2020 was a day to remember, officials said.\n"
    c = clean(text)
    assert (c.body_start, c.metadata) == (0, {})
