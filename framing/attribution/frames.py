"""A cue's frame in the parse: which words are the cue, where its content is, what kind it is.

The content of a cue verb is, in this order of preference: the clause it reports, from the
parse ("said *that ...*", "*...*, it said", "*X*, Mr. Obama said, *Y*"); a quote right before or
after it ("“...,” he said", "said: “...”"); for verbs outside the cue lexicon's clause frames,
its object ("called *the charges unsubstantiated*"), a passive's subject, or a prepositional
object ("spoke *of X*"); and last, the rest of its sentence. A noun cue's content is a clause
on it ("the claim *that X*"), a prepositional object ("claims *about X*") or a quote after it.
Each finder returns the content as a character span and the name of its frame (``how``).

The cue is the verb with its auxiliaries, negation, adverbs, particle and cue phrase ("has also
said", "pointed out", "said in a statement"), the verbs it depends on ("refuses to do"), and
the preposition left before a content ("called on | Congress to act").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from framing.attribution.sources import SUBJECT_DEPS, quote_safe_subject, subject
from framing.attribution.spans import (
    only_punct_between,
    punct_run_after,
    punct_run_before,
    subtree_span,
    words,
)
from framing.resources import CueLexicon

# Which words around a cue verb belong to the cue, from PolNeAR train (share of gold cues that
# include the verb's adjacent child with that relation): aux 0.97, auxpass 0.97, neg 1.00,
# advmod before 0.91 ("also said"), prt 1.00 ("pointed out"), advmod after 0.87, acomp 0.92
# ("was critical of"), npadvmod after 0.60 ("said Friday"). A preposition right after the
# verb joins the cue when its object is the content ("called for X", "talked about X"); a
# phrase right after the verb joins it only for the objects listed under ``cue_phrases`` in
# the cue lexicon ("said in a statement" 53 of 80 on train, but "in an interview" 32 of 82,
# "in a speech" 0 of 8, "at a rally" 4 of 12, dates never).
CUE_LEFT = {"aux", "auxpass", "neg", "advmod"}
CUE_RIGHT = {"prt", "advmod", "acomp", "npadvmod"}
_OBJECT_TAIL = {"oprd", "prep", "xcomp", "ccomp", "advmod", "npadvmod"}
_CONTENT_PREPS = {"for", "of", "about", "to", "on", "against", "that"}
_NOUN_PREPS = {"of", "about", "for", "on", "against", "to", "that", "over"}

Frame = tuple[tuple[int, int] | None, str]  # (content span or None, how it was found)


# -- the cue's words ---------------------------------------------------------------------------


def cue_span(
    verb: Token, cues: CueLexicon, content: tuple[int, int] | None = None
) -> tuple[int, int]:
    """The verb with its auxiliaries, negation, adverbs and particle: "has also said",
    "pointed out", "called for", "said in a statement" (never reaching into the content); a
    phrase after the verb joins it when the cue lexicon lists its object under
    ``cue_phrases``."""
    doc = verb.doc
    lo = verb.i
    while lo - 1 >= 0 and doc[lo - 1].head.i == verb.i and doc[lo - 1].dep_ in CUE_LEFT:
        lo -= 1
    hi = verb.i
    while hi + 1 < len(doc):
        t = doc[hi + 1]
        if content is not None and t.idx >= content[0] and t.idx < content[1]:
            break
        if t.head.i != verb.i:
            break
        if t.dep_ in CUE_RIGHT:
            hi += 1
        elif t.dep_ == "prep":
            obj = next((c for c in t.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and content is not None and obj.left_edge.idx == content[0]:
                hi += 1
            elif obj is not None and obj.lemma_.lower() in cues.cue_phrases.get(t.lower_, ()):
                end = t.right_edge
                if content is not None and end.idx + len(end.text) > content[0] > t.idx:
                    break
                hi = end.i
            else:
                break
        else:
            break
    first, last = doc[lo], doc[hi]
    return first.idx, last.idx + len(last.text)


def cue_through_control(verb: Token, cue: tuple[int, int]) -> tuple[int, int]:
    """An infinitive cue takes in the verbs it depends on, as PolNeAR marks it: "refuses to
    do", "appears set to veto", "was able to consistently tout" (up to three levels)."""
    doc = verb.doc
    tok = verb
    lo = cue[0]
    for _ in range(3):
        if tok.dep_ != "xcomp" or tok.head.i >= tok.i:
            break
        head = tok.head
        gap = doc[head.i + 1 : tok.i]
        if any(not (t.dep_ in ("aux", "advmod", "neg") or t.is_space) for t in gap if t.idx < lo):
            break
        start = head
        while (
            start.i - 1 >= 0
            and doc[start.i - 1].head.i == head.i
            and doc[start.i - 1].dep_ in CUE_LEFT
        ):
            start = doc[start.i - 1]
        lo = start.idx
        tok = head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            tok = head.head
            b = tok
            while b.i - 1 >= 0 and doc[b.i - 1].head.i == tok.i and doc[b.i - 1].dep_ in CUE_LEFT:
                b = doc[b.i - 1]
            if tok.i < head.i:
                lo = b.idx
    return (lo, cue[1])


