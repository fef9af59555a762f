"""Data files framing reads: cue lists, country names, speaker types, notice rules; bundled
lexicons/models.

The loaders are plain functions that read their file on every call: a run loads them once,
into the resources object it passes on (``framing.attribution.AttributionResources``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import yaml

from framing.config import bundled_dir

__all__ = ["CueLexicon", "NoticeRule", "NoticeRules", "SpeakerTypes", "bundled_dir",
           "load_countries", "load_cues", "load_notice_rules", "load_speaker_types"]  # fmt: skip

#: the data files of this package (read through importlib.resources: works from a wheel)
DATA = files("framing.resources")


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, str]  # lemma -> speech | writing | belief
    infinitive_content: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]
    nouns: dict[str, str] = field(default_factory=dict)  # lemma -> speech | belief
    #: preposition -> object lemmas whose phrase belongs to the cue ("said in a statement")
    cue_phrases: dict[str, frozenset[str]] = field(default_factory=dict)
    #: verbs whose object is the person spoken to ("told reporters", "asked the senator")
    addressees: frozenset[str] = frozenset()

    def kind(self, lemma: str) -> str | None:
        return self.verbs.get(lemma)

    def noun_kind(self, lemma: str) -> str | None:
        return self.nouns.get(lemma)


def load_cues(path: str | None = None) -> CueLexicon:
    """The cue lexicon: ``cues.yaml`` here, or the file at ``path``."""
    data = yaml.safe_load((Path(path) if path else DATA / "cues.yaml").read_text("utf-8"))
    verbs: dict[str, str] = {}
    for kind in ("speech", "writing", "belief"):
        for lemma in data.get(kind) or []:
            verbs.setdefault(str(lemma).lower(), kind)
    preps = tuple(tuple(p.lower().split()) for p in data.get("source_prepositions") or [])
    nouns: dict[str, str] = {}
    for kind, lemmas in (data.get("nouns") or {}).items():
        for lemma in lemmas or []:
            nouns.setdefault(str(lemma).lower(), str(kind))
    phrases = {
        str(p).lower(): frozenset(str(x).lower() for x in objs or [])
        for p, objs in (data.get("cue_phrases") or {}).items()
    }
    addressees = frozenset(str(x).lower() for x in data.get("addressee_verbs") or [])
    return CueLexicon(verbs, frozenset(data.get("infinitive_content") or []), preps, nouns, phrases,
                      addressees)  # fmt: skip


def load_countries() -> dict[str, str]:
    """Lower-cased country name, demonym or capital -> country name."""
    table: dict[str, str] = {}
    for line in (DATA / "countries.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, _, others = line.partition("\t")
        for name in [country, *others.split(",")]:
            if name.strip():
                table.setdefault(name.strip().lower(), country)
    return table


#: the speaker-type order and, per type, its rule word lists (``speaker_types.yaml``)
SpeakerTypes = tuple[list[str], dict[str, dict[str, list[str]]]]


def load_speaker_types() -> SpeakerTypes:
    """The speaker-type order and rules (``speaker_types.yaml``)."""
    data = yaml.safe_load((DATA / "speaker_types.yaml").read_text("utf-8"))
    order = list(data.pop("order"))
    rules = {k: {kk: [str(x).lower() for x in vv] for kk, vv in v.items()} for k, v in data.items()}
    return order, rules


@dataclass(frozen=True)
class NoticeRule:
    """Paragraphs of at most ``max_words`` words that one of ``patterns`` (regular
    expressions, searched case-insensitively) matches are notices for ``reason``; their
    attributions are dropped unless ``keep_attributions``."""

    reason: str
    max_words: int
    patterns: tuple[str, ...]
    keep_attributions: bool = False

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.patterns)

    def matches(self, text: str) -> bool:
        text = text.strip()
        return self._matches(text, len(text.split()))

    def _matches(self, stripped: str, words: int) -> bool:
        """:meth:`matches` of a text already stripped, of ``words`` words."""
        return words <= self.max_words and any(p.search(stripped) for p in self._compiled)


@dataclass(frozen=True)
class NoticeRules:
    """The notice rules of ``notices.yaml``, in the order they are tried."""

    rules: tuple[NoticeRule, ...] = ()

    def reason(self, text: str) -> str | None:
        """The reason of the first rule that matches the paragraph ``text``, else ``None``."""
        text = text.strip()
        words = len(text.split())  # once, not once per rule
        return next((r.reason for r in self.rules if r._matches(text, words)), None)

    def drops_attributions(self, reason: str) -> bool:
        """Whether the attributions of a notice for ``reason`` are dropped (web furniture),
        or kept (an editor's note or a correction says who said what)."""
        return not any(r.keep_attributions for r in self.rules if r.reason == reason)


def load_notice_rules(path: str | None = None) -> NoticeRules:
    """The rules that find web furniture and notices (``notices.yaml`` here, or the file at
    ``path``). A rule without a reason, a pattern that is not a regular expression or a
    ``max_words`` that is not a positive number raises :class:`ValueError` naming the file."""
    where = Path(path) if path else DATA / "notices.yaml"
    data = yaml.safe_load(where.read_text("utf-8")) or {}
    rules = []
    for k, item in enumerate(data.get("rules") or [], start=1):
        reason = str(item.get("reason") or "").strip()
        max_words = item.get("max_words", 40)
        patterns = tuple(str(p) for p in item.get("patterns") or [])
        if not reason or not isinstance(max_words, int) or max_words < 1 or not patterns:
            raise ValueError(
                f"{where}: rule {k}: expected a reason, a positive max_words and patterns"
            )
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"{where}: rule {k} ({reason}): {p!r}: {exc}") from None
        keep = item.get("keep_attributions", False)
        if not isinstance(keep, bool):
            raise ValueError(
                f"{where}: rule {k} ({reason}): keep_attributions: expected true or false"
            )
        rules.append(NoticeRule(reason, max_words, patterns, keep))
    return NoticeRules(tuple(rules))
