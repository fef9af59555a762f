"""Attribution candidates: cue verbs and cue nouns with the source and content the parse offers.

Each candidate is a word of the Doc with a frame (see :mod:`framing.attribution.frames`), its
source (see :mod:`framing.attribution.sources`) and a :class:`RawAttribution` built from them.
Without a learned model, only words of the cue lexicon are candidates and
:func:`rule_accepts` filters them; with one (``open_vocabulary``), every verb with a content
and every cue noun is, the nesting of candidates is marked for the model's features, and the
model decides (see :mod:`framing.attribution.learned`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framing.attribution.contents import content_type, nothing_said, quote_phrase
from framing.attribution.frames import (
    adjacent_quote,
    content_from_parse,
    content_kind,
    content_open,
    content_remainder,
    cue_span,
    noun_content,
    noun_cue_span,
    quote_after_hearer,
)
from framing.attribution.quotes import quote_at
from framing.attribution.raw import RawAttribution
from framing.attribution.sources import noun_source, quote_safe_subject, source_span, subject
from framing.attribution.spans import trim, words
from framing.nlp import doc_text
from framing.resources import CueLexicon

_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "this", "that"}


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
    #: what the content is (see :func:`framing.attribution.contents.content_type`)
    ctype: str = ""
    #: why the content is not something said (a hearer, a date, a name: see
    #: :func:`framing.attribution.contents.nothing_said`), or "": such a candidate is never
    #: chosen, but the cue model still learns from it (as a verb in that sense)
    not_said: str = ""


def verb_candidates(
    doc: Doc,
    cues: CueLexicon,
    quotes: Sequence[tuple[int, int]],
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
            continue  # "according to X": a prepositional cue, see patterns.according_to
        cue_kind = cues.kind(lemma)
        if cue_kind is None and not open_vocabulary:
            continue
        content, how = content_from_parse(tok, cues, open_vocabulary=open_vocabulary)
        cue = cue_span(tok, cues, content)
        if content is None:
            content, how = adjacent_quote(tok, cue, quotes, text)
            if how == "quote-before" and open_vocabulary and quote_phrase(doc, content):
                # a short phrase in quotes before the verb is not its content when the verb
                # has one of its own after it: "“Lyin’ Ted.” Trump called *the senator a
                # “nasty guy”*", "“a disgrace,” blaming *Bloomberg*"
                own, own_how = content_open(tok)
                if own is not None and own[0] > tok.idx:
                    content, how = own, own_how
                    cue = cue_span(tok, cues, content)
        if content is None and lemma in cues.addressees:
            # a quote after the person told: "told the crowd: “...”"
            content, how = quote_after_hearer(tok, quotes, text)
        if content is None and open_vocabulary:
            content, how = content_open(tok)
            if content is not None:
                # (a passive's "by" stays out of the cue: "was endorsed | by the union", as
                # PolNeAR marks it more often on train)
                cue = cue_span(tok, cues, content)
        if content is None and open_vocabulary and cue_kind is not None:
            # a cue verb the parse gives nothing ("said in mis-parses, "as one aide put it"):
            # the rest of its sentence, which the model then scores as its own frame
            content, how = content_remainder(tok, cue)
        if content is None:
            continue
        # the content grows to whole quotes it touches (multi-sentence and multi-paragraph)
        c_start, c_end = content
        for q in quote_at(quotes, c_start, c_end):
            if not (q[0] <= cue[0] < q[1]):
                c_start, c_end = min(c_start, q[0]), max(c_end, q[1])
        c_start, c_end = trim(text, c_start, c_end)
        frags = [(c_start, c_end)]
        if how == "clause-around":
            # two fragments around ", Mr. Obama said,"
            # (the words before the source hang on the cue in the parse but are content:
            # "“By locking in China,” Mr. Obama said, “it ...")
            subj0 = subject(tok)
            p0 = subj0.left_edge.idx if subj0 is not None and subj0.i < tok.i else tok.idx
            p1 = tok.right_edge.idx + len(tok.right_edge.text)
            frags = [trim(text, c_start, p0), trim(text, p1, c_end)]
            frags = [(a, b) for a, b in frags if b > a]
            if len(frags) != 2:
                continue
        elif c_end <= c_start or (cue[0] < c_end and c_start < cue[1]):
            continue
        if words(text[c_start:c_end]) < (1 if open_vocabulary else 2):
            continue
        subj = quote_safe_subject(tok, quotes)
        source = source_span(subj) if subj is not None else None
        if subj is not None and subj.i == tok.head.i and tok.dep_ == "acl":
            # the noun a participle hangs on, without the participle's clause
            source = (source[0], min(source[1], tok.left_edge.idx))
        if source is not None:
            source = trim(text, *source)
            if any(source[0] < b and a < source[1] for a, b in frags):
                source = None  # the subject sits inside the content: not a separate source
                subj = None
        ctype = content_type(doc, frags, quotes, cues.nouns)
        kind = "belief" if cue_kind == "belief" else content_kind(text, quotes, c_start, c_end)
        raw = RawAttribution(
            cue=cue,
            content=frags,
            source=source,
            kind=kind,
            confidence=confidence(kind, how, subj),
            source_head=subj.i if subj is not None else None,
            cue_head=tok.i,
            notes=[how],
        )
        why = nothing_said(tok, how, ctype, kind=cue_kind, addressees=cues.addressees)
        out.append(Candidate(tok, raw, how, cue_kind, subj, text, ctype=ctype, not_said=why))
    if open_vocabulary:
        out.extend(noun_candidates(doc, cues, quotes))
        mark_nesting(out)
    return out


def mark_nesting(cands: list[Candidate]) -> None:
    """Set each candidate's ``outer`` and ``holds`` from the cue-lexicon candidates."""
    lex = [
        (o.raw.content_start, o.raw.content_end, o.token.i, o)
        for o in cands
        if o.lexicon_kind in ("speech", "writing", "belief")
    ]
    if not lex:
        return
    for c in cands:
        at, i = c.token.idx, c.token.i
        best = None
        for a, b, oi, o in lex:
            if a <= at < b and oi != i and (best is None or b - a < best[1] - best[0]):
                best = (a, b, o)
        if best is not None:
            o = best[2]
            c.outer = f"{o.lexicon_kind}|{o.how}"
            o.holds = True


