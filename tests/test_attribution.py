"""Attribution extraction and speakers on small real texts (the seeds, PolNeAR-style news)."""

from __future__ import annotations

import pytest

from framing.attribution import AttributionResources, attribute, find_quotes
from tests.conftest import SEED_000, SEED_002


def run(nlp, text: str, offset: int = 0):
    doc = nlp(text[offset:])
    return attribute(doc, text, offset, AttributionResources.load())


def by_content(atts, needle):
    hits = [a for a in atts if needle in a.content.text]
    assert hits, f"no attribution whose content has {needle!r}: {[a.content.text for a in atts]}"
    return hits[0]


@pytest.fixture(scope="module")
def seed000(nlp):
    text = SEED_000.read_text("utf-8")
    start = text.index("Azerbaijani troops")
    return text, *run(nlp, text, start)


def test_spans_are_file_offsets(seed000):
    text, atts, _ = seed000
    for a in atts:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_seed000_attributions_and_pronoun_speaker(seed000):
    text, atts, speakers = seed000
    assert len(atts) >= 10
    tanks = by_content(atts, "130 tanks")
    assert tanks.source.text == "It"
    assert tanks.cue.text == "also said"  # PolNeAR keeps the adverb in the cue
    assert tanks.speaker.name == "Azerbaijani Defense Ministry"
    assert tanks.speaker.affiliation == "Azerbaijan"
    # one entity for every way the article names the ministry
    top = speakers[0]
    assert top.name == "Azerbaijani Defense Ministry"
    assert {"the ministry", "Azerbaijan’s Defense Ministry", "It", "the statement"} <= set(
        top.mentions
    )
    assert top.statements == len(
        [a for a in atts if a.speaker and a.speaker.entity_id == top.entity_id]
    )


def test_inverted_direct_quote(seed000):
    _, atts, _ = seed000
    q = by_content(atts, "Due to the unsuitability")
    assert q.kind == "direct"
    assert q.source.text == "the statement"
    assert q.cue.text == "said"
    assert q.content.text.startswith("“Due to") and q.content.text.endswith("explode,”")


def test_multi_sentence_quote_is_one_content(seed000):
    _, atts, _ = seed000
    q = by_content(atts, "The command of the Armenian forces")
    assert "Regiment command asks for help" in q.content.text
    assert q.kind == "direct"
    assert q.source.text == "Azerbaijan’s Defense Ministry"


def test_sentence_final_cue(seed000):
    _, atts, _ = seed000
    a = by_content(atts, "abandoned its position")
    assert a.source.text == "the ministry"
    assert a.kind == "indirect"
    assert a.content.text.startswith("An Armenian battalion")
    assert not a.content.text.endswith(",")


def test_echoed_cue_kept_once(seed000):
    """ "It added that X, the ministry added." is one attribution, not two."""
    _, atts, _ = seed000
    hits = [a for a in atts if "4th Battalion" in a.content.text]
    assert len(hits) == 1
    assert hits[0].speaker.name == "Azerbaijani Defense Ministry"


def test_seed002_adding_and_other_speakers(nlp):
    text = SEED_002.read_text("utf-8")
    start = text.index("Armenia has suffered")
    atts, speakers = run(nlp, text, start)
    adding = by_content(atts, "5th mountain rifle regiment")
    assert adding.cue.text == "adding"
    office = by_content(atts, "43 civilians")
    assert office.speaker.type == "government"
    assert office.speaker.affiliation == "Azerbaijan"
    names = {s.name for s in speakers}
    assert "Azerbaijani Defense Ministry" in names


def test_according_to(nlp):
    text = "The army lost 200 men last week, according to local officials."
    atts, speakers = run(nlp, text)
    assert len(atts) == 1
    a = atts[0]
    assert a.kind == "according_to"
    assert a.cue.text == "according to"
    assert a.verb == "according to"
    assert a.to_dict()["verb"] == "according to"
    assert a.source.text == "local officials"
    assert a.content.text == "The army lost 200 men last week"
    assert speakers[0].type == "anonymous"


