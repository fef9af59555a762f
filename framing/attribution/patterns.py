"""Attributions without a cue verb, found by patterns: steps that add to what was found.

* prepositional cues from the cue lexicon's ``source_prepositions``: "according to X", "in the
  words of X" (the content is the rest of the sentence);
* speaker lines: "Pat Caddell: Voters worried ...", "WALLACE: Do you really ...", and a quote
  signed with a dash, "“Trump scares me.” ― Krystal Correa";
* the turns of a transcript: "WALLACE: ...?" / "PENCE: Well, look, ..." and the paragraphs
  that carry a turn on, one attribution per turn, flagged ``transcript`` (and ``question``).

All are steps (see :data:`framing.attribution.raw.Step`): they return what was found with
their own attributions after it (the transcript step also takes over what its turns hold).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from framing.attribution.frames import content_kind
from framing.attribution.quotes import CLOSING, OPENING, STRAIGHT, paragraphs
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.spans import subtree_span, token_at, trim, words

#: the first note of an attribution a pattern found (candidates note their frame there)
PATTERN_NOTES = frozenset({"according-to", "colon-line", "dash-line", "transcript-turn"})

_COLON_LINE = re.compile(
    r"(?m)^[“\"]?(?P<src>[A-Z][\w.'’&-]*(?:[ ][\w.'’&-]+){0,5}):[ \t\u00a0]+(?P<content>\S[^\n]*)$"
)
_DASH_LINE = re.compile(
    r"(?m)^(?P<content>[“”\"][^\n]+[”\"])[ \t\u00a0]*(?P<cue>[―—–]|--)[ \t\u00a0]*"
    r"(?P<src>[A-Z][^\n,]{1,60})"
)
# "Label: text" lines that are not someone speaking (counted in PolNeAR train)
_NOT_SPEAKERS = {
    "the latest", "contributing", "still to come", "twitter", "breaking", "revealed", "wow",
    "byline", "update", "updated", "note", "editor’s note", "editor's note", "related", "watch",
    "read more", "photo", "photos", "video", "source", "sources", "clarification", "correction",
    "q", "a", "question", "answer", "here goes", "a reminder", "name", "pledged", "superdelegates",
    "file photo", "reuters photo", "e-mail", "email", "tel", "phone", "web", "website", "graphic",
    "factbox", "map", "chart", "see also", "reporting", "editing", "writing",
    "additional reporting", "transcript", "timeline", "agenda", "schedule",
}  # fmt: skip
#: entity types of a label that is no one (a timeline's "March 3:", "10:30 a.m.:")
_WHEN = frozenset({"DATE", "TIME"})
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
)
#: a label that is a date or a time, whatever the parse's entities say ("April 2", "2 April",
#: "Monday", "1998", "10:30 a.m."; not a bare "May", a name too)
_DATE_LABEL = re.compile(
    rf"(?!May\Z)(?:{_MONTH}(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{4}})?"
    rf"|\d{{1,2}} {_MONTH}(?: \d{{4}})?"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d{4}|\d{1,2}(?:[:.]\d\d)?(?: ?[ap]\.?m\.?)?)"
)


def found_by_pattern(a: RawAttribution) -> bool:
    """Whether a pattern of this module found ``a`` (rather than a cue candidate)."""
    return bool(a.notes) and a.notes[0] in PATTERN_NOTES


def according_to(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` and the prepositional cues: "according to X", "in the words of X", with the
    rest of the sentence as their content."""
    doc, text = ctx.doc, ctx.text
    out: list[RawAttribution] = []
    for phrase in ctx.cues.source_prepositions:
        n = len(phrase)
        for tok in doc:
            if tok.lower_ != phrase[0]:
                continue
            if tok.i + n > len(doc):
                break
            phrase_words = tuple(t.lower_ for t in doc[tok.i : tok.i + n])
            if phrase_words != phrase:
                continue
            last = doc[tok.i + n - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            cue = (tok.idx, last.idx + len(last.text))
            source = trim(text, *subtree_span(pobj))
            sent = tok.sent
            # content: the sentence without the "according to X" phrase
            phrase_start = tok.idx
            phrase_end = max(source[1], cue[1])
            frags = []
            first = sent[0]
            # a sentence-opening "But" or "And" stays out of the content, as PolNeAR marks it
            begin = sent[1].idx if first.dep_ == "cc" and len(sent) > 1 else sent.start_char
            a, b = trim(text, begin, phrase_start)
            if words(text[a:b]) >= 1:
                frags.append((a, b))
            a, b = trim(text, phrase_end, sent.end_char)
            if words(text[a:b]) >= 1:
                frags.append((a, b))
            if not frags or sum(words(text[x:y]) for x, y in frags) < 2:
                continue
            out.append(
                RawAttribution(
                    cue=cue,
                    content=frags,
                    source=source,
                    kind="according_to",
                    confidence=0.85,
                    source_head=pobj.i,
                    cue_head=tok.i,
                    notes=["according-to"],
                )
            )
    return [*found, *out]


def speaker_lines(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` and the lines that name a speaker without a verb: "Pat Caddell: Voters worried
    ...", "WALLACE: Do you really ...", and "“Trump scares me.” ― Krystal Correa". Both kinds
    are checked against ``found`` alone, not against each other."""
    return [*found, *_colon_lines(ctx, found), *_dash_lines(ctx, found)]


def _colon_lines(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """Lines that open with a named speaker and a colon, "Pat Caddell: Voters worried ...",
    where no attribution in ``found`` overlaps the content."""
    doc, text = ctx.doc, ctx.text
    taken = [(x, y) for a in found for x, y in a.content]
    out: list[RawAttribution] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    for m in _COLON_LINE.finditer(text):
        src = m.group("src")
        if src.lower() in _NOT_SPEAKERS or ctx.in_title(m.start()):
            continue  # a title is no speaker line: see framing.attribution.headline
        span = doc.char_span(m.start("src"), m.end("src"), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        if span.root.ent_type_ in _WHEN or _DATE_LABEL.fullmatch(src):
            continue  # a timeline's entry, not a speaker
        named = any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span)
        if not named and span.root.pos_ != "NOUN":
            continue
        c0, c1 = trim(text, m.start("content"), m.end("content"))
        if words(text[c0:c1]) < 3 or not free(c0, c1):
            continue
        colon = m.end("src")
        out.append(
            RawAttribution(
                cue=(colon, colon + 1),
                content=[(c0, c1)],
                source=(m.start("src"), m.end("src")),
                kind=content_kind(text, ctx.quotes, c0, c1),
                confidence=0.6,
                source_head=span.root.i,
                cue_head=token_at(doc, colon).i,
                notes=["colon-line"],
            )
        )
    return out


def _dash_lines(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A quote signed with a dash, "“Trump scares me.” ― Krystal Correa", holding nothing but
    whole attributions of ``found``."""
    doc, text = ctx.doc, ctx.text
    out: list[RawAttribution] = []

    def nests(a: int, b: int) -> bool:
        """Free but for attributions wholly inside: "“... Trump said Hispanics live in hell.
        ...” ― Pamela Padilla" is hers, and holds Trump's."""
        return all(
            a <= r.cue[0] and r.cue[1] <= b and a <= r.content_start and r.content_end <= b
            for r in found
            if any(x < b and a < y for x, y in r.content)
        )

    for m in _DASH_LINE.finditer(text):
        c0, c1 = trim(text, m.start("content"), m.end("content"))
        if words(text[c0:c1]) < 3 or not nests(m.start("content"), m.end("content")):
            continue
        s0, s1 = trim(text, m.start("src"), m.end("src"))
        span = doc.char_span(s0, s1, alignment_mode="expand")
        if span is None:
            continue
        out.append(
            RawAttribution(
                cue=(m.start("cue"), m.end("cue")),
                content=[(c0, c1)],
                source=(s0, s1),
                kind="direct",
                confidence=0.7,
                source_head=span.root.i,
                cue_head=token_at(doc, m.start("cue")).i,
                notes=["dash-line"],
            )
        )
    return out


# -- transcripts -------------------------------------------------------------------------------

#: a paragraph that opens with a speaker's label, after a quote mark when the transcript is
#: quoted: "WALLACE: ...", "“SEN. KAINE: ...", "Chris Wallace: ..."
_TURN = re.compile(
    r"(?P<mark>[“\"]?)(?P<src>[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,3}):[ \t\u00a0]+\S"
)
#: a stage direction between turns: "(CROSSTALK)", "[LAUGHTER]"
_STAGE = re.compile(r"[“\"]?\s*[(\[][^)\]]*[)\]][.\s]*[”\"]?$")
# a question the speaker says they ask: "I want to ask you", "let me ask", "I've got to ask"
_ASKS = re.compile(r"\b(?:I|I’ve|I've|I’d|I'd|[Ll]et me)\b[\w\s’']{0,20}?\bask\b")
_SENTENCE_QUESTION = re.compile(r"\?[”\"’')\s]*$")


def transcript_turns(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """The turns of a transcript, one attribution each: the speaker's label is the source, its
    colon the cue, and the content the turn's words, with the paragraphs that carry the turn on
    before the next speaker's label as further fragments (not stage directions such as
    "(CROSSTALK.)"; the last turn takes no further paragraph: what follows a transcript is
    seldom part of it). A transcript is two or more paragraphs opening with a label in
    capitals ("WALLACE: ..."), or with labels of two speakers one of whom has two turns ("Chris
    Wallace: ..."). Each turn is flagged ``transcript``, and also ``question`` when it ends in a
    question mark or its speaker says they ask ("I've got to ask you, ...").

    The turns take over what they hold: an attribution found for a label's line is replaced,
    one whose cue sits in a turn is left out (what the speaker reports inside a turn is the
    speaker's turn, as PolNeAR marks transcripts: "I think ...", "a man who said ..."), and one
    from outside loses the part of its content inside the turns."""
    text = ctx.text
    turns = _turns(ctx.doc, text)
    if not turns:
        return found
    spans = [f for t in turns for f in t.content]
    # a turn from its label to its last fragment: what a cue there says is part of the turn
    extents = [(t.source[0] if t.source else t.cue[0], t.content_end) for t in turns]
    out: list[RawAttribution] = []
    for a in found:
        if any(s <= a.cue[0] < e for s, e in extents):
            continue
        if not any(x < e and s < y for x, y in a.content for s, e in spans):
            out.append(a)
            continue
        frags = [
            part
            for x, y in a.content
            for part in _cut_out(text, x, y, [(s, e) for s, e in spans if s < y and x < e])
        ]
        if sum(words(text[x:y]) for x, y in frags) >= 2:
            out.append(replace(a, content=frags))
    return [*out, *turns]


def _turns(doc: Doc, text: str) -> list[RawAttribution]:
    paras = paragraphs(text)
    lines = []
    for k, (a, b) in enumerate(paras):
        m = _TURN.match(text, a, b)
        if m is None or m.group("src").lower() in _NOT_SPEAKERS or words(text[m.end() : b]) < 2:
            continue  # (not "Sanders: 1,501", a tally)
        lines.append((k, m))
    if not _is_transcript([m.group("src") for _, m in lines]):
        return []
    caps = any(m.group("src").isupper() for _, m in lines)
    lines = [(k, m) for k, m in lines if not caps or m.group("src").isupper()]
    out = []
    for n, (k, m) in enumerate(lines):
        a, b = paras[k]
        frags = [trim(text, m.end("src") + 1, b)]
        if n + 1 < len(lines):
            for pa, pb in paras[k + 1 : lines[n + 1][0]]:
                if _STAGE.match(text, pa, pb) or (
                    m.group("mark") and text[pa] not in OPENING + STRAIGHT
                ):
                    continue
                x, y = trim(text, pa, pb)
                while x < y and text[x] in OPENING + CLOSING + STRAIGHT:
                    x += 1
                if y > x:
                    frags.append((x, y))
        frags = [(x, y) for x, y in frags if y > x]
        if not frags or words(text[frags[0][0] : frags[-1][1]]) < 1:
            continue
        said = " ".join(text[x:y] for x, y in frags)
        flags: tuple[str, ...] = ("transcript",)
        if _SENTENCE_QUESTION.search(said.rstrip("—–-. ")) or _ASKS.search(said):
            flags = ("transcript", "question")
        colon = m.end("src")
        label = doc.char_span(m.start("src"), colon, alignment_mode="expand")
        cue = token_at(doc, colon)
        out.append(
            RawAttribution(
                cue=(colon, colon + 1),
                content=frags,
                source=(m.start("src"), colon),
                kind="direct",
                confidence=0.7,
                source_head=label.root.i if label is not None and len(label) else None,
                cue_head=cue.i if cue is not None else -1,
                notes=["transcript-turn"],
                flags=flags,
            )
        )
    return out


def _is_transcript(labels: list[str]) -> bool:
    """Two or more labels in capitals, or two speakers of whom one speaks twice."""
    if sum(1 for x in labels if x.isupper() and len(x) > 1) >= 2:
        return True
    counts = {x: labels.count(x) for x in labels}
    return len(counts) >= 2 and max(counts.values()) >= 2


def _cut_out(text: str, x: int, y: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[x, y)`` without the ``holes``, each part trimmed, empty parts left out."""
    parts, at = [], x
    for s, e in sorted(holes):
        parts.append(trim(text, at, max(at, s)))
        at = max(at, e)
    parts.append(trim(text, at, y))
    return [(s, e) for s, e in parts if e > s]
