"""Issue 16, classes 8-10: split and nested contents, cues after their content, and the
narrator's own sentences. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from framing.attribution import AttributionResources, attribute


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
