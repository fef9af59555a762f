"""Voice shares, paragraph split and readability on small real texts."""

from __future__ import annotations

import pytest

from framing.attribution import AttributionResources, attribute
from framing.paragraphs import split_paragraphs
from framing.readability import readability, syllables
from framing.voice import attributed_intervals, label, voice, word_flags

TEXT = (
    "Azerbaijan declared partial military mobilization on Monday.\n\n"
    "The ministry said the Armenian army used Tochka-U missiles against Azerbaijani forces."
)


@pytest.fixture(scope="module")
def parsed(nlp):
    doc = nlp(TEXT)
    # counting is tested, not extraction
    atts, _ = attribute(doc, TEXT, 0, AttributionResources.load(model=None))
    flags = word_flags(doc, 0, attributed_intervals(atts))
    return doc, atts, flags


def test_voice_counts_content_words_only(parsed):
    doc, atts, flags = parsed
    v, sentences = voice(doc, 0, flags)
    # narrator: 7 words of the first sentence + "The ministry said"; attributed: the content
    content_words = len(atts[0].content.text.replace("-", " ").split())
    assert v.words == 7 + 3 + v.attributed_words
    assert v.attributed_words in (content_words, content_words + 1)  # Tochka-U: 1 or 3 tokens
    assert v.attributed_share == pytest.approx(v.attributed_words / v.words, abs=1e-4)
    assert v.narrator_share == pytest.approx(1 - v.attributed_share, abs=1e-4)
    assert [s.voice for s in sentences] == ["narrator", "mixed"]


def test_labels():
    assert label(0.8) == "attributed"
    assert label(0.2) == "narrator"
    assert label(0.5) == "mixed"


def test_paragraph_split_blank_lines_and_single_lines():
    assert split_paragraphs("a b\n\n c \n\n\nd") == [(0, 3), (6, 7), (11, 12)]
    assert split_paragraphs("one\r\ntwo\r\n") == [(0, 3), (5, 8)]


def test_paragraph_split_bare_carriage_returns(nlp):
    # issue 17 item 5: classic-Mac text ("\r" alone ends a line) was one paragraph
    lines = ["Officials said the talks failed.", "The envoy left.", "Shelling resumed.", "Calm."]
    for eol in ("\n", "\r\n", "\r"):
        wrapped = eol.join(lines)  # hard-wrapped: lines end paragraphs
        blank = (eol * 2).join(lines)  # blank lines between paragraphs
        for text in (wrapped, blank, "  " + blank + eol):
            spans = split_paragraphs(text)
            assert [text[s:e] for s, e in spans] == lines, (eol, text)
    # short lines with blank lines between: only blank lines ("\r\r", "\n\r") end paragraphs
    assert split_paragraphs("a\r\rb\r\nc\n\rd") == [(0, 1), (3, 7), (9, 10)]
    # the parse starts a sentence after a blank line, whatever ends its lines
    doc = nlp("Officials said the talks failed\r\rthe envoy left")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Officials said the talks failed", "the envoy left"]


def test_readability_by_voice(parsed):
    doc, _, flags = parsed
    r = readability(doc, flags)
    assert r.scores.words == r.narrator.words + r.attributed.words
    assert r.scores.sentences == 2
    assert r.narrator.sentences + r.attributed.sentences == pytest.approx(2)
    assert isinstance(r.scores.flesch_reading_ease, float)
    assert r.scores.flesch_kincaid_grade > r.attributed.flesch_kincaid_grade - 20


def test_readability_empty_voice(nlp):
    doc = nlp("Azerbaijan declared partial military mobilization on Monday.")
    flags = word_flags(doc, 0, [])
    r = readability(doc, flags)
    assert r.attributed.flesch_reading_ease is None
    assert r.attributed.words == 0


def test_syllables():
    assert syllables("the") == 1
    assert syllables("mobilization") >= 5
