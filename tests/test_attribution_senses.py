"""Non-speech senses of cue verbs and quoted names (issue 16, classes 6 and 7).

A content is something said or thought. The person told ("told the Coastal Herald"), a date
("said on Friday") and a name a participle gives ("a documentary titled “...”") are not; a
short quoted phrase before a verb is not its content when the verb has one of its own. The
sentences are written for these tests (invented people and places), each shape with a case
that must stay an attribution.
"""

from __future__ import annotations

import pytest

from framing.attribution import AttributionResources, attribute
from framing.attribution.contents import content_type, nothing_said, quote_phrase
from framing.attribution.quotes import find_quotes


@pytest.fixture(scope="module")
def resources():
    # the rules and cue model these cases were written for; the accurate pipeline's encoder
    # weighs in on them too (bench/attribution_classes.py --pipeline accurate scores the set)
    return AttributionResources.load(pipeline="fast")


def run(nlp, resources, text: str):
    doc = nlp(text)
    return attribute(doc, text, 0, resources)[0]


def cues(atts) -> list[str]:
    return [a.cue.text for a in atts]


# -- no attribution: nothing said ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the person told, not what was told
        "The harbour master told the Coastal Herald on Tuesday.",
        "Asked about the delay, the contractor emailed Ms. Ravel and her deputy.",
        "The inspector later admitted to the Lakeside Gazette.",
        # a date
        "The ferry operator said on Friday.",
        # a name given by a participle, not a quotation
        'A documentary titled "Salt and Iron" opened the festival.',
        'Known as "the Hammer," the defender retired in May.',
        # a verb with two objects gives something to someone
        "The goalkeeper denied the visitors a late equaliser.",
        # a verb standing as a noun
        "The accused answered every question in a low voice.",
        # the sentence before a verb in a temporal clause
        "Councillor Dario Kovac deletes post after drivers' union complains",
    ],
)
def test_no_attribution_when_nothing_is_said(nlp, resources, text):
    assert run(nlp, resources, text) == []


def test_a_quoted_name_before_a_verb_is_not_its_content(nlp, resources):
    text = 'The town still uses the old name, "the Narrows." Fishermen call the strait a graveyard.'
    atts = run(nlp, resources, text)
    assert [a.content.text for a in atts] == ["the strait a graveyard"]
    assert atts[0].source is not None and atts[0].source.text == "Fishermen"


# -- still attributions: the same verbs with something said ----------------------------------


def test_told_with_a_clause_or_a_quote_after_the_hearer(nlp, resources):
    atts = run(nlp, resources, "The council leader told reporters that the vote would go ahead.")
    assert [a.content.text for a in atts] == ["that the vote would go ahead"]
    text = 'The fisheries minister told the crowd: "We will rebuild every pier."'
    atts = run(nlp, resources, text)
    assert [a.content.text for a in atts] == ['"We will rebuild every pier."']
    assert atts[0].kind == "direct"
    text = '"This is the best harbour on the coast," the pilot told the Coastal Herald.'
    atts = run(nlp, resources, text)
    assert [a.content.text for a in atts] == ['"This is the best harbour on the coast,"']


def test_said_to_a_hearer_keeps_its_clause(nlp, resources):
    text = "The inspector acknowledged to the Lakeside Gazette that the figures were wrong."
    atts = run(nlp, resources, text)
    assert [a.content.text for a in atts] == ["that the figures were wrong"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Councillors denied that the minutes had been changed.", "the minutes had been changed"),
        ("The agency denied the allegations in a short statement.", "the allegations"),
        ('Opposition leaders called the budget "a betrayal of the valley."', "the budget"),
        ("The union criticized the mayor for the late payments.", "the mayor"),
        ('"Too slow," the engineer said.', '"Too slow,"'),
        ('The mayor\'s critics shouted "Resign!" at the meeting.', '"Resign!"'),
        # two objects of a verb of telling: the hearer and what is told
        ("The pilot told the crew the storm would pass by noon.", "the storm would pass by noon"),
        # "as X said" reports the sentence before it
        ("The harbour will close for a month, as the mayor warned.", "The harbour will close"),
    ],
)
def test_real_attributions_stay(nlp, resources, text, content):
    atts = run(nlp, resources, text)
    assert any(content in a.content.text for a in atts), [a.content.text for a in atts]


# -- the parts ---------------------------------------------------------------------------------


def _content(doc, needle: str) -> list[tuple[int, int]]:
    start = doc.text.index(needle)
    return [(start, start + len(needle))]


@pytest.mark.parametrize(
    ("text", "needle", "kind"),
    [
        ("The agency denied that the pier had cracked.", "that the pier had cracked", "clause"),
        ("The agency denied the allegations.", "the allegations", "said"),
        ("The keeper denied the visitors.", "the visitors", "np"),
        ("The keeper told Anna Lind.", "Anna Lind", "person"),
        ("The keeper stopped 31 shots.", "31 shots", "quantity"),
        ("The keeper spoke on Saturday.", "Saturday", "time"),
        ("They called the plan a failure.", "the plan a failure", "small-clause"),
        ('She hosts "Evening Tide" on the radio.', '"Evening Tide"', "quote-phrase"),
        ('He said, "We will not sell the port."', '"We will not sell the port."', "quote"),
    ],
)
def test_content_type(nlp, resources, text, needle, kind):
    doc = nlp(text)
    quotes = find_quotes(doc.text)
    assert content_type(doc, _content(doc, needle), quotes, resources.cues.nouns) == kind


def test_quote_phrase(nlp):
    doc = nlp('Fans call him "The Anvil." He said: "We will win the cup this year."')
    first, second = find_quotes(doc.text)
    assert quote_phrase(doc, first)
    assert not quote_phrase(doc, second)  # a clause: a quotation


def test_nothing_said_reasons(nlp, resources):
    lex = resources.cues
    doc = nlp("The keeper told Anna Lind. A film titled Sunday opened. He said on Monday.")
    told, titled, said = doc[2], doc[8], doc[13]
    assert nothing_said(told, "object", "person", kind="speech", addressees=lex.addressees) == (
        "hearer"
    )
    assert nothing_said(told, "object", "np", kind="speech", addressees=lex.addressees) == ""
    assert nothing_said(titled, "quote-after", "name", kind=None, addressees=lex.addressees) == (
        "naming"
    )
    assert nothing_said(said, "prep-object", "time", kind="speech", addressees=()) == "time"
