"""Passes over the attributions found in a Doc: each fixes one thing across all of them.

Every pass is a step (see :data:`framing.attribution.raw.Step`): ``(ctx, found) -> found``. It
returns the list to go on with and never changes the records it is given; a record it changes
comes back as a new one (:func:`dataclasses.replace`). The order they run in is
:data:`framing.attribution.extract.STEPS`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from framing.attribution.frames import cue_through_control
from framing.attribution.patterns import found_by_pattern
from framing.attribution.quotes import (
    CLOSING,
    OPENING,
    PARA_BREAK,
    STRAIGHT,
    paragraphs,
    quote_at,
)
from framing.attribution.raw import DocContext, RawAttribution
from framing.attribution.sources import SUBJECT_DEPS, source_span
from framing.attribution.spans import inside_word, subtree_span, trim, words

# Verbs whose grammatical subject is what they report on, not who speaks: "X seems to Y",
# "X appears to Y" (with a passive subject the same holds: "X is expected to Y")
_RAISING = {"seem", "appear"}
_CUT_BEFORE = ",;–—"
# a sentence end with more words after it
_NEXT_SENTENCE = re.compile(r"[.!?…][”\"’']*\s+[\w“\"‘(]")


def take_in_control_verbs(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """An infinitive cue takes in the verbs it depends on: "refuses to do", "was able to
    consistently tout" (see :func:`framing.attribution.frames.cue_through_control`)."""
    doc = ctx.doc
    out = []
    for a in found:
        if 0 <= a.cue_head < len(doc):
            cue = cue_through_control(doc[a.cue_head], a.cue)
            if cue != a.cue:
                a = replace(a, cue=cue)
        out.append(a)
    return out


def split_around_cue(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A content the cue interrupts gets its first part: "[About one in nine voters] is
    expected [to be Latino]" (a passive or raising verb's subject is reported on, not
    speaking), "[If this argument fails], Mr. Castañeda argues, [there are ...]"."""
    return [_split_around_cue(ctx, a) for a in found]


def _split_around_cue(ctx: DocContext, raw: RawAttribution) -> RawAttribution:
    doc, text = ctx.doc, ctx.text
    if not 0 <= raw.cue_head < len(doc):
        return raw
    verb = doc[raw.cue_head]
    if raw.content_start < raw.cue[1] or len(raw.content) != 1:
        return raw
    subj = next((x for x in verb.children if x.dep_ in SUBJECT_DEPS and x.i < verb.i), None)
    if subj is None:
        return raw
    if subj.dep_ == "nsubjpass" or (subj.dep_ == "nsubj" and verb.lemma_.lower() in _RAISING):
        if any(x.dep_ == "agent" for x in verb.children):
            return raw
        if subj.lower_ == "it" and subj.dep_ == "nsubj":
            # expletive: "it seems that X" reports X; "it" is neither content nor source
            if raw.source_head == subj.i:
                return replace(raw, source=None, source_head=None)
            return raw
        a, b = trim(text, *subtree_span(subj))
        if b > a and b <= raw.cue[0]:
            return replace(raw, content=[(a, b), *raw.content], source=None, source_head=None)
        return raw
    # the cue set off by commas inside the sentence: "X, S said, Y" / "“X,” S said, “Y"
    sent = verb.sent
    left = subj.left_edge
    if left.i <= sent.start + 1:
        return raw
    before = text[sent.start_char : left.idx].rstrip()
    after = text[raw.cue[1] : raw.content_start]
    if not before.rstrip("“”\"' ").endswith(",") or "," not in after or words(after) > 0:
        return raw
    # only a quotation the cue interrupts: "“By locking in China,” Mr. Obama said, “it ..."
    if not quote_at(ctx.quotes, left.idx - 3, left.idx) or not quote_at(
        ctx.quotes, raw.content_start, raw.content_start + 1
    ):
        return raw
    first = sent[0]
    begin = sent[1].idx if first.dep_ == "cc" and len(sent) > 1 else sent.start_char
    a, b = trim(text, begin, left.idx)
    if b > a and words(text[a:b]) >= 1:
        return replace(raw, content=[(a, b), *raw.content])
    return raw


def asked_questions(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A question put to a speaker is not the speaker's: "*Asked* to describe the device,
    O'Neill said, “Not going to go into that.”" The cue "Asked" hangs on "said" and took its
    subject, O'Neill, who answers and does not ask. The question keeps its cue and content
    with no source (the reporter's, as PolNeAR marks it) or the one who asked ("Asked *by
    reporters* about ..."); both it and the answer (the cue the question's clause hangs on) are
    flagged ``question``. When the parse gave the answerer to "asked" ("*The senator*, asked
    whether ..., said"), the answer gets it back."""
    doc, text = ctx.doc, ctx.text
    # answer verb -> the subject the parse gave "asked" instead of it, for every "asked" clause
    # (found as an attribution or not: "When asked ..., the mayor said ..." answers either way)
    answers: dict[int, Token | None] = {}
    asked: set[int] = set()
    for tok in doc:
        if tok.lower_ == "asked":
            clause = _asked_clause(tok)
            if clause is not None:
                answers[clause[0].i] = clause[1]
                asked.add(tok.i)
    if not answers:
        return found
    out = []
    for a in found:
        if a.cue_head in asked:
            tok = doc[a.cue_head]
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            asker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            source = trim(text, asker.left_edge.idx, asker.idx + len(asker)) if asker else None
            a = replace(
                a,
                source=source,
                source_head=asker.i if asker is not None else None,
                antecedent_hint=None,
                flags=_with_flag(a.flags, "question"),
                notes=[*a.notes, "question-asked"],
            )
        elif a.cue_head in answers:
            a = replace(a, flags=_with_flag(a.flags, "question"))
            taken = answers[a.cue_head]
            if a.source is None and taken is not None:
                a = replace(a, source=trim(text, *source_span(taken)), source_head=taken.i)
        out.append(a)
    return out


