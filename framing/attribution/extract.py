"""Attribution candidates from one parsed Doc: pure functions, no state.

Three sources of evidence, combined:

* reporting verbs from the cue lexicon (``resources/cues.yaml``) with their subject (source)
  and their clause complement (content): "the ministry said the soldiers were killed";
  the same verb after the clause it reports ("..., the ministry said") and inverted
  ("..., said the statement");
* prepositional cues ("according to X", "in the words of X");
* quotation marks: a quote next to a cue becomes (part of) its content, quotes may span
  paragraphs, and a cue-less quote that follows an attributed quote in the same paragraph
  continues it.

Offsets here are character offsets into ``doc.text``; the caller shifts them into the
file's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc, Token

from framing.nlp import doc_text
from framing.resources import CueLexicon, load_cues

if TYPE_CHECKING:

    class CueScorer(Protocol):
        threshold: float

        def threshold_for(self, how: str) -> float: ...

        def score(self, candidate: Candidate, quotes: list[tuple[int, int]]) -> float: ...

        def content_end(
            self, candidate: Candidate, quotes: list[tuple[int, int]]
        ) -> tuple[int, int] | None: ...

        def content_start(
            self, candidate: Candidate, quotes: list[tuple[int, int]]
        ) -> list[tuple[int, int]] | None: ...


OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_TRIM = " \t\r\n\u00a0,;:-–—"
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "this", "that"}
# A cue that takes its subject from the verb it hangs on: "..., it said, adding that ..."
_INHERIT_DEPS = {"advcl", "conj", "xcomp"}


@dataclass
class RawAttribution:
    """An attribution in Doc character offsets, before speakers are resolved."""

    cue: tuple[int, int]
    content: list[tuple[int, int]]  # fragments, sorted, non-overlapping
    source: tuple[int, int] | None
    kind: str
    confidence: float
    source_head: int | None = None  # token index of the source's head word
    cue_head: int = -1  # token index of the cue verb (or preposition)
    antecedent_hint: int | None = None  # token index of a noun the pronoun source refers to
    notes: list[str] = field(default_factory=list)

    @property
    def content_start(self) -> int:
        return self.content[0][0]

    @property
    def content_end(self) -> int:
        return self.content[-1][1]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted stretches, marks included, as (start, end) offsets.

    Curly and straight double quotes, and typewriter pairs (two backticks or two apostrophes
    open, two apostrophes close, as in the NYT archive). A quote left open at a paragraph's
    end continues when the next paragraph opens with a quote mark (the news convention for
    multi-paragraph quotes), and is otherwise closed at the paragraph's end: unbalanced marks
    never raise.
    """
    breaks = [(m.start(), m.end()) for m in _PARA_BREAK.finditer(text)]
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None
    last_para_end = len(text)
    bi = 0
    i = 0
    n = len(text)
    while i < n:
        if bi < len(breaks) and i == breaks[bi][0]:
            b_start, b_end = breaks[bi]
            bi += 1
            if open_at is not None:
                nxt = text[b_end : b_end + 1]
                if not (nxt and (nxt in OPENING or nxt == STRAIGHT)):
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
                open_at = i
            elif pair == "''":
                quotes.append((open_at, i + 2))
                open_at = None
            i += 2
            continue
        if ch in OPENING:
            if open_at is None:
                open_at = i
        elif ch in CLOSING:
            if open_at is not None:
                quotes.append((open_at, i + 1))
                open_at = None
        elif ch == STRAIGHT:
            if open_at is None:
                open_at = i
            else:
                quotes.append((open_at, i + 1))
                open_at = None
        i += 1
    if open_at is not None:
        quotes.append((open_at, _rstrip_end(text, open_at, last_para_end)))
    return [q for q in quotes if q[1] - q[0] > 2]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and clause punctuation from both edges; keep quote marks and a period
    that closes a quote."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] == "."):
        if text[end - 1] == "." and end - 2 >= start and text[end - 2] in CLOSING + STRAIGHT:
            break
        end -= 1
    return start, end


def _token_span(tokens: list[Token]) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


