"""The chart colours: each one readable against the bar track (WCAG 2 non-text contrast,
3:1), none shared between a speaker type and a voice."""

from __future__ import annotations

import pytest

from framing.report import palette
from framing.report.html import compare_charts, environment, type_colours
from framing.report.palette import contrast_ratio, luminance


def test_contrast_ratio_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#777777") == contrast_ratio("#777777", "#ffffff")
    assert luminance("#ff0000") == pytest.approx(0.2126)


@pytest.mark.parametrize("name", sorted(palette.chart_colours()))
def test_every_chart_colour_stands_out_from_the_track(name):
    colour = palette.chart_colours()[name]
    assert contrast_ratio(colour, palette.TRACK) >= 3.0, (name, colour)


def test_the_old_colours_would_fail():
    # what the pages drew before: "no source" on the grey track, the attributed yellow
    assert contrast_ratio("#eeeeee", "#f0f2f4") < 1.1
    assert contrast_ratio("#f2b632", palette.TRACK) < 3.0


def test_colours_are_distinct():
    types = list(palette.TYPE_COLOURS.values())
    assert len(set(types)) == len(types)
    voices = {palette.NARRATOR, palette.ATTRIBUTED}
    assert not voices & set(types)
    assert not set(palette.SPARE_COLOURS) & set(types)


def test_unknown_types_take_spare_colours():
    colours = type_colours(["politician", "astronaut", "cosmonaut"])
    assert colours["politician"] == palette.TYPE_COLOURS["politician"]
    assert colours["astronaut"] == palette.SPARE_COLOURS[0]
    assert colours["cosmonaut"] == palette.SPARE_COLOURS[1]


def test_pages_draw_with_the_palette():
    css = environment().get_template("style.css.j2").render()
    assert f"background: {palette.TRACK}" in css
    assert "#f0f2f4" not in css
    group = {
        "name": "a", "narrator_share": 0.6, "attributed_share": 0.4, "boilerplate_share": 0.1,
        "speaker_types": {"politician": {"share": 1.0}}, "lexicons": {},
        "distinctive_terms": [], "note": None, "distinctive_words": 0, "speakers": {},
    }  # fmt: skip
    c = compare_charts({"outlets": [group], "speaker_types": ["politician"]})
    assert [b["colour"] for b in c["voice"][0]["bars"]] == [palette.NARRATOR, palette.ATTRIBUTED]
    assert c["types"][0]["bars"][0]["colour"] == palette.TYPE_COLOURS["politician"]


def test_two_group_chart_colours_stand_out_from_the_page():
    from framing.report.html import PAIR_COLOURS

    for colour in PAIR_COLOURS:
        assert contrast_ratio(colour, palette.TRACK) >= 3.0, colour