def test_quote_before_and_after_colon(nlp):
    text = "Smith spoke to reporters on Monday. He said: “We will not give up this fight.”"
    atts, _ = run(nlp, text)
    a = by_content(atts, "We will not give up")
    assert a.kind == "direct"
    assert a.source.text == "He"
    assert a.verb == "say"  # the cue's lemma, for counts of reporting verbs


def test_continued_quote_in_same_paragraph(nlp):
    text = "“We will win this war,” the general said. “They will lose everything they have.”"
    atts, _ = run(nlp, text)
    assert len(atts) == 1
    a = atts[0]
    assert len(a.content_spans) == 2
    assert text[a.content_spans[1][0] : a.content_spans[1][1]].startswith("“They will lose")


def test_quote_continues_after_a_participle_of_the_cue(nlp):
    text = (
        "“We will not back down,” DuVernay said, emphasizing why the past matters to the "
        "present. “They will lose everything they have.”"
    )
    atts, _ = run(nlp, text)
    said = next(a for a in atts if a.verb == "say")
    parts = [text[s:e].strip("“”,.") for s, e in said.content_spans]
    assert parts == ["We will not back down", "They will lose everything they have"]
    emphasizing = next(a for a in atts if a.verb == "emphasize")
    assert emphasizing.content.text == "why the past matters to the present"


def test_clause_goes_on_after_the_cue(nlp):
    text = (
        "Lenox was a juggernaut in the china business, a former executive said, "
        "until it went bankrupt in 1999."
    )
    (a,), _ = run(nlp, text)
    parts = [text[s:e] for s, e in a.content_spans]
    assert parts == [
        "Lenox was a juggernaut in the china business",
        "until it went bankrupt in 1999",
    ]
    assert a.source.text == "a former executive"
    # nothing after the cue but its own words: one part
    (b,), _ = run(
        nlp, "Lenox was a juggernaut in the china business, a former executive said on Monday."
    )
    assert (
        b.content_spans == () and b.content.text == "Lenox was a juggernaut in the china business"
    )


def test_signed_quote_lines_with_non_breaking_spaces(nlp):
    text = (
        "What Latino voters think of the campaign.\n\n"
        "“Maybe, we can build a wall around Donald Trump.”\u00a0―\u00a0Steve Quinlan.\n\n"
        "“During the debate Trump said Hispanics live in hell. He is ignorant of our culture "
        "and lives.” ― Pamela Padilla\n"
    )
    atts, _ = run(nlp, text)
    signed = {a.source.text: a for a in atts if a.cue.text == "―"}
    assert sorted(signed) == ["Pamela Padilla", "Steve Quinlan"]
    assert signed["Steve Quinlan"].content.text.strip("“”") == (
        "Maybe, we can build a wall around Donald Trump."
    )
    assert signed["Pamela Padilla"].content.text.startswith("“During the debate Trump said")


def test_scare_quotes_are_not_attributions(nlp):
    text = "The so-called “peace plan” was published on Monday in the capital."
    atts, _ = run(nlp, text)
    assert atts == []


def test_unbalanced_quotes_never_raise(nlp):
    text = "“This quote never closes, the official said.\n\nAnother paragraph “opens again."
    quotes = find_quotes(text)
    assert quotes and all(0 <= s < e <= len(text) for s, e in quotes)
    run(nlp, text)


def test_content_starting_with_a_line_separator_never_raises(nlp):
    # found by the property test of analyze (issue 17): a content whose first token is a
    # space token (U+2028) made the start candidates index an empty list (IndexError: the
    # article was skipped, "analysis failed")
    text = (
        "The ministry said we will not retreat.GENEVA (Reuters) - The ministry said\u2028He: "
        "\u00abthe talks failed\u00bb\u201cthe talks failed.\u201d"
    )
    atts, _ = run(nlp, text)
    assert [(a.cue.text, a.content.text.strip()[:2]) for a in atts][-1] == ("said", "He")
    for a in atts:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_multi_paragraph_quote():
    text = "“First part of the quote.\n\n“Second part of it,” she said."
    assert find_quotes(text) == [(0, len(text) - len(" she said."))]


def test_not_a_cue_without_content(nlp):
    atts, _ = run(nlp, "The team added three points in the second half.")
    assert atts == []