# Which words around a cue verb belong to the cue, from PolNeAR train (share of gold cues that
# include the verb's adjacent child with that relation): aux 0.97, auxpass 0.97, neg 1.00,
# advmod before 0.91 ("also said"), prt 1.00 ("pointed out"), advmod after 0.87, acomp 0.92
# ("was critical of"), npadvmod after 0.60 ("said Friday"). A preposition right after the
# verb joins the cue when its object is the content ("called for X", "talked about X"); a
# phrase right after the verb joins it only for the objects listed under ``cue_phrases`` in
# the cue lexicon ("said in a statement" 53 of 80 on train, but "in an interview" 32 of 82,
# "in a speech" 0 of 8, "at a rally" 4 of 12, dates never).
_CUE_LEFT = {"aux", "auxpass", "neg", "advmod"}
_CUE_RIGHT = {"prt", "advmod", "acomp", "npadvmod"}
# Source words kept out of the span (share of gold sources that include them): advcl 0.14,
# ccomp 0.25, mark 0.09. Dropping acl (0.34), dep (0.32) or relcl (0.49) too scored lower on
# dev, as those clauses are often what PolNeAR's source span ends with.
_SOURCE_DROP = {"advcl", "ccomp", "mark"}


def _cue_span(verb: Token, content: tuple[int, int] | None = None) -> tuple[int, int]:
    """The verb with its auxiliaries, negation, adverbs and particle: "has also said",
    "pointed out", "called for", "said in a statement" (never reaching into the content)."""
    doc = verb.doc
    lo = verb.i
    while lo - 1 >= 0 and doc[lo - 1].head.i == verb.i and doc[lo - 1].dep_ in _CUE_LEFT:
        lo -= 1
    hi = verb.i
    while hi + 1 < len(doc):
        t = doc[hi + 1]
        if content is not None and t.idx >= content[0] and t.idx < content[1]:
            break
        if t.head.i != verb.i:
            break
        if t.dep_ in _CUE_RIGHT:
            hi += 1
        elif t.dep_ == "prep":
            obj = next((c for c in t.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and content is not None and obj.left_edge.idx == content[0]:
                hi += 1
            elif obj is not None and obj.lemma_.lower() in load_cues().cue_phrases.get(
                t.lower_, ()
            ):
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


def _subject(verb: Token, depth: int = 0) -> Token | None:
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


def _quote_safe_subject(verb: Token, quotes: list[tuple[int, int]]) -> Token | None:
    """The verb's subject, but not a word of a quotation the parse took for one when the
    sentence splitter cut the quote: "“... Full panic mode,” said Leslie Wimes" gives "mode"
    and "Wimes" as subjects of "said"; the one outside the quote speaks."""
    subj = _subject(verb)
    if subj is None or not any(q0 < subj.idx < q1 for q0, q1 in quotes):
        return subj
    for child in verb.children:
        outside = not any(q0 < child.idx < q1 for q0, q1 in quotes)
        if child.dep_ == "nsubj" and child.i != subj.i and outside:
            return child
    return subj


def _source_span(subj: Token) -> tuple[int, int]:
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


def _quote_at(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [q for q in quotes if q[0] < end and start < q[1]]


def _only_punct_between(text: str, a: int, b: int) -> bool:
    return a <= b and not re.search(r"\w", text[a:b])


def _content_from_parse(
    verb: Token, cues: CueLexicon, *, open_vocabulary: bool = False
) -> tuple[tuple[int, int] | None, str]:
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
        start, end = _subtree_span(comp)
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
                t.dep_ in _SUBJECT_DEPS and t.head.i == verb.i for t in prefix
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
        words = sum(1 for t in doc[sent.start : verb.left_edge.i] if not (t.is_punct or t.is_space))
        if end > start and words >= 2:
            return (start, end), "clause-before"
    # "The museum, Mr. Obama said, would make visitors face ...": the cue interrupts the clause
    if verb.dep_ == "parataxis" and head.i > verb.i and verb.sent.start < verb.left_edge.i:
        sent = verb.sent
        return (sent.start_char, sent.end_char), "clause-around"
    return None, ""


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


@dataclass
class Candidate:
    """A verb that may be a cue, with the content and source the parse offers for it."""

    token: Token
    raw: RawAttribution
    how: str
    lexicon_kind: str | None  # speech | writing | belief | None (not in the cue lexicon)
    subject: Token | None
    text: str = ""  # the Doc's text (Doc.text rebuilds it on every access)
    #: the lexicon kind and frame of the nearest cue-lexicon candidate whose content holds
    #: this one's cue ("", none): nested attributions, which annotators often leave out
    outer: str = ""
    #: whether this candidate's content holds the cue of a cue-lexicon candidate
    holds: bool = False


def _content_open(verb: Token) -> tuple[tuple[int, int] | None, str]:
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
        return _subtree_span(subjpass), "passive-subject"
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.i == verb.i + 1 and prep.lower_ in _CONTENT_PREPS:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return _subtree_span(pobj), "prep-object"
    return None, ""


def _content_remainder(verb: Token, cue: tuple[int, int]) -> tuple[tuple[int, int] | None, str]:
    """The sentence after the cue, or (a cue at the sentence's end) the sentence before its
    subject: the fallback content of a cue verb the parse attaches nothing to."""
    sent = verb.sent
    doc = verb.doc
    after = [t for t in doc[verb.i + 1 : sent.end] if t.idx >= cue[1]]
    if sum(1 for t in after if not (t.is_punct or t.is_space)) >= 3:
        return (after[0].idx, sent.end_char), "remainder-after"
    subj = _subject(verb)
    left = subj.left_edge.i if subj is not None and subj.i < verb.i else verb.left_edge.i
    before = doc[sent.start : min(left, verb.i)]
    if sum(1 for t in before if not (t.is_punct or t.is_space)) >= 3:
        return (sent.start_char, before[-1].idx + len(before[-1].text)), "remainder-before"
    return None, ""


_OBJECT_TAIL = {"oprd", "prep", "xcomp", "ccomp", "advmod", "npadvmod"}
_CONTENT_PREPS = {"for", "of", "about", "to", "on", "against", "that"}


def verb_candidates(
    doc: Doc,
    cues: CueLexicon,
    quotes: list[tuple[int, int]],
    *,
    open_vocabulary: bool = False,
) -> list[Candidate]:
    """Every verb with a content: lexicon verbs only, or (``open_vocabulary``) any verb, which
    the learned model then scores."""
    text = doc_text(doc)
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        lemma = tok.lemma_.lower()
        if lemma == "accord":
            continue  # "according to X": a prepositional cue, see _according_to
        cue_kind = cues.kind(lemma)
        if cue_kind is None and not open_vocabulary:
            continue
        content, how = _content_from_parse(tok, cues, open_vocabulary=open_vocabulary)
        cue = _cue_span(tok, content)
        # a quote right before ("“...,” said the statement") or after ("said: “...”")
        if content is None:
            # the quote may hang on the verb (its marks are the verb's children): look left of
            # the subject ("“...,” he said") or of the verb itself ("“...,” said Tim Hess")
            subj0 = _quote_safe_subject(tok, quotes)
            left = tok.idx
            if subj0 is not None and subj0.i < tok.i and subj0.head.i == tok.i:
                left = subj0.left_edge.idx
            # (never from the paragraph before: "“...”\n\nDemocrats also blasted ...")
            before = [
                q
                for q in quotes
                if q[1] <= left
                and _only_punct_between(text, q[1], left)
                and "\n" not in text[q[1] : left]
            ]
            after = [
                q for q in quotes if q[0] >= cue[1] and _only_punct_between(text, cue[1], q[0])
            ]
            if before:
                content, how = before[-1], "quote-before"
            elif after:
                content, how = after[0], "quote-after"
        if content is None and open_vocabulary:
            content, how = _content_open(tok)
            if content is not None:
                # (a passive's "by" stays out of the cue: "was endorsed | by the union", as
                # PolNeAR marks it more often on train)
                cue = _cue_span(tok, content)
        if content is None and open_vocabulary and cue_kind is not None:
            # a cue verb the parse gives nothing ("said in mis-parses, "as one aide put it"):
            # the rest of its sentence, which the model then scores as its own frame
            content, how = _content_remainder(tok, cue)
        if content is None:
            continue
        # the content grows to whole quotes it touches (multi-sentence and multi-paragraph)
        c_start, c_end = content
        for q in _quote_at(quotes, c_start, c_end):
            if not (q[0] <= cue[0] < q[1]):
                c_start, c_end = min(c_start, q[0]), max(c_end, q[1])
        c_start, c_end = _trim(text, c_start, c_end)
        frags = [(c_start, c_end)]
        if how == "clause-around":
            # two fragments around ", Mr. Obama said,"
            # (the words before the source hang on the cue in the parse but are content:
            # "“By locking in China,” Mr. Obama said, “it ...")
            subj0 = _subject(tok)
            p0 = subj0.left_edge.idx if subj0 is not None and subj0.i < tok.i else tok.idx
            p1 = tok.right_edge.idx + len(tok.right_edge.text)
            frags = [_trim(text, c_start, p0), _trim(text, p1, c_end)]
            frags = [(a, b) for a, b in frags if b > a]
            if len(frags) != 2:
                continue
        elif c_end <= c_start or (cue[0] < c_end and c_start < cue[1]):
            continue
        if _words(text[c_start:c_end]) < (1 if open_vocabulary else 2):
            continue
        subj = _quote_safe_subject(tok, quotes)
        source = _source_span(subj) if subj is not None else None
        if subj is not None and subj.i == tok.head.i and tok.dep_ == "acl":
            # the noun a participle hangs on, without the participle's clause
            source = (source[0], min(source[1], tok.left_edge.idx))
        if source is not None:
            source = _trim(text, *source)
            if any(source[0] < b and a < source[1] for a, b in frags):
                source = None  # the subject sits inside the content: not a separate source
                subj = None
        kind = "belief" if cue_kind == "belief" else _content_kind(text, quotes, c_start, c_end)
        raw = RawAttribution(
            cue=cue,
            content=frags,
            source=source,
            kind=kind,
            confidence=_confidence(kind, how, subj),
            source_head=subj.i if subj is not None else None,
            cue_head=tok.i,
            notes=[how],
        )
        out.append(Candidate(tok, raw, how, cue_kind, subj, text))
    if open_vocabulary:
        out.extend(noun_candidates(doc, cues, quotes))
        _mark_nesting(out)
    return out


def _mark_nesting(cands: list[Candidate]) -> None:
    """Set each candidate's ``outer`` and ``holds`` from the cue-lexicon candidates."""
    lex = [o for o in cands if o.lexicon_kind in ("speech", "writing", "belief")]
    for c in cands:
        at = c.token.idx
        best = None
        for o in lex:
            if o is c or o.token.i == c.token.i:
                continue
            a, b = o.raw.content_start, o.raw.content_end
            if a <= at < b and (best is None or b - a < best[1] - best[0]):
                best = (a, b, o)
        if best is not None:
            o = best[2]
            c.outer = f"{o.lexicon_kind}|{o.how}"
            o.holds = True


_NOUN_PREPS = {"of", "about", "for", "on", "against", "to", "that", "over"}


def _noun_source(noun: Token) -> Token | None:
    """Whose claim: the possessor ("North Korea's claims"), else the subject of the verb the
    noun is the object of ("Trump made the claim that ...")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _subject(noun.head)
    return None


def noun_candidates(doc: Doc, cues: CueLexicon, quotes: list[tuple[int, int]]) -> list[Candidate]:
    """Nouns of the cue lexicon with a content hanging on them: a clause ("the claim that X",
    "a call to X"), a prepositional object ("claims about X") or an adjacent quote."""
    text = doc_text(doc)
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.dep_ == "compound":
            continue
        kind = cues.noun_kind(tok.lemma_.lower())
        if kind is None:
            continue
        content: tuple[int, int] | None = None
        how = ""
        hi = tok.i
        for c in tok.children:
            if (
                c.i > tok.i
                and c.dep_ in ("acl", "ccomp", "relcl")
                and c.left_edge.lower_
                in (
                    "that",
                    "to",
                )
            ):
                if c.dep_ == "relcl" and c.left_edge.lower_ != "that":
                    continue
                content, how = _subtree_span(c), "noun-clause"
                break
        if content is None:
            for c in tok.children:
                if c.dep_ == "prep" and c.i > tok.i and c.lower_ in _NOUN_PREPS:
                    obj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
                    if obj is not None:
                        content, how = _subtree_span(obj), "noun-prep"
                        hi = c.i
                        break
        if content is None:
            after = [q for q in quotes if q[0] >= tok.idx + len(tok.text)]
            if after and _only_punct_between(text, tok.idx + len(tok.text), after[0][0]):
                content, how = after[0], "noun-quote"
        if content is None:
            continue
        lo = tok.i
        # its adjectives and determiner, as PolNeAR marks it ("a tacit acknowledgment", "that
        # promise"), not a possessor's "'s" ("North Korea's | claims")
        while lo - 1 >= 0 and doc[lo - 1].head.i == tok.i and doc[lo - 1].dep_ in ("amod", "det"):
            lo -= 1
        subj = _noun_source(tok)
        cue = (doc[lo].idx, doc[hi].idx + len(doc[hi].text))
        c_start, c_end = content
        for q in _quote_at(quotes, c_start, c_end):
            c_start, c_end = min(c_start, q[0]), max(c_end, q[1])
        c_start, c_end = _trim(text, c_start, c_end)
        if _words(text[c_start:c_end]) < 1 or (cue[0] < c_end and c_start < cue[1]):
            continue
        source = None
        if subj is not None:
            source = _trim(text, *_source_span(subj))
            if subj.dep_ == "poss":
                source = _trim(text, subj.left_edge.idx, subj.idx + len(subj.text))
            if source[0] < c_end and c_start < source[1]:
                source, subj = None, None
        akind = "belief" if kind == "belief" else _content_kind(text, quotes, c_start, c_end)
        raw = RawAttribution(
            cue=cue,
            content=[(c_start, c_end)],
            source=source,
            kind=akind,
            confidence=_confidence(akind, how, subj),
            source_head=subj.i if subj is not None else None,
            cue_head=tok.i,
            notes=[how],
        )
        out.append(Candidate(tok, raw, how, f"noun-{kind}", subj, text))
    return out


def _cue_through_control(doc: Doc, verb: Token, cue: tuple[int, int]) -> tuple[int, int]:
    """An infinitive cue takes in the verbs it depends on, as PolNeAR marks it: "refuses to
    do", "appears set to veto", "was able to consistently tout" (up to three levels)."""
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
            and doc[start.i - 1].dep_ in _CUE_LEFT
        ):
            start = doc[start.i - 1]
        lo = start.idx
        tok = head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            tok = head.head
            b = tok
            while b.i - 1 >= 0 and doc[b.i - 1].head.i == tok.i and doc[b.i - 1].dep_ in _CUE_LEFT:
                b = doc[b.i - 1]
            if tok.i < head.i:
                lo = b.idx
    return (lo, cue[1])


def _cue_to_content(doc: Doc, verb: Token, cue: tuple[int, int], start: int) -> tuple[int, int]:
    """A preposition of the verb left between the cue and a content that now starts after it
    joins the cue: "called on | Congress to act" -> "called on", "described as | X", and so
    does a short object before it: "expressed deep concern about | the policy"."""
    span = doc.char_span(cue[1], start, alignment_mode="contract")
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


# Verbs whose grammatical subject is what they report on, not who speaks: "X seems to Y",
# "X appears to Y" (with a passive subject the same holds: "X is expected to Y")
_RAISING = {"seem", "appear"}


def _split_around_cue(doc: Doc, c: Candidate, quotes: list[tuple[int, int]]) -> None:
    """A content the cue interrupts gets its first part: "[About one in nine voters] is
    expected [to be Latino]" (a passive or raising verb's subject is reported on, not
    speaking), "[If this argument fails], Mr. Castañeda argues, [there are ...]"."""
    raw = c.raw
    verb = c.token
    text = c.text or doc_text(doc)
    if raw.content_start < raw.cue[1] or len(raw.content) != 1:
        return
    subj = next((x for x in verb.children if x.dep_ in _SUBJECT_DEPS and x.i < verb.i), None)
    if subj is None:
        return
    if subj.dep_ == "nsubjpass" or (subj.dep_ == "nsubj" and verb.lemma_.lower() in _RAISING):
        if any(x.dep_ == "agent" for x in verb.children):
            return
        if subj.lower_ == "it" and subj.dep_ == "nsubj":
            # expletive: "it seems that X" reports X; "it" is neither content nor source
            if raw.source_head == subj.i:
                raw.source, raw.source_head, c.subject = None, None, None
            return
        a, b = _trim(text, *_subtree_span(subj))
        if b > a and b <= raw.cue[0]:
            raw.content = [(a, b), *raw.content]
            raw.source = None
            raw.source_head = None
            c.subject = None
        return
    # the cue set off by commas inside the sentence: "X, S said, Y" / "“X,” S said, “Y"
    sent = verb.sent
    left = subj.left_edge
    if left.i <= sent.start + 1:
        return
    before = text[sent.start_char : left.idx].rstrip()
    after = text[raw.cue[1] : raw.content_start]
    if not before.rstrip("“”\"' ").endswith(",") or "," not in after or _words(after) > 0:
        return
    # only a quotation the cue interrupts: "“By locking in China,” Mr. Obama said, “it ..."
    if not _quote_at(quotes, left.idx - 3, left.idx) or not _quote_at(
        quotes, raw.content_start, raw.content_start + 1
    ):
        return
    first = sent[0]
    begin = sent[1].idx if first.dep_ == "cc" and len(sent) > 1 else sent.start_char
    a, b = _trim(text, begin, left.idx)
    if b > a and _words(text[a:b]) >= 1:
        raw.content = [(a, b), *raw.content]


_CUT_BEFORE = ",;–—"


def _cut_before_inner_cues(
    text: str, quotes: list[tuple[int, int]], found: list[RawAttribution]
) -> None:
    """A content that runs on into another attribution after a clause mark ends at that mark:
    "[those characterizations did Romney in], arguing [that it was divisions ...]"."""
    for a in found:
        if len(a.content) != 1:
            continue
        s0, e0 = a.content[0]
        cut = None
        for b in found:
            if b is a or not (s0 < b.cue[0] < e0) or b.content_start < b.cue[1]:
                continue
            if any(q0 < b.cue[0] < q1 for q0, q1 in quotes):
                continue
            head = text[s0 : b.cue[0]]
            if b.source is not None and s0 < b.source[0] < b.cue[0]:
                head = text[s0 : b.source[0]]
            stripped = head.rstrip()
            if stripped.endswith(tuple(_CUT_BEFORE)) or stripped.endswith(" -"):
                end = s0 + len(stripped) - 1
                cut = end if cut is None else min(cut, end)
        if cut is not None:
            x, y = _trim(text, s0, cut)
            if y > x and _words(text[x:y]) >= 2:
                a.content = [(x, y)]


def _rule_accepts(c: Candidate, text: str) -> bool:
    """The hand-written filter used without a learned model."""
    if c.lexicon_kind is None:
        return False
    raw = c.raw
    short = _words(text[raw.content_start : raw.content_end]) < 4
    if c.subject is None and c.how.startswith("quote") and short:
        return False  # "the so-called “peace plan”": a scare quote, not speech
    return not (c.lexicon_kind == "belief" and c.subject is None)


def extract_attributions(
    doc: Doc, cues: CueLexicon | None = None, model: CueScorer | None = None
) -> list[RawAttribution]:
    """All attributions in a Doc, sorted by content start.

    With a ``model`` (see :mod:`framing.attribution.learned`), every verb with a content is a
    candidate and the model's probability decides; without one, the cue lexicon does.
    """
    cues = cues or load_cues()
    text = doc_text(doc)
    quotes = find_quotes(text)
    found: list[RawAttribution] = []
    by_cue_token: dict[int, RawAttribution] = {}
    candidates = verb_candidates(doc, cues, quotes, open_vocabulary=model is not None)
    for c in candidates:
        if model is not None:
            p = model.score(c, quotes)
            if p < model.threshold_for(c.how):
                continue
            c.raw.confidence = round(p, 4)
            frag = model.content_end(c, quotes)
            if frag is not None:
                c.raw.content = [frag]
                c.raw.notes.append("end-chosen")
            frags = model.content_start(c, quotes)
            if frags is not None:
                c.raw.content = frags
                c.raw.notes.append("start-chosen")
                c.raw.cue = _cue_to_content(doc, c.token, c.raw.cue, frags[0][0])
        elif not _rule_accepts(c, text):
            continue
        c.raw.cue = _cue_through_control(doc, c.token, c.raw.cue)
        _split_around_cue(doc, c, quotes)
        found.append(c.raw)
        by_cue_token[c.token.i] = c.raw

    _cut_before_inner_cues(text, quotes, found)
    found.extend(_according_to(doc, cues))
    found.extend(_colon_and_dash(doc, quotes, found))
    found = _drop_echoes(doc, found, by_cue_token)
    _continue_quotes(text, quotes, found, doc)
    _continue_clauses(doc, text, found)
    _whole_words(text, found)
    found.sort(key=lambda a: (a.content_start, a.cue[0]))
    return found


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls inside a word: "do|n’t", "Clinton|’s", "Wo|n’t"."""
    if i <= 0 or i >= len(text):
        return False
    prev, nxt = text[i - 1], text[i]
    if prev in "’'":  # "don’|t": an apostrophe with a letter on each side
        return i >= 2 and text[i - 2].isalnum() and nxt.isalpha()
    if not prev.isalnum():
        return False
    return nxt.isalnum() or (nxt in "’'" and i + 1 < len(text) and text[i + 1].isalpha())


def _whole_words(text: str, found: list[RawAttribution]) -> None:
    """Content fragments take in the rest of a word the parse split off: a clause that ends
    at "those who do" before "n’t" ends after it ("those who don’t")."""
    for a in found:
        frags = []
        for s0, e0 in a.content:
            while _inside_word(text, s0):
                s0 -= 1
            while _inside_word(text, e0):
                e0 += 1
            frags.append((s0, e0))
        a.content = frags


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


def _colon_and_dash(
    doc: Doc, quotes: list[tuple[int, int]], found: list[RawAttribution]
) -> list[RawAttribution]:
    """Lines that name a speaker without a verb: "Pat Caddell: Voters worried ...",
    "WALLACE: Do you really ...", and "“Trump scares me.” ― Krystal Correa"."""
    text = doc_text(doc)
    taken = [(x, y) for a in found for x, y in a.content]
    out: list[RawAttribution] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def nests(a: int, b: int) -> bool:
        """Free but for attributions wholly inside: "“... Trump said Hispanics live in hell.
        ...” ― Pamela Padilla" is hers, and holds Trump's."""
        return all(
            a <= r.cue[0] and r.cue[1] <= b and a <= r.content_start and r.content_end <= b
            for r in found
            if any(x < b and a < y for x, y in r.content)
        )

    for m in _COLON_LINE.finditer(text):
        src = m.group("src")
        if src.lower() in _NOT_SPEAKERS:
            continue
        span = doc.char_span(m.start("src"), m.end("src"), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        named = any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span)
        if not named and span.root.pos_ != "NOUN":
            continue
        c0, c1 = _trim(text, m.start("content"), m.end("content"))
        if _words(text[c0:c1]) < 3 or not free(c0, c1):
            continue
        colon = m.end("src")
        out.append(
            RawAttribution(
                cue=(colon, colon + 1),
                content=[(c0, c1)],
                source=(m.start("src"), m.end("src")),
                kind=_content_kind(text, quotes, c0, c1),
                confidence=0.6,
                source_head=span.root.i,
                cue_head=doc.char_span(colon, colon + 1, alignment_mode="expand")[0].i,
                notes=["colon-line"],
            )
        )
    for m in _DASH_LINE.finditer(text):
        c0, c1 = _trim(text, m.start("content"), m.end("content"))
        if _words(text[c0:c1]) < 3 or not nests(m.start("content"), m.end("content")):
            continue
        s0, s1 = _trim(text, m.start("src"), m.end("src"))
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
                cue_head=doc.char_span(m.start("cue"), m.end("cue"), alignment_mode="expand")[0].i,
                notes=["dash-line"],
            )
        )
    return out


