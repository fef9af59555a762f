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


# -- 1. continuation paragraphs ----------------------------------------------------------------


def test_a_paragraph_long_quote_continues_the_previous_speaker(nlp):
    text = (
        "“There are still plenty of seats left in the hall,” the organizer said.\n\n"
        "“And people know that if they come late they will have to stand at the back.”\n\n"
        "The doors opened at noon."
    )
    atts = run(nlp, text)
    [a] = holding(atts, "plenty of seats")
    # one attribution, the paragraph a further fragment of its content (as PolNeAR marks it):
    # the speaker is the one quoted before
    assert holding(atts, "stand at the back") == [a]
    assert [text[s:e][:12] for s, e in a.content_spans] == ["“There are s", "“And people "]
    assert (a.source.text, a.cue.text, a.speaker.name) == ("the organizer", "said", "organizer")
    assert a.flags == ["continuation"] and a.kind == "direct"
    assert not holding(atts, "doors opened")


def test_a_run_of_quote_paragraphs_continues_in_turn(nlp):
    text = (
        "“We did what we promised,” Mayor Ruth Pell said on Tuesday.\n\n"
        "“The bridge is open. The school is open. The clinic is open.”\n\n"
        "“Nobody thought we could do it in two years.”"
    )
    [a] = run(nlp, text)
    assert [text[s:e][:12] for s, e in a.content_spans] == [
        "“We did what",
        "“The bridge ",
        "“Nobody thou",
    ]
    assert a.flags == ["continuation"] and a.speaker.name == "Ruth Pell"


def test_a_quote_sentence_continues_the_statement_before_it(nlp):
    # after an indirect statement, which the quote goes on with
    text = (
        "The council may wait until the spring to vote on the plan, Alderman Ross said. "
        '"The other question the council may be weighing is whether the money is there."'
    )
    [a] = run(nlp, text)
    assert a.source.text == "Alderman Ross" and len(a.content_spans) == 2
    assert text[slice(*a.content_spans[1])].startswith('"The other question')
    assert a.flags == []  # (in its paragraph: no flag)
    # past a sentence in which the same speaker, a pronoun, speaks again
    text = (
        '"We have had trouble with the contractors before," Mayor Lin said after the meeting. '
        'She did not name the firms. "Our aim is not to punish anyone but to finish the road."'
    )
    atts = run(nlp, text)
    said = next(a for a in atts if a.cue.text == "said")
    assert [text[s:e][:8] for s, e in said.content_spans] == ['"We have', '"Our aim']


def test_no_continuation_after_the_narrator_moves_on(nlp):
    text = (
        "“We did what we promised,” Mayor Ruth Pell said. Then the council voted to adjourn.\n\n"
        "“Nobody thought we could do it in two years.”"
    )
    atts = run(nlp, text)
    assert not holding(atts, "Nobody thought")


def test_no_continuation_after_narrator_text_or_a_reported_clause(nlp):
    text = (
        "The council voted on Tuesday to close the old library on Elm Street.\n\n"
        "“This is a sad day for the town.”"
    )
    assert not holding(run(nlp, text), "sad day")
    text = (
        "The mayor said the library would close on Friday after a long debate.\n\n"
        "“This is a sad day for the town.”"
    )
    assert not holding(run(nlp, text), "sad day")


def test_a_quote_with_its_own_cue_is_no_continuation(nlp):
    text = (
        "“We will keep fighting for the park,” she said.\n\n"
        "“My father taught me never to give up on a good cause,” she added later."
    )
    atts = run(nlp, text)
    assert [a.cue.text for a in holding(atts, "never to give up")] == ["added later"]
    assert all(a.flags == [] for a in atts)


def test_a_quote_left_open_runs_on_in_one_fragment_per_paragraph(nlp):
    text = (
        "The senator said: “We will not accept a budget that closes rural hospitals.\n\n"
        "“We will vote against it as many times as it takes.”"
    )
    [a] = run(nlp, text)
    assert a.flags == []
    assert [text[s:e][-12:] for s, e in a.content_spans] == ["al hospitals", "s it takes.”"]


def test_paragraphs():
    text = "  One.\n\nTwo and\nthree.\n \n\nFour."
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two and\nthree.", "Four."]


# -- 2. transcripts ----------------------------------------------------------------------------

TRANSCRIPT = (
    "The host pressed the governor on the invitation in a Sunday interview.\n\n"
    "Partial transcript as follows:\n\n"
    '"HOLT: Let me begin with the news of the morning. Your campaign invited a rival to the '
    "front row, and she said yes. Why do that?\n\n"
    '"MARSH: Well, look, this is a serious election, Lester. The voters have a real choice. '
    "And the mayor’s invitation was “a stunt” meant to distract people from the roads.\n\n"
    '"(CROSSTALK.)\n\n'
    '"HOLT: I want to ask you, because the papers say so, will she be there or not.\n\n'
    '"MARSH: She will be there. The voters want a debate about roads and schools.\n\n'
    '"But the truth is that the mayor has had four years to fix the roads.\n\n'
    '"HOLT: Governor, we are out of time.\n\n'
    '"MARSH: Thank you for having me.\n\n'
    '"Follow the show on Twitter."'
)


def test_transcript_turns_are_attributions_of_their_speakers(nlp):
    atts = run(nlp, TRANSCRIPT)
    turns = [a for a in atts if "transcript" in a.flags]
    assert [(a.source.text, a.cue.text) for a in turns] == [
        ("HOLT", ":"), ("MARSH", ":"), ("HOLT", ":"), ("MARSH", ":"), ("HOLT", ":"),
        ("MARSH", ":"),
    ]  # fmt: skip
    assert [a.content.text[:14] for a in turns] == [
        "Let me begin w", "Well, look, th", "I want to ask ", "She will be th",
        "Governor, we a", "Thank you for ",
    ]  # fmt: skip
    # the question is the anchor's, the answer the guest's, each with its own speaker
    assert [("question" in a.flags) for a in turns] == [True, False, True, False, False, False]
    assert {a.speaker.name for a in turns} == {"HOLT", "MARSH"}
    assert all(a.kind == "direct" for a in turns)