def cue_to_content(verb: Token, cue: tuple[int, int], start: int) -> tuple[int, int]:
    """A preposition of the verb left between the cue and a content that now starts after it
    joins the cue: "called on | Congress to act" -> "called on", "described as | X", and so
    does a short object before it: "expressed deep concern about | the policy"."""
    span = verb.doc.char_span(cue[1], start, alignment_mode="contract")
    between = [t for t in span if not t.is_space] if span is not None else []
    if len(between) == 1 and between[0].dep_ == "prep" and between[0].head.i == verb.i:
        return cue[0], between[0].idx + len(between[0].text)
    # "expressed deep concern about | the policy": an object and its preposition too
    if (
        1 < len(between) <= 4
        and between[-1].dep_ == "prep"
        and not any(t.is_punct for t in between)
        and all(t.head.i == verb.i or verb in t.ancestors for t in between)
        and any(t.dep_ == "dobj" and t.head.i == verb.i for t in between)
    ):
        return cue[0], between[-1].idx + len(between[-1].text)
    return cue


def noun_cue_span(noun: Token, last: Token) -> tuple[int, int]:
    """A noun cue with its adjectives and determiner, as PolNeAR marks it ("a tacit
    acknowledgment", "that promise"), not a possessor's "'s" ("North Korea's | claims"), up to
    ``last`` (the noun, or the preposition of its content: "claims about")."""
    doc = noun.doc
    lo = noun.i
    while lo - 1 >= 0 and doc[lo - 1].head.i == noun.i and doc[lo - 1].dep_ in ("amod", "det"):
        lo -= 1
    return doc[lo].idx, last.idx + len(last.text)


# -- where the content is ----------------------------------------------------------------------


def content_from_parse(verb: Token, cues: CueLexicon, *, open_vocabulary: bool = False) -> Frame:
    """The clause a cue verb reports, and how it was found."""
    lemma = verb.lemma_.lower()
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps and (open_vocabulary or lemma in cues.infinitive_content):
        comps = [c for c in verb.children if c.dep_ == "xcomp"]
    if not comps:
        comps = [
            c
            for c in verb.children
            if c.dep_ == "parataxis"
            and c.i > verb.i
            and any(t.text == ":" for t in verb.doc[verb.i : c.i])
        ]
    if comps:
        comp = min(comps, key=lambda c: abs(c.i - verb.i))
        start, end = subtree_span(comp)
        if comp.i > verb.i:
            if comp.dep_ == "xcomp":
                # "urged supporters to monitor polling places": the object is content too
                objs = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < comp.i]
                if objs:
                    start = objs[0].left_edge.idx
            return (start, end), "clause-after"
        # "X, but Y, another source said": the content runs from the sentence's start
        sent_start = verb.sent.start_char
        if sent_start < start and verb.sent.start < comp.left_edge.i:
            prefix = verb.doc[verb.sent.start : comp.left_edge.i]
            if all(t.i < verb.i for t in prefix) and not any(
                t.dep_ in SUBJECT_DEPS and t.head.i == verb.i for t in prefix
            ):
                start = sent_start
        return (start, end), "clause-before"
    # "Infrastructure suffered damage ..., it said": the cue hangs on the reported clause
    head = verb.head
    if verb.dep_ == "parataxis" and head.i < verb.i:
        doc = verb.doc
        sent = verb.sent
        start = sent.start_char
        end = verb.left_edge.idx
        n = sum(1 for t in doc[sent.start : verb.left_edge.i] if not (t.is_punct or t.is_space))
        if end > start and n >= 2:
            return (start, end), "clause-before"
    # "The museum, Mr. Obama said, would make visitors face ...": the cue interrupts the clause
    if verb.dep_ == "parataxis" and head.i > verb.i and verb.sent.start < verb.left_edge.i:
        sent = verb.sent
        return (sent.start_char, sent.end_char), "clause-around"
    return None, ""


def adjacent_quote(
    verb: Token, cue: tuple[int, int], quotes: Sequence[tuple[int, int]], text: str
) -> Frame:
    """A quote right before the cue ("“...,” said the statement") or right after it ("said:
    “...”"), with nothing but punctuation between; the quote may hang on the verb (its marks
    are the verb's children), so look left of the subject ("“...,” he said") or of the verb
    itself ("“...,” said Tim Hess"), never into the paragraph before ("“...”\\n\\nDemocrats
    also blasted ...")."""
    subj0 = quote_safe_subject(verb, quotes)
    left = verb.idx
    if subj0 is not None and subj0.i < verb.i and subj0.head.i == verb.i:
        left = subj0.left_edge.idx
    lo, hi = punct_run_before(text, left), punct_run_after(text, cue[1])
    before = [
        q
        for q in quotes
        if lo <= q[1] <= left
        and only_punct_between(text, q[1], left)
        and "\n" not in text[q[1] : left]
    ]
    after = [q for q in quotes if cue[1] <= q[0] <= hi and only_punct_between(text, cue[1], q[0])]
    if before:
        return before[-1], "quote-before"
    if after:
        return after[0], "quote-after"
    return None, ""


