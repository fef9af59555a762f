"""Speakers: source mentions grouped into entities, with a type and an affiliation.

Within one article, "the Azerbaijani Defense Ministry", "the ministry", "Azerbaijan's Defense
Ministry" and "it" become one speaker (``entity_id``); so do "Mayor Bill de Blasio", "De
Blasio" and "the mayor". The rules, on the article's people, roles and acronyms as
:mod:`framing.attribution.people` reads them:

* a noun source naming a person joins that person ("O'Neill" = "James O’Neill", "Lynch" =
  "Loretta E. Lynch"); one with a role noun ("the mayor", "the California congressman", "the
  president") joins the person the article gives that role ("Mayor Bill de Blasio", "Bill de
  Blasio, the mayor,", "Rep. Adam Schiff", "President Obama"), and stays apart when no one or
  several fit; "a spokesman" and "several judges" stay apart;
* else a noun source joins an earlier speaker with the same head word and number when one's
  modifiers are a subset of the other's, country adjectives counted as their country
  ("Azerbaijani" = "Azerbaijan's"), or whose name it abbreviates ("IRCC", "the IMF");
* a pronoun source ("it", "he", "they") refers to the subject of the verb that repeats the cue
  ("It added that ..., the ministry added"); else, for he/she, to a person the narrator names
  as a main clause's subject since the previous attribution ("Mrs. Clinton held rallies. She
  said ..."); else to the previous attribution's speaker when it agrees, else to the nearest
  earlier speaker that does (persons for he/she, organisations and documents for it), in
  gender too where the text says it (Mr./Mrs./Ms., a gendered role, an earlier pronoun);
* "I", "me", "we" or "us" inside a quotation is the quotation's speaker; the narrator's own
  (an op-ed's author, an editorial's "we") is no speaker;
* "the statement" joins the speaker who made "a statement" earlier in the article.

A speaker who is a person the article names is shown by the person's name ("Bill de Blasio",
not "mayor").

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
from typing import Any

from spacy.tokens import Doc, Span, Token

from framing.attribution.people import (
    People,
    Person,
    acronym_letters,
    gender_of_pronoun,
    initials,
    norm,
    norm_word,
    of_words,
    read_people,
    sides,
)
from framing.attribution.quotes import quotes_of
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
#: first persons: inside a quotation they are its speaker; outside, "I" is the narrator's own
_FIRST_PERSON = {"i", "me", "we", "us"}
_INITIAL = re.compile(r"^[A-Z]\.?$")
#: determiners a role noun may take and still mean one known person ("the mayor")
_DEFINITE = {"the", "this", "that"}
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
    head_i: int | None = None  # token index of the head word


@dataclass
class Entity:
    id: str
    mentions: list[Mention] = field(default_factory=list)
    is_person: bool = False
    is_plural: bool = False
    person: int | None = None  # the person of the article it is (framing.attribution.people)
    name: str | None = None  # that person's fullest name as the article writes it
    gender: str | None = None  # 'm' or 'f' where the text says it
    #: what :func:`_named_roles` found, read once for the type and the affiliation
    named_roles: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def best(self) -> Mention:
        named = [m for m in self.mentions if m.pronoun is None]
        if not named:
            return self.mentions[0]
        # a mention that writes the person's name ("Rep. Adam Schiff") before a role that
        # joined it ("Member of House panel"), however many modifiers the role has
        own = self.person is not None

        def names_person(m: Mention) -> bool:
            return own and any(t.ent_type_ == "PERSON" for t in m.tokens)

        return max(named, key=lambda m: (m.has_name, names_person(m), len(m.modifiers), -m.start))


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
        norm_word(t, countries)
        for t in core
        if head_tok is not None
        and t.i != head_tok.i
        and not t.is_punct
        and t.lower_ not in _DROP
        and t.lower_ not in _TITLES
        and not _INITIAL.match(t.text)  # "Loretta E. Lynch" = "Loretta Lynch"
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
    head = norm(head_tok.lemma_) if head_tok is not None else ""
    if is_person and head_tok is not None and pronoun is None:
        head = norm(head_tok.text)  # surname, not its lemma ("Sanders" -> "sander" as NNS)
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
        norm(head_tok.text) if head_tok is not None else "",
        head_tok.i if head_tok is not None else None,
    )


def _compatible_pronoun(pronoun: str, ent: Entity) -> bool:
    if pronoun in _PERSON_PRONOUNS:
        return ent.is_person
    if pronoun in _THING_PRONOUNS:
        return not ent.is_person and not ent.is_plural
    if pronoun in _PLURAL_PRONOUNS:
        return not ent.is_person
    return False


def _agrees(pronoun: str, ent: Entity) -> bool:
    """The pronoun can refer to the entity: person, thing or group, and the gender the text
    gives the person ("she" is not Mr. Obama)."""
    if not _compatible_pronoun(pronoun, ent):
        return False
    g = gender_of_pronoun(pronoun)
    return g is None or ent.gender is None or ent.gender == g


def _name_words(m: Mention) -> list[str]:
    """The capitalised run a mention's name is written in, without a leading determiner and
    what follows it: "the International Monetary Fund, which ..." -> International Monetary
    Fund; commas inside a name stay out ("Immigration, Refugees and Citizenship Canada")."""
    words: list[str] = []
    for t in m.tokens:
        if not words and t.lower_ in _DROP:
            continue
        if t.text[:1].isupper() or (words and t.lower_ in ("of", "and", "for", "on", "&")):
            words.append(t.text)
        elif t.text == "," and words:
            continue
        else:
            break
    while words and not words[-1][:1].isupper():
        words.pop()
    return words


def _acronym_of(short: Mention, long: Mention, acronyms: Mapping[str, tuple[str, ...]]) -> bool:
    """``short`` is an acronym ("IRCC", "the IMF") of ``long``'s name: the article spelled it
    out so, or its letters are the initials of the name's capitalised words."""
    words = _name_words(short)
    if len(words) != 1 or norm(words[0]) != short.surface:
        return False  # the acronym is the mention's head: "the IMF", not "IMF chief economist"
    letters = acronym_letters(words[0])
    if letters is None:
        return False
    name = _name_words(long)
    if len(name) < 2:
        return False
    if acronyms.get(letters) == tuple(norm(w) for w in name if w[:1].isupper()):
        return True
    return letters in (initials(name), initials(name, with_function_words=True))


