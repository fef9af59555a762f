"""The narrator's own sentences that read like attributions: steps that drop them.

Two shapes, each a step (see :data:`framing.attribution.raw.Step`):

* an aside to the reader, where a cue has no one to speak for it: "It's worth noting that
  ...", "It is important to note that ...", "It bears repeating that ...", "It should be
  noted that ...", "Note that ...", "Don't forget that ...", "There is little doubt that ..."
  (:func:`drop_asides`);
* a source borrowed across a coordinated clause that names its own subject: in "Fresh clashes
  began on Sept. 27, and since then Armenia has continued attacks on civilians" the parse hangs
  "has" on "began" and "Armenia" on "since", so "attacks" reads as a cue whose speaker is
  "Fresh clashes" (:func:`drop_borrowed_sources`).

Neither has a speaker, so neither is an attribution: the narrator says it.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from framing.attribution.patterns import found_by_pattern
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.sources import SUBJECT_DEPS
from framing.attribution.spans import token_at

# Modals of "it should be noted that", "it must be said that", "it can be argued that"
_MODALS = {"should", "must", "can", "could", "might", "may", "cannot"}
# Words that may open an imperative aside before its verb: "But note that", "Also remember"
_IMPERATIVE_OPENERS = {"but", "and", "so", "also", "just", "now", "still", "yet", "do", "n't",
                       "not"}  # fmt: skip
# Nouns of "there is no doubt that": the narrator's certainty, no one else's
_NO_ONES = {"doubt", "question", "denying", "dispute", "secret"}
# Finite verb tags, and verbs the parse may take for a main verb before a participle
_FINITE = {"VBZ", "VBD", "VBP", "MD"}
_AUX_LEMMAS = {"have", "be", "do"}
# Entity types of a word that is no subject of its clause: ", and by Monday had ..."
_NOT_SUBJECTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


def drop_asides(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` without the narrator's asides to the reader: a cue verb whose only subject is
    an expletive "it" ("It's worth noting that", "It is important to note that", "It bears
    repeating that", "It should be noted that"), an imperative outside quotes ("Note that",
    "Don't forget that"), or "There is little doubt that"."""
    doc = ctx.doc
    return [
        a
        for a in found
        if found_by_pattern(a)
        or not (0 <= a.cue_head < len(doc) and _aside(doc[a.cue_head], ctx.quotes))
    ]


def _aside(verb: Token, quotes: tuple[tuple[int, int], ...]) -> bool:
    if verb.pos_ == "NOUN":
        return _no_ones_doubt(verb)
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in SUBJECT_DEPS and c.lower_ != "it" for c in verb.children):
        return False
    # "It should be noted that": a modal passive whose subject is "it"
    if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children):
        return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    # "It's worth noting", "It is important to note", "It bears repeating": an infinitive or
    # gerund under an adjective (or "bear") whose clause's subject is "it"
    if verb.dep_ in ("xcomp", "advcl") and verb.tag_ in ("VB", "VBG"):
        head = verb.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            head = head.head
        elif not (head.lemma_ == "bear" or any(c.dep_ == "acomp" for c in head.children)):
            return False
        subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        return len(subjects) == 1 and subjects[0].lower_ == "it"
    # "Note that ...", "Don't forget that ...": an imperative that opens its sentence and
    # reports a finite clause ("Don't expect X to Y" is left to the model)
    if verb.tag_ == "VB" and verb.dep_ == "ROOT" and any(_finite(c) for c in verb.children):
        if any(q0 <= verb.idx < q1 for q0, q1 in quotes):
            return False
        before = verb.doc[verb.sent.start : verb.i]
        return all(t.lower_ in _IMPERATIVE_OPENERS or t.is_punct or t.is_space for t in before)
    return False


def _no_ones_doubt(noun: Token) -> bool:
    """ "There is little doubt that ...", "There is no question that ...": a noun of belief
    after an expletive "there", with no one's ("among voters", "his") to hold it."""
    if noun.dep_ != "attr" or noun.head.lemma_ != "be" or noun.lemma_ not in _NO_ONES:
        return False
    if not any(c.dep_ == "expl" for c in noun.head.children):
        return False
    return not any(c.dep_ in ("poss", "prep") for c in noun.children if c.lower_ != "that")


def _finite(clause: Token) -> bool:
    """Whether ``clause`` heads a reported finite clause: "(note) *that the bridge was* ..."."""
    if clause.dep_ != "ccomp" or not any(c.dep_ in SUBJECT_DEPS for c in clause.children):
        return False
    return not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def drop_borrowed_sources(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` without the cues whose source the parse borrowed from the clause before ", and"
    when their own clause names another subject: "Fresh clashes began on Sept. 27, and since
    then Armenia has continued attacks on civilians" ("attacks" is not what the clashes say).
    A cue verb of the lexicon keeps its attribution but loses the borrowed source; any other
    cue (a noun, a verb outside the lexicon) is the narrator's and goes."""
    doc = ctx.doc
    out = []
    for a in found:
        if a.source_head is None or not 0 <= a.cue_head < len(doc) or found_by_pattern(a):
            out.append(a)
            continue
        cue = doc[a.cue_head]
        first = token_at(doc, a.cue[0])
        if first is None or not _borrowed(cue, first.i, doc[a.source_head]):
            out.append(a)
        elif cue.pos_ == "VERB" and ctx.cues.kind(cue.lemma_.lower()) is not None:
            out.append(replace(a, source=None, source_head=None))
    return out


def _borrowed(cue: Token, first: int, source: Token) -> bool:
    """Whether ``source``, a subject the cue takes from another clause, stands before a ", and"
    (", but") after which the cue's own clause opens with a subject of its own: a noun right
    before a finite verb that leads to the cue ("*Fresh clashes* began ..., and since then
    *Armenia has* continued attacks"; ``first``: the index of the cue's first word)."""
    if source.head.i == cue.i or source.i >= first:
        return False
    doc = cue.doc
    i = first
    finite = doc[first].tag_ in _FINITE
    while i - 1 > source.i and (
        doc[i - 1].pos_ == "AUX"
        or doc[i - 1].lemma_ in _AUX_LEMMAS
        or doc[i - 1].dep_ in ("neg", "advmod")
    ):
        i -= 1
        finite = finite or doc[i].tag_ in _FINITE
    n = doc[i - 1]
    if not finite or n.i <= source.i or n.pos_ not in ("PROPN", "NOUN", "PRON"):
        return False
    if n.ent_type_ in _NOT_SUBJECTS or n.i in {t.i for t in source.subtree}:
        return False
    return any(t.dep_ == "cc" and doc[t.i - 1].text in (",", ";") for t in doc[source.i + 1 : n.i])
