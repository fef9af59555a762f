"""The title (headline): found at the top of the text, kept as the report's ``title``, parsed
for its own attributions (flagged ``headline``), never a speaker line, and kept out of the
body's counts. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from framing.analyze import analyze
from framing.read import article_from_text, clean
from framing.read.structure import find_title
from framing.report import render_article_html, render_markdown

BODY = (
    "The harbour bridge will reopen within a week, Mayor Ana Lopez said on Monday, after "
    "engineers finished checking every cable of the span.\n\n"
    "\u201cWe are nearly there,\u201d Lopez told reporters outside the town hall.\n\n"
    "The council had closed the bridge in March after a storm damaged two of its towers.\n"
)


def title_of(text: str, given: str | None = None) -> str | None:
    found = find_title(text, 0, given)
    return text[found[0] : found[1]] if found else None


@pytest.mark.parametrize(
    "first",
    [
        "Harbour Bridge to Reopen Within a Week",  # title case, no final period
        "Harbour bridge to reopen within a week",  # sentence case, no final period
        "Council Votes to Reopen the Harbour Bridge.",  # title case with a period
        "Lopez: The bridge will reopen within a week.",  # a speaker and a colon
        "The Latest: Harbour bridge to reopen",  # a kicker and a colon
        "Will the Bridge Reopen Before Winter?",  # a question in title case
    ],
)
def test_headline_shapes_are_titles(first):
    assert title_of(f"{first}\n\n{BODY}") == first


@pytest.mark.parametrize(
    "first",
    [
        "The council said the bridge would reopen.",  # a sentence of the body
        "Here is what the council decided:",  # a lead-in
        "Officials said the bridge, which was closed in March,",  # a sentence that goes on
    ],
)
def test_sentences_are_no_titles(first):
    assert title_of(f"{first}\n\n{BODY}") is None


def test_no_title_without_a_body_after_it():
    assert title_of("Harbour Bridge to Reopen Within a Week\n") is None
    assert title_of("Harbour Bridge to Reopen Within a Week\n\nIt will.\n") is None


def test_a_transcript_speaker_line_is_no_title():
    text = "SMITH: Will the bridge reopen this week?\n\nLOPEZ: It will, on Friday morning.\n"
    assert title_of(text + BODY) is None


def test_markdown_heading_and_deck():
    assert title_of(f"# Harbour bridge to reopen\n\n{BODY}") == "Harbour bridge to reopen"
    deck = "Bridge to reopen;\nMayor says the cables passed every test\n\n"
    assert title_of(deck + BODY) == deck.strip()


def test_hard_wrapped_text_has_no_title():
    wrapped = (
        "The harbour bridge will reopen within a week\n"
        "Mayor Ana Lopez said on Monday after engineers\n"
        "finished checking every cable of the span and\n"
        "the towers that a storm damaged in March.\n"
    )
    assert title_of(wrapped) is None


def test_the_inputs_title_is_found_whatever_its_shape():
    first = "The council said the bridge would reopen."
    assert title_of(f"{first}\n\n{BODY}", given="The council said the bridge would reopen") == (
        first
    )
    assert title_of(f"{first}\n\n{BODY}", given="Another story") is None


def test_clean_keeps_the_title_out_of_the_body_and_reads_a_dateline_after_it():
    text = "Harbour Bridge to Reopen\n\nPORTVILLE (Reuters) - " + BODY
    c = clean(text)
    assert [(r.label, text[r.start : r.end]) for r in c.excluded] == [
        ("title", "Harbour Bridge to Reopen"),
        ("dateline", "PORTVILLE (Reuters) - "),
    ]
    assert c.metadata == {"title": "Harbour Bridge to Reopen", "dateline": "PORTVILLE",
                          "agency": "Reuters"}  # fmt: skip
    assert text[c.body_start :].startswith("The harbour bridge")
    a = article_from_text(text, id="t", source_path="t")
    assert a.title is not None and a.parse_start == 0 and a.parsed == text.rstrip()


def test_a_label_line_is_no_dateline():
    text = "Harbour Bridge to Reopen\n\nABSTRACT.\n\n" + BODY
    c = clean(text)
    assert [r.label for r in c.excluded] == ["title"]
    assert "dateline" not in c.metadata


def test_row_metadata_title_decides():
    text = "Council says the bridge will reopen.\n\n" + BODY
    a = article_from_text(text, id="t", source_path="t",
                          metadata={"title": "Council says the bridge will reopen"})  # fmt: skip
    assert a.title is not None and text[a.title.start : a.title.end] == text.split("\n")[0]
    assert a.metadata["title"] == "Council says the bridge will reopen"  # the input's wins


@pytest.fixture(scope="module")
def reports(nlp):
    texts = {
        "says": "Mayor Lopez Says Harbour Bridge Will Reopen Within a Week\n\n" + BODY,
        "colon": "Lopez on the Bridge: Repairs Will Take Another Week\n\n" + BODY,
        "kicker": "The Latest: Harbour bridge repairs near their end\n\n" + BODY,
        "role": "Council official: Repairs will take another week\n\n"
        + BODY.replace("The council had", "A council official said the council had"),
        "place": "Norway: Harbour bridge repairs near their end\n\n" + BODY,
        "plain": BODY,
    }
    articles = [article_from_text(t, id=k, source_path=k) for k, t in texts.items()]
    return {r.id: r for r in analyze(articles, nlp=nlp)}


def test_report_title_is_a_span_of_the_file(reports):
    r = reports["says"]
    assert r.title is not None
    assert r.title.text == r.text[r.title.start : r.title.end]
    assert r.title.text == "Mayor Lopez Says Harbour Bridge Will Reopen Within a Week"
    assert r.body.start == r.text.index("The harbour bridge")
    assert reports["plain"].title is None


def test_the_titles_attribution_is_flagged_and_has_the_bodys_speaker(reports):
    r = reports["says"]
    in_title = [a for a in r.attributions if a.cue.start < r.title.end]
    assert [a.cue.text for a in in_title] == ["Says"]
    (head,) = in_title
    assert head.flags == ["headline"]
    assert all("headline" not in a.flags for a in r.attributions if a is not head)
    body_speakers = {a.speaker.entity_id for a in r.attributions if a is not head and a.speaker}
    assert head.speaker is not None and head.speaker.entity_id in body_speakers


def test_a_titles_colon_gives_the_name_not_a_speaker_line(reports):
    r = reports["colon"]
    (head,) = [a for a in r.attributions if "headline" in a.flags]
    assert (head.source.text, head.cue.text) == ("Lopez", ":")
    assert head.content.text == "Repairs Will Take Another Week"
    names = {s.name for s in r.speakers}
    assert not any("Bridge" in n for n in names), names


def test_a_kicker_or_a_place_is_no_source(reports):
    for key in ("kicker", "place"):
        r = reports[key]
        assert not [a for a in r.attributions if a.cue.start < r.title.end], key


def test_a_role_noun_before_a_titles_colon_is_a_source(reports):
    r = reports["role"]
    (head,) = [a for a in r.attributions if "headline" in a.flags]
    assert (head.source.text, head.cue.text) == ("Council official", ":")


def test_the_title_is_kept_out_of_every_count(reports):
    with_title, plain = reports["says"], reports["plain"]
    assert with_title.voice.with_boilerplate.words == plain.voice.with_boilerplate.words
    assert with_title.voice.counts == plain.voice.counts
    assert [s.words for s in with_title.voice.sentences] == [s.words for s in plain.voice.sentences]
    (title_par,) = [p for p in with_title.paragraphs if p.role == "title"]
    assert (title_par.index, title_par.words, title_par.voice) == (0, 0, "excluded")
    assert (title_par.boilerplate.label, title_par.boilerplate.reason) == ("none", None)
    assert with_title.readability.scores == plain.readability.scores


def test_pages_show_the_title(reports):
    r = reports["says"]
    page = render_article_html(r)
    assert "<h1>Mayor Lopez Says Harbour Bridge Will Reopen Within a Week</h1>" in page
    assert 'class="headline' in page
    md = render_markdown(r)
    assert md.startswith("# Mayor Lopez Says Harbour Bridge Will Reopen Within a Week\n")
    assert "| a1 | indirect · headline |" in md or "· headline |" in md