def _same_entity(
    m: Mention, ent: Entity, acronyms: Mapping[str, tuple[str, ...]] | None = None
) -> bool:
    for other in ent.mentions:
        if other.pronoun is not None or not m.head:
            continue
        if acronyms is not None and (
            _acronym_of(m, other, acronyms) or _acronym_of(other, m, acronyms)
        ):
            return True
        if m.head != other.head and (not m.surface or m.surface != other.surface):
            continue
        if _common_plural(m) != _common_plural(other):
            continue  # "Several judges" are not "the judge"
        if m.modifiers <= other.modifiers or other.modifiers <= m.modifiers:
            return True
    return False


def _common_plural(m: Mention) -> bool:
    """A plural common noun ("judges", "officials"), not a name the tagger read as plural."""
    head = next((t for t in m.tokens if t.i == m.head_i), None)
    if head is None or head.tag_ != "NNS" or head.pos_ != "NOUN" or m.is_person:
        return False
    if head.text.islower():
        return True
    # "Police said" opening a sentence; not "Sanders: Clinton needs ..." where the word is a
    # person's name elsewhere in the article
    return head.is_sent_start and not any(
        t.text == head.text and t.ent_type_ == "PERSON" for t in head.doc
    )


def _named_antecedent(doc: Doc, before: int, pronoun: str, people: People) -> Span | None:
    """The nearest named entity before a pronoun that could be its referent (a person of the
    pronoun's gender where the text gives one)."""
    labels = {"PERSON"} if pronoun in _PERSON_PRONOUNS else {"ORG", "NORP", "GPE"}
    g = gender_of_pronoun(pronoun)
    best = None
    for ent in doc.ents:
        if ent.end_char <= before and ent.label_ in labels:
            p = people.person_at(ent.root.i) if ent.label_ == "PERSON" else None
            if g is not None and p is not None and p.gender not in (None, g):
                continue
            best = ent
    if best is not None and before - best.end_char < 600:
        return best
    return None