def noun_candidates(
    doc: Doc, cues: CueLexicon, quotes: Sequence[tuple[int, int]]
) -> list[Candidate]:
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
        content, how, last = noun_content(tok, quotes, text)
        if content is None:
            continue
        subj = noun_source(tok)
        cue = noun_cue_span(tok, last)
        c_start, c_end = content
        for q in quote_at(quotes, c_start, c_end):
            c_start, c_end = min(c_start, q[0]), max(c_end, q[1])
        c_start, c_end = trim(text, c_start, c_end)
        if words(text[c_start:c_end]) < 1 or (cue[0] < c_end and c_start < cue[1]):
            continue
        source = None
        if subj is not None:
            source = trim(text, *source_span(subj))
            if subj.dep_ == "poss":
                source = trim(text, subj.left_edge.idx, subj.idx + len(subj.text))
            if source[0] < c_end and c_start < source[1]:
                source, subj = None, None
        akind = "belief" if kind == "belief" else content_kind(text, quotes, c_start, c_end)
        raw = RawAttribution(
            cue=cue,
            content=[(c_start, c_end)],
            source=source,
            kind=akind,
            confidence=confidence(akind, how, subj),
            source_head=subj.i if subj is not None else None,
            cue_head=tok.i,
            notes=[how],
        )
        ctype = content_type(doc, raw.content, quotes, cues.nouns)
        out.append(Candidate(tok, raw, how, f"noun-{kind}", subj, text, ctype=ctype))
    return out


def confidence(kind: str, how: str, subj: Token | None) -> float:
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


def rule_accepts(c: Candidate) -> bool:
    """The hand-written filter used without a learned model: a cue-lexicon word, not a short
    quote without a source (a scare quote), not a belief without a believer."""
    if c.lexicon_kind is None or c.not_said:
        return False
    raw = c.raw
    short = words(c.text[raw.content_start : raw.content_end]) < 4
    if c.subject is None and c.how.startswith("quote") and short:
        return False  # "the so-called “peace plan”": a scare quote, not speech
    return not (c.lexicon_kind == "belief" and c.subject is None)
