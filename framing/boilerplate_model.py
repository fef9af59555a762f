"""The boilerplate classifier: is a paragraph news (``none``), stock ``background`` or a
``notice`` (editor's notes, promos, credits)?

A multinomial logistic regression over sparse text features of one paragraph (words and word
pairs, years and dates, past-perfect and "since" history markers, numbers, position in the
article, length). Trained by ``framing train boilerplate`` on NewsDiscourse train (a
paragraph is ``background`` when most of its sentences are ``Distant_Historical``,
``notice`` when most are ``NA``) plus recurring paragraphs of PolNeAR train as weak labels;
thresholds tuned on NewsDiscourse dev. Stored as JSON weights: loading unpickles nothing.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = "boilerplate-paragraphs.json"
FORMAT = "framing-softmax-1"
CLASSES = ("none", "background", "notice")

_WORD = re.compile(r"[a-z][a-z'’-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d")
QUOTES = ("\u201c", chr(34))
_HISTORY = re.compile(
    r"\b(since|decades?|centur(?:y|ies)|years ago|in (?:19|20)\d\d|(?:19|20)\d0s|former|"
    r"history|historic(?:al)?|long-running|dating back|originally|was formed|established)\b",
    re.IGNORECASE,
)
_PERFECT = re.compile(r"\b(has|have|had) (been|remained|long|since)\b", re.IGNORECASE)


def features(text: str, index: int, n_paragraphs: int) -> list[str]:
    """Binary features of one paragraph at position ``index`` of ``n_paragraphs``."""
    low = text.lower()
    words = _WORD.findall(low)
    f = ["bias"]
    f += [f"w={w}" for w in set(words)]
    f += [f"b={a}_{b}" for a, b in set(zip(words, words[1:], strict=False))]
    years = _YEAR.findall(text)
    f.append(f"years={min(len(years), 3)}")
    if years:
        f.append(f"oldest_decade={years and min(years)[:3]}")
    if _NUMBER.search(text):
        f.append("has_number")
    rel = index / max(1, n_paragraphs - 1)
    f.append(f"pos={min(int(rel * 5), 4)}")
    f.append(f"first={index == 0}")
    f.append(f"last={index == n_paragraphs - 1}")
    f.append(f"len={min(len(words) // 10, 6)}")
    history = len(_HISTORY.findall(text))
    f.append(f"history={min(history, 3)}")
    if _PERFECT.search(text):
        f.append("perfect")
    if history and _PERFECT.search(text):
        f.append("history_perfect")
    quoted = any(q in text for q in QUOTES)
    f.append(f"quote={quoted}")
    return f


@dataclass
class BoilerplateModel:
    weights: dict[str, list[float]]  # feature -> weight per class (CLASSES order)
    bias: list[float]
    thresholds: dict[str, float] = field(default_factory=lambda: {"background": 0.5,
                                                                  "notice": 0.5})  # fmt: skip
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        z = list(self.bias)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for k in range(len(z)):
                    z[k] += w[k]
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        return {c: e[k] / s for k, c in enumerate(CLASSES)}

    def label(self, text: str, index: int, n: int) -> tuple[str, float]:
        p = self.probabilities(features(text, index, n))
        best = max(("background", "notice"), key=lambda c: p[c] / self.thresholds[c])
        if p[best] >= self.thresholds[best]:
            return best, round(p[best], 4)
        return "none", round(p["background"] + p["notice"], 4)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "classes": list(CLASSES),
            "bias": [round(b, 6) for b in self.bias],
            "thresholds": self.thresholds,
            "meta": self.meta,
            "weights": {k: [round(x, 5) for x in v] for k, v in sorted(self.weights.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BoilerplateModel:
        data = json.loads(text)
        if data.get("format") != FORMAT or tuple(data.get("classes", ())) != CLASSES:
            raise ValueError(f"not a {FORMAT} boilerplate model")
        return cls(
            weights={k: [float(x) for x in v] for k, v in data["weights"].items()},
            bias=[float(b) for b in data["bias"]],
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            meta=dict(data.get("meta") or {}),
        )


def default_model_path() -> Path:
    from framing.resources import bundled_dir

    return bundled_dir("models") / MODEL_FILE


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> BoilerplateModel | None:
    p = Path(path) if path else default_model_path()
    if not p.is_file():
        return None
    return BoilerplateModel.from_json(p.read_text("utf-8"))