def _role_words(doc: Doc, m: Mention) -> list[Token]:
    """The nouns of a mention that may be a role standing for one person the article names:
    "the mayor", "the California congressman", "Lawmaker" (a headline), "Member of House
    panel" (parsed with "panel" as head); none in "a lawmaker" or "officials"."""
    if m.pronoun is not None or m.head_i is None:
        return []
    h = doc[m.head_i]
    out = [h] if _role_noun(h) else []
    first = next((t for t in m.tokens if t.lower_ not in _DROP), None)
    if (
        first is not None
        and first.head.i == h.i
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in first.children)
        and _role_noun(first)
    ):
        out.append(first)
    return out


def _role_noun(h: Token) -> bool:
    if h.pos_ not in ("NOUN", "PROPN") or not h.is_alpha or h.tag_ in ("NNS", "NNPS"):
        return False
    if h.ent_type_ not in ("", "NORP"):
        return False  # a name or a number, not a role
    for c in h.children:
        if c.dep_ in ("det", "predet") and c.lower_ not in _DEFINITE:
            return False  # "a spokesman", "another official", "each"
        if c.dep_ == "poss" and c.pos_ == "PRON":
            return False  # "his lawyer": someone's, not the article's one lawyer
        if c.dep_ in ("nummod", "quantmod"):
            return False
    return True


def _names_itself(doc: Doc, m: Mention, people: People) -> bool:
    """The mention holds the name of its person (not only a role that points to it)."""
    return any(people.person_at(t.i) is not None for t in m.tokens)


def _person_of(
    doc: Doc, m: Mention, people: People, first_para_end: int, countries: Mapping[str, str]
) -> Person | None:
    """The person of the article a noun mention names: its head is that person's name, or has
    the name as apposition ("An attorney for Pagliano, Mark MacDougall"), or is a role the
    article gives that person (see :meth:`People.with_role`)."""
    if m.head_i is None:
        return None
    h = doc[m.head_i]
    p = people.person_at(h.i)
    if p is not None or h.ent_type_ == "PERSON":
        return p
    if h.pos_ == "PROPN" and h.ent_type_ in ("", "ORG", "NORP", "GPE") and h.text[:1].isupper():
        # a surname the tagger missed ("Stumpf said"), when one person the article names in
        # full ("John Stumpf") has it
        same = [q for q in people.people if q.key[-1] == norm(h.text)]
        alone = all(t.i == h.i or t.lower_ in _DROP for t in m.tokens)
        if len(same) == 1 and len(same[0].key) > 1 and alone:
            return same[0]
    for c in h.children if h.tag_ not in ("NNS", "NNPS") else ():
        if c.dep_ == "appos" and m.start <= c.idx < m.end:
            p = people.person_at(c.i)
            if p is not None:
                return p
    if any(t.ent_type_ == "PERSON" for t in m.tokens):
        return None  # "Elizabeth Warren Hammers Wells Fargo CEO": a misread headline
    # a role given later in the article counts for a headline or lede ("Lawmaker urges ...")
    before = None if m.start < first_para_end else m.start
    for h in _role_words(doc, m):
        required = frozenset(
            norm_word(c, {}) for c in h.children if c.dep_ == "poss" and c.lower_ not in _DROP
        )
        mods = m.modifiers if h.i == m.head_i else frozenset()
        mod_words = [c for c in h.children if c.dep_ in ("compound", "amod", "nmod")]
        kinds = sides(mod_words, countries) | of_words(h)
        p = people.with_role(norm(h.lemma_), mods, before=before, required=required, kinds=kinds)
        if p is not None:
            return p
    return None


