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

Type and affiliation come from what the article says about the speaker, read by
:mod:`framing.attribution.roles` with the editable lists of ``resources/speaker_types.yaml``
(titles, roles, parties, words) and ``resources/countries.tsv``: a title before a name, an
apposition's role noun, a party tag, the same person elsewhere in the article; a document noun
heading the mention; an organisation's words. ``speaker_types.yaml`` gives the order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from framing.attribution.raw import RawAttribution
from framing.attribution.roles import (
    Role,
    RoleTables,
    clause_free,
    is_named,
    is_org_word,
    known_name,
    name_tokens,
    person_type,
    phrase_text,
    role_at,
    role_type,
    roles_at,
    roles_in_doc,
    transcript_host,
    word_of,
    word_type,
)
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


def _head_token(m: Mention) -> Token | None:
    """The mention's head word among its tokens: the token written as ``m.surface`` highest
    in the parse, else the root of the span."""
    toks = m.tokens
    if not toks:
        return None
    ids = {t.i for t in toks}

    def depth(t: Token) -> int:
        d = 0
        while t.head.i != t.i and t.head.i in ids:
            t, d = t.head, d + 1
        return d

    same = [t for t in toks if t.lower_ == m.surface]
    if same:
        return min(same, key=lambda t: (depth(t), t.i))
    return min(toks, key=lambda t: (depth(t), t.i))


def _bounds(m: Mention) -> tuple[int, int]:
    return m.tokens[0].i, m.tokens[-1].i + 1


def _core(m: Mention, head: Token | None) -> list[Token]:
    """The mention's tokens without the relative clauses of its head ("Don Fowler, who helmed
    the DNC" -> "Don Fowler")."""
    if head is None:
        return list(m.tokens)
    lo, hi = _bounds(m)
    drop: set[int] = set()
    for t in m.tokens:
        if t.dep_ in ("relcl", "acl", "advcl") and t.head.i != t.i and lo <= t.head.i < hi:
            drop.update(x.i for x in t.subtree)
    return [t for t in m.tokens if t.i not in drop]


def _is_document(m: Mention, head: Token | None, speaker_types: SpeakerTypes) -> bool:
    """A text that speaks ("Donald Trump's tweet", "a new ad from the Clinton campaign"): a
    document noun heads the mention, whatever names are inside; a document's own name ("the
    New York Post") is no document noun."""
    if (
        head is None
        or "document" not in speaker_types[0]
        or m.head not in _document_heads(speaker_types)
    ):
        return False
    return not m.has_name or head.pos_ != "PROPN"


def _named_roles(ent: Entity, tables: RoleTables) -> tuple[list[Role], Token | None, bool]:
    """The roles the entity's named mentions give it (best mention first), then the roles its
    name has elsewhere in the article; the best mention's name head (a proper noun that is no
    place and no kind of organisation); and whether the entity is a person (the parser says
    so, or the text gives it a role or a known name)."""
    best = ent.best
    mentions = [best, *(m for m in ent.mentions if m is not best and m.pronoun is None)]
    roles: list[Role] = []
    name_head: Token | None = None
    person_like = ent.is_person
    for m in mentions:
        head = _head_token(m)
        if head is None or not (head.pos_ == "PROPN" or head.ent_type_ == "PERSON"):
            continue
        if head.ent_type_ in ("GPE", "LOC", "NORP", "FAC"):
            continue
        if is_org_word(tables, head) and (head.ent_type_ != "PERSON" or len(m.tokens) == 1):
            continue  # "Republican National Committee", "the New York Times", "Politico"
        name_head = name_head or head
        person_like = person_like or head.ent_type_ == "PERSON"
        roles.extend(roles_at(tables, head, *_bounds(m)))
    if name_head is None:
        return roles, None, False
    roles.extend(roles_in_doc(tables, name_head))
    person_like = person_like or bool(roles) or bool(known_name(tables, [name_head]))
    return roles, name_head, person_like


def speaker_type(
    ent: Entity, speaker_types: SpeakerTypes, *, tables: RoleTables | None = None
) -> str:
    """The entity's type from what the text says about it (see ``speaker_types.yaml`` for the
    order of the rules): unknown for a pronoun alone; a document; a named person's role (a
    title, an apposition, a party tag, elsewhere in the article); an unnamed spokesperson's
    employer; anonymous; an unnamed role or an organisation by its words; else person or
    other."""
    order, rules = speaker_types
    best = ent.best
    if best.pronoun is not None:
        return "unknown"
    tables = tables or RoleTables.of(speaker_types)
    head = _head_token(best)
    if _is_document(best, head, speaker_types):
        return "document"
    roles, name_head, person_like = _named_roles(ent, tables)
    if name_head is not None and person_like:
        typ, _ = person_type(tables, roles)
        if typ is not None:
            return typ
        if name_head.text.isupper() and transcript_host(name_head.doc, name_head.text):
            return "media"  # the interviewer of a transcript ("WALLACE: ... ?")
        return known_name(tables, name_tokens(name_head, tables)) or "person"
    role = None
    if head is not None and best.tokens:
        role = role_at(tables, head, *_bounds(best))
    if role is not None and role.words in tables.spokespeople:
        typ = role_type(tables, role)
        if typ is not None:
            return typ  # "a State Department spokesman"
    anonymous = rules.get("anonymous", {}).get("heads", [])
    unnamed = not best.has_name or (head is not None and head.pos_ != "PROPN")
    if "anonymous" in order and best.head in anonymous and unnamed:
        return "anonymous"  # "officials", "Obama's aides": nobody named speaks
    groups = rules.get("anonymous", {}).get("plural_titles_of", [])
    plural = head is not None and head.tag_ in ("NNS", "NNPS")
    group = role is not None and tables.titles.get(role.words) in groups
    if group and unnamed and plural and "anonymous" in order:
        return "anonymous"  # "analysts", "several judges"
    if role is not None:
        typ = role_type(tables, role)
        if typ is not None:
            return typ  # "the Texas governor", "the attorney general"
    typ = word_type(tables, _core(best, head), head)
    if typ is not None:
        return typ
    if best.is_person or any(m.is_person for m in ent.mentions):
        return "person"
    return "other"


