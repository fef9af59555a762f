"""Narrator vs attributed text.

Definition (also in the README): a body word (a token that is not punctuation or space) is
*attributed* when it lies inside the content of an attribution; every other body word —
including the source and cue words ("the ministry said") — is in the *narrator's* voice.
``attributed_share`` = attributed words / body words; ``narrator_share`` = 1 - that.
A sentence or paragraph is ``attributed`` when at least 80% of its words are, ``narrator``
when at most 20% are, ``mixed`` otherwise.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from framing.nlp import sentence_starts
from framing.schema import Attribution, Paragraph, SentenceVoice, VoiceCounts

DEFINITION = (
    "share of body words (tokens other than punctuation and space) inside attribution "
    "contents; source and cue words count as narrator text"
)


def attributed_intervals(attributions: Iterable[Attribution]) -> list[tuple[int, int]]:
    """Merged content intervals (file offsets), sorted."""
    frags: list[tuple[int, int]] = []
    for a in attributions:
        frags.extend(a.content_spans or [(a.content.start, a.content.end)])
    frags.sort()
    merged: list[tuple[int, int]] = []
    for s, e in frags:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def inside(intervals: Sequence[tuple[int, int]], pos: int) -> bool:
    starts = [s for s, _ in intervals]
    k = bisect_right(starts, pos) - 1
    return k >= 0 and intervals[k][0] <= pos < intervals[k][1]


def word_flags(
    doc: Doc, offset: int, intervals: Sequence[tuple[int, int]]
) -> list[tuple[int, bool]]:
    """(token index, attributed?) for every word of the Doc (:func:`framing.nlp.is_word`)."""
    starts = [s for s, _ in intervals]
    out = []
    # is_word without a Token per token: the same lexeme flags, read as one array
    for i, (punct, space, idx) in enumerate(doc.to_array([IS_PUNCT, IS_SPACE, IDX]).tolist()):
        if punct or space:
            continue
        pos = idx + offset
        k = bisect_right(starts, pos) - 1
        out.append((i, k >= 0 and intervals[k][0] <= pos < intervals[k][1]))
    return out


def label(share: float) -> str:
    if share >= 0.8:
        return "attributed"
    if share <= 0.2:
        return "narrator"
    return "mixed"


def voice(
    doc: Doc, offset: int, flags: list[tuple[int, bool]]
) -> tuple[VoiceCounts, list[SentenceVoice]]:
    """Counts over the whole body, and every sentence with words."""
    words = len(flags)
    attributed = sum(1 for _, f in flags if f)
    per_sent: dict[int, list[int]] = {}
    starts = sentence_starts(doc)
    for i, f in flags:
        sent_start = starts[i]
        per_sent.setdefault(sent_start, [0, 0])
        per_sent[sent_start][0] += 1
        per_sent[sent_start][1] += int(f)
    sentences = []
    for sent in doc.sents:
        n, a = per_sent.get(sent.start, (0, 0))
        if n == 0:
            continue
        share = a / n
        sentences.append(
            SentenceVoice(
                start=sent.start_char + offset,
                end=sent.end_char + offset,
                words=n,
                attributed_share=round(share, 4),
                voice=label(share),  # type: ignore[arg-type]
            )
        )
    return VoiceCounts.of(words, attributed), sentences


def without_paragraphs(whole: VoiceCounts, left_out: Sequence[Paragraph]) -> VoiceCounts:
    """The counts without some body paragraphs (boilerplate): their words, and the attributed
    words among them as their share gives them back."""
    words = sum(p.words for p in left_out)
    n = max(0, whole.words - words)
    att = max(0, whole.attributed_words - sum(round(p.words * p.attributed_share)
                                               for p in left_out))  # fmt: skip
    return VoiceCounts.of(n, min(att, n))
