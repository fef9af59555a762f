"""The boilerplate classifier: is a paragraph news (``none``), stock ``background`` or a
``notice`` (editor's notes, promos, credits)?

A multinomial logistic regression scores every *sentence* of a paragraph (NewsDiscourse
labels sentences, so sentence rows are purer training examples than paragraphs) over sparse
features: its words and word pairs; years, and how far the oldest lies before the article's
latest year (the reference year, read from the whole article); the year carried over from
earlier paragraphs (a story told about 1927 goes on being about 1927); tense cues (past
forms vs present/future, past perfect, "since", "ago", "last year", "on Tuesday");
attribution cues; quotes; and the paragraph's position, length, its own tense and year cues
and how much more past it is told than its article as a whole. A paragraph's class
probabilities are the mean over its sentences. Trained by ``framing train boilerplate`` on
NewsDiscourse train sentences (``Distant_Historical`` -> background, ``NA`` -> notice) plus
the sentences of recurring PolNeAR train notices as weak labels; thresholds tuned on
NewsDiscourse dev. Stored as JSON weights: loading unpickles nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from framing.linear import (
    class_weights_from_json,
    class_weights_to_json,
    dump_model,
    floats_from_json,
    load_model_json,
)

MODEL_FILE = "boilerplate-paragraphs.json"
FORMAT = "framing-sentence-softmax-3"
DIGITS = 5  # weights are stored rounded to this many decimals (biases to 6)
CLASSES = ("none", "background", "notice")

_WORD = re.compile(r"[a-z][a-z'’-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d")
QUOTES = ("\u201c", chr(34), "''")
_HISTORY = re.compile(
    r"\b(since|decades?|centur(?:y|ies)|years ago|in (?:19|20)\d\d|(?:19|20)\d0s|former|"
    r"history|historic(?:al)?|long-running|dating back|originally|was formed|established)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(for|over|in) (the (past|last) )?(some |about |nearly |almost |more than |over )?"
    r"(\w+ )?(decades?|years|centur(?:y|ies))\b|\bsince (19|20)\d\d\b",
    re.IGNORECASE,
)
_PERFECT = re.compile(r"\b(has|have|had) (been|remained|long|since)\b", re.IGNORECASE)
_HAD = re.compile(
    r"\bhad (\w+ed|been|become|made|taken|given|won|lost|left|gone|come|done|seen|known|told|"
    r"said|begun|fallen|grown)\b",
    re.IGNORECASE,
)
_RECENT = re.compile(
    r"\b(on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|today|tonight|yesterday|"
    r"this (week|month|morning|afternoon|evening)|on \w+day|said on|will|would|plans? to|"
    r"expected to)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"\b(last year|years? ago|months ago|in the past|previously|earlier this year|at the time|"
    r"back then|then)\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(was|were|had|did)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(is|are|has|have|does|do|says|say)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(said|says|told|according to|added|stated)\b", re.IGNORECASE)
_PAST_FORM = re.compile(
    r"\b(\w+ed|was|were|had|did|went|came|took|made|got|gave|told|found|left|became|began|saw|"
    r"knew|thought|brought|fought|held|led|won|lost|ran|wrote|sat|stood|fell|grew|paid|met|sent|"
    r"built|spent|felt|kept)\b"
)
_NOW = re.compile(r"\b(will|is|are|has|have|says|can|may|now)\b")
_SENT_END = re.compile(r"[.!?]+[\u201d\u2019\"')\]]*\s+(?=[A-Z0-9\u201c\u2018\"'(])")
LATEST_YEAR = 2030  # years after this are not dates


def _bucket(x: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if x <= e:
            return i
    return len(edges)


def _years(text: str) -> list[int]:
    return [y for y in (int(x) for x in _YEAR.findall(text)) if y <= LATEST_YEAR]


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph by punctuation (the model's own, cheap and deterministic)."""
    out, pos = [], 0
    for m in _SENT_END.finditer(text):
        out.append(text[pos : m.end()].strip())
        pos = m.end()
    out.append(text[pos:].strip())
    return [x for x in out if x] or [text]


@dataclass(frozen=True)
class Context:
    """What a paragraph's features need from the rest of its article."""

    index: int
    n: int
    reference_year: int | None  # the latest year the article mentions
    carried_year: int | None  # the oldest year of the nearest paragraph (this or earlier) with one
    gap: int  # paragraphs since that one
    article: tuple[str, ...] = ()  # its tense against the whole article's


def _tense_counts(text: str) -> tuple[int, int]:
    """(past forms, present/future forms) of a text."""
    st = _stats(text)
    return st.ed, st.present + st.now


