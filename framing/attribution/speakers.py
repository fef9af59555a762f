"""Speakers: source mentions grouped into entities, with a type and an affiliation.

Within one article, "the Azerbaijani Defense Ministry", "the ministry", "Azerbaijan's Defense
Ministry" and "it" become one speaker (``entity_id``). The rules:

* a pronoun source ("it", "he", "they") refers to the nearest earlier speaker that agrees with
  it (persons for he/she, organisations and documents for it), or to the subject of the verb
  that repeats the cue ("It added that ..., the ministry added");
* a noun source joins an earlier speaker with the same head word when one's modifiers are a
  subset of the other's, country adjectives counted as their country ("Azerbaijani" =
  "Azerbaijan's"); persons join by surname ("Clinton" -> "Hillary Clinton");
* "the statement" joins the speaker who made "a statement" earlier in the article.

Type and affiliation come from editable data files (``resources/speaker_types.yaml``,
``resources/countries.tsv``) and the parser's named entities.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from framing.attribution.raw import RawAttribution
from framing.nlp import doc_text
from framing.resources import SpeakerTypes

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_THING_PRONOUNS = {"it", "this"}
_PLURAL_PRONOUNS = {"they", "them", "we", "us"}
_SELF_PRONOUNS = {"i", "me", "you"}
_DROP = {
    "the",
    "a",
    "an",
    "'s",
    "’s",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
}
_TITLES = {
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "prof.",
}


@dataclass
class Mention:
    start: int  # doc char offsets
    end: int
    text: str
    head: str  # lemma of the head word, lower case
    modifiers: frozenset[str]
    pronoun: str | None
    is_person: bool
    is_plural: bool
    has_name: bool  # a proper name other than a place or nationality
    tokens: list[Token] = field(default_factory=list)
    surface: str = ""  # the head word as written, lower case ("sanders" when tagged NNS)


@dataclass
class Entity:
    id: str
    mentions: list[Mention] = field(default_factory=list)
    is_person: bool = False
    is_plural: bool = False

    @property
    def best(self) -> Mention:
        named = [m for m in self.mentions if m.pronoun is None]
        if not named:
            return self.mentions[0]
        return max(named, key=lambda m: (m.has_name, len(m.modifiers), -m.start))


def _norm_word(tok: Token, countries: Mapping[str, str]) -> str:
    low = tok.lower_
    if tok.text[:1].isupper() and low in countries:
        return countries[low].lower()
    return tok.lemma_.lower()


def make_mention(
    doc: Doc, start: int, end: int, head_i: int | None, countries: Mapping[str, str]
) -> Mention:
    """The mention ``doc.text[start:end]`` with head word ``head_i`` (the span's root when
    ``None``); ``countries`` counts country adjectives as their country among its modifiers."""
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    head_tok: Token | None = doc[head_i] if head_i is not None else (span.root if span else None)
    # the head of the noun phrase, not of appositions or relative clauses
    core = [t for t in tokens if head_tok is not None and (t.head == head_tok or t == head_tok)]
    core = core or tokens
    pronoun = head_tok.lower_ if head_tok is not None and head_tok.pos_ == "PRON" else None
    mods = frozenset(
        _norm_word(t, countries)
        for t in core
        if head_tok is not None
        and t.i != head_tok.i
        and not t.is_punct
        and t.lower_ not in _DROP
        and t.lower_ not in _TITLES
        and t.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod")
    )
    ent = head_tok.ent_type_ if head_tok is not None else ""
    is_person = ent == "PERSON" or (pronoun in _PERSON_PRONOUNS if pronoun else False)
    has_name = any(t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "NORP", "LOC") for t in tokens)
    # a person's surname is one person, whatever its tag ("Sanders" is sometimes NNS)
    is_plural = head_tok is not None and (
        head_tok.tag_ == "NNPS"  # "the Clintons"
        or (head_tok.tag_ == "NNS" and not (is_person and pronoun is None))
        or (pronoun in _PLURAL_PRONOUNS if pronoun else False)
    )
    head = head_tok.lemma_.lower() if head_tok is not None else ""
    if is_person and head_tok is not None and pronoun is None:
        head = head_tok.lower_  # surname, not its lemma ("Sanders" -> "sander" as NNS)
    return Mention(
        start,
        end,
        doc_text(doc)[start:end],
        head,
        mods,
        pronoun,
        is_person,
        is_plural,
        has_name,
        tokens,
        head_tok.lower_ if head_tok is not None else "",
    )


def _compatible_pronoun(pronoun: str, ent: Entity) -> bool:
    if pronoun in _PERSON_PRONOUNS:
        return ent.is_person
    if pronoun in _THING_PRONOUNS:
        return not ent.is_person and not ent.is_plural
    if pronoun in _PLURAL_PRONOUNS:
        return not ent.is_person
    return False


def _same_entity(m: Mention, ent: Entity) -> bool:
    for other in ent.mentions:
        if other.pronoun is not None or not m.head:
            continue
        if m.head != other.head and (not m.surface or m.surface != other.surface):
            continue
        if m.modifiers <= other.modifiers or other.modifiers <= m.modifiers:
            return True
    return False


def _named_antecedent(doc: Doc, before: int, pronoun: str) -> Span | None:
    """The nearest named entity before a pronoun that could be its referent."""
    labels = {"PERSON"} if pronoun in _PERSON_PRONOUNS else {"ORG", "NORP", "GPE"}
    best = None
    for ent in doc.ents:
        if ent.end_char <= before and ent.label_ in labels:
            best = ent
    if best is not None and before - best.end_char < 600:
        return best
    return None


def resolve(
    doc: Doc,
    raws: list[RawAttribution],
    *,
    countries: Mapping[str, str],
    speaker_types: SpeakerTypes,
) -> list[tuple[Entity | None, Mention | None]]:
    """One (entity, mention) per attribution, in the order given; entities are shared objects.
    ``countries`` and ``speaker_types``: the speaker tables (see
    :class:`framing.attribution.AttributionResources`)."""
    document_heads = _document_heads(speaker_types)
    entities: list[Entity] = []
    statement_owner: Entity | None = None
    out: list[tuple[Entity | None, Mention | None]] = []
    order = sorted(range(len(raws)), key=lambda k: (raws[k].source or raws[k].cue)[0])
    result: dict[int, tuple[Entity | None, Mention | None]] = {}

    def new_entity(m: Mention) -> Entity:
        e = Entity(f"e{len(entities) + 1}", [m], m.is_person, m.is_plural)
        entities.append(e)
        return e

    def recent(candidates: list[Entity], pos: int) -> Entity | None:
        best, best_pos = None, -1
        for e in candidates:
            last = max((mm.start for mm in e.mentions if mm.start < pos), default=-1)
            if last > best_pos:
                best, best_pos = e, last
        return best

    for k in order:
        a = raws[k]
        if a.source is None:
            result[k] = (None, None)
            continue
        m = make_mention(doc, a.source[0], a.source[1], a.source_head, countries)
        ent: Entity | None = None
        if m.pronoun is not None:
            if a.antecedent_hint is not None:
                hint_tok = doc[a.antecedent_hint]
                hs, he = (
                    hint_tok.left_edge.idx,
                    hint_tok.right_edge.idx + len(hint_tok.right_edge.text),
                )
                hm = make_mention(doc, hs, he, a.antecedent_hint, countries)
                ent = next((e for e in reversed(entities) if _same_entity(hm, e)), None)
                if ent is None:
                    ent = new_entity(hm)
            if ent is None and m.pronoun not in _SELF_PRONOUNS:
                ent = recent([e for e in entities if _compatible_pronoun(m.pronoun, e)], m.start)
            if ent is None and m.pronoun not in _SELF_PRONOUNS:
                named = _named_antecedent(doc, m.start, m.pronoun)
                if named is not None:
                    nm = make_mention(
                        doc, named.start_char, named.end_char, named.root.i, countries
                    )
                    ent = next((e for e in reversed(entities) if _same_entity(nm, e)), None)
                    ent = ent or new_entity(nm)
            if ent is not None:
                ent.mentions.append(m)
            else:
                ent = new_entity(m)
        else:
            if m.head in document_heads and not m.has_name and statement_owner is not None:
                ent = statement_owner
            else:
                ent = next((e for e in reversed(entities) if _same_entity(m, e)), None)
            if ent is None:
                ent = new_entity(m)
            else:
                ent.mentions.append(m)
        sent = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        if sent is not None and ent is not None and m.head not in document_heads:
            s = sent[0].sent
            if re.search(r"\b(?:in|issued|released) an? (?:written )?statement\b", s.text, re.I):
                statement_owner = ent
        result[k] = (ent, m)
    for k in range(len(raws)):
        out.append(result[k])
    return out


def _document_heads(speaker_types: SpeakerTypes) -> set[str]:
    _, rules = speaker_types
    return set(rules.get("document", {}).get("heads", []))


def _phrase_hits(words: list[str], vocab: list[str]) -> bool:
    text = " " + " ".join(words) + " "
    return any(f" {v} " in text for v in vocab)


def speaker_type(ent: Entity, speaker_types: SpeakerTypes) -> str:
    """The entity's type from its best mention: the first type in ``speaker_types``' order
    whose rule its head word matches, then whose words it holds; else person or other."""
    order, rules = speaker_types
    best = ent.best
    if best.pronoun is not None:
        return "unknown"
    words = [t.lower_ for t in best.tokens] + [t.lemma_.lower() for t in best.tokens]
    # the head word decides first ("Prosecutor General's Office" is an office), then any word
    for typ in order:
        rule = rules.get(typ, {})
        if typ in ("anonymous", "document"):
            if not best.has_name and best.head in rule.get("heads", []):
                return typ
        elif best.head in rule.get("words", []):
            return typ
    for typ in order:
        rule = rules.get(typ, {})
        if typ == "anonymous":
            if not best.has_name and best.head in rule.get("heads", []):
                return typ
            continue
        if typ == "document":
            if not best.has_name and best.head in rule.get("heads", []):
                return typ
            continue
        if _phrase_hits(words, rule.get("words", [])):
            return typ
    if best.is_person or any(m.is_person for m in ent.mentions):
        return "person"
    return "other"


def affiliation(ent: Entity, countries: Mapping[str, str]) -> str | None:
    """The country one of the entity's mentions names (``countries``: lower-cased names,
    demonyms and capitals -> country), else an organisation named inside a mention."""
    for m in ent.mentions:
        toks = m.tokens
        for n in (3, 2, 1):
            for i in range(len(toks) - n + 1):
                gram = toks[i : i + n]
                if not gram[0].text[:1].isupper():
                    continue
                key = " ".join(t.text for t in gram).lower()
                if key in countries:
                    return countries[key]
    for m in ent.mentions:
        for t in m.tokens:
            if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
                span = t.doc[t.i : t.i + 1]
                j = t.i + 1
                while j < len(t.doc) and t.doc[j].ent_iob_ == "I":
                    j += 1
                span = t.doc[t.i : j]
                if span.start_char >= m.start and span.end_char <= m.end and span.text != m.text:
                    return span.text
    return None


_CLAUSE_DEPS = {"relcl", "appos", "acl", "advcl", "parataxis"}


def _person_entities(tokens: list[Token]) -> list[list[Token]]:
    """The PERSON entities that start among ``tokens``, each whole (it may run past them);
    read from the tokens' IOB tags, not ``doc.ents``, which spaCy rebuilds on every access."""
    out: list[list[Token]] = []
    for t in tokens:
        if t.ent_iob_ == "B" and t.ent_type_ == "PERSON":
            doc = t.doc
            j = t.i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            out.append(list(doc[t.i : j]))
    return out


