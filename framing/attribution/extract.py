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

from spacy.tokens import Doc, Token

from framing.resources import CueLexicon, load_cues

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

    Curly and straight double quotes. A quote left open at a paragraph's end continues when
    the next paragraph opens with a quote mark (the news convention for multi-paragraph
    quotes), and is otherwise closed at the paragraph's end: unbalanced marks never raise.
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


def _cue_span(verb: Token) -> tuple[int, int]:
    """The verb with its auxiliaries, negation and particle: "has learned", "pointed out"."""
    toks = [verb]
    for child in verb.children:
        before = child.dep_ in ("aux", "auxpass", "neg") and 0 < verb.i - child.i <= 3
        if before or (child.dep_ == "prt" and child.i == verb.i + 1):
            toks.append(child)
    toks.sort(key=lambda t: t.i)
    # keep only the contiguous run that ends at (or starts from) the verb
    run = [verb]
    for t in reversed([t for t in toks if t.i < verb.i]):
        if run[0].i - t.i <= 2:
            run.insert(0, t)
    run += [t for t in toks if t.i > verb.i]
    return _token_span(run)


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
    if depth < 2 and verb.dep_ in _INHERIT_DEPS and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    return None


def _source_span(subj: Token) -> tuple[int, int]:
    start, end = _subtree_span(subj)
    return start, end


def _quote_at(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [q for q in quotes if q[0] < end and start < q[1]]


def _only_punct_between(text: str, a: int, b: int) -> bool:
    return a <= b and not re.search(r"\w", text[a:b])


def _content_from_parse(verb: Token, cues: CueLexicon) -> tuple[tuple[int, int] | None, str]:
    """The clause a cue verb reports, and how it was found."""
    lemma = verb.lemma_.lower()
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps and lemma in cues.infinitive_content:
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
        return _subtree_span(comp), "clause-after" if comp.i > verb.i else "clause-before"
    # "Infrastructure suffered damage ..., it said": the cue hangs on the reported clause
    head = verb.head
    if verb.dep_ == "parataxis" and head.i < verb.i:
        doc = verb.doc
        sent = verb.sent
        start = sent.start_char
        end = verb.left_edge.idx
        if end > start and _words(doc.text[start:end]) >= 2:
            return (start, end), "clause-before"
    return None, ""


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def extract_attributions(doc: Doc, cues: CueLexicon | None = None) -> list[RawAttribution]:
    """All attributions in a Doc, sorted by content start."""
    cues = cues or load_cues()
    text = doc.text
    quotes = find_quotes(text)
    found: list[RawAttribution] = []
    by_cue_token: dict[int, RawAttribution] = {}

    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        lemma = tok.lemma_.lower()
        cue_kind = cues.kind(lemma)
        if cue_kind is None:
            continue
        content, how = _content_from_parse(tok, cues)
        cue = _cue_span(tok)
        # a quote right before ("“...,” said the statement") or after ("said: “...”")
        if content is None:
            left = tok.left_edge.idx
            before = [q for q in quotes if q[1] <= left and _only_punct_between(text, q[1], left)]
            after = [
                q for q in quotes if q[0] >= cue[1] and _only_punct_between(text, cue[1], q[0])
            ]
            if before:
                content, how = before[-1], "quote-before"
            elif after:
                content, how = after[0], "quote-after"
        if content is None:
            continue
        # the content grows to whole quotes it touches (multi-sentence and multi-paragraph)
        c_start, c_end = content
        for q in _quote_at(quotes, c_start, c_end):
            if not (q[0] <= cue[0] < q[1]):
                c_start, c_end = min(c_start, q[0]), max(c_end, q[1])
        c_start, c_end = _trim(text, c_start, c_end)
        if c_end <= c_start or (cue[0] < c_end and c_start < cue[1]):
            continue
        if _words(text[c_start:c_end]) < 2:
            continue
        subj = _subject(tok)
        if subj is None and how.startswith("quote") and _words(text[c_start:c_end]) < 4:
            continue  # "the so-called “peace plan”": a scare quote, not speech
        source = _source_span(subj) if subj is not None else None
        if source is not None:
            source = _trim(text, *source)
            if source[0] < c_end and c_start < source[1]:
                source = None  # the subject sits inside the content: not a separate source
                subj = None
        if cue_kind == "belief" and subj is None:
            continue  # "it seems", "expected to": no believer, no attribution
        kind = "belief" if cue_kind == "belief" else _content_kind(text, quotes, c_start, c_end)
        conf = _confidence(kind, how, subj)
        raw = RawAttribution(
            cue=cue,
            content=[(c_start, c_end)],
            source=source,
            kind=kind,
            confidence=conf,
            source_head=subj.i if subj is not None else None,
            cue_head=tok.i,
            notes=[how],
        )
        found.append(raw)
        by_cue_token[tok.i] = raw

    found.extend(_according_to(doc, cues))
    found = _drop_echoes(doc, found, by_cue_token)
    _continue_quotes(text, quotes, found)
    found.sort(key=lambda a: (a.content_start, a.cue[0]))
    return found


def _according_to(doc: Doc, cues: CueLexicon) -> list[RawAttribution]:
    out: list[RawAttribution] = []
    text = doc.text
    for phrase in cues.source_prepositions:
        n = len(phrase)
        for tok in doc:
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
            a, b = _trim(text, sent.start_char, phrase_start)
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


def _continue_quotes(text: str, quotes: list[tuple[int, int]], found: list[RawAttribution]) -> None:
    """A cue-less quote right after an attributed quote, in the same paragraph, continues it:
    "“We will win,” he said. “They will lose.”" The content gains a fragment."""
    covered = [(x, y) for a in found for x, y in a.content] + [a.cue for a in found]
    for q0, q1 in quotes:
        if any(x < q1 and q0 < y for x, y in covered):
            continue
        if _words(text[q0:q1]) < 4:
            continue  # scare quotes and titles are not attributions
        best = None
        for a in found:
            if a.kind not in ("direct", "mixed") or a.content_end > q0:
                continue
            gap = text[max(a.content_end, a.cue[1]) : q0]
            if "\n" in gap or _words(gap) > 8:
                continue
            if best is None or a.content_end > best.content_end:
                best = a
        if best is not None:
            best.content.append(_trim(text, q0, q1))
            best.content.sort()
            best.notes.append("quote-continued")
