"""The article's title (headline): its own attributions, and never a speaker line.

:mod:`framing.read.structure` finds the title; the one parse holds it with the body (the Doc
starts at the title, see :attr:`framing.schema.Article.parsed`), so the cue candidates find
"Clinton says ..." in it as anywhere else. Two things differ in a title:

* "Name: claim" is a headline's way to give a claim to Name ("Pat Caddell: Democrat Voters
  Worried ...", "Poll: Clinton and Trump in dead heat"), not the first line of a transcript
  (:mod:`~framing.attribution.patterns` leaves the title's lines alone). :func:`title_colons`
  reads it: the source is the name alone ("Obama on Climate Change: The Trends Are
  'Terrifying.'" -> "Obama", not the speaker "Obama on Climate Change"; "A lesson from Loretta
  Lynch: 'Be the voice ...'" -> "Loretta Lynch"), the name must occur in the body too (an
  article under "Pence: ..." names Pence), and a kicker ("The Latest:", "Exclusive:",
  "Stealth Over Health:") is no source.
* every attribution whose cue lies in the title is flagged ``headline``
  (:func:`flag_headlines`): readers can count the headline's claims apart, and the title's
  words are kept out of the body's voice counts anyway (:func:`framing.pipeline.build_report`).

Both are steps (see :data:`framing.attribution.raw.Step`) that do nothing without a title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span as SpacySpan

from framing.attribution.frames import content_kind
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.spans import token_at, trim, words

__all__ = ["FLAG", "KICKERS", "flag_headlines", "title_colons"]

FLAG = "headline"

#: labels that open a headline without naming who speaks ("The Latest: ...", "Exclusive: ..."):
#: conventions of news sites and wire services, written for this module
KICKERS = frozenset({
    "the latest", "latest", "exclusive", "analysis", "news analysis", "commentary", "opinion",
    "op-ed", "editorial", "editorials", "breaking", "breaking news", "live", "live updates",
    "update", "updated", "updates", "explainer", "explained", "fact check", "factbox",
    "fact sheet", "watch", "video", "photos", "in pictures", "review", "interview",
    "q&a", "obituary", "letters", "column", "perspective", "first person", "special report",
    "in depth", "timeline", "quiz", "poll results", "correction", "clarification", "note",
    "editor's note", "editor’s note", "read more", "related", "see also", "sponsored",
})  # fmt: skip

#: the up to eight words before the title's first colon, and what follows it
_TITLE_COLON = re.compile(r"[\"“‘']?(?P<pre>[^\n:]{1,80}?)[ \t]*:[ \t\u00a0]+(?P<content>\S[^\n]*)")
_MINOR = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "off", "on",
    "onto", "or", "over", "per", "than", "the", "to", "up", "upon", "via", "vs", "with",
})  # fmt: skip
_NAME_ENTS = ("PERSON", "ORG")
_PLACE_ENTS = ("GPE", "LOC", "FAC")
_MAX_NAME_TOKENS = 4


def flag_headlines(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found``, each attribution whose cue lies in the title flagged ``headline``."""
    if ctx.title is None:
        return found
    return [
        replace(a, flags=(*a.flags, FLAG)) if ctx.in_title(a.cue[0]) and FLAG not in a.flags
        else a
        for a in found
    ]  # fmt: skip


def title_colons(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` and the title's "Name: claim", when no attribution of ``found`` overlaps the
    claim already and the title names a source before its colon (:func:`_source`)."""
    if ctx.title is None:
        return found
    doc, text = ctx.doc, ctx.text
    t0, t1 = ctx.title
    m = _TITLE_COLON.match(text[:t1], t0)
    if m is None or len(m.group("pre").split()) > 8:
        return found
    pre = m.group("pre").strip()
    if pre.lower() in KICKERS:
        return found
    c0, c1 = trim(text, m.start("content"), m.end("content"))
    if words(text[c0:c1]) < 3:
        return found
    if any(x < c1 and c0 < y for a in found for x, y in a.content):
        return found
    span = doc.char_span(m.start("pre"), m.start("pre") + len(pre), alignment_mode="expand")
    ok = span is not None and len(span)
    source = _source(span, text[t1:], ctx.speaker_nouns) if ok else None
    if source is None:
        return found
    colon = m.end("pre") + text[m.end("pre") : m.start("content")].index(":")
    cue_tok = token_at(doc, colon)
    if cue_tok is None:
        return found
    att = RawAttribution(
        cue=(colon, colon + 1),
        content=[(c0, c1)],
        source=(source.start_char, source.end_char),
        kind=content_kind(text, ctx.quotes, c0, c1),
        confidence=0.6,
        source_head=source.root.i,
        cue_head=cue_tok.i,
        notes=["colon-line", FLAG],  # a pattern's attribution (patterns.found_by_pattern)
        flags=(FLAG,),
    )
    return [*found, att]


def _source(pre: SpacySpan, body: str, nouns: frozenset[str]) -> SpacySpan | None:
    """Who a title's "pre: claim" gives the claim to: ``pre`` itself when it is a name (up to
    four capitalised words, no article or preposition: "Pat Caddell", "Poll"; not a place:
    "Kelvara:" is a topic), else its first person or organisation ("A lesson from Loretta
    Lynch"), else ``pre`` when it is a noun phrase headed by one of ``nouns`` (a role, a
    group, a document: "Police chief", "Nurses' letter to the board"), else the capitalised
    words it opens with before a preposition ("Obama on Climate Change"); ``None`` when there
    is none, or the body (``body``) does not name it."""

    def capitalised(tok) -> bool:  # noqa: ANN001 - a spaCy Token
        return tok.text[:1].isupper() and tok.lower_ not in _MINOR and tok.pos_ != "DET"

    found: SpacySpan | None = None
    common = False  # a common noun, named in the body in lower case too
    places = [e for e in pre.ents if e.label_ in _PLACE_ENTS]
    if places and places[0].start == pre.start and places[0].end == pre.end:
        return None  # "Kelvara: paper tickets end on Monday"
    if len(pre) <= _MAX_NAME_TOKENS and all(capitalised(t) for t in pre):
        found, common = pre, len(pre) == 1
    if found is None:
        ents = [e for e in pre.ents if e.label_ in _NAME_ENTS]
        if ents:
            found = ents[0]
    if found is None and _speaker_phrase(pre, nouns):
        found, common = pre, True
    if found is None:
        k = 0
        while k < len(pre) and k < _MAX_NAME_TOKENS and capitalised(pre[k]):
            k += 1
        if 0 < k < len(pre) and pre[k].lower_ in _MINOR:
            found = pre[:k]
    if found is None or not len(found):
        return None
    # the body names it too: a name as a name is written, a common noun in any case ("Poll:"
    # and "a new poll shows")
    head = (found.root if common else found[-1]).text
    flags = re.IGNORECASE if common else 0
    if not re.search(rf"(?<!\w){re.escape(head)}(?!\w)", body, flags):
        return None  # "Stealth Over Health: ..." in an article that never names a Stealth
    return found


def _speaker_phrase(pre: SpacySpan, nouns: frozenset[str]) -> bool:
    """Whether ``pre`` is a noun phrase of at most six words, without a verb, headed by a
    noun that names a speaker ("Police chief", "Nurses' letter to health board")."""
    if len(pre) > 6 or any(t.pos_ in ("VERB", "AUX") for t in pre):
        return False
    root = pre.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return False
    head = " ".join(t.lower_ for t in pre[: root.i - pre.start + 1])
    return (
        root.lower_ in nouns
        or root.lemma_.lower() in nouns
        or any(f" {head}".endswith(f" {n}") for n in nouns if " " in n)
    )