def test_a_turn_takes_the_paragraphs_that_carry_it_on_and_nothing_else(nlp):
    atts = run(nlp, TRANSCRIPT)
    four = [a for a in atts if "transcript" in a.flags][3]
    spans = [TRANSCRIPT[s:e] for s, e in four.content_spans]
    assert spans == [
        "She will be there. The voters want a debate about roads and schools",
        "But the truth is that the mayor has had four years to fix the roads",
    ]
    # no content runs over the turns; stage directions and the trailer are nobody's
    for a in atts:
        if "transcript" not in a.flags:
            assert not any(TRANSCRIPT.find(x) in range(a.content.start, a.content.end)
                           for x in ('"HOLT:', '"MARSH:'))  # fmt: skip
    assert not holding(atts, "CROSSTALK")
    assert not holding(atts, "Follow the show")


def test_an_unquoted_transcript(nlp):
    text = (
        "BLAKE: Senator, do you support the bill?\n\n"
        "FINCH: I support most of it. The farm section needs work.\n\n"
        "BLAKE: Which part of it?\n\n"
        "FINCH: The part about water rights."
    )
    turns = [a for a in run(nlp, text) if "transcript" in a.flags]
    assert [(a.source.text, "question" in a.flags) for a in turns] == [
        ("BLAKE", True), ("FINCH", False), ("BLAKE", True), ("FINCH", False),
    ]  # fmt: skip


def test_a_single_speaker_line_is_no_transcript(nlp):
    text = (
        "Dana Whitfield: Voters in the valley are worried about the price of water.\n\n"
        "The poll was taken last week among 800 likely voters."
    )
    atts = run(nlp, text)
    assert [(a.source.text, a.flags) for a in atts if a.cue.text == ":"] == [("Dana Whitfield", [])]


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


# --- speed (issue 21): the quote finder jumps between marks; same quotes as before ---------

from framing.attribution.quotes import CLOSING, OPENING, PARA_BREAK, STRAIGHT, _rstrip_end  # noqa: E402
from framing.attribution.spans import (  # noqa: E402
    only_punct_between,
    punct_run_after,
    punct_run_before,
)


def _reference_find_quotes(text: str) -> list[tuple[int, int]]:
    breaks = [(m.start(), m.end()) for m in PARA_BREAK.finditer(text)]
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open = False  # the open quote opened with a straight mark
    inner: list[int] = []  # curly quotes open inside a straight one: "He called it “fake.”"
    last_para_end = len(text)
    bi = 0
    i = 0
    n = len(text)
    while i < n:
        if bi < len(breaks) and i == breaks[bi][0]:
            b_start, b_end = breaks[bi]
            bi += 1
            inner = []
            if open_at is not None:
                nxt = text[b_end : b_end + 1]
                if not (nxt and (nxt == STRAIGHT if straight_open else nxt in OPENING)):
                    quotes.append((open_at, _rstrip_end(text, open_at, b_start)))
                    open_at = None
                else:
                    i = b_end + 1  # the re-opening mark continues the same quote
                    continue
            i = b_end
            continue
        ch = text[i]
        pair = text[i : i + 2]
        if pair in ("''", "``"):
            # typewriter double quotes (NYT archive): ``open'' or ''open'' ... ''close''
            if open_at is None:
                open_at, straight_open = i, False
            elif pair == "''":
                quotes.append((open_at, i + 2))
                open_at = None
            i += 2
            continue
        if ch in OPENING:
            if open_at is None:
                open_at, straight_open = i, False
            elif straight_open:
                inner.append(i)
        elif ch in CLOSING:
            if inner:
                quotes.append((inner.pop(), i + 1))
            elif open_at is not None:
                quotes.append((open_at, i + 1))
                open_at = None
        elif ch == STRAIGHT:
            if open_at is None:
                open_at, straight_open = i, True
            else:
                inner = []
                quotes.append((open_at, i + 1))
                open_at = None
        i += 1
    if open_at is not None:
        quotes.append((open_at, _rstrip_end(text, open_at, last_para_end)))
    return sorted(q for q in quotes if q[1] - q[0] > 2)


def test_find_quotes_gives_the_quotes_the_char_by_char_scan_gave():
    """The scan of every character (the code before issue 21, kept here as the reference)
    against the finder that jumps from mark to mark, on random texts of quote marks,
    apostrophes, backticks, blank lines and words."""
    import random

    rng = random.Random(21)
    alphabet = ["a", "b ", " ", ".", ",", "\n", "\n\n", "\n \n", "'", "''", "``", "`",
                *OPENING, *CLOSING, STRAIGHT, "’"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert find_quotes(text) == _reference_find_quotes(text), repr(text)


def test_punct_runs_are_the_bounds_of_only_punct_between():
    import random

    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(["a", "_", "1", " ", ",", "”", "\n", "é", "-"])
                       for _ in range(rng.randint(0, 12)))  # fmt: skip
        for i in range(len(text) + 1):
            lo, hi = punct_run_before(text, i), punct_run_after(text, i)
            assert [a for a in range(i + 1) if only_punct_between(text, a, i)] == list(
                range(lo, i + 1)
            ), (text, i)
            assert [b for b in range(i, len(text) + 1) if only_punct_between(text, i, b)] == list(
                range(i, hi + 1)
            ), (text, i)
