"""Corpus totals for ``summary.json``, added up one final report at a time: words, kinds,
speakers across articles, lexicon hits by voice and boilerplate."""

from __future__ import annotations

from collections import Counter
from typing import Any

from framing.schema import (
    CorpusBoilerplate,
    CorpusCategory,
    CorpusSpeaker,
    RecurringGroup,
    Report,
    SpeakerRow,
    to_json,
)


def per_1k(x: float, n: int) -> float:
    return round(1000 * x / n, 3) if n else 0.0


class LexiconTotals:
    """Corpus totals per lexicon and category: hits by voice and rates per 1,000 words."""

    def __init__(self) -> None:
        self.cats: dict[str, dict[str, dict[str, int]]] = {}
        self.words = {"all": 0, "narrator": 0, "attributed": 0}

    def add(self, report: Report) -> None:
        v = report.voice.counts
        self.words["all"] += v.words
        self.words["narrator"] += v.narrator_words
        self.words["attributed"] += v.attributed_words
        for name, block in report.lexicons.items():
            lex = self.cats.setdefault(name, {})
            for cat, scores in block.categories.items():
                c = scores.counts
                t = lex.setdefault(cat, {"hits": 0, "narrator_hits": 0, "attributed_hits": 0})
                t["hits"] += c.hits
                t["narrator_hits"] += c.narrator_hits
                t["attributed_hits"] += c.attributed_hits

    def merge(self, other: LexiconTotals) -> None:
        """Add ``other``'s totals, as if its reports had been added here after these."""
        for voice, n in other.words.items():
            self.words[voice] += n
        for name, cats in other.cats.items():
            lex = self.cats.setdefault(name, {})
            for cat, counts in cats.items():
                t = lex.setdefault(cat, {"hits": 0, "narrator_hits": 0, "attributed_hits": 0})
                for what, n in counts.items():
                    t[what] += n

    def summary(self) -> dict[str, dict[str, CorpusCategory]]:
        return {
            name: {
                cat: CorpusCategory(
                    **t,
                    per_1k=per_1k(t["hits"], self.words["all"]),
                    per_1k_narrator=per_1k(t["narrator_hits"], self.words["narrator"]),
                    per_1k_attributed=per_1k(t["attributed_hits"], self.words["attributed"]),
                )
                for cat, t in sorted(cats.items())
            }
            for name, cats in sorted(self.cats.items())
        }


class CorpusSpeakers:
    """Speakers across the corpus: one per canonical speaker (the corpus step links them; a
    report without canonical ids counts one per name and type)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.attributions = 0
        self.anonymous = 0

    def add(self, report: Report) -> None:
        for a in report.attributions:
            self.attributions += 1
            if a.speaker is not None and a.speaker.type == "anonymous":
                self.anonymous += 1
        for sp in report.speakers:
            if sp.canonical_id:
                key: tuple[str, str] = (sp.canonical_id, "")
            else:
                key = (" ".join(str(sp.name).lower().split()), str(sp.type))
            d = self.by_key.setdefault(
                key,
                {"name": sp.canonical_name or sp.name, "canonical_id": sp.canonical_id or key[0],
                 "types": Counter(), "affiliations": Counter(), "statements": 0, "words": 0,
                 "articles": 0, "outlets": Counter(), "aliases": Counter()},
            )  # fmt: skip
            d["statements"] += sp.statements
            d["words"] += sp.words
            d["articles"] += 1
            d["outlets"][report.outlet] += 1
            d["types"][sp.type] += sp.statements
            if sp.affiliation:
                d["affiliations"][sp.affiliation] += sp.statements
            d["aliases"][sp.name] += sp.statements

    def merge(self, other: CorpusSpeakers) -> None:
        """Add ``other``'s speakers, as if its reports had been added here after these."""
        self.attributions += other.attributions
        self.anonymous += other.anonymous
        for key, o in other.by_key.items():
            d = self.by_key.get(key)
            if d is None:
                self.by_key[key] = o
                continue
            for what in ("statements", "words", "articles"):
                d[what] += o[what]
            for what in ("types", "affiliations", "outlets", "aliases"):
                d[what].update(o[what])

    def anonymous_share(self) -> float:
        return round(self.anonymous / self.attributions, 4) if self.attributions else 0.0

    def ranked(self) -> list[CorpusSpeaker]:
        def top(c: Counter[str]) -> str | None:
            return min(c, key=lambda k: (-c[k], k)) if c else None

        out = [
            CorpusSpeaker(
                name=d["name"],
                canonical_id=d["canonical_id"],
                type=top(d["types"]),
                affiliation=top(d["affiliations"]),
                statements=d["statements"],
                words=d["words"],
                articles=d["articles"],
                outlets=dict(sorted(d["outlets"].items())),
                aliases=sorted(d["aliases"], key=lambda a: (-d["aliases"][a], a)),
            )
            for d in self.by_key.values()
        ]
        return sorted(out, key=lambda s: (-s.statements, -s.words, s.name, s.canonical_id))

    def top(self, n: int) -> list[CorpusSpeaker]:
        return self.ranked()[:n]

    def rows(self) -> list[dict[str, Any]]:
        return [
            to_json(
                SpeakerRow(
                    name=s.name,
                    canonical_id=s.canonical_id,
                    type=s.type,
                    affiliation=s.affiliation,
                    statements=s.statements,
                    words=s.words,
                    articles=s.articles,
                    outlets=";".join(f"{k}:{v}" for k, v in s.outlets.items()),
                    aliases=";".join(s.aliases),
                )
            )
            for s in self.ranked()
        ]


class BoilerplateTotals:
    """Boilerplate paragraphs and words across the corpus."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.paragraphs = 0
        self.body_paragraphs = 0
        self.words = 0  # in boilerplate paragraphs
        self.body_words = 0  # in all body paragraphs
        self.news_words = 0  # outside boilerplate paragraphs (the voice's headline count)

    def add(self, report: Report) -> None:
        self.paragraphs += report.boilerplate.paragraphs
        self.words += report.boilerplate.words
        self.body_paragraphs += sum(1 for p in report.paragraphs if p.role == "body")
        self.body_words += report.voice.with_boilerplate.words
        self.news_words += report.voice.counts.words

    def merge(self, other: BoilerplateTotals) -> None:
        """Add ``other``'s totals."""
        self.paragraphs += other.paragraphs
        self.body_paragraphs += other.body_paragraphs
        self.words += other.words
        self.body_words += other.body_words
        self.news_words += other.news_words

    def summary(self, groups: list[RecurringGroup]) -> CorpusBoilerplate:
        return CorpusBoilerplate(
            method=self.method,
            paragraphs=self.paragraphs,
            paragraph_share=(
                round(self.paragraphs / self.body_paragraphs, 4) if self.body_paragraphs else 0.0
            ),
            words=self.words,
            word_share=round(self.words / self.body_words, 4) if self.body_words else 0.0,
            recurring_groups=len(groups),
            largest_groups=groups[:10],
        )
