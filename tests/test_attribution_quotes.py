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


# -- 3. questions put to a speaker ------------------------------------------------------------


def test_asked_is_the_reporters_question_and_the_answer_the_speakers(nlp):
    text = (
        "Asked to describe the package found at the station, Chief Dorsey said, "
        '"I am not going to get into that."'
    )
    atts = run(nlp, text)
    asked = [a for a in atts if a.cue.text.startswith("Asked")]
    assert len(asked) == 1
    assert asked[0].source is None and asked[0].speaker is None
    assert asked[0].flags == ["question"]
    answer = holding(atts, "not going to get into")
    assert len(answer) == 1 and answer[0].speaker.name.endswith("Dorsey")
    assert answer[0].flags == ["question"]
    assert not any(a.cue.text.startswith("Asked") and a.speaker for a in atts)


def test_when_asked_and_asked_by(nlp):
    atts = run(nlp, "When asked about the budget, the treasurer said she would not comment.")
    # (whether the cue model takes "asked" or not, it is not the treasurer's)
    assert all(a.source is None for a in atts if "asked" in a.cue.text)
    said = next(a for a in atts if a.cue.text == "said")
    assert (said.source.text, said.flags) == ("the treasurer", ["question"])
    atts = run(nlp, "Asked by reporters about the leak, Smith replied that he knew nothing.")
    asked = next(a for a in atts if "Asked" in a.cue.text)
    assert asked.source.text == "reporters" and asked.flags == ["question"]


def test_the_answerer_the_parse_gave_to_asked_answers(nlp):
    atts = run(nlp, "The senator, asked whether she would run again, said: “We will see.”")
    answer = holding(atts, "We will see")
    assert len(answer) == 1 and answer[0].source.text == "The senator"
    assert answer[0].flags == ["question"]
    assert next(a for a in atts if a.cue.text == "asked").source is None


def test_someone_who_asks_keeps_the_question(nlp):
    atts = run(nlp, "Smith asked whether the figures had been checked by the auditors.")
    assert [(a.source.text, a.flags) for a in atts] == [("Smith", [])]


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
