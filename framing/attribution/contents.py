"""What a candidate's content is: something said or thought, or not.

A content is something said or thought: a clause ("said *that X*", "wants *to win*"), a quote
with a clause in it, or a noun phrase that stands for a proposition ("denied *the
allegations*", "offered *his condolences*", "the notion *that X*"). The same verbs take other
objects in other senses: a person or an outlet ("denied *the visitors*", "told *Reuters*"), a
thing or an event ("filed *a claim*", "boarded *a shuttle bus*", "stopped *31 shots*"), a
title, nickname or scare quote in quotation marks ("titled *“Arrogant”*", "the so-called
*“peace plan”*"). :func:`content_type` names which of these a content is, from the parse
alone (its head word's part of speech, entity type and dependents, the quotes around it), so
that the learned cue model can weigh a verb's sense by its argument (see
:func:`framing.attribution.learned.features`) and the rules can drop contents that cannot be
said (see :func:`framing.attribution.candidates.verb_candidates`).

PolNeAR's annotators mark more than propositions: the person after "endorsed", "criticized",
"attacked" is a content there ("criticized *Sanders and Clinton*"), and so is a plain noun
phrase after "offered", "announced", "discussed". So the types are evidence for the model,
not a filter, except where the gold never has them (see :func:`quote_phrase`).
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from spacy.tokens import Doc, Span, Token

from framing.attribution.quotes import CLOSING, OPENING, STRAIGHT

_MARKS = set(OPENING + CLOSING + STRAIGHT + "`'")
#: entity types of a content's head, by the kind of argument they make
_ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "org",
    "NORP": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "WORK_OF_ART": "title",
    "PRODUCT": "title",
    "EVENT": "title",
    "LAW": "title",
    "CARDINAL": "quantity",
    "PERCENT": "quantity",
    "MONEY": "quantity",
    "QUANTITY": "quantity",
    "ORDINAL": "quantity",
    "DATE": "time",
    "TIME": "time",
}
_AMOUNTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
#: the types of a content that is not something said or thought (a noun phrase naming a
#: person, an organisation or outlet, a place, a work, an amount, a thing or an event)
NOT_SAID = frozenset(
    {"person", "org", "place", "title", "name", "quantity", "time", "pronoun", "np", "quote-phrase"}
)
#: the types of a name: of someone, something, a work, or a short quoted phrase
NAMES = frozenset({"person", "org", "name", "title", "place", "quote-phrase"})
#: the types of an object that can be the person spoken to ("told *Reuters*")
HEARERS = frozenset({"person", "org", "name", "title", "pronoun", "place"})
#: the noun-phrase types, which a predicate after them makes a small clause
NOMINAL = NOT_SAID - {"quote-phrase"} | {"said", "noun-clause"}
#: prepositions after an object that say what the verb says of it: "accused X *of* Y",
#: "criticized X *for* Y", "described X *as* Y", "asked X *about* Y"
PRED_PREPS = frozenset({"as", "of", "for", "about", "against", "into", "over"})
#: a quoted phrase of at most this many words without a verb is a title, a nickname or a
#: scare quote rather than a quotation ("“far-left activists”", "“Morning Joe”")
PHRASE_WORDS = 4


def content_span(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens of ``doc.text[start:end]`` (whole tokens), or ``None``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _words(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_punct or t.is_space or t.text in _MARKS)]


def quote_phrase(doc: Doc, quote: tuple[int, int], *, max_words: int = PHRASE_WORDS) -> bool:
    """Whether a quote holds a short phrase and no clause: at most ``max_words`` words, no
    verb (a title, a nickname, a scare quote: "“Morning Joe”", "“far-left activists”",
    "“Lyin’ Ted”"), not a quotation of something said ("“We will win,”", "“No.”" is still a
    phrase: a one-word answer needs its cue next to it to be speech)."""
    span = content_span(doc, quote[0], quote[1])
    if span is None:
        return False
    ws = _words(span)
    if not ws or len(ws) > max_words:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in ws)


def _single_quote(
    quotes: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[int, int] | None:
    """The quote that is the whole content (up to edge punctuation), or ``None``."""
    for q0, q1 in quotes:
        if q0 <= start + 1 and end - 2 <= q1 and q0 < end and start < q1:
            return (q0, q1)
    return None


def head_type(root: Token, nouns: Container[str]) -> str:
    """The argument type of a noun phrase from its head: ``pronoun``, ``person``, ``org``,
    ``place``, ``title``, ``quantity``, ``time``, ``name`` (another proper noun), ``said`` (a
    noun of saying or thinking: "allegations", "his view"), ``noun-clause`` (a noun with a
    clause on it: "plans to cut taxes", "the notion that X") or ``np`` (a thing or an
    event)."""
    if root.pos_ == "PRON":
        return "pronoun"
    if root.lemma_.lower() in nouns:
        return "said"
    if any(c.dep_ in ("acl", "relcl", "ccomp") for c in root.children):
        return "noun-clause"
    kind = _ENTITY_TYPES.get(root.ent_type_)
    if kind is not None:
        return kind
    if root.pos_ == "NUM" or root.like_num:
        return "quantity"
    if root.pos_ == "PROPN":
        return "name"
    if any(c.dep_ == "nummod" and c.ent_type_ in _AMOUNTS for c in root.children):
        return "quantity"  # "31 shots", "41 percent of the vote" (not "the 1996 winner")
    return "np"


def content_type(
    doc: Doc,
    frags: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
    nouns: Container[str],
) -> str:
    """What a content (fragments in ``doc.text`` offsets) is: ``clause`` (a verb heads it),
    ``quote`` (a quotation with a clause in it), ``quote-phrase`` (a short quoted phrase: see
    :func:`quote_phrase`), or the :func:`head_type` of the noun phrase that heads it."""
    start, end = frags[0][0], frags[-1][1]
    q = _single_quote(quotes, start, end) if len(frags) == 1 else None
    if q is not None:
        return "quote-phrase" if quote_phrase(doc, q) else "quote"
    span = content_span(doc, start, end)
    if span is None:
        return "none"
    # the words whose head lies outside the content: a verb among them makes it a clause
    # ("that the plan failed", "to leave", "his comments were false"), as does a first word
    # that opens one ("whether", "if")
    tops = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    if any(t.pos_ in ("VERB", "AUX") for t in tops) or span[0].dep_ == "mark":
        return "clause"
    root = next((t for t in tops if not (t.is_punct or t.text in _MARKS)), span.root)
    kind = head_type(root, nouns)
    if kind in NOMINAL and object_tail(span, root) == "pred":
        # what the verb says of the noun phrase: "called *Trump a liar*", "described *her as
        # a disgrace*", "urged *supporters to vote*" (a small clause)
        return "small-clause"
    return kind


def object_tail(span: Span, root: Token) -> str:
    """What follows the noun phrase ``root`` heads in a content ``span``: ``none``, ``pred``
    (what the verb says of it: "called the charges *unsubstantiated*", "described Putin *as a
    leader*", "accused the party *of lying*", "asked him *about the tax returns*") or
    ``adjunct`` (a phrase of place, time or manner: "denied the visitors *on several
    chances*", "offered the job *to a banker*")."""
    end = root.right_edge.i
    rest = [t for t in span if t.i > end and not span.start <= t.head.i < span.end]
    if not rest:
        return "none"
    for t in rest:
        if t.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "advcl"):
            return "pred"
        if t.dep_ == "prep" and t.lower_ in PRED_PREPS:
            return "pred"
    return "adjunct"


def nothing_said(
    verb: Token, how: str, ctype: str, *, kind: str | None, addressees: Container[str]
) -> str:
    """Why a verb's content is not something said or thought, or ``""`` when it may be.

    ``kind``: the verb's kind in the cue lexicon (``speech``, ``writing``, ``belief`` or
    ``None``); ``addressees``: the cue lexicon's ``addressee_verbs``.

    - ``time``: a date or a time ("said *on Saturday*", "responded *on Friday*");
    - ``hearer``: the person spoken to, not what was said: the object of a verb of telling
      ("told *Reuters*", "asked *the senator*", "emailed *her aides*") or the object of "to"
      after a verb of saying ("acknowledged to *Bloomberg*", "wrote to *Mrs. Clinton*"; not
      "pointed to *Obama*", which names what is pointed at), unless something is said of it
      ("told Trump *to leave*" is a small clause);
    - ``naming``: a participle that names what it hangs on gives a name, not speech ("a
      report titled *“A Decade of Drift”*", "the player, nicknamed *“The Wall”*", "a bill
      dubbed *the Clean Streets Act*"), and so does "known as";
    - ``noun``: the verb is a noun with its determiner ("*The accused* answered every
      question", "the alleged"): it says nothing;
    - ``recipient``: a verb with two objects that is no verb of telling gives something to
      someone ("denied *the visitors* a late equaliser", "awarded the firm a contract"), not
      speech;
    - ``subordinate``: the sentence before a verb that ends it inside a temporal or causal
      clause is not its content ("Kovac deletes post *after* the union complains"; "..., *as*
      the minister said" stays: that is a cue).
    """
    if ctype == "time":
        return "time"
    if verb.dep_ in _NOMINAL_DEPS and any(c.dep_ == "det" for c in verb.children):
        return "noun"
    lemma = verb.lemma_.lower()
    if (
        how == "object"
        and lemma not in addressees
        and any(c.dep_ == "dative" for c in verb.children)
        and any(c.dep_ == "dobj" for c in verb.children)
    ):
        return "recipient"
    if (
        how == "remainder-before"
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children)
    ):
        return "subordinate"
    if ctype in HEARERS:
        if how == "object" and lemma in addressees:
            return "hearer"
        nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if (
            how == "prep-object"
            and kind in ("speech", "writing")
            and lemma not in _POINTING
            and nxt is not None
            and nxt.lower_ == "to"
        ):
            return "hearer"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and ctype in NAMES:
        return "naming"
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if lemma == "know" and verb.tag_ == "VBN" and nxt is not None and nxt.lower_ == "as":
        return "naming"
    return ""


#: where a verb stands as a noun ("*The accused* answered")
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
#: conjunctions of a clause whose verb is no cue for the sentence around it
_SUBORDINATORS = frozenset(
    {"after", "before", "until", "till", "since", "because", "once", "unless", "if", "when",
     "whenever", "while", "whereas", "although", "though"}
)  # fmt: skip

#: verbs of saying whose "to" names what they point at, not a hearer ("pointed to the polls")
_POINTING = frozenset({"point"})
