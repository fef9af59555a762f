"""Speaker names: the core noun phrase of the best mention, not its clauses or appositions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from framing.attribution import AttributionResources, attribute
from tests.conftest import POLNEAR


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Don Fowler, who helmed the DNC from 1995 to 1997, said the party was united.",
            "Don Fowler",
        ),
        (
            "Tom Clarke, a nursing home owner in Ohio, said he would vote for the first time.",
            "Tom Clarke",
        ),
        (
            "The Azerbaijani Defense Ministry said the troops had advanced.",
            "Azerbaijani Defense Ministry",
        ),
        (
            "Don Fowler, who helmed the DNC from 1995 to 1997, during Bill Clinton's presidency,"
            " said the party was united.",
            "Don Fowler",
        ),
        ("Donald Trump's campaign said the report was false.", "Donald Trump's campaign"),
        ("Republican rival Donald Trump said the deal was a disaster.", "Donald Trump"),
    ],
)
def test_speaker_name_is_the_core_phrase(nlp, text: str, name: str) -> None:
    atts, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    assert atts, f"no attribution found in {text!r}"
    assert atts[0].speaker is not None
    assert atts[0].speaker.name == name
    assert speakers[0].name == name
    # the source span itself keeps the whole mention (offsets into the text)
    assert text[atts[0].source.start : atts[0].source.end] == atts[0].source.text


def test_a_surname_the_tagger_reads_as_a_plural_noun_is_one_speaker(nlp) -> None:
    # the small model tags the headline's and some later "Sanders" as NNS (lemma "sander")
    path = POLNEAR / "dev" / "text" / "politico_2016-09-16_sanders-clinton-needs-to-get-awa.txt"
    if not path.is_file():
        pytest.skip(f"PolNeAR not found at {POLNEAR} (set FRAMING_POLNEAR)")
    text = path.read_text("utf-8")
    atts, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    sanders = {a.speaker.entity_id for a in atts if a.source and a.source.text.endswith("Sanders")}
    assert len(sanders) == 1
    top = speakers[0]
    assert top.name == "Bernie Sanders" and top.type == "politician"
    assert top.statements >= 7


def test_speaker_tables_come_from_the_resources_passed_in(nlp) -> None:
    text = "The Ruritanian Defense Ministry said the troops had advanced."
    doc = nlp(text)
    bundled = AttributionResources.load(model=None)
    atts, _ = attribute(doc, text, 0, bundled)
    assert atts[0].speaker is not None
    assert (atts[0].speaker.affiliation, atts[0].speaker.type) == (None, "government")
    order, rules = bundled.speaker_types
    custom = replace(
        bundled,
        countries={**bundled.countries, "ruritanian": "Ruritania"},
        speaker_types=(["defense", *order], {**rules, "defense": {"words": ["ministry"]}}),
    )
    atts, _ = attribute(doc, text, 0, custom)
    assert atts[0].speaker is not None
    assert (atts[0].speaker.affiliation, atts[0].speaker.type) == ("Ruritania", "defense")
