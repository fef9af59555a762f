"""Data files framing reads: cue lists, country names, speaker types; bundled lexicons/models.

The loaders are plain functions that read their file on every call: a run loads them once,
into the resources object it passes on (``framing.attribution.AttributionResources``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import yaml

from framing.config import bundled_dir

__all__ = ["CueLexicon", "SpeakerTypes", "bundled_dir", "load_countries", "load_cues",
           "load_speaker_types"]  # fmt: skip

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
