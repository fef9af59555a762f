"""Issue 16, classes 8-10: split and nested contents, cues after their content, and the
narrator's own sentences. The sentences are written for these tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from framing.attribution import AttributionResources, attribute
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.structure import quote_before_cue


@pytest.fixture(scope="module")
def resources():
    return AttributionResources.load()


def run(nlp, resources, text: str):
    doc = nlp(text)
    return attribute(doc, text, 0, resources)[0]


def parts(text: str, a) -> list[str]:
    """The content's fragments as text."""
    spans = a.content_spans if a.content.spans else [(a.content.start, a.content.end)]
    return [text[s:e] for s, e in spans]


# -- class 10: the narrator's own sentences ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It's worth noting that the old bridge was closed to trucks in 2019.",
        "It is important to note that the harbor has not been dredged since 1998.",
        "It bears repeating that no one was hurt in the fire.",
        "It should be noted that the museum never charged for entry.",
        "Note that the figures include only full-time staff.",
        "But don't forget that the orchard was planted by volunteers.",
        "The mayor was not amused. It's worth remembering that the town was almost abandoned "
        "in the 1970s.",
        "There is little doubt that the drought will shape the next election.",
    ],
)
def test_asides_to_the_reader_are_the_narrators(nlp, resources, text):
    assert run(nlp, resources, text) == []


def test_a_pronoun_subject_is_not_an_aside(nlp, resources):
    # "It" is the council, and it insists: an attribution
    text = (
        "The council met on Tuesday. It continued to insist that the orchard would be sold "
        "by spring."
    )
    atts = run(nlp, resources, text)
    assert any("orchard would be sold" in a.content.text for a in atts)


def test_a_source_borrowed_across_a_coordinated_clause_is_dropped(nlp, resources):
    text = (
        "Heavy storms along the coast began on March 3, and since then Portugal has continued "
        "attacks on the fishing fleet."
    )
    assert run(nlp, resources, text) == []


def test_a_clause_with_its_own_subject_keeps_its_attribution(nlp, resources):
    text = (
        "The storms began on March 3, and the county engineer said the levee would hold "
        "through the spring."
    )
    atts = run(nlp, resources, text)
    a = next(a for a in atts if "levee would hold" in a.content.text)
    assert a.source is not None and a.source.text == "the county engineer"


# -- class 8: split, nested and cut contents ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "If the levee fails, the engineer warns, the lower town will flood within hours.",
            "If the levee fails",
            "the lower town will flood within hours",
        ),
        (
            "The difference now, he told me on Friday, is that the ferry runs at night.",
            "The difference now",
            "is that the ferry runs at night",
        ),
        (
            "The middle route cost 8 million dollars, the agency said in a June report, and "
            "the northern route cost twice that.",
            "The middle route cost 8 million dollars",
            "and the northern route cost twice that",
        ),
        (
            "“Now that the mill is closed,” he told the council, “the town has nothing left.”",
            "“Now that the mill is closed,”",
            "“the town has nothing left.”",
        ),
    ],
)
def test_a_content_the_cue_interrupts_keeps_both_halves(nlp, resources, text, first, second):
    atts = run(nlp, resources, text)
    assert [parts(text, a) for a in atts] == [[first, second]]


def test_the_cues_own_clause_after_it_is_not_content(nlp, resources):
    text = "The orchard was sold, the family said in a statement, adding that the barn was not."
    atts = run(nlp, resources, text)
    said = next(a for a in atts if a.cue.text.startswith("said"))
    assert parts(text, said) == ["The orchard was sold"]


def test_a_quoted_half_and_an_unquoted_half_are_not_joined(nlp, resources):
    text = (
        "“The council should resign. It should return the money it took,” Ortiz told the "
        "mayor, after the audit showed the fund had been emptied."
    )
    for a in run(nlp, resources, text):
        quoted = [p for p in parts(text, a) if p.startswith("“")]
        assert not quoted or len(quoted) == len(parts(text, a))


@pytest.mark.parametrize(
    ("text", "end"),
    [
        (
            "The coach tried to explain how he believes cuts to the youth program left the "
            "team short of players.",
            "left the team short of players",
        ),
        (
            "The clerk kept claiming that he had a cousin who told him the mayor hadn't paid "
            "any rent for years.",
            "hadn't paid any rent for years",
        ),
    ],
)
def test_a_content_cut_before_its_verb_runs_to_the_clause_end(nlp, resources, text, end):
    atts = run(nlp, resources, text)
    assert any(a.content.text.endswith(end) for a in atts)


def test_and_a_clause_after_said_is_still_said(nlp, resources):
    text = (
        "Investigators said the fire was caused by a faulty heater, and there was no sign yet "
        "of who had left it on."
    )
    (a,) = run(nlp, resources, text)
    assert a.content.text.endswith("who had left it on")


def test_and_a_clause_after_announced_is_the_narrators(nlp, resources):
    text = "The board announced that the plant would close in May, and the workers walked out."
    for a in run(nlp, resources, text):
        assert "walked out" not in a.content.text


@pytest.mark.parametrize(
    ("text", "halves", "source"),
    [
        (
            "Prices, the central bank warned on Thursday, are likely to keep rising through "
            "the winter.",
            ["Prices", "are likely to keep rising through the winter"],
            "the central bank",
        ),
        ("The old pier, says the harbor master, is unsafe.", ["The old pier", "is unsafe"],
         "the harbor master"),
        ("“This town,” the mayor told reporters at the harbor, “has survived worse storms.”",
         ["“This town,”", "“has survived worse storms.”"], "the mayor"),
    ],
)  # fmt: skip
def test_a_cue_between_a_subject_and_its_verb(nlp, resources, text, halves, source):
    atts = run(nlp, resources, text)
    assert [(parts(text, a), a.source.text) for a in atts] == [(halves, source)]