def _asked_clause(tok: Token) -> tuple[Token, Token | None] | None:
    """When ``tok`` is "asked" opening a clause on another verb ("*Asked* about X, Y said",
    "When *asked* ...", "Y, *asked* whether ..., said"): that verb, which answers, and the
    subject the parse gave "asked" instead of it ("*Y*, asked whether ..., said"), if any.
    ``None`` for "Y asked whether ..." (Y asks) and "Y was asked ..." (a clause of its own)."""
    if tok.lemma_.lower() != "ask" or tok.tag_ not in ("VBN", "VBD"):
        return None
    if any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in tok.children):
        return None
    doc = tok.doc
    subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is not None:
        # only "Y, asked whether ..., said": a comma between the subject and "asked"
        commas = doc[subj.right_edge.i + 1 : tok.i]
        if tok.dep_ != "advcl" or not any(t.text == "," for t in commas):
            return None
    if tok.dep_ == "advcl" and tok.head.i > tok.i:
        if subj is not None and any(c.dep_ in SUBJECT_DEPS for c in tok.head.children):
            return None
        return tok.head, subj
    if tok.dep_ == "advcl" and tok.head.i < tok.i and subj is None:
        return tok.head, None  # "Y said, when asked about X, that ..."
    if tok.dep_ == "acl" and tok.head.dep_ in SUBJECT_DEPS and tok.head.head.i != tok.head.i:
        return tok.head.head, None  # "The senator, asked whether ..., said"
    return None


def _with_flag(flags: tuple[str, ...], flag: str) -> tuple[str, ...]:
    return flags if flag in flags else (*flags, flag)


