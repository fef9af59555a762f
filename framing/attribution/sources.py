"""Who speaks: the source of a cue in the parse, and the words of its span.

The source is the cue verb's subject ("*the ministry* said"), the agent of a passive ("was
reported *by the agency*"), the subject of the verb a cue hangs on ("..., *it* said, adding
that ..."), the noun a participle modifies ("a *statement* saying ..."), or, for a noun cue,
its possessor or the subject of the verb it is the object of ("*North Korea*'s claims",
"*Trump* made the claim that ...").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

#: the relations of a verb's subject
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# A cue that takes its subject from the verb it hangs on: "..., it said, adding that ..."
_INHERIT_DEPS = {"advcl", "conj", "xcomp"}
# Source words kept out of the span (share of gold sources that include them): advcl 0.14,
# ccomp 0.25, mark 0.09. Dropping acl (0.34), dep (0.32) or relcl (0.49) too scored lower on
# dev, as those clauses are often what PolNeAR's source span ends with.
_SOURCE_DROP = {"advcl", "ccomp", "mark"}


def subject(verb: Token) -> Token | None:
    """The word that speaks for a cue verb: its subject, a passive's agent, the subject of the
    verb it hangs on (two levels up), or the noun a participle modifies; ``None`` for a passive
    without an agent ("it was reported that ...")."""
    return _subject(verb, 0)


def _subject(verb: Token, depth: int) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "nsubjpass":
            for agent in verb.children:
                if agent.dep_ == "agent":
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            return pobj
            return None  # "it was reported that ...": no source
    if depth < 2 and verb.dep_ in _INHERIT_DEPS and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)
    head = verb.head
    # "..., after saying that ...": through the preposition to the verb it hangs on
    if depth < 2 and verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.head.i != head.i:
        return _subject(head.head, depth + 1)
    # "a statement announcing that ...", "a letter saying ...": the noun speaks
    if depth == 0 and verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
        return head
    return None


def quote_safe_subject(verb: Token, quotes: Sequence[tuple[int, int]]) -> Token | None:
    """The verb's subject, but not a word of a quotation the parse took for one when the
    sentence splitter cut the quote: "“... Full panic mode,” said Leslie Wimes" gives "mode"
    and "Wimes" as subjects of "said"; the one outside the quote speaks."""
    subj = subject(verb)
    if subj is None or not any(q0 < subj.idx < q1 for q0, q1 in quotes):
        return subj
    for child in verb.children:
        outside = not any(q0 < child.idx < q1 for q0, q1 in quotes)
        if child.dep_ == "nsubj" and child.i != subj.i and outside:
            return child
    return subj


def source_span(subj: Token) -> tuple[int, int]:
    """The subject's words without clauses hanging on it ("Trump, appearing after Clinton at
    the forum, said" -> "Trump"); a relative pronoun stays itself, as PolNeAR marks it."""
    keep = [subj]
    for child in subj.children:
        if child.dep_ in _SOURCE_DROP:
            continue
        keep.extend(child.subtree)
    idx = sorted(t.i for t in keep)
    # the contiguous run around the head
    lo = hi = subj.i
    members = set(idx)
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    doc = subj.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def noun_source(noun: Token) -> Token | None:
    """Whose claim: the possessor ("North Korea's claims"), else the subject of the verb the
    noun is the object of ("Trump made the claim that ...")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return subject(noun.head)
    return None
