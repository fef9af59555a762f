"""Speakers across the corpus: one canonical speaker for every way the articles name a person
or an organisation ("Trump" = "Donald Trump" = "Donald J. Trump" = "Mr. Trump"), different
people kept apart ("Donald Trump Jr.", "Ivanka Trump"; "Bill Clinton", "Hillary Clinton").

The corpus step of a run: :class:`SpeakerLinker` collects each article's speakers (names,
types, statements; a few bytes each), then :meth:`SpeakerLinker.link` decides:

1. a name's *key* is its words without titles and roles ("Sen.", "President-elect",
   "Republican nominee"), without middle initials, apostrophes and case normalised; a
   generational suffix stays ("donald trump jr");
2. speakers with the same key are one;
3. a one-word person name ("Trump", "Mr. Clinton") takes, in this order: the full name its
   own article gives with that surname most often among those that are speakers somewhere in
   the corpus ("Bill Clinton" in an article about him); the corpus's full-name speaker with
   that surname when one has at least :data:`DOMINANT` of the statements of all of them
   ("Obama" is Barack Obama though an article also names Michelle Obama); the full name its
   article gives most often ("McKinley" -> "Kevin McKinley"); else it stays as it is;
4. organisations and other names join on their key alone ("PolitiFact" = "Politifact");
5. unresolved pronouns, anonymous sources and documents, and names without a capital letter
   ("officials", "the statement"), are never linked across articles: each stays the speaker of
   its own article.

A user's speakers file (:mod:`framing.attribution.speaker_file`) decides first: a name it
lists as an alias goes to its entry whatever the rules say (merging or splitting), and the
entry's type and affiliation replace the articles' own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from framing.schema import Speaker


class SpeakersOf(Protocol):
    """What :meth:`SpeakerLinker.add` reads of a report."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def speakers(self) -> Sequence[Speaker]: ...


__all__ = ["Canonical", "SpeakerLinker", "name_key", "slug"]

#: share of a surname's full-name statements the top full name needs to take a bare surname
DOMINANT = 0.75

#: words that say who someone is, not which person: left out of a name's key
TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame sen senator rep representative congressman congresswoman
    gov governor president president-elect vice vp secretary gen general lt col colonel maj
    adm admiral capt sgt mayor judge justice attorney chairman chairwoman chair ceo former
    retired then late acting incoming outgoing candidate nominee rival presidential
    republican democratic democrat gop sens reps u.s us the a an""".split()  # noqa: SIM905
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PERSON_TYPES = frozenset(
    {"person", "politician", "military", "expert", "media", "citizen", "government"}
)
_UNLINKED_TYPES = frozenset({"unknown", "anonymous", "document"})
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d+")


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name that tell people apart: lower case, one apostrophe, no titles,
    initials, possessive or punctuation ("Sen. Lindsey O. Graham's" -> ("lindsey", "graham"))."""
    text = name.replace("’", "'").replace("`", "'")
    words = []
    for w in _WORD.findall(text):
        w = w.lower().strip(".'-")
        if w.endswith("'s"):
            w = w[:-2]
        if not w or w in TITLES or (len(w) == 1 and w.isalpha()):
            continue
        words.append(w)
    return tuple(words)


def slug(key: tuple[str, ...]) -> str:
    """A canonical id from a key: ``("donald", "trump")`` -> ``donald-trump``."""
    return "-".join(re.sub(r"[^a-z0-9]+", "", w) or w for w in key) or "unnamed"


@dataclass(frozen=True)
class Canonical:
    """Who a speaker is across the corpus."""

    id: str
    name: str
    type: str | None = None  # from a speakers file: replaces the article's own
    affiliation: str | None = None


@dataclass
class _Record:
    article: int
    report_id: str
    entity_id: str
    name: str
    type: str
    statements: int
    key: tuple[str, ...]
    person: bool
    #: for a one-word person name: full names of that surname in its article (key -> count)
    in_article: Counter[tuple[str, ...]] = field(default_factory=Counter)