@pytest.mark.parametrize(
    "text",
    [
        "The storm, which claimed three lives, moved north on Tuesday.",
        "The mayor, who said little at the meeting, left early.",
    ],
)
def test_a_relative_clause_between_commas_is_no_cue(nlp, resources, text):
    for a in run(nlp, resources, text):
        assert "moved north" not in a.content.text and "left early" not in a.content.text


def test_a_name_between_commas_is_no_cue(nlp, resources):
    text = "The fund, called the River Trust, will own the land until 2030."
    assert all(
        a.source is None or a.source.text != "the River Trust" for a in run(nlp, resources, text)
    )


def test_a_source_stops_where_its_continued_quote_begins(nlp, resources):
    text = (
        "“The clinic has been a refuge for many families,” said Dr. Lena Ruiz, “particularly "
        "those who arrived without papers.”"
    )
    (a,) = run(nlp, resources, text)
    assert a.source.text == "Dr. Lena Ruiz"
    assert len(parts(text, a)) == 2


def test_a_quote_in_the_next_paragraph_is_not_the_last_cues(nlp, resources):
    text = (
        "The mine will reopen, a claim the company denies.\n\n"
        "“Mr. Holt has admitted that the figures were wrong,” the audit states."
    )
    atts = run(nlp, resources, text)
    holder = next(a for a in atts if a.content.text.startswith("“Mr. Holt"))
    assert holder.cue.text == "states"


def test_a_quote_before_the_cue_beats_an_adverbial_after_it(nlp, resources):
    # the parse of a quote the sentence splitter cut may give "told" the clause after it
    text = (
        "“You should step down. You should return the bonus,” Ortiz told the director, "
        "after he admitted that nobody had checked the accounts."
    )
    doc = nlp(text)
    told = next(t for t in doc if t.text == "told")
    after = text.index("after he")
    raw = RawAttribution(
        cue=(told.idx, told.idx + 4),
        content=[(after, len(text) - 1)],
        source=(text.index("Ortiz"), text.index("Ortiz") + 5),
        kind="indirect",
        confidence=0.9,
        cue_head=told.i,
        notes=["remainder-after"],
    )
    (a,) = quote_before_cue(DocContext.of(doc, resources.cues), [raw])
    assert [text[s:e] for s, e in a.content] == [text[: text.index(" Ortiz")]]
    assert a.kind == "direct"
    # a reported "that"-clause after the cue stays
    that = text.index("that nobody")
    raw = replace(raw, content=[(that, len(text) - 1)])
    assert quote_before_cue(DocContext.of(doc, resources.cues), [raw]) == [raw]


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        (
            "“The council has stated that the harbor will be dredged by spring,” the petition "
            "said.",
            "the petition",
            ("The council", "that the harbor will be dredged by spring"),
        ),
        (
            "The lawsuit says that “the company repeatedly claimed that the water was safe to "
            "drink.”",
            "The lawsuit",
            ("the company", "that the water was safe to drink"),
        ),
    ],
)
def test_a_quote_inside_a_quoted_document_gives_two_attributions(
    nlp, resources, text, outer, inner
):
    atts = run(nlp, resources, text)
    assert {a.source.text for a in atts} == {outer, inner[0]}
    a = next(a for a in atts if a.source.text == inner[0])
    assert a.content.text == inner[1]


def test_a_documents_paraphrase_gives_one_attribution(nlp, resources):
    text = "The statement noted that the ministers had said they would meet again in May."
    atts = run(nlp, resources, text)
    assert [a.source.text for a in atts] == ["The statement"]


# -- class 9: the cue after its content --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (
            "The harbor will need dredging within five years, warns the port authority.",
            "The harbor will need dredging within five years",
            "the port authority",
        ),
        (
            "The new timetable is a disaster for commuters, complains 34-year-old nurse Tom Hale.",
            "The new timetable is a disaster for commuters",
            "34-year-old nurse Tom Hale",
        ),
        (
            "There is a quiet pleasure in mending an old clock, insists 15-year-old Mira Patel.",
            "There is a quiet pleasure in mending an old clock",
            "15-year-old Mira Patel",
        ),
        (
            "A new road would cut the journey by an hour, argue residents of the valley.",
            "A new road would cut the journey by an hour",
            "residents of the valley",
        ),
        (
            "Farmers have already lost half their crop, insists Dana Morrow, who grows wheat "
            "near the river.",
            "Farmers have already lost half their crop",
            "Dana Morrow, who grows wheat near the river",
        ),
    ],
)
def test_an_inverted_cue_after_its_content(nlp, resources, text, content, source):
    atts = run(nlp, resources, text)
    assert [(a.content.text, a.source.text if a.source else None) for a in atts] == [
        (content, source)
    ]


def test_a_post_posed_cue_after_its_content(nlp, resources):
    text = "Rents are rising faster than wages, Foster writes in his new book."
    atts = run(nlp, resources, text)
    assert [(a.content.text, a.source.text) for a in atts] == [
        ("Rents are rising faster than wages", "Foster")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "One after another, the shops on the street, including the bakery, declared bankruptcy.",
        "He walked to the harbor, passes the old mill and turns left.",
    ],
)
def test_a_verb_after_a_comma_with_an_object_is_not_inverted(nlp, resources, text):
    for a in run(nlp, resources, text):
        assert a.source is None or a.source.text not in ("bankruptcy", "the old mill")