def _core_words(tokens: list[Token]) -> list[Token]:
    """The mention without its appositions and clauses: "Don Fowler, who helmed the DNC ..."
    -> "Don Fowler"; a person is named by the PERSON entity inside ("rival Donald Trump")."""
    if not tokens:
        return []
    ids = {t.i for t in tokens}
    drop: set[int] = set()
    for t in tokens:
        if t.dep_ in _CLAUSE_DEPS and t.head.i in ids and t.head.i != t.i:
            drop.update(x.i for x in t.subtree)
    keep = [t for t in tokens if t.i not in drop]
    # the phrase's head: "Don Fowler, who ... during Bill Clinton's presidency" -> Fowler;
    # "Donald Trump's campaign" -> campaign (the campaign speaks, not the person)
    root = next((t for t in keep if t.head.i not in ids or t.head.i == t.i), None)
    persons = [
        e
        for e in _person_entities(tokens)
        if root is not None
        and any(t.i == root.i for t in e)
        and all(t.i in ids and t.i not in drop for t in e)
    ]
    if persons:
        keep = max(persons, key=lambda e: (len(e), -e[0].i))
    while keep and (keep[0].is_punct or keep[0].lower_ in ("the", "a", "an")):
        keep = keep[1:]
    while keep and keep[-1].is_punct:
        keep = keep[:-1]
    return keep


def display_name(ent: Entity) -> str:
    best = ent.best
    core = _core_words(best.tokens)
    if core:
        return "".join(t.text_with_ws for t in core).strip()
    words = best.text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or best.text