def _document_owner(m: Mention, head: Token, tables: RoleTables) -> str | None:
    """Whose a document is: a possessive ("Donald Trump's tweet"), a name before it ("IMF
    report"), or "from"/"by"/"of" a named owner ("a new ad from Donald Trump's campaign")."""
    lo, hi = _bounds(m)
    doc = head.doc
    owner: list[Token] = []
    poss = [c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON" and lo <= c.i]
    names = [c for c in head.lefts if c.dep_ in ("compound", "nmod") and lo <= c.i]
    if poss:
        owner = [x for x in poss[0].subtree if lo <= x.i < hi]
    elif names:  # "a New York Times/CBS News poll": from the first name to the last
        first = min(x.i for x in names[0].subtree)
        owner = [t for t in doc[max(first, lo) : names[-1].right_edge.i + 1]]
        while owner and (owner[-1].is_lower or owner[-1].is_space):  # "... Daybreak tracking"
            owner = owner[:-1]
    if not owner:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and lo <= c.i < hi:
                obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if obj is not None:
                    owner = [x for x in clause_free(obj) if lo <= x.i < hi]
                    break
    if not is_named(owner):
        return None
    return phrase_text(owner) or None


def _country(m: Mention, countries: Mapping[str, str]) -> str | None:
    """A country the mention names outside its relative clauses ("Azerbaijani", "Baku"), not a
    word of a longer place name ("New Mexico", "British Columbia")."""
    toks = _core(m, _head_token(m))
    for n in (3, 2, 1):
        for i in range(len(toks) - n + 1):
            gram = toks[i : i + n]
            if not gram[0].text[:1].isupper() or gram[-1].i - gram[0].i != n - 1:
                continue
            key = " ".join(t.text for t in gram).lower()
            if key in countries and not _inside_place(gram):
                return countries[key]
    return None


def _inside_place(gram: list[Token]) -> bool:
    """Whether the words are part of a longer place name ("Mexico" of "New Mexico")."""
    first, last = gram[0], gram[-1]
    if first.ent_type_ not in ("GPE", "LOC") or first.ent_iob_ not in ("B", "I"):
        return False
    doc = first.doc
    s, e = first.i, last.i + 1
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    while e < len(doc) and doc[e].ent_iob_ == "I":
        e += 1
    place = [t for t in doc[s:e] if t.pos_ != "DET"]
    return len(place) > len(gram)


def affiliation(
    ent: Entity,
    countries: Mapping[str, str],
    speaker_types: SpeakerTypes | None = None,
    *,
    tables: RoleTables | None = None,
) -> str | None:
    """The side the text puts the entity on: a document's owner; a politician's party (a tag
    "(R-S.C.)" or a party word in a title); the country a mention names (``countries``:
    lower-cased names, demonyms and capitals -> country); the employer of a person's role
    ("Trump campaign" of "Trump campaign spokesman Jason Miller"); else an organisation named
    inside a mention. Without ``speaker_types`` only countries and organisations are read;
    ``tables``: the role lists built from them (:class:`RoleTables`), when already built."""
    best = ent.best
    if tables is None and speaker_types is not None:
        tables = RoleTables.of(speaker_types)
    roles: list[Role] = []
    if tables is not None and best.pronoun is None:
        head = _head_token(best)
        if head is not None and _is_document(best, head, speaker_types):  # type: ignore[arg-type]
            owner = _document_owner(best, head, tables)
            if owner:
                return owner
        else:
            roles, name_head, person_like = _named_roles(ent, tables)
            if not person_like:
                roles = []
            if name_head is None and head is not None and best.tokens:
                role = role_at(tables, head, *_bounds(best))
                roles = [role] if role is not None else []
    party = next((r.party for r in roles if r.party), None)
    if party is None and tables is not None and best.pronoun is None:
        head = _head_token(best)  # "Republicans", "the GOP"
        word = word_of(head) if head is not None and head.pos_ != "ADJ" else ""
        party = tables.parties.get(word) if len(word) > 1 else None
    if party is not None:
        return party
    for m in ent.mentions:
        country = _country(m, countries)
        if country is not None:
            return country
    if tables is not None:
        _, chosen = person_type(tables, roles)
        if chosen is not None and is_named(chosen.employer):
            # whom a spokesman or a director works for; a fixed title's modifier only when it
            # is an organisation ("U.S. Air Force Gen." yes, "Charlotte Mayor" no)
            relational = chosen.words not in tables.titles or chosen.kind == "member"
            relational = relational or chosen.words in tables.staff or chosen.words in tables.posts
            emp = chosen.employer
            if relational or any(t.ent_type_ == "ORG" for t in emp) or word_type(tables, emp, None):
                return chosen.employer_text
    for m in ent.mentions:
        core = _core(m, _head_token(m))
        ids = {t.i for t in core}
        # the words that name the mention itself are no affiliation ("the FBI", "Christie, who
        # has campaigned ...")
        words = {t.i for t in core if not (t.is_punct or t.pos_ == "DET")}
        for t in m.tokens:
            if t.ent_type_ == "ORG" and t.ent_iob_ == "B" and t.i in ids:
                j = t.i + 1
                while j < len(t.doc) and t.doc[j].ent_iob_ == "I":
                    j += 1
                span = t.doc[t.i : j]
                if words <= set(range(t.i, j)):
                    continue
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