def cut_before_inner_cues(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A content that runs on into another attribution after a clause mark ends at that mark:
    "[those characterizations did Romney in], arguing [that it was divisions ...]". (In order:
    a content cut early counts as cut for the ones after it.)"""
    text = ctx.text
    out = list(found)
    for i, a in enumerate(out):
        if len(a.content) != 1:
            continue
        s0, e0 = a.content[0]
        cut = None
        for j, b in enumerate(out):
            if j == i or not (s0 < b.cue[0] < e0) or b.content_start < b.cue[1]:
                continue
            if any(q0 < b.cue[0] < q1 for q0, q1 in ctx.quotes):
                continue
            head = text[s0 : b.cue[0]]
            if b.source is not None and s0 < b.source[0] < b.cue[0]:
                head = text[s0 : b.source[0]]
            stripped = head.rstrip()
            if stripped.endswith(tuple(_CUT_BEFORE)) or stripped.endswith(" -"):
                end = s0 + len(stripped) - 1
                cut = end if cut is None else min(cut, end)
        if cut is not None:
            x, y = trim(text, s0, cut)
            if y > x and words(text[x:y]) >= 2:
                out[i] = replace(a, content=[(x, y)])
    return out


def drop_echoes(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """ "It added that X, the ministry added": keep the inner attribution, let the outer
    subject name the inner pronoun. Also drop exact duplicates of a content."""
    doc = ctx.doc
    # the cue candidates by their cue word (a pattern's cue is a preposition or a mark)
    by_cue_token = {a.cue_head: k for k, a in enumerate(found) if not found_by_pattern(a)}
    inner_of: dict[int, int] = {}
    for k, a in enumerate(found):
        if a.cue_head < 0 or a.kind == "according_to":
            continue
        verb = doc[a.cue_head]
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i in by_cue_token and child.i < verb.i:
                inner = by_cue_token[child.i]
                if doc[child.i].lemma_ == verb.lemma_ or _covers(a, found[inner]):
                    inner_of[k] = inner
    hints: dict[int, int] = {}
    keep: list[int] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for k, a in enumerate(found):
        inner = inner_of.get(k)
        if inner is not None:
            if found[inner].source_head is not None and a.source_head is not None:
                hints[inner] = a.source_head
            continue
        key = tuple(a.content)
        if key in seen:
            continue
        seen.add(key)
        keep.append(k)
    return [replace(found[k], antecedent_hint=hints[k]) if k in hints else found[k] for k in keep]


def _covers(outer: RawAttribution, inner: RawAttribution) -> bool:
    return outer.content_start <= inner.cue[0] and inner.content_end <= outer.content_end + 2


def continue_quotes(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A cue-less quote right after an attributed quote, in the same paragraph, continues it:
    "“We will win,” he said. “They will lose.”" The content gains a fragment."""
    doc, text = ctx.doc, ctx.text
    contents = [(x, y) for a in found for x, y in a.content]
    cues = [a.cue for a in found]
    grown = [list(a.content) for a in found]  # the contents as this pass extends them
    added: Counter[int] = Counter()
    for q0, q1 in ctx.quotes:
        # taken: a content already holds the quote, or a cue sits in it ("“X,” he said")
        # (attributions nested inside the quote do not stop it continuing an outer one)
        if any(x <= q0 + 1 and q1 - 1 <= y for x, y in contents):
            continue
        if any(q0 <= x < q1 and not any(c0 <= x < c1 for c0, c1 in contents) for x, _ in cues):
            continue
        short = words(text[q0:q1]) < 4  # scare quotes and titles are not attributions...
        best = None
        for k, a in enumerate(found):
            a_end = grown[k][-1][1]
            if a.kind not in ("direct", "mixed") or a_end > q0:
                continue
            # the gap runs from the attribution's last part: "“X,” said Rep. G.K. Butterfield
            # (D-N.C.), head of the Congressional Black Caucus. “Y.”" continues with Y
            after = max(a_end, a.cue[1], a.source[1] if a.source else 0)
            gap = text[after:q0]
            # a long gap is only the source's description when it ends the sentence
            limit = 30 if gap.rstrip().endswith((".", "…")) else 8
            if "\n" in gap or words(gap) > limit:
                continue
            if any(after <= b.cue[0] < q0 and not _tail_of(doc, b, a) for b in found):
                continue  # another cue in between: the quote is not this one's
            if short and words(gap):
                continue  # ...unless right after the cue: "“I would,” she said, “I would.”"
            if best is None or a_end > grown[best][-1][1]:
                best = k
        if best is not None:
            grown[best].append(trim(text, q0, q1))
            grown[best].sort()
            added[best] += 1
    return [
        replace(a, content=grown[k], notes=[*a.notes, *["quote-continued"] * added[k]])
        if added[k]
        else a
        for k, a in enumerate(found)
    ]


def continue_paragraphs(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A paragraph that is wholly a quotation, right after a paragraph that ends quoting a
    speaker, is that speaker's next quote: "“... a lot of units left,” he said. ¶ “And they
    know that ...”" It joins the content of the attribution it continues as a further fragment
    (as PolNeAR marks it: the source and cue of that attribution are its source and cue, and
    its speaker is that one's), which is flagged ``continuation``; a run of such paragraphs
    continues in turn. Attributions nested inside the quote ("“Trump told me ...”") do not stop
    it; a cue outside that already reports it does."""
    text, quotes = ctx.text, ctx.quotes
    paras = paragraphs(text)
    out = list(found)
    for k in range(1, len(paras)):
        a, b = paras[k]
        quote = _paragraph_quote(text, quotes, a, b)
        if quote is None or _reported(out, *quote):
            continue
        j = _ends_quoting(text, out, *paras[k - 1])
        if j is None:
            continue
        r = out[j]
        out[j] = replace(
            r,
            content=sorted([*r.content, trim(text, *quote)]),
            flags=_with_flag(r.flags, "continuation"),
            notes=[*r.notes, "paragraph-continued"],
        )
    return out


def _reported(found: Sequence[RawAttribution], a: int, b: int) -> bool:
    """Whether an attribution whose cue is outside ``[a, b)`` has content inside it."""
    return any(
        any(x < b and a < y for x, y in r.content) and not (a <= r.cue[0] and r.cue[1] <= b)
        for r in found
    )


def continue_sentences(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A quotation that opens a sentence, with no cue of its own, goes on with the statement in
    the sentence before it in its paragraph: "The administration may be reluctant to act,
    Schiff said. “The other factor is ...”" (an indirect statement, which
    :func:`continue_quotes` leaves alone), and "“...,” Trump said of them, mocking the
    critics. “These people will ...”" (the quoted statement, not the participle after it). A
    sentence whose pronoun source speaks again is passed over: "“...,” Obama said. He did not
    suggest retaliation. “Our goal is ...”" goes with Obama's quote. The content gains a
    fragment, as PolNeAR marks it."""
    text, quotes = ctx.text, ctx.quotes
    out = list(found)
    for pa, pb in paragraphs(text):
        for q0, q1 in quotes:
            if not (pa < q0 and q1 <= pb) or words(text[q0:q1]) < 4 or _reported(out, q0, q1):
                continue
            if not re.search(r"[.!?…][”\"’']*$", text[pa:q0].rstrip()):
                continue  # not a sentence of its own
            starts = [pa, *(m.end() - 1 for m in _NEXT_SENTENCE.finditer(text, pa, q0 + 1))]
            starts = [x for x in starts if x < q0]
            j = _statement_in(out, starts[-1], pa, q0)
            if j is not None and len(starts) > 1 and _pronoun_again(out[j], text):
                earlier = _statement_in(out, starts[-2], pa, starts[-1])
                if earlier is not None and out[earlier].kind in ("direct", "mixed"):
                    j = earlier
            if j is None:
                continue
            r = out[j]
            out[j] = replace(
                r,
                content=sorted([*r.content, trim(text, q0, q1)]),
                notes=[*r.notes, "sentence-continued"],
            )
    return out


def _statement_in(found: Sequence[RawAttribution], start: int, pa: int, end: int) -> int | None:
    """Which attribution with a source has its cue in ``[start, end)`` and its content in
    ``[pa, end)``: the quoted one that ends last, else the one that ends last (not a belief)."""
    best: tuple[bool, int] | None = None
    j = None
    for k, r in enumerate(found):
        if r.source is None or r.kind == "belief" or not start <= r.cue[0] < end:
            continue
        if r.content_start < pa or r.content_end > end:
            continue
        key = (r.kind in ("direct", "mixed"), max(r.content_end, r.cue[1], r.source[1]))
        if best is None or key > best:
            best, j = key, k
    return j


def _pronoun_again(r: RawAttribution, text: str) -> bool:
    """Whether ``r`` is a statement of a pronoun source ("He did not suggest retaliation")."""
    return (
        r.kind not in ("direct", "mixed")
        and r.source is not None
        and text[r.source[0] : r.source[1]].lower() in ("he", "she", "they")
    )


def _paragraph_quote(
    text: str, quotes: Sequence[tuple[int, int]], a: int, b: int
) -> tuple[int, int] | None:
    """The quote that makes up the paragraph ``[a, b)``: it opens the paragraph (with a mark of
    its own, not the re-opening mark of a quote left open before), no word stands outside
    quotation marks, and it closes with a closing mark, at the paragraph's end or in a later
    paragraph it runs on into. (A quote left open at the end of its paragraph, not taken up by
    the next one, marks a paragraph of an excerpt, not someone's words.)"""
    first = next(((q0, q1) for q0, q1 in quotes if q0 == a), None)
    if first is None or first[1] < b or not _closed(text, *first):
        return None
    outside, at = [], a
    for q0, q1 in quotes:
        if q1 <= a or q0 >= b:
            continue
        outside.append(text[at:q0])
        at = max(at, q1)
    outside.append(text[at:b])
    return first if words("".join(outside)) == 0 else None


def _closed(text: str, q0: int, q1: int) -> bool:
    """Whether the quote ``[q0, q1)`` ends with its closing mark (a straight one, or a curly one
    when no curly quote opens inside it), not where its paragraph ends."""
    last = text[q1 - 1]
    if text[q0] == STRAIGHT:
        return last == STRAIGHT or (last in CLOSING and not any(c in OPENING for c in text[q0:q1]))
    if text[q0 : q0 + 2] in ("''", "``"):
        return text[q1 - 2 : q1] == "''"
    return last in CLOSING + STRAIGHT


def _ends_quoting(text: str, found: Sequence[RawAttribution], pa: int, pb: int) -> int | None:
    """Which attribution the paragraph ``[pa, pb)`` ends with, when it quotes someone (a direct or
    mixed content with a source) and nothing but its own words follow it in its sentence:
    "“...,” he said." and "“...,” said Smith as she left." end quoting; "“...,” he said. Then
    the crowd left." does not."""
    best, best_end = None, -1
    for k, r in enumerate(found):
        parts = [*r.content, r.cue, *([r.source] if r.source else [])]
        inside = [(x, y) for x, y in parts if pa <= x and y <= pb]
        if not inside or not any(pa <= x and y <= pb for x, y in r.content):
            continue
        end = max(y for _, y in inside)
        if end > best_end or (end == best_end and best is not None and _longer(r, found[best])):
            best, best_end = k, end
    if best is None or found[best].kind not in ("direct", "mixed") or found[best].source is None:
        return None
    if _NEXT_SENTENCE.search(text[best_end:pb]):
        return None  # the narrator goes on after it
    return best


def _longer(r: RawAttribution, other: RawAttribution) -> bool:
    return r.content_end - r.content_start > other.content_end - other.content_start


def _tail_of(doc: Doc, b: RawAttribution, a: RawAttribution) -> bool:
    """Whether ``b``'s cue is a participle hanging on ``a``'s cue verb: "“X,” DuVernay said,
    *emphasizing* why ... “Y.”" (the speaker goes on; the next quote still continues ``a``)."""
    if not (0 <= b.cue_head < len(doc)) or not (0 <= a.cue_head < len(doc)):
        return False
    tok = doc[b.cue_head]
    return tok.tag_ == "VBG" and tok.head.i == a.cue_head and tok.dep_ in ("advcl", "xcomp")


def continue_clauses(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A reported clause the cue interrupts goes on after it: "[Lenox was a juggernaut], a
    former executive said, [until it went bankrupt in 1999]" gains its second part."""
    doc, text = ctx.doc, ctx.text
    starts = sorted(a.cue[0] for a in found)
    out = []
    for a in found:
        out.append(a)
        if a.kind != "indirect" or len(a.content) != 1 or not 0 <= a.cue_head < len(doc):
            continue
        begin = min(a.cue[0], a.source[0] if a.source else a.cue[0])
        if a.content_end > begin:
            continue
        sent = doc[a.cue_head].sent
        after = max(a.cue[1], a.source[1] if a.source else 0)
        rest = text[after : sent.end_char]
        if not rest.lstrip().startswith(",") or words(rest) < 3:
            continue
        if any(after <= c < sent.end_char for c in starts) or any(
            q in rest for q in OPENING + CLOSING + STRAIGHT
        ):
            continue
        x, y = trim(text, after + rest.index(",") + 1, sent.end_char)
        if y > x:
            out[-1] = replace(a, content=[*a.content, (x, y)])
    return out


def paragraph_fragments(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """A content that runs over a paragraph break is one fragment per paragraph, as PolNeAR
    marks a quote that goes on in the next paragraph: the break (and the quote mark that opens
    the next paragraph, which stays with it) is not content."""
    text = ctx.text
    breaks = [(m.start(), m.end()) for m in PARA_BREAK.finditer(text)]
    if not breaks:
        return found
    out = []
    for a in found:
        frags: list[tuple[int, int]] = []
        for s0, e0 in a.content:
            at = s0
            for b0, b1 in breaks:
                if s0 < b0 and b1 < e0:
                    frags.append(trim(text, at, b0))
                    at = b1
            frags.append(trim(text, at, e0) if at != s0 else (s0, e0))
        frags = [(x, y) for x, y in frags if y > x]
        out.append(replace(a, content=frags) if frags != a.content and frags else a)
    return out


def whole_words(ctx: DocContext, found: list[RawAttribution]) -> list[RawAttribution]:
    """Content fragments take in the rest of a word the parse split off: a clause that ends
    at "those who do" before "n’t" ends after it ("those who don’t")."""
    text = ctx.text
    out = []
    for a in found:
        frags = []
        for s0, e0 in a.content:
            while inside_word(text, s0):
                s0 -= 1
            while inside_word(text, e0):
                e0 += 1
            frags.append((s0, e0))
        out.append(replace(a, content=frags) if frags != a.content else a)
    return out
