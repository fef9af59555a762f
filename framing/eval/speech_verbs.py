"""The speech-verbs model as evaluation reads it: its file format, loading it, and the verb
test (:meth:`SpeechVerbs.is_speech`).

NewsDiscourse's ``Speech`` label is narrower than an attribution in PolNeAR's sense; the
model lists, per attribution verb, how many NewsDiscourse train sentences its attributions
touch that are labelled ``Speech`` and how many are not. ``framing eval sentences`` uses it
to count only the attributions whose verb NewsDiscourse counts as speech. It is built (counted
and written with its card) by :mod:`framing.train.speech_verbs` (``framing train
speech-verbs``); it ships as ``models/newsdiscourse-speech-verbs.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from framing.config import bundled_dir
from framing.errors import ModelNotFoundError

SPEECH_VERBS_FILE = "newsdiscourse-speech-verbs.json"
FORMAT = "framing-speech-verbs-1"


@cache
def _lexicon_speech_verbs() -> dict[str, bool]:
    """Verb lemma -> whether the bundled cue lexicon files it under speech (read once)."""
    from framing.resources import load_cues

    return {v: k == "speech" for v, k in load_cues().verbs.items()}


@dataclass(frozen=True)
class SpeechVerbs:
    """Which attribution verbs (the report's ``verb``) NewsDiscourse counts as ``Speech``.

    NewsDiscourse marks a sentence ``Speech`` when it reports what someone *said*: "said",
    "told", "added", but rarely "according to" (10% of the sentences such attributions touch
    in its train split), "reported", "denied", "wrote" or "announced", all of which PolNeAR
    annotates as attributions. ``counts`` holds, per verb, how many train sentences its
    attributions touch that are labelled ``Speech`` and how many are not. A verb counts as
    speech when it touched at least ``min_count`` sentences and at least ``min_rate`` of them
    were ``Speech``; a verb seen less often counts when the cue lexicon's verb list files it
    under speech (noun cues seen less often do not count). A sentence touched by two
    attributions with the same verb counts twice.
    """

    counts: Mapping[str, tuple[int, int]]
    min_count: int = 3
    min_rate: float = 0.5
    meta: Mapping[str, Any] = field(default_factory=dict)

    def is_speech(self, verb: str | None) -> bool:
        if verb is None:
            return False
        pos, neg = self.counts.get(verb, (0, 0))
        if pos + neg >= self.min_count:
            return pos / (pos + neg) >= self.min_rate
        return _lexicon_speech_verbs().get(verb, False)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "min_count": self.min_count,
            "min_rate": self.min_rate,
            "meta": dict(self.meta),
            "counts": {v: list(c) for v, c in sorted(self.counts.items(), key=by_use)},
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SpeechVerbs:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            fmt = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"format {fmt!r}, expected {FORMAT!r}")
        if not isinstance(data["counts"], dict):
            raise ValueError("'counts' is not a mapping of verb to [speech, other]")
        counts = {str(v): (int(c[0]), int(c[1])) for v, c in data["counts"].items()}
        return cls(counts, int(data["min_count"]), float(data["min_rate"]), data.get("meta", {}))


def by_use(item: tuple[str, Sequence[int]]) -> tuple[int, str]:
    """Sort key of a (verb, counts) item: most sentences touched first, then by name."""
    return (-sum(item[1]), item[0])


def load_speech_verbs(path: str | Path | None = None) -> SpeechVerbs:
    """The shipped mapping (``models/newsdiscourse-speech-verbs.json``) or the one at ``path``."""
    p = Path(path) if path else bundled_dir("models") / SPEECH_VERBS_FILE
    try:
        return SpeechVerbs.from_json(p.read_text("utf-8"))
    except OSError as exc:
        raise ModelNotFoundError(f"speech verbs not found: {p} ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise ModelNotFoundError(f"{p}: not a speech-verbs file ({exc})") from None