def quote_after_hearer(verb: Token, quotes: Sequence[tuple[int, int]], text: str) -> Frame:
    """A quote right after the person a verb of telling addresses, with nothing but
    punctuation between: "told the crowd: “...”", "asked reporters, “...?”"."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    if obj is None:
        return None, ""
    end = obj.right_edge.idx + len(obj.right_edge.text)
    hi = punct_run_after(text, end)
    after = [q for q in quotes if end <= q[0] <= hi and only_punct_between(text, end, q[0])]
    if after and "\n" not in text[end : after[0][0]]:
        return after[0], "quote-after"
    return None, ""


def content_open(verb: Token) -> Frame:
    """Content of a verb outside the cue lexicon's clause frames: "called X Y" (object and
    predicate), "called for X", "spoke of X" (prepositional object)."""
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    if dobj is not None and dobj.pos_ != "PRON":
        # the object and what the verb says of it: "called the charges unsubstantiated",
        # "criticized Trump for taking advantage ...", "described Putin as a strong leader"
        last = dobj.right_edge
        for c in verb.children:
            if c.i <= dobj.i or c.dep_ not in _OBJECT_TAIL:
                continue
            if not any(t.text in ",;:" for t in verb.doc[last.i : c.left_edge.i]):
                last = max(last, c.right_edge, key=lambda t: t.i)
        return (dobj.left_edge.idx, last.idx + len(last.text)), "object"
    # "Trump has been endorsed by the union": the passive subject is what the agent says
    subjpass = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i == verb.i + 1), None)
    if subjpass is not None and agent is not None and any(c.dep_ == "pobj" for c in agent.children):
        return subtree_span(subjpass), "passive-subject"
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.i == verb.i + 1 and prep.lower_ in _CONTENT_PREPS:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return subtree_span(pobj), "prep-object"
    return None, ""


def content_remainder(verb: Token, cue: tuple[int, int]) -> Frame:
    """The sentence after the cue, or (a cue at the sentence's end) the sentence before its
    subject: the fallback content of a cue verb the parse attaches nothing to."""
    sent = verb.sent
    doc = verb.doc
    after = [t for t in doc[verb.i + 1 : sent.end] if t.idx >= cue[1]]
    if sum(1 for t in after if not (t.is_punct or t.is_space)) >= 3:
        return (after[0].idx, sent.end_char), "remainder-after"
    subj = subject(verb)
    left = subj.left_edge.i if subj is not None and subj.i < verb.i else verb.left_edge.i
    before = doc[sent.start : min(left, verb.i)]
    if sum(1 for t in before if not (t.is_punct or t.is_space)) >= 3:
        return (sent.start_char, before[-1].idx + len(before[-1].text)), "remainder-before"
    return None, ""


def noun_content(
    noun: Token, quotes: Sequence[tuple[int, int]], text: str
) -> tuple[tuple[int, int] | None, str, Token]:
    """The content of a noun cue, how it was found, and the cue's last word (the noun, or the
    preposition that opens its content: "claims about"): a clause on the noun ("the claim that
    X", "a call to X"), a prepositional object ("claims about X") or a quote right after it."""
    for c in noun.children:
        if (
            c.i > noun.i
            and c.dep_ in ("acl", "ccomp", "relcl")
            and c.left_edge.lower_ in ("that", "to")
        ):
            if c.dep_ == "relcl" and c.left_edge.lower_ != "that":
                continue
            return subtree_span(c), "noun-clause", noun
    for c in noun.children:
        if c.dep_ == "prep" and c.i > noun.i and c.lower_ in _NOUN_PREPS:
            obj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return subtree_span(obj), "noun-prep", c
    after = [q for q in quotes if q[0] >= noun.idx + len(noun.text)]
    if after and only_punct_between(text, noun.idx + len(noun.text), after[0][0]):
        return after[0], "noun-quote", noun
    return None, "", noun


# -- what kind the content is ------------------------------------------------------------------


def content_kind(text: str, quotes: Sequence[tuple[int, int]], start: int, end: int) -> str:
    """``direct`` when quotes hold at least 90% of the content's words, ``mixed`` when they
    hold some, ``indirect`` when none."""
    inside = 0
    for q0, q1 in quotes:
        lo, hi = max(q0, start), min(q1, end)
        if lo < hi:
            inside += words(text[lo:hi])
    total = words(text[start:end])
    if total and inside >= 0.9 * total:
        return "direct"
    if inside:
        return "mixed"
    return "indirect"