def _subject_name(
    doc: Doc, people: People, pronoun_i: int, after: int, covered: list[tuple[int, int]]
) -> tuple[int, int, int] | None:
    """The last person named as a main clause's subject (start, end, head token) in the
    pronoun's sentence or the one before, after offset ``after``, and not in ``covered``
    stretches (quotes and attributed contents: names there are someone else's words)."""
    sent = doc[pronoun_i].sent
    lo = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
    lo = max(lo, after + 1)
    pos = doc[pronoun_i].idx
    best = None
    for start, end, root in people.names:
        if start < lo or end > pos or doc[root].dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = doc[root].head
        if not (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")):
            continue  # the subject of a main clause, not of "..., should Clinton attempt ..."
        if any(s <= start < e for s, e in covered):
            continue
        best = (start, end, root)
    return best


def _container(raws: list[RawAttribution], k: int, pos: int) -> int | None:
    """The attribution whose content holds offset ``pos`` (the innermost), other than ``k``."""
    best, best_len = None, 0
    for j, a in enumerate(raws):
        if j == k:
            continue
        for s, e in a.content:
            if s <= pos < e and (best is None or e - s < best_len):
                best, best_len = j, e - s
    return best


def resolve(
    doc: Doc,
    raws: list[RawAttribution],
    *,
    countries: Mapping[str, str],
    speaker_types: SpeakerTypes,
) -> list[tuple[Entity | None, Mention | None]]:
    """One (entity, mention) per attribution, in the order given; entities are shared objects;
    ``None`` for no source, and for the narrator's own "I" (no speaker).
    ``countries`` and ``speaker_types``: the speaker tables (see
    :class:`framing.attribution.AttributionResources`)."""
    document_heads = _document_heads(speaker_types)
    text = doc_text(doc)
    people = read_people(doc, countries)
    acronyms = people.acronyms
    quotes = quotes_of(text)
    para = text.find("\n\n", len(text) - len(text.lstrip()))
    first_para_end = para if para >= 0 else len(text)
    entities: list[Entity] = []
    by_person: dict[int, Entity] = {}
    statement_owner: Entity | None = None
    last: Entity | None = None  # the speaker of the previous attribution
    last_start = -1  # where its source starts
    # what the narrator does not say in its own words: quotes and attributed contents
    covered = sorted({*quotes, *(f for a in raws for f in a.content)})
    order = sorted(range(len(raws)), key=lambda k: (raws[k].source or raws[k].cue)[0])
    result: dict[int, tuple[Entity | None, Mention | None]] = {}
    first_person: list[tuple[int, Mention, int]] = []

    def attach(e: Entity, p: Person) -> None:
        e.person, e.name, e.is_person, e.is_plural = p.id, p.name, True, False
        e.gender = p.gender or e.gender
        by_person[p.id] = e

    def new_entity(m: Mention, p: Person | None = None) -> Entity:
        e = Entity(f"e{len(entities) + 1}", [m], m.is_person, m.is_plural)
        entities.append(e)
        if p is not None:
            attach(e, p)
        return e

    def person_entity(p: Person) -> Entity:
        """The speaker a person is, made from the article's first naming of it if new."""
        e = by_person.get(p.id)
        if e is None:
            s, end, head = p.first
            e = new_entity(make_mention(doc, s, end, head, countries), p)
        return e

    def named(m: Mention, p: Person | None) -> Entity | None:
        """The speaker a noun mention joins, ``None`` for a new one (of person ``p``)."""
        if p is None:
            return next((x for x in reversed(entities) if _same_entity(m, x, acronyms)), None)
        e = by_person.get(p.id)
        if e is None:
            free = [x for x in entities if x.person is None]
            e = next((x for x in reversed(free) if _same_entity(m, x, acronyms)), None)
            if e is not None:
                attach(e, p)
            elif not _names_itself(doc, m, people):
                e = person_entity(p)  # a role: the speaker is the person the article names
        return e

    def recent(candidates: list[Entity], pos: int) -> Entity | None:
        best, best_pos = None, -1
        for e in candidates:
            latest = max((mm.start for mm in e.mentions if mm.start < pos), default=-1)
            if latest > best_pos:
                best, best_pos = e, latest
        return best

    for k in order:
        a = raws[k]
        if a.source is None:
            result[k] = (None, None)
            continue
        m = make_mention(doc, a.source[0], a.source[1], a.source_head, countries)
        ent: Entity | None = None
        if m.pronoun in _FIRST_PERSON:
            holder = _container(raws, k, m.start)
            if holder is not None:  # "I" inside a quote: the quote's speaker, resolved below
                first_person.append((k, m, holder))
                continue
            if not any(q0 <= m.start < q1 for q0, q1 in quotes):
                result[k] = (None, m)  # the narrator's own "I" or "we": not a speaker
                continue
        if m.pronoun is not None:
            if a.antecedent_hint is not None:
                hint_tok = doc[a.antecedent_hint]
                hs, he = (
                    hint_tok.left_edge.idx,
                    hint_tok.right_edge.idx + len(hint_tok.right_edge.text),
                )
                hm = make_mention(doc, hs, he, a.antecedent_hint, countries)
                hp = _person_of(doc, hm, people, first_para_end, countries)
                ent = named(hm, hp) or new_entity(hm, hp)
            if ent is None and m.pronoun in _PERSON_PRONOUNS and m.head_i is not None:
                # a person named as the subject since the previous attribution, in the
                # narrator's words: "Trump claims that he ...", "Mrs. Clinton held rallies. She"
                subj = _subject_name(doc, people, m.head_i, last_start, covered)
                np_ = people.person_at(subj[2]) if subj is not None else None
                if subj is not None and np_ is not None:  # not a surname two people share
                    nm = make_mention(doc, subj[0], subj[1], subj[2], countries)
                    found = named(nm, np_)
                    if found is not None and _agrees(m.pronoun, found):
                        ent = found
                    elif found is None and np_.gender in (None, gender_of_pronoun(m.pronoun)):
                        ent = new_entity(nm, np_)
            if ent is None and m.pronoun not in _SELF_PRONOUNS:
                # the previous attribution's speaker when it agrees, else the nearest that does
                if last is not None and _agrees(m.pronoun, last):
                    ent = last
                else:
                    ent = recent([e for e in entities if _agrees(m.pronoun, e)], m.start)
            if ent is None and m.pronoun not in _SELF_PRONOUNS:
                found = _named_antecedent(doc, m.start, m.pronoun, people)
                if found is not None:
                    nm = make_mention(
                        doc, found.start_char, found.end_char, found.root.i, countries
                    )
                    np_ = _person_of(doc, nm, people, first_para_end, countries)
                    ent = named(nm, np_) or new_entity(nm, np_)
            if ent is not None:
                ent.mentions.append(m)
                g = gender_of_pronoun(m.pronoun)
                if g is not None and ent.is_person and ent.gender is None:
                    ent.gender = g  # "a first name's earlier pronoun"
            else:
                ent = new_entity(m)
        else:
            p = _person_of(doc, m, people, first_para_end, countries)
            if m.head in document_heads and not m.has_name and statement_owner is not None:
                ent = statement_owner
            else:
                ent = named(m, p)
            if ent is None:
                ent = new_entity(m, p)
            else:
                ent.mentions.append(m)
        sent = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        if sent is not None and ent is not None and m.head not in document_heads:
            s = sent[0].sent
            if re.search(r"\b(?:in|issued|released) an? (?:written )?statement\b", s.text, re.I):
                statement_owner = ent
        result[k] = (ent, m)
        last, last_start = ent, m.start
    # "I" and "we" inside a quotation: its speaker (quotes inside quotes: the inner speaker)
    pending = first_person
    while pending:
        left = []
        for k, m, holder in pending:
            if holder in result:
                ent = result[holder][0]
                if ent is not None:
                    ent.mentions.append(m)
                result[k] = (ent, m if ent is not None else None)
            else:
                left.append((k, m, holder))
        if len(left) == len(pending):  # quotes holding each other: no speaker to take
            for k, m, _ in left:
                result[k] = (new_entity(m), m)
            break
        pending = left
    return [result[k] for k in range(len(raws))]


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
    so, or the text gives it a role or a known name). Read once per entity (the type and the
    affiliation both ask), after the entity's mentions are final."""
    if ent.named_roles is None or ent.named_roles[0] is not tables:
        ent.named_roles = (tables, _find_named_roles(ent, tables))
    roles, name_head, person_like = ent.named_roles[1]
    return list(roles), name_head, person_like


def _find_named_roles(ent: Entity, tables: RoleTables) -> tuple[list[Role], Token | None, bool]:
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
    """The entity's name: the person's fullest name where the article names one ("Bill de
    Blasio", not "mayor"), else the core phrase of its best mention."""
    if ent.name:
        return ent.name
    best = ent.best
    core = _core_words(best.tokens)
    if core:
        return "".join(t.text_with_ws for t in core).strip()
    words = best.text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or best.text
