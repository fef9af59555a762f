"""Attributions without a cue verb, found by patterns: steps that add to what was found.

* prepositional cues from the cue lexicon's ``source_prepositions``: "according to X", "in the
  words of X" (the content is the rest of the sentence);
* speaker lines: "Pat Caddell: Voters worried ...", "WALLACE: Do you really ...", and a quote
  signed with a dash, "“Trump scares me.” ― Krystal Correa".

Both are steps (see :data:`framing.attribution.raw.Step`): they return what was found with
their own attributions after it.
"""

from __future__ import annotations

import re

from framing.attribution.frames import content_kind
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.spans import subtree_span, token_at, trim, words

#: the first note of an attribution a pattern found (candidates note their frame there)
PATTERN_NOTES = frozenset({"according-to", "colon-line", "dash-line"})

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
    "additional reporting",
}  # fmt: skip


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
