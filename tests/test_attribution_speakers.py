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


# Types and affiliations from what the text says (issue 15): titles before a name, the role
# noun of an apposition (not any word of the span), party tags, employers, document nouns.
@pytest.mark.parametrize(
    ("text", "typ", "affiliation"),
    [
        ("Sen. Lindsey Graham (R-S.C.) said the deal was bad.", "politician", "Republican Party"),
        ("Rep. Stephen Lynch (D-Mass.) said the deal was bad.", "politician", "Democratic Party"),
        ("New Jersey Gov. Chris Christie said the deal was bad.", "politician", None),
        ("Retired Lt. Gen. Michael Flynn said the deal was bad.", "military", None),
        (
            "Rep. Adam Schiff, the top Democrat on the House Intelligence Committee, said the"
            " deal was bad.",
            "politician",
            "Democratic Party",
        ),
        # the apposition's role noun, "chief of staff to" an office holder: not military
        (
            "John D. Podesta, a chief of staff to President Bill Clinton whom Mr. Obama"
            " recruited to lead his climate efforts in his second term, said it was fine.",
            "government",
            "Bill Clinton",
        ),
        # campaign staff are on the politician side, a department's spokesman the government's
        ("Trump campaign spokesman Jason Miller said it was fine.", "politician", "Trump campaign"),
        ("Brian Fallon, the campaign’s press secretary, said it was fine.", "politician", None),
        ("Hope Hicks, a campaign spokeswoman, said it was fine.", "politician", None),
        ("A State Department spokesman said it was fine.", "government", "State Department"),
        ("The Clinton campaign said the report was false.", "politician", None),
        ("The Republican National Committee said the report was false.", "party", None),
        # a post at an organisation takes the organisation's side
        ("NAACP President Cornell William Brooks said it was fine.", "ngo", "NAACP"),
        ("Dan McLaughlin at the National Review said it was fine.", "media", "National Review"),
        ("Wells Fargo CEO John Stumpf said it was fine.", "other", "Wells Fargo"),
        # appositions before and after the name
        (
            "Ban Ki-moon, the secretary general of the United Nations, said the talks failed.",
            "ngo",
            "United Nations",
        ),
        ("Apple's chief executive, Tim Cook, said the bill was political.", "other", "Apple"),
        # documents, whatever names they hold; their owner is the affiliation
        ("Donald Trump’s tweet said the debate was rigged.", "document", "Donald Trump"),
        (
            "A new ad from Donald Trump’s presidential campaign says she is unfit.",
            "document",
            "Donald Trump’s presidential campaign",
        ),
        (
            "A slide from a presentation that Mr. Guajardo Villarreal and his aides carry with"
            " them says that trade has grown.",
            "document",
            None,
        ),
        # a known name needs its first name to agree: Luis Rubio is not Marco Rubio
        ("Luis Rubio said the peso would fall.", "person", None),
        ("Marco Rubio said the peso would fall.", "politician", None),
    ],
)
def test_speaker_type_and_affiliation_from_what_the_text_says(
    nlp, text: str, typ: str, affiliation: str | None
) -> None:
    atts, _ = attribute(nlp(text), text, 0, AttributionResources.load())
    assert atts and atts[0].speaker is not None, f"no speaker found in {text!r}"
    assert (atts[0].speaker.type, atts[0].speaker.affiliation) == (typ, affiliation)


def test_a_role_elsewhere_in_the_article_types_the_speaker(nlp) -> None:
    # the quote names her alone; the article said what she is two sentences before
    text = (
        "Loretta E. Lynch rose to prominence despite obstacles. She occupies one of the key"
        ' positions of power in Washington as the attorney general. "We will get there,"'
        " Lynch said."
    )
    atts, _ = attribute(nlp(text), text, 0, AttributionResources.load())
    lynch = [a.speaker for a in atts if a.speaker and a.speaker.name.endswith("Lynch")]
    assert lynch and {s.type for s in lynch} == {"government"}


def test_the_interviewer_of_a_transcript_is_media(nlp) -> None:
    text = (
        "Partial transcript as follows:\n\n"
        "WALLACE: Why would Trump do that? And will she be there?\n\n"
        "PENCE: Well, look, this is serious business for the American people.\n\n"
        "WALLACE: But, Governor, I have to ask you, why go down that road?\n\n"
        "PENCE: Donald Trump was using the tweet to mock an effort by her campaign.\n"
    )
    atts, _ = attribute(nlp(text), text, 0, AttributionResources.load())
    types = {a.speaker.name: a.speaker.type for a in atts if a.speaker}
    assert types.get("WALLACE") == "media"
    assert "PENCE" in types and types["PENCE"] != "media"
