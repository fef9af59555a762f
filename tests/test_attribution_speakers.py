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


# One speaker per referent within an article (issue 15): each rule on a tiny news text.


def speakers_of(nlp, text: str) -> list[tuple[str, str | None, str | None]]:
    """(source text, entity id, speaker name) per attribution, in text order."""
    atts, _ = attribute(nlp(text), text, 0, AttributionResources.load())
    return [
        (
            a.source.text if a.source else "",
            a.speaker.entity_id if a.speaker else None,
            a.speaker.name if a.speaker else None,
        )
        for a in atts
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Bill de Blasio said the blast was intentional. The mayor also said there was no"
        " link to terrorism.",
        "Bill de Blasio, the mayor of New York, said the blast was intentional.\n\nThe mayor"
        " said there was no evidence of terrorism.",
        "The mayor, Bill de Blasio, said the blast was intentional. Police said a second device"
        " was found. The mayor said the city was safe.",
    ],
)
def test_a_role_joins_the_person_the_article_gives_it(nlp, text: str) -> None:
    # title + name, apposition after the name, apposition before it
    found = [s for s in speakers_of(nlp, text) if "ayor" in s[0]]
    assert len(found) == 2
    assert {eid for _, eid, _ in found} == {found[0][1]}
    assert {name for _, _, name in found} == {"Bill de Blasio"}


def test_a_title_joins_the_role_nouns_it_implies(nlp) -> None:
    # "Rep." -> "the California congressman", "the lawmaker", and the headline's "Lawmaker"
    text = (
        "Lawmaker urges sanctions on Russia.\n\nRep. Adam Schiff called on the administration"
        " to act, a step the California congressman said was overdue. Schiff told reporters the"
        " hacking was clear. The lawmaker said sanctions should follow."
    )
    found = speakers_of(nlp, text)
    assert len(found) == 5
    assert {(eid, name) for _, eid, name in found} == {("e1", "Adam Schiff")}


def test_the_president_is_the_one_the_article_calls_president(nlp) -> None:
    text = (
        "President Obama met Russian President Vladimir Putin on Monday. The president said the"
        " talks were frank."
    )
    assert [name for _, _, name in speakers_of(nlp, text)] == ["Obama"]
    # no one called president: the role stays its own speaker
    text = "The talks ended on Monday. The president said the talks were frank."
    assert [name for _, _, name in speakers_of(nlp, text)] == ["president"]


def test_a_role_with_another_side_or_an_indefinite_role_stays_apart(nlp) -> None:
    text = (
        "Republican nominee Donald Trump spoke in Ohio. The Democratic nominee said the plan was"
        " reckless. The Republican nominee said it was not. A spokesman said the event was over."
    )
    found = speakers_of(nlp, text)
    assert [name for _, _, name in found] == [
        "Democratic nominee",
        "Donald Trump",
        "spokesman",
    ]


def test_a_role_of_something_else_stays_apart(nlp) -> None:
    text = (
        "Rep. G.K. Butterfield, head of the Congressional Black Caucus, said the remarks were"
        " racist. The head of the agency said the review was over. The head of the caucus said"
        " he was angry."
    )
    assert [name for _, _, name in speakers_of(nlp, text)] == [
        "G.K. Butterfield",
        "head of the agency",
        "G.K. Butterfield",
    ]


def test_a_plural_noun_is_not_the_singular_one(nlp) -> None:
    text = "Several judges said the law was unclear. The judge said the case would go ahead."
    assert [eid for _, eid, _ in speakers_of(nlp, text)] == ["e1", "e2"]
    text = "Police said the road was closed. The police said it would reopen."
    assert [eid for _, eid, _ in speakers_of(nlp, text)] == ["e1", "e1"]


def test_surnames_apostrophes_and_middle_initials_are_one_person(nlp) -> None:
    text = (
        "NYPD Commissioner James O’Neill said the cause was unknown. O'Neill said officials had"
        " video."
    )
    assert {(eid, name) for _, eid, name in speakers_of(nlp, text)} == {("e1", "James O’Neill")}
    text = (
        "Loretta E. Lynch said the department would review the case. Lynch said it would take"
        " months. Loretta Lynch said no charges were filed."
    )
    found = speakers_of(nlp, text)
    assert len(found) == 3
    assert {(eid, name) for _, eid, name in found} == {("e1", "Loretta E. Lynch")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Immigration, Refugees and Citizenship Canada (IRCC) said the backlog had grown."
            " IRCC said it was hiring staff.",
            "Immigration, Refugees and Citizenship Canada",
        ),
        (
            "The International Monetary Fund said growth would slow. The IMF said trade was weak.",
            "International Monetary Fund",
        ),
    ],
)
def test_an_acronym_joins_its_expansion(nlp, text: str, name: str) -> None:
    # spelled out in parentheses, or the initials of the name's capitalised words
    found = speakers_of(nlp, text)
    assert len(found) == 2
    assert {(eid, n) for _, eid, n in found} == {("e1", name)}


