"""framing.read.dates: dates from metadata values and from file names."""

from __future__ import annotations

import pytest

from framing.errors import UsageError
from framing.read.dates import compile_date_pattern, date_from_name, iso_week, parse_date


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2016-03-11", "2016-03-11"),
        ("2016-03-11T09:30:00Z", "2016-03-11"),
        ("2016-03-11 09:30", "2016-03-11"),
        ("2016/3/1", "2016-03-01"),
        ("20160311", "2016-03-11"),
        ("March 11, 2016", "2016-03-11"),
        ("Oct. 3, 2020", "2020-10-03"),
        ("11 March 2016", "2016-03-11"),
        (" 2016-03-11 ", "2016-03-11"),
        ("03/11/2016", None),  # March or November: not guessed
        ("2016-02-30", None),  # no such day
        ("2016-03", None),
        ("soon", None),
        (20160311, None),  # not text
    ],
)
def test_parse_date(value, date):
    assert parse_date(value) == date


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("breitbart_2016-03-11_activists-brick-up.txt", "2016-03-11"),
        ("20201003-ap-story.txt", "2020-10-03"),
        ("validation_nyt_corpus_data_2006_01_22_1733958.txt", "2006-01-22"),
        ("story.2019.12.31.md", "2019-12-31"),
        ("000_e18cff79a667c2cc.txt", None),  # a hash, no date
        ("report_201603110.txt", None),  # nine digits: an id, not a date
        ("scan_20161399.txt", None),  # month 13
        ("a_1820-01-01.txt", None),  # before 1900
        ("notes.txt", None),
    ],
)
def test_date_from_name(name, date):
    assert date_from_name(name) == date


def test_date_pattern_group_parts_or_whole_match():
    named = compile_date_pattern(r"_(?P<date>\d{8})\.")
    assert date_from_name("x_20160311.txt", named) == "2016-03-11"
    parts = compile_date_pattern(r"(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>\d{4})")
    assert date_from_name("artikel-11.03.2016.txt", parts) == "2016-03-11"
    whole = compile_date_pattern(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
    assert date_from_name("Speech of March 11, 2016.txt", whole) == "2016-03-11"
    # a pattern given replaces the built-in shapes: no match, no date
    assert date_from_name("breitbart_2016-03-11_x.txt", parts) is None
    # a match that is not a date is passed over for the next one
    assert date_from_name("01.13.2016-11.03.2016.txt", parts) == "2016-03-11"


def test_bad_date_pattern_names_the_parameter():
    with pytest.raises(UsageError) as err:
        compile_date_pattern("(")
    assert str(err.value).startswith("date_pattern: invalid regular expression: ")
    assert err.value.params == ("date_pattern",)
    assert compile_date_pattern(None) is None


def test_iso_week():
    assert iso_week("2016-03-11") == "2016-W10"
    assert iso_week("2021-01-01") == "2020-W53"  # ISO weeks belong to the year of their Thursday
    assert iso_week("2016-03-11T09:00") == "2016-W10"
    assert iso_week("someday") is None
