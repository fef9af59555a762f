"""Web furniture and notices: paragraphs the rules of ``resources/notices.yaml`` mark as
notices with a reason, and give no attributions; every other notice's reason. Every text here
is written for these tests."""

from __future__ import annotations

import pytest

from framing.analyze import analyze, label_corpus
from framing.read import article_from_text
from framing.resources import load_notice_rules
from tests.factories import make_report

RULES = load_notice_rules()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("READ MORE: Mayor says the ferry will stay free", "read_more"),
        ("See also: How the bridge was built", "read_more"),
        ("Click here to get the latest on the bridge.", "read_more"),
        ("RELATED:", "related"),
        ("Related Coverage", "related"),
        ("Related Coverage Ferry fares to stay as they are, council says", "related"),
        ("WATCH: Mayor says the bridge will reopen", "video"),
        ("Watch the full interview with the mayor below:", "video"),
        ("Photo: Jane Roe/Harbour Press", "credit"),
        ("Photo: Jane Roe/Reuters", "credit"),
        ("Ana Pereira/AFP/Getty Images.", "credit"),
        ("Sam Low via Getty Images.", "credit"),
        ("Workers repair a cable of the bridge on Sunday. (AP Photo/Sam Low)", "caption"),
        ("Workers repair a cable. (ANA PEREIRA/AFP/Getty Images)", "caption"),
        ("The mayor speaks to reporters in Portville. (Photo by Sam Low)", "caption"),
        ("Follow us on Twitter for more news from the harbour.", "social"),
        ("Jo Ruiz covers the city for the Gazette. Follow her on Twitter @joruiz.", "social"),
        ("Sign up for our morning newsletter.", "promo"),
        ("Editor's note: This story is part of a series on the city's bridges.", "note"),
        ("(This story has been refiled to fix a typo in the second paragraph.)", "note"),
    ],
)
def test_rules_find_furniture(text, reason):
    assert RULES.reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Following the vote, the council said the bridge would reopen.",
        "Video shows the cable snapping as the storm hit the bridge.",
        "Watchdog groups said the repairs had cost too much.",
        "The mayor urged residents to follow her on Twitter for updates.",
        "Correction: An earlier version of this article gave the wrong date.",  # the classifier's
        "Related costs rose by a third, the council said.",
        "The report was updated last year to include the ferry.",
        "READ MORE: " + "the council said the bridge would reopen after repairs " * 6,
    ],
)
def test_rules_leave_news_alone(text):
    assert RULES.reason(text) is None


def test_notes_keep_their_attributions_furniture_drops_them():
    assert not RULES.drops_attributions("note")
    assert RULES.drops_attributions("caption") and RULES.drops_attributions("read_more")


def test_a_bad_rules_file_is_named(tmp_path):
    bad = tmp_path / "notices.yaml"
    bad.write_text("rules:\n  - reason: caption\n    patterns: ['(unclosed']\n", "utf-8")
    with pytest.raises(ValueError, match=r"notices\.yaml: rule 1 \(caption\)"):
        load_notice_rules(str(bad))
    bad.write_text("rules:\n  - patterns: ['x']\n", "utf-8")
    with pytest.raises(ValueError, match="rule 1: expected a reason"):
        load_notice_rules(str(bad))


TEXT = (
    "BAKU, Azerbaijan\n\n"
    "The harbour bridge will reopen within a week, Mayor Ana Lopez said on Monday, after "
    "engineers finished checking every cable of the span.\n\n"
    "READ MORE: Lopez says the ferry will stay free\n\n"
    "WATCH: Council says repairs cost more than planned\n\n"
    "\u201cWe are nearly there,\u201d Lopez told reporters outside the town hall.\n\n"
    "Workers repair a cable of the bridge on Sunday, officials said. (AP Photo/Sam Low)\n\n"
    "Editor's note: The council's spokesman said the figures were provisional.\n\n"
    "Follow us on Twitter for more news from the harbour.\n\n"
    "Copyright 2024 Harbour Press. All rights reserved.\n"
)


@pytest.fixture(scope="module")
def report(nlp):
    (r,) = analyze([article_from_text(TEXT, id="notices", source_path="notices")], nlp=nlp)
    return r


def reason_of(report, start: str):
    (p,) = [p for p in report.paragraphs if p.span.text.startswith(start)]
    return p.role, p.boilerplate.label, p.boilerplate.reason


def test_furniture_paragraphs_are_notices_with_reasons(report):
    assert reason_of(report, "BAKU") == ("dateline", "notice", "dateline")
    assert reason_of(report, "READ MORE") == ("body", "notice", "read_more")
    assert reason_of(report, "WATCH") == ("body", "notice", "video")
    assert reason_of(report, "Workers repair") == ("body", "notice", "caption")
    assert reason_of(report, "Editor's note") == ("body", "notice", "note")
    assert reason_of(report, "Follow us") == ("body", "notice", "social")
    assert reason_of(report, "Copyright") == ("footer", "notice", "footer")
    assert reason_of(report, "The harbour bridge")[1:] == ("none", None)


def test_furniture_has_no_attributions_a_note_keeps_its_own(report):
    def starts_in(prefix):
        (p,) = [p for p in report.paragraphs if p.span.text.startswith(prefix)]
        return [a for a in report.attributions if p.span.start <= a.cue.start < p.span.end]

    assert starts_in("READ MORE") == [] and starts_in("WATCH") == []
    assert starts_in("Workers repair") == []
    assert [a.cue.text for a in starts_in("Editor's note")] == ["said"]
    assert [a.cue.text for a in starts_in("The harbour bridge")] == ["said"]
    speakers = {s.name: s.statements for s in report.speakers}
    assert "Council" not in speakers


def test_notices_leave_the_counts_and_every_notice_has_a_reason(report):
    flagged = [p for p in report.paragraphs if p.role == "body" and p.boilerplate.label != "none"]
    assert report.voice.counts.words == report.voice.with_boilerplate.words - sum(
        p.words for p in flagged
    )
    assert all(p.boilerplate.reason for p in report.paragraphs if p.boilerplate.label == "notice")


def test_recurring_notices_say_so():
    note = "Sign up for the evening edition with the puzzle page and the weather map today."
    news = [
        "The council met on Tuesday to discuss the new budget for the city's schools.",
        "Officials said the vote would take place next week after a public hearing.",
    ]
    one, two = label_corpus(
        [make_report("a", "x", [news[0], note]), make_report("b", "y", [news[1], note])]
    )
    for r in (one, two):
        b = r.paragraphs[1].boilerplate
        assert (b.label, b.method, b.reason) == ("notice", "minhash-lsh-1", "recurring")
        assert r.paragraphs[0].boilerplate.reason is None