@dataclass
class SpeakerLinker:
    """Collects the speakers of every article (in order), then links them.

    ``overrides``: name key -> entry, from a user's speakers file."""

    overrides: Mapping[tuple[str, ...], Canonical] = field(default_factory=dict)
    records: list[_Record] = field(default_factory=list)
    articles: int = 0
    #: how the articles write each full-name key ("Kevin McKinley"), most frequent first
    surfaces: dict[tuple[str, ...], Counter[str]] = field(default_factory=dict)

    def add(self, report: SpeakersOf) -> None:
        """Keep what linking needs of one article's speakers (articles numbered in order):
        ``report``, a :class:`~framing.schema.Report` or anything with its ``id``, ``text``
        and ``speakers``."""
        k = self.articles
        self.articles += 1
        fulls = None
        for sp in report.speakers:
            key = name_key(sp.name)
            linkable = bool(key) and sp.type not in _UNLINKED_TYPES and sp.name.lower() != sp.name
            if key in self.overrides:
                linkable = True
            elif not linkable:  # this article's own: a key no other article has
                key = ("#", report.id, sp.entity_id)
            person = linkable and sp.type in _PERSON_TYPES
            rec = _Record(k, report.id, sp.entity_id, sp.name, sp.type, sp.statements, key, person)
            if person and len(key) == 1 and key not in self.overrides:
                if fulls is None:
                    fulls = _full_names(report.text)
                    for fkey, surface in fulls.items():
                        self.surfaces.setdefault(fkey, Counter()).update(surface)
                rec.in_article = Counter(
                    {fk: sum(s.values()) for fk, s in fulls.items() if fk[-1] == key[0]}
                )
            self.records.append(rec)

    def link(self) -> dict[tuple[int, str], Canonical]:
        """(article, entity id) -> its canonical speaker, for every speaker added."""
        by_key: dict[tuple[str, ...], list[_Record]] = defaultdict(list)
        for r in self.records:
            by_key[r.key].append(r)
        surnames: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        for key, recs in by_key.items():
            if len(key) >= 2 and any(r.person for r in recs) and key not in self.overrides:
                last = key[-2] if key[-1] in SUFFIXES else key[-1]
                if key[-1] not in SUFFIXES:  # "Trump" is not Donald Trump Jr.
                    surnames[last][key] += sum(r.statements for r in recs)
        groups: dict[tuple[str, ...], list[_Record]] = defaultdict(list)
        for key, recs in by_key.items():
            if len(key) == 1 and key not in self.overrides and any(r.person for r in recs):
                for r in recs:  # each article decides for its own surname
                    groups[self._full_key(r, surnames.get(key[0]) or Counter())].append(r)
            else:
                groups[key].extend(recs)
        out: dict[tuple[int, str], Canonical] = {}
        for key, recs in groups.items():
            if key[0] == "#":  # unlinked: the article's own speaker
                cid = f"{key[1]}#{key[2]}"
                canon = Canonical(cid, recs[0].name)
            else:
                name = _best_name(recs, key, self.surfaces.get(key))
                canon = self.overrides.get(key) or Canonical(slug(key), name)
            for r in recs:
                out[(r.article, r.entity_id)] = canon
        return out

    def _full_key(self, r: _Record, speakers: Counter[tuple[str, ...]]) -> tuple[str, ...]:
        """The full name a one-word person name ``r`` stands for (see rule 3)."""
        named = [fk for fk in r.in_article if fk in speakers]
        if named:
            return max(named, key=lambda fk: (r.in_article[fk], speakers[fk], fk))
        if speakers:
            (top, n), total = speakers.most_common(1)[0], sum(speakers.values())
            if n >= DOMINANT * total:
                return top
        if r.in_article:
            return max(r.in_article, key=lambda fk: (r.in_article[fk], fk))
        return r.key


def _best_name(recs: Iterable[_Record], key: tuple[str, ...], surfaces: Counter[str] | None) -> str:
    """The display form the articles use most for a speaker whose name has all of its key's
    words (by statements, then the shortest, then alphabetically); else how the articles'
    texts write the full name; else the most used name."""
    recs = list(recs)
    votes: Counter[str] = Counter()
    for r in recs:
        if name_key(r.name) == key:
            votes[r.name] += r.statements
    if not votes and surfaces:
        votes = Counter(surfaces)
    if not votes:
        votes.update({r.name: r.statements for r in recs})
    return min(votes, key=lambda n: (-votes[n], len(n), n))


#: runs of two or more capitalised words (initials allowed): where full names are
_NAME_WORD = (
    r"(?:[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Adm|Capt|Prof|Jr|Sr|St)\.|[A-Z][\w'’-]*)"
)
_RUN = re.compile(rf"{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD})+")


def _full_names(text: str) -> dict[tuple[str, ...], Counter[str]]:
    """The full names an article's text writes (key -> how it writes them, counted): runs of
    two or three capitalised name words after titles, roles and sentence words are dropped
    ("But Obama", "Republican nominee Donald Trump" -> donald trump)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for m in _RUN.finditer(text):
        words = m.group(0).split()
        while words and (words[0].lower() in STOP_WORDS or not name_key(words[0])):
            words = words[1:]  # "But", "The", "Sen." before the name
        key = name_key(" ".join(words))
        if 2 <= len(key) <= 3 and key[-1] not in SUFFIXES:
            surface = " ".join(w for w in words if name_key(w)).rstrip(".,")
            out[key][surface] += 1
    return out
