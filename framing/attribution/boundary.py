"""Where a content ends: a learned choice among the parse's span and shorter cuts of it.

The parse gives a cue's content as the subtree of its clause, which often runs on past what
PolNeAR annotators mark: ", which the Supreme Court has put on hold", ", implicitly putting
his name on the line", ", though she noted ...". Each clause punctuation (comma, dash,
semicolon, bracket) outside quotation marks inside the content is a candidate end, and so is
the parse's own end; a logistic regression trained on PolNeAR train (see
:mod:`framing.train.attribution`) scores each from features of the tail it would cut off
(its syntactic relation, first word, length, whether it holds a verb), and the best one wins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from spacy.tokens import Doc, Token

CUT_MARKS = {",", ";", "—", "–", "--", "-", "("}


def _bin(n: int) -> str:
    for b in (1, 2, 3, 5, 8, 12, 20, 30):
        if n <= b:
            return str(b)
    return "more"


def _in_quote(quotes: list[tuple[int, int]], i: int) -> bool:
    return any(q0 < i < q1 for q0, q1 in quotes)


def end_candidates(
    doc: Doc,
    quotes: list[tuple[int, int]],
    start: int,
    end: int,
    how: str,
) -> list[tuple[int, list[str]]]:
    """(end offset, features) for the parse's end and every cut before clause punctuation."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return [(end, ["nocut", f"how={how}"])]
    n = len(span)
    words = sum(1 for t in span if not (t.is_punct or t.is_space))
    last = span[-1]
    out: list[tuple[int, list[str]]] = [
        (
            end,
            [
                "nocut",
                f"nocut_how={how}",
                f"nocut_len={_bin(words)}",
                f"nocut_last={last.lower_ if last.is_punct else last.pos_}",
            ],
        )
    ]
    for k, t in enumerate(span):
        if t.text not in CUT_MARKS or k < 2 or k >= n - 1 or _in_quote(quotes, t.idx):
            continue
        tail = [x for x in span[k + 1 :] if not x.is_space]
        if not tail:
            continue
        tail_ids = {x.i for x in tail}
        roots = [x for x in tail if x.head.i not in tail_ids or x.head.i == x.i]
        root: Token = roots[0]
        head_words = sum(1 for x in span[:k] if not (x.is_punct or x.is_space))
        tail_words = sum(1 for x in tail if not (x.is_punct or x.is_space))
        nxt = tail[0]
        has_verb = any(x.pos_ in ("VERB", "AUX") for x in tail)
        f = [
            "cut",
            f"mark={t.text}",
            f"next={nxt.lower_}",
            f"next_pos={nxt.pos_}",
            f"tail_dep={root.dep_}",
            f"mark_tail_dep={t.text}|{root.dep_}",
            f"tail_pos={root.pos_}",
            f"tail_lemma={root.lemma_.lower()}",
            f"tail_roots={min(len(roots), 3)}",
            f"tail_len={_bin(tail_words)}",
            f"head_len={_bin(head_words)}",
            f"tail_verb={has_verb}",
            f"how={how}",
            f"how_tail_dep={how}|{root.dep_}",
            f"attach={root.head.dep_ if root.head.i != root.i else 'ROOT'}",
            f"quote_after={any(q0 > t.idx for q0, _ in quotes if q0 < end)}",
        ]
        out.append((t.idx, f))
    # longer: the content may run on past the parse's subtree to a later clause mark or the
    # sentence's end ("said X, but Y" when the parse hangs "but Y" on the cue verb)
    sent = span[-1].sent
    rest = [x for x in doc[span.end : sent.end] if not x.is_space]
    if rest and not any(_in_quote(quotes, x.idx) for x in rest[:1]):
        stops = [k for k, x in enumerate(rest) if x.text in CUT_MARKS and k > 0]
        for k in [*stops, len(rest)]:
            ext = rest[:k]
            if not ext or sum(1 for x in ext if not x.is_punct) == 0:
                continue
            ids = {x.i for x in ext}
            root = next((x for x in ext if x.head.i not in ids or x.head.i == x.i), ext[0])
            first = ext[1] if ext[0].is_punct and len(ext) > 1 else ext[0]
            n_words = sum(1 for x in ext if not x.is_punct)
            out.append(
                (
                    ext[-1].idx + len(ext[-1].text),
                    [
                        "extend",
                        f"ext_first={first.lower_ if first.is_stop else first.pos_}",
                        f"ext_mark={ext[0].text if ext[0].is_punct else 'none'}",
                        f"ext_dep={root.dep_}",
                        f"ext_attach={'cue' if root.head.i < span.start else 'other'}",
                        f"ext_len={_bin(n_words)}",
                        f"ext_to_end={k == len(rest)}",
                        f"ext_how={how}",
                        f"ext_verb={any(x.pos_ in ('VERB', 'AUX') for x in ext)}",
                    ],
                )
            )
    return out


