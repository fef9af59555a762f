"""Readability from the one parse: spaCy's tokens and sentences, textstat's syllable counts.

textstat's own functions re-split text into words and sentences with regular expressions;
here words and sentences come from the parse, and textstat supplies what it does best (the
syllable count per word, cached). The formulas are the standard ones textstat implements.
Scores are given for the whole body and for narrator and attributed text separately; a voice's
sentence count is fractional (a sentence whose words are 70% attributed counts 0.7 sentences
of attributed text), so words per sentence stays meaningful for mixed sentences.
"""

from __future__ import annotations

import math
from functools import lru_cache

import textstat
from spacy.tokens import Doc

from framing.nlp import sentence_starts
from framing.schema import Readability, ReadabilityScores

KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
)


METHOD = "spaCy tokens and sentences, textstat syllables"


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    return max(1, int(textstat.syllable_count(word)))


def _scores(words: list[str], sentences: float) -> ReadabilityScores:
    n = len(words)
    if n == 0 or sentences <= 0:
        return ReadabilityScores(**dict.fromkeys(KEYS), words=n, sentences=round(sentences, 2))
    syl = [syllables(w.lower()) for w in words]
    total_syl = sum(syl)
    poly = sum(1 for s in syl if s >= 3)
    letters = sum(sum(c.isalnum() for c in w) for w in words)
    wps = n / sentences
    spw = total_syl / n
    out = {
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100 * poly / n),
        "smog_index": 1.043 * math.sqrt(poly * 30 / sentences) + 3.1291,
        "coleman_liau_index": 0.0588 * (100 * letters / n) - 0.296 * (100 * sentences / n) - 15.8,
        "automated_readability_index": 4.71 * letters / n + 0.5 * wps - 21.43,
    }
    return ReadabilityScores(
        **{k: round(v, 2) for k, v in out.items()}, words=n, sentences=round(sentences, 2)
    )


def readability(doc: Doc, flags: list[tuple[int, bool]]) -> Readability:
    """Scores for the body (top level), and under ``narrator`` and ``attributed``."""
    words: dict[str, list[str]] = {"all": [], "narrator": [], "attributed": []}
    sent_words: dict[int, list[bool]] = {}
    sent_start = sentence_starts(doc)
    for i, f in flags:  # every word (framing.nlp.is_word), as the voice counts them
        text = doc[i].text
        words["all"].append(text)
        words["attributed" if f else "narrator"].append(text)
        sent_words.setdefault(sent_start[i], []).append(f)
    n_sent = float(len(sent_words))
    att_sent = sum(sum(v) / len(v) for v in sent_words.values())
    return Readability(
        scores=_scores(words["all"], n_sent),
        narrator=_scores(words["narrator"], n_sent - att_sent),
        attributed=_scores(words["attributed"], att_sent),
        method=METHOD,
    )