def test_a_pronoun_agrees_in_gender(nlp) -> None:
    # "she" skips Mr. Jones, the previous attribution's speaker, for Mrs. Smith
    text = (
        "Mrs. Smith, the council leader, said the budget was balanced. Mr. Jones said the"
        " figures were wrong. She said the audit would prove her right."
    )
    assert [name for _, _, name in speakers_of(nlp, text)] == ["Smith", "Jones", "Smith"]


def test_a_pronoun_prefers_the_previous_attributions_speaker(nlp) -> None:
    text = (
        "Senator Tom Brown said the bill would pass. Governor Mark Hill said he would veto it."
        " He said the state could not afford it."
    )
    assert [name for _, _, name in speakers_of(nlp, text)] == [
        "Tom Brown",
        "Mark Hill",
        "Mark Hill",
    ]


def test_a_pronoun_prefers_a_person_the_narrator_names_since_then(nlp) -> None:
    # the subject of the sentence before, in the narrator's words, is nearer than the last speaker
    text = (
        "Mr. Jones said the figures were wrong. Mrs. Clinton held rallies in Ohio on Monday."
        " She said the economy was improving."
    )
    assert [name for _, _, name in speakers_of(nlp, text)] == ["Jones", "Clinton"]


def test_first_person_inside_a_quote_is_the_quotes_speaker(nlp) -> None:
    # nested attributions are rare from the extractor: build them by hand on a real parse
    from framing.attribution.raw import RawAttribution
    from framing.attribution.speakers import resolve

    text = "Anna Berg said: “I told the council that the budget was wrong.”"
    doc = nlp(text)
    res = AttributionResources.load()
    outer_content = (text.index("“"), len(text))
    i = text.index("I told")
    inner = RawAttribution(
        cue=(i + 2, i + 6),
        content=[(text.index("that"), len(text) - 2)],
        source=(i, i + 1),
        kind="indirect",
        confidence=1.0,
        source_head=doc.char_span(i, i + 1).root.i,
    )
    outer = RawAttribution(
        cue=(10, 14),
        content=[outer_content],
        source=(0, 9),
        kind="direct",
        confidence=1.0,
        source_head=doc.char_span(0, 9).root.i,
    )
    resolved = resolve(
        doc, [outer, inner], countries=res.countries, speaker_types=res.speaker_types
    )
    (berg, _), (me, mention) = resolved
    assert berg is not None and me is berg
    assert mention is not None and mention.text == "I"


def test_the_narrators_own_i_is_not_a_speaker(nlp) -> None:
    # an op-ed's author: the attribution stays, without a speaker
    text = "I believe the council was wrong to cut the budget. The mayor said the cuts were needed."
    atts, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    assert [a.source.text for a in atts if a.source] == ["I", "The mayor"]
    assert atts[0].speaker is None
    assert [s.name for s in speakers] == ["mayor"]


def test_a_speaker_named_by_role_shows_the_persons_name(nlp) -> None:
    text = "Mayor Bill de Blasio visited the site on Sunday. The mayor said the city was safe."
    atts, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    assert [a.source.text for a in atts] == ["The mayor"]
    assert speakers[0].name == "Bill de Blasio"
    assert speakers[0].mentions == ["Mayor Bill de Blasio", "The mayor"]


def test_polnear_mayor_commissioner_and_congressman_are_one_speaker_each(nlp) -> None:
    dev = POLNEAR / "dev" / "text"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR} (set FRAMING_POLNEAR)")
    text = (dev / "politico_2016-09-17_de-blasio-says-chelsea-explosion.txt").read_text("utf-8")
    _, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    names = [s.name for s in speakers]
    assert names[:2] == ["Bill de Blasio", "James O’Neill"]
    # (O'Neill answers "Asked to describe the device ...": the question is not his statement)
    assert speakers[0].statements == 7 and speakers[1].statements == 4
    text = (dev / "usa-today_2016-09-08_lawmaker-urges-retaliation-on-ru.txt").read_text("utf-8")
    _, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    assert speakers[0].name == "Adam Schiff"
    assert {"Lawmaker", "the California congressman"} <= set(speakers[0].mentions)
    assert {"the president", "Obama"} <= set(speakers[1].mentions)


def test_the_narrators_we_is_no_speaker(nlp) -> None:
    text = "We believe the plan will fail. The minister said it would work."
    atts, speakers = attribute(nlp(text), text, 0, AttributionResources.load())
    we = [a for a in atts if a.source is not None and a.source.text == "We"]
    assert we and we[0].speaker is None
    assert [s.name for s in speakers] == ["minister"]


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