def choose_end(
    weights: Mapping[str, float],
    bias: float,
    candidates: list[tuple[int, list[str]]],
    bonus: Callable[[int], float] | None = None,
) -> tuple[int, float]:
    """The candidate end (or start) with the highest score, and its probability; ``bonus``
    adds log-odds of other evidence to each position's score (the encoder's)."""
    best_end, best_z = candidates[0][0], -math.inf
    for e, feats in candidates:
        z = bias + sum(weights.get(x, 0.0) for x in feats)
        if bonus is not None:
            z += bonus(e)
        if z > best_z:
            best_end, best_z = e, z
    return best_end, 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, best_z))))


START_WINDOW = 10  # how many leading tokens of a content a start may skip


def start_candidates(
    doc: Doc,
    quotes: list[tuple[int, int]],
    start: int,
    end: int,
    how: str,
    cue_lemma: str,
) -> list[tuple[int, list[str]]]:
    """(start offset, features) for the parse's start and each later token among the first
    :data:`START_WINDOW` ones: "him “a genius”" -> "“a genius”", "But the goal is ..." ->
    "the goal is ...", "Congress to leave the program intact" -> "to leave ...".

    Features describe the words a start would skip (first and last of them, their relation)
    and the word it would begin with."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return [(start, ["keep", f"keep_how={how}"])]
    first = span[0]
    out: list[tuple[int, list[str]]] = [
        (
            start,
            [
                "keep",
                f"keep_how={how}",
                f"keep_first={first.lower_ if first.is_stop or first.is_punct else first.pos_}",
                f"keep_first_dep={first.dep_}",
                f"keep_lemma={cue_lemma}|{first.dep_}",
            ],
        )
    ]
    limit = min(len(span) - 1, START_WINDOW)
    for k in range(1, limit + 1):
        t = span[k]
        if t.is_punct or t.is_space or _in_quote_strict(quotes, t.idx):
            continue
        prev = span[k - 1]
        skipped = [x for x in span[:k] if not x.is_space]
        if not skipped:  # only space before t: the same start as the parse's
            continue
        words = sum(1 for x in skipped if not x.is_punct)
        s0 = skipped[0]
        f = [
            "skip",
            f"skip_n={min(words, 6)}",
            f"skip_first={s0.lower_ if s0.is_stop or s0.is_punct else s0.pos_}",
            f"skip_first_dep={s0.dep_}",
            f"skip_last={prev.lower_ if prev.is_stop or prev.is_punct else prev.pos_}",
            f"skip_last_dep={prev.dep_}",
            f"new={t.lower_ if t.is_stop else t.pos_}",
            f"new_dep={t.dep_}",
            f"new_head_is_cue_side={t.head.i < span.start or t.head.i >= span.end}",
            f"how={how}",
            f"how_skip_dep={how}|{s0.dep_}",
            f"how_new_dep={how}|{t.dep_}",
            f"lemma_new_dep={cue_lemma}|{t.dep_}",
            f"lemma_skip_dep={cue_lemma}|{s0.dep_}",
            f"pair={prev.dep_}|{t.dep_}",
            f"left_edge={t.left_edge.i == t.i}",
        ]
        if words == 1:
            f.append(f"skip1={s0.lower_}")
        out.append((t.idx, f))
    return out


def _in_quote_strict(quotes: list[tuple[int, int]], i: int) -> bool:
    """Inside quotation marks, but not at the opening mark itself."""
    return any(q0 < i < q1 for q0, q1 in quotes)