def _article_features(counts: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """How past the article is told as a whole, and how much more (or less) past each
    paragraph is than that: background is told in the past within articles told in the
    present, while a whole article in the past (a feature story, a trial report) says little."""
    past, now = sum(c[0] for c in counts), sum(c[1] for c in counts)
    doc = past / (past + now) if past + now else 0.5
    whole = f"Ded={_bucket(doc, (0.3, 0.5, 0.7))}"
    out = []
    for ed, nw in counts:
        own = ed / (ed + nw) if ed + nw else doc
        out.append((f"Drel={_bucket(own - doc, (-0.3, -0.1, 0.1, 0.3))}", whole))
    return out


def contexts(paragraphs: Sequence[str]) -> list[Context]:
    years = [_stats(t).years for t in paragraphs]
    every = [y for ys in years for y in ys]
    ref = max(every) if every else None
    article = _article_features([_tense_counts(t) for t in paragraphs])
    out, carried, gap = [], None, 0
    for k, ys in enumerate(years):
        if ys:
            carried, gap = min(ys), 0
        else:
            gap += 1
        out.append(Context(k, len(paragraphs), ref, carried, gap, article[k]))
    return out


class _Stats(NamedTuple):
    """What the time features read of a text (by its regular expressions), once per text."""

    years: tuple[int, ...]
    words: int
    has_number: bool
    history: int
    perfect: bool
    duration: bool
    quote: bool
    had: int
    recent: int
    ago: int
    past: int
    present: int
    said: int
    ed: int
    now: int


@lru_cache(maxsize=16384)
def _stats(text: str) -> _Stats:
    """The regular expressions' counts of a text, once per text (the paragraph's own features,
    its sentences' and the article's tense counts read the same texts). A text of several
    sentences (:func:`split_sentences`) adds up its sentences' counts: they are the text's own,
    as no expression matches the sentence ends (``.``, ``!``, ``?`` and closing quotes) nor
    starts or ends with the whitespace between sentences, so no match spans two sentences and
    every word boundary is the same in a sentence alone (and lower-casing does not look past
    whitespace); so each character is scanned once."""
    sents = split_sentences(text)
    if len(sents) < 2:
        return _scan(text)
    cols = list(zip(*(_stats(x) for x in sents), strict=True))  # per field, per sentence
    years = tuple(y for ys in cols[0] for y in ys)
    return _Stats(years, *(any(c) if isinstance(c[0], bool) else sum(c) for c in cols[1:]))


def _scan(text: str) -> _Stats:
    """The regular expressions' counts of a text, scanned."""
    low = text.lower()
    return _Stats(
        years=tuple(_years(text)),
        words=len(_WORD.findall(low)),
        has_number=_NUMBER.search(text) is not None,
        history=len(_HISTORY.findall(text)),
        perfect=_PERFECT.search(text) is not None,
        duration=_DURATION.search(text) is not None,
        quote=any(q in text for q in QUOTES),
        had=len(_HAD.findall(text)),
        recent=len(_RECENT.findall(text)),
        ago=len(_AGO.findall(text)),
        past=len(_PAST.findall(text)),
        present=len(_PRESENT.findall(text)),
        said=len(_SAID.findall(text)),
        ed=len(_PAST_FORM.findall(low)),
        now=len(_NOW.findall(low)),
    )


def _time_features(text: str, ctx: Context) -> list[str]:
    st = _stats(text)
    f = []
    years = st.years
    f.append(f"years={min(len(years), 3)}")
    if years:
        oldest = min(years)
        f.append(f"oldest_decade={str(oldest)[:3]}")
        if ctx.reference_year:
            f.append(f"yeardist={_bucket(ctx.reference_year - oldest, (0, 1, 3, 8, 20, 50))}")
    if st.has_number:
        f.append("has_number")
    f.append(f"len={min(st.words // 10, 6)}")
    history = st.history
    f.append(f"history={min(history, 3)}")
    perfect = st.perfect
    if perfect:
        f.append("perfect")
    if history and perfect:
        f.append("history_perfect")
    if st.duration:
        f.append("duration_perfect" if perfect else "duration")
    f.append(f"quote={st.quote}")
    f.append(f"had={min(st.had, 2)}")
    f.append(f"recent={min(st.recent, 2)}")
    f.append(f"ago={min(st.ago, 2)}")
    pa, pr = st.past, st.present
    f.append(f"pastratio={_bucket(pa / (pa + pr) if pa + pr else -1, (-0.5, 0.2, 0.5, 0.8))}")
    f.append(f"said={min(st.said, 2)}")
    ed = st.ed
    now = st.present + st.now
    ratio = ed / (ed + now) if ed + now else -1
    f.append(f"edratio={_bucket(ratio, (-0.5, 0.3, 0.6, 0.85))}")
    f.append(f"will={min(st.now, 2)}")
    if ctx.carried_year is not None and ctx.reference_year:
        cb = _bucket(ctx.reference_year - ctx.carried_year, (0, 1, 3, 8, 20))
        f += [f"carry={cb}", f"carry={cb}_gap={min(ctx.gap, 3)}",
              f"carry={cb}_ed={_bucket(ratio, (-0.5, 0.5))}"]  # fmt: skip
    else:
        f.append("carry=none")
    return f


def paragraph_features(paragraph: str, ctx: Context) -> list[str]:
    """Features a paragraph lends to each of its sentences (prefixed ``P``)."""
    rel = ctx.index / max(1, ctx.n - 1)
    f = [f"pos={min(int(rel * 5), 4)}", f"first={ctx.index == 0}",
         f"last={ctx.index == ctx.n - 1}"]  # fmt: skip
    return ["P" + x for x in f + _time_features(paragraph, ctx)] + list(ctx.article)


def features(sentence: str, ctx: Context, para: list[str]) -> list[str]:
    """Binary features of one sentence in its paragraph (``para``: the paragraph's own)."""
    words = _WORD.findall(sentence.lower())
    f = ["bias"]
    f += [f"w={w}" for w in set(words)]
    f += [f"b={a}_{b}" for a, b in set(zip(words, words[1:], strict=False))]
    return f + _time_features(sentence, ctx) + para


@dataclass
class BoilerplateModel:
    weights: dict[str, list[float]]  # feature -> weight per class (CLASSES order)
    bias: list[float]
    thresholds: dict[str, float] = field(default_factory=lambda: {"background": 0.5,
                                                                  "notice": 0.5})  # fmt: skip
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        z0, z1, z2 = self.bias  # CLASSES order; the same sums, term by term, as a loop makes
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                z0 += w[0]
                z1 += w[1]
                z2 += w[2]
        top = max(z0, z1, z2)
        e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
        s = e0 + e1 + e2
        return {"none": e0 / s, "background": e1 / s, "notice": e2 / s}

    def paragraph_probabilities(self, paragraph: str, ctx: Context) -> dict[str, float]:
        """Mean class probabilities of the paragraph's sentences."""
        para = paragraph_features(paragraph, ctx)
        sents = split_sentences(paragraph)
        total = dict.fromkeys(CLASSES, 0.0)
        for s in sents:
            for c, p in self.probabilities(features(s, ctx, para)).items():
                total[c] += p
        return {c: v / len(sents) for c, v in total.items()}

    def decide(self, p: dict[str, float]) -> tuple[str, float]:
        best = max(("background", "notice"), key=lambda c: p[c] / self.thresholds[c])
        if p[best] >= self.thresholds[best]:
            return best, round(p[best], 4)
        return "none", round(p["background"] + p["notice"], 4)

    def label_article(self, paragraphs: Sequence[str]) -> list[tuple[str, float]]:
        """(label, score) for each body paragraph of one article, in order."""
        return [
            self.decide(self.paragraph_probabilities(t, ctx))
            for t, ctx in zip(paragraphs, contexts(paragraphs), strict=True)
        ]

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "classes": list(CLASSES),
            "bias": [round(b, 6) for b in self.bias],
            "thresholds": self.thresholds,
            "meta": self.meta,
            "weights": class_weights_to_json(self.weights, digits=DIGITS),
        }
        return dump_model(data, indent=0)

    @classmethod
    def from_json(cls, text: str) -> BoilerplateModel:
        data = load_model_json(text, format=FORMAT)
        if tuple(data.get("classes", ())) != CLASSES:
            raise ValueError(f"not a {FORMAT} model of classes {', '.join(CLASSES)}")
        return cls(
            weights=class_weights_from_json(data["weights"]),
            bias=[float(b) for b in data["bias"]],
            thresholds=floats_from_json(data["thresholds"]),
            meta=dict(data.get("meta") or {}),
        )


def default_model_path() -> Path:
    from framing.config import bundled_dir

    return bundled_dir("models") / MODEL_FILE


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> BoilerplateModel | None:
    p = Path(path) if path else default_model_path()
    if not p.is_file():
        return None
    return BoilerplateModel.from_json(p.read_text("utf-8"))