def _according_to(doc: Doc, cues: CueLexicon) -> list[RawAttribution]:
    out: list[RawAttribution] = []
    text = doc_text(doc)
    for phrase in cues.source_prepositions:
        n = len(phrase)
        for tok in doc:
            if tok.lower_ != phrase[0]:
                continue
            if tok.i + n > len(doc):
                break
            words = tuple(t.lower_ for t in doc[tok.i : tok.i + n])
            if words != phrase:
                continue
            last = doc[tok.i + n - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            cue = (tok.idx, last.idx + len(last.text))
            source = _trim(text, *_subtree_span(pobj))
            sent = tok.sent
            # content: the sentence without the "according to X" phrase
            phrase_start = tok.idx
            phrase_end = max(source[1], cue[1])
            frags = []
            first = sent[0]
            # a sentence-opening "But" or "And" stays out of the content, as PolNeAR marks it
            begin = sent[1].idx if first.dep_ == "cc" and len(sent) > 1 else sent.start_char
            a, b = _trim(text, begin, phrase_start)
            if _words(text[a:b]) >= 1:
                frags.append((a, b))
            a, b = _trim(text, phrase_end, sent.end_char)
            if _words(text[a:b]) >= 1:
                frags.append((a, b))
            if not frags or sum(_words(text[x:y]) for x, y in frags) < 2:
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
    return out


def _content_kind(text: str, quotes: list[tuple[int, int]], start: int, end: int) -> str:
    inside = 0
    for q0, q1 in quotes:
        lo, hi = max(q0, start), min(q1, end)
        if lo < hi:
            inside += _words(text[lo:hi])
    total = _words(text[start:end])
    if total and inside >= 0.9 * total:
        return "direct"
    if inside:
        return "mixed"
    return "indirect"


def _confidence(kind: str, how: str, subj: Token | None) -> float:
    """A heuristic score until the learned re-scorer exists: parse-backed, explicit, nominal
    sources score higher than inherited, pronoun or missing ones."""
    score = 0.6
    if how in ("clause-after", "quote-before", "quote-after"):
        score += 0.15
    if kind == "direct":
        score += 0.1
    if subj is None:
        score -= 0.2
    elif subj.lower_ in _PRONOUNS:
        score -= 0.05
    if kind == "belief":
        score -= 0.1
    return max(0.05, min(0.95, score))


def _drop_echoes(
    doc: Doc, found: list[RawAttribution], by_cue_token: dict[int, RawAttribution]
) -> list[RawAttribution]:
    """ "It added that X, the ministry added": keep the inner attribution, let the outer
    subject name the inner pronoun. Also drop exact duplicates of a content."""
    keep: list[RawAttribution] = []
    inner_of: dict[int, RawAttribution] = {}
    for a in found:
        if a.cue_head < 0 or a.kind == "according_to":
            continue
        verb = doc[a.cue_head]
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i in by_cue_token and child.i < verb.i:
                inner = by_cue_token[child.i]
                if doc[child.i].lemma_ == verb.lemma_ or _covers(a, inner):
                    inner_of[id(a)] = inner
    seen: set[tuple[tuple[int, int], ...]] = set()
    for a in found:
        inner = inner_of.get(id(a))
        if inner is not None:
            if inner.source_head is not None and a.source_head is not None:
                inner.antecedent_hint = a.source_head
            continue
        key = tuple(a.content)
        if key in seen:
            continue
        seen.add(key)
        keep.append(a)
    return keep


def _covers(outer: RawAttribution, inner: RawAttribution) -> bool:
    return outer.content_start <= inner.cue[0] and inner.content_end <= outer.content_end + 2


def _continue_clauses(doc: Doc, text: str, found: list[RawAttribution]) -> None:
    """A reported clause the cue interrupts goes on after it: "[Lenox was a juggernaut], a
    former executive said, [until it went bankrupt in 1999]" gains its second part."""
    starts = sorted(a.cue[0] for a in found)
    for a in found:
        if a.kind != "indirect" or len(a.content) != 1 or not 0 <= a.cue_head < len(doc):
            continue
        begin = min(a.cue[0], a.source[0] if a.source else a.cue[0])
        if a.content_end > begin:
            continue
        sent = doc[a.cue_head].sent
        after = max(a.cue[1], a.source[1] if a.source else 0)
        rest = text[after : sent.end_char]
        if not rest.lstrip().startswith(",") or _words(rest) < 3:
            continue
        if any(after <= c < sent.end_char for c in starts) or any(
            q in rest for q in OPENING + CLOSING + STRAIGHT
        ):
            continue
        x, y = _trim(text, after + rest.index(",") + 1, sent.end_char)
        if y > x:
            a.content.append((x, y))


def _tail_of(doc: Doc, b: RawAttribution, a: RawAttribution) -> bool:
    """Whether ``b``'s cue is a participle hanging on ``a``'s cue verb: "“X,” DuVernay said,
    *emphasizing* why ... “Y.”" (the speaker goes on; the next quote still continues ``a``)."""
    if not (0 <= b.cue_head < len(doc)) or not (0 <= a.cue_head < len(doc)):
        return False
    tok = doc[b.cue_head]
    return tok.tag_ == "VBG" and tok.head.i == a.cue_head and tok.dep_ in ("advcl", "xcomp")


def _continue_quotes(
    text: str, quotes: list[tuple[int, int]], found: list[RawAttribution], doc: Doc
) -> None:
    """A cue-less quote right after an attributed quote, in the same paragraph, continues it:
    "“We will win,” he said. “They will lose.”" The content gains a fragment."""
    contents = [(x, y) for a in found for x, y in a.content]
    cues = [a.cue for a in found]
    for q0, q1 in quotes:
        # taken: a content already holds the quote, or a cue sits in it ("“X,” he said")
        # (attributions nested inside the quote do not stop it continuing an outer one)
        if any(x <= q0 + 1 and q1 - 1 <= y for x, y in contents):
            continue
        if any(q0 <= x < q1 and not any(c0 <= x < c1 for c0, c1 in contents) for x, _ in cues):
            continue
        short = _words(text[q0:q1]) < 4  # scare quotes and titles are not attributions...
        best = None
        for a in found:
            if a.kind not in ("direct", "mixed") or a.content_end > q0:
                continue
            # the gap runs from the attribution's last part: "“X,” said Rep. G.K. Butterfield
            # (D-N.C.), head of the Congressional Black Caucus. “Y.”" continues with Y
            after = max(a.content_end, a.cue[1], a.source[1] if a.source else 0)
            gap = text[after:q0]
            # a long gap is only the source's description when it ends the sentence
            limit = 30 if gap.rstrip().endswith((".", "…")) else 8
            if "\n" in gap or _words(gap) > limit:
                continue
            if any(after <= b.cue[0] < q0 and not _tail_of(doc, b, a) for b in found):
                continue  # another cue in between: the quote is not this one's
            if short and _words(gap):
                continue  # ...unless right after the cue: "“I would,” she said, “I would.”"
            if best is None or a.content_end > best.content_end:
                best = a
        if best is not None:
            best.content.append(_trim(text, q0, q1))
            best.content.sort()
            best.notes.append("quote-continued")
