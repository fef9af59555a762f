"""Issue 16, classes 1-3: continuation paragraphs, transcripts, questions put to a speaker.

The texts are written for these tests, in the shapes the issue describes."""

from __future__ import annotations

from framing.attribution import AttributionResources, attribute, find_quotes
from framing.attribution.quotes import paragraphs


def run(nlp, text: str):
    return attribute(nlp(text), text, 0, AttributionResources.load())[0]


def holding(atts, words: str):
    """The attributions whose content holds ``words``."""
    return [a for a in atts if words in a.content.text]


# -- quotes ------------------------------------------------------------------------------------


def test_curly_quotes_inside_a_straight_one_do_not_close_it():
    text = '"She called it “a stunt” and left. Then she came back," he said.'
    quotes = [text[a:b] for a, b in find_quotes(text)]
    assert quotes == ['"She called it “a stunt” and left. Then she came back,"', "“a stunt”"]
    # a straight quote closed by a curly mark still closes
    text = '"We will win,” he said.'
    assert [text[a:b] for a, b in find_quotes(text)] == ['"We will win,”']


def test_a_quote_left_open_runs_on_into_a_paragraph_opened_with_its_own_kind_of_mark():
    text = '"The excerpt goes on here.\n\n"And it ends here."'
    assert [text[a:b] for a, b in find_quotes(text)] == [text]
    text = '"A paragraph of an excerpt.\n\n“Hello there,” she said.'
    assert [text[a:b] for a, b in find_quotes(text)] == [
        '"A paragraph of an excerpt.',
        "“Hello there,”",
    ]


def test_paragraphs():
    text = "  One.\n\nTwo and\nthree.\n \n\nFour."
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two and\nthree.", "Four."]
