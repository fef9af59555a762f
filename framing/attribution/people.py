"""The people an article names, the roles it gives them, and the acronyms it spells out.

Read once per Doc from its parse and named entities, for the speaker step
(:mod:`framing.attribution.speakers`) to join "the mayor", "Mayor Bill de Blasio" and
"De Blasio" into one speaker:

* a **person** is every PERSON entity of the article with compatible names: the same surname
  (apostrophes and case normalised, titles, initials and suffixes dropped: "Loretta E. Lynch" =
  "Loretta Lynch" = "Lynch", "O'Neill" = "O’Neill") and given names one a subset of the other's.
  "Mr. Obama" is not "Michelle Obama". A surname alone that two people share ("Clinton" with
  "Bill Clinton" and "Hillary Clinton") is the one the article calls by surname and title,
  else no one;
* a person's **roles** are the nouns the article puts next to the name: the title before it
  ("Mayor Bill de Blasio", "Republican presidential nominee Donald Trump", "Secretary of State
  John Kerry") and appositions either side ("Bill de Blasio, the mayor,", "the mayor, Bill de
  Blasio"), each with its modifiers; a title abbreviation implies the nouns news uses for it
  later ("Rep." -> congressman, lawmaker; see :data:`IMPLIED_ROLES`);
* a person's **gender**, where the text says it: a title (Mr., Mrs., Ms.), a gendered role
  noun (spokeswoman, chairman), or the subject pronoun after the name in a sentence where
  the person is the subject, before any other name or quote ("Loretta Lynch said she ...");
* **acronyms** the article spells out: "Immigration, Refugees and Citizenship Canada (IRCC)";
* a role's **sides**: the party, place and "of" complement that tell two holders of one role
  apart ("the Democratic nominee" is not "Republican nominee Donald Trump", "the head of the
  agency" not "head of the Congressional Black Caucus").

Everything here is a rule about English news usage (titles, appositions, agreement), not a
list of names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from framing.nlp import doc_text

#: titles that say a person's gender and nothing about a role
GENDER_TITLES = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
}
#: what a title implies: the nouns a later mention may use for the same person ("Rep. Adam
#: Schiff" ... "the California congressman" ... "the lawmaker"); every title implies itself
IMPLIED_ROLES: dict[str, frozenset[str]] = {
    k: frozenset(v)
    for k, v in {
        "rep.": {"representative", "congressman", "congresswoman", "lawmaker", "legislator"},
        "rep": {"representative", "congressman", "congresswoman", "lawmaker", "legislator"},
        "representative": {"congressman", "congresswoman", "lawmaker", "legislator"},
        "congressman": {"representative", "lawmaker", "legislator"},
        "congresswoman": {"representative", "lawmaker", "legislator"},
        "sen.": {"senator", "lawmaker", "legislator"},
        "sen": {"senator", "lawmaker", "legislator"},
        "senator": {"lawmaker", "legislator"},
        "del.": {"delegate", "lawmaker", "legislator"},
        "mp": {"lawmaker", "legislator"},
        "gov.": {"governor"},
        "gov": {"governor"},
        "gen.": {"general"},
        "lt.": {"lieutenant"},
        "col.": {"colonel"},
        "maj.": {"major"},
        "capt.": {"captain"},
        "sgt.": {"sergeant"},
        "adm.": {"admiral"},
        "cmdr.": {"commander"},
        "pres.": {"president"},
        "prof.": {"professor"},
        "sec.": {"secretary"},
        "amb.": {"ambassador"},
        "atty.": {"attorney"},
        "supt.": {"superintendent"},
        "insp.": {"inspector"},
        "rev.": {"reverend"},
        "chairman": {"chair", "chairperson"},
        "chairwoman": {"chair", "chairperson"},
        "spokesman": {"spokesperson"},
        "spokeswoman": {"spokesperson"},
    }.items()
}
#: headline shorthand for a member of a legislature ("Member of House panel says ...")
_MEMBER_OF = {"representative", "senator", "lawmaker", "legislator"}
#: modifiers that make a role another person's: "the former president" is not "President X"
_FORMER = {"former", "ex", "late", "then"}
_GENDER_NOUNS = {
    "f": {
        "wife", "mother", "daughter", "sister", "widow", "actress", "girl", "woman", "queen",
        "grandmother", "aunt", "niece", "mom", "princess", "duchess", "stepmother", "lady",
    },
    "m": {
        "husband", "father", "son", "brother", "widower", "actor", "boy", "man", "king",
        "grandfather", "uncle", "nephew", "dad", "prince", "duke", "stepfather",
    },
}  # fmt: skip
_NOT_MEN = {"human", "german", "roman", "shaman", "ottoman", "talisman", "caiman"}
_PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
#: the pronouns after a subject name that say its gender ("Lynch said she ..."); an object or
#: possessive ("Warren asked him about his bonus") is as often someone else
_SUBJECT_PRONOUNS = {"he", "she", "himself", "herself"}
_VERBS = {"VERB", "AUX"}
_TITLE_ABBREVIATION = re.compile(r"^[A-Z][a-z]+\.$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_INITIAL = re.compile(r"^[a-z]\.?$")
_NOT_ROLE_ENTS = {"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC", "DATE", "CARDINAL", "ORDINAL"}
_QUOTE_MARKS = {'"', "“", "”", "«", "»", "``", "''"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z&]{1,7}$")
_FUNCTION_WORDS = {"of", "and", "for", "the", "on", "in", "to", "&", "de", "du", "des", "la"}


def norm(text: str) -> str:
    """A word as names are compared: lower case, one apostrophe form."""
    return text.replace("’", "'").replace("‘", "'").lower()


def norm_word(tok: Token, countries: Mapping[str, str]) -> str:
    """A modifier as mentions and roles compare it: a country adjective as its country
    ("Azerbaijani" = "Azerbaijan's"), else the lemma, lower case, one apostrophe form."""
    low = tok.lower_
    if tok.text[:1].isupper() and low in countries:
        return countries[low].lower()
    return norm(tok.lemma_)


def gender_of_pronoun(pronoun: str) -> str | None:
    """'m' for he/him/his, 'f' for she/her/hers, else ``None``."""
    return _PRONOUN_GENDER.get(pronoun)


def implied_roles(noun: str) -> frozenset[str]:
    """The role nouns a title or role word stands for, itself included."""
    noun = norm(noun)
    return IMPLIED_ROLES.get(noun, frozenset()) | {noun.rstrip(".")}


def name_key(words: list[str]) -> tuple[str, ...]:
    """A person's name as compared: lower case, one apostrophe, without titles, initials,
    suffixes and a possessive ("Mr. Joseph R. Biden Jr.'s" -> ("joseph", "biden"))."""
    out = []
    for w in words:
        w = norm(w).strip(',;:()"“”')
        if w in ("'s", "'"):
            continue
        for poss in ("'s", "'"):
            if w.endswith(poss) and len(w) > len(poss) + 1:
                w = w[: -len(poss)]
        if not w or w in GENDER_TITLES or w in _SUFFIXES or _INITIAL.match(w):
            continue
        if w.endswith(".") and (w in IMPLIED_ROLES or len(w) <= 5):
            continue  # a title abbreviation: "Rep.", "Dr.", "Gen."
        if not any(c.isalpha() for c in w):
            continue
        out.append(w)
    return tuple(out)


def compatible_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname, and one's given names among the other's ("de blasio" ~ "bill de blasio")."""
    if not a or not b or a[-1] != b[-1]:
        return False
    ga, gb = set(a[:-1]), set(b[:-1])
    return ga <= gb or gb <= ga


@dataclass(frozen=True)
class Role:
    """A role noun the article gives a person ("mayor"), with its modifiers ("new", "york")."""

    noun: str
    modifiers: frozenset[str]
    start: int  # where the name it was given to starts (doc chars)
    sides: frozenset[tuple[str, str]] = frozenset()  # see :func:`sides`


@dataclass
class Person:
    """One person the article names, all its name occurrences together."""

    id: int
    key: tuple[str, ...]  # the fullest name's key
    name: str  # the fullest name as written, without titles ("Loretta E. Lynch")
    first: tuple[int, int, int]  # the first full naming: start, end (doc chars), head token
    roles: list[Role] = field(default_factory=list)
    gender: str | None = None
    votes: dict[str, int] = field(default_factory=dict)  # pronoun evidence: 'm'/'f' -> count
    strong: set[str] = field(default_factory=set)  # titles and gendered nouns: 'm'/'f'

    def role_nouns(self) -> set[str]:
        out: set[str] = set()
        for r in self.roles:
            out |= implied_roles(r.noun)
        return out


@dataclass
class People:
    """The people of one article (see the module docstring); ``by_token``: the person of
    each token of a PERSON entity; ``acronyms``: "IRCC" -> the key of its expansion."""

    people: list[Person] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)
    acronyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: every PERSON entity: start, end (doc chars), the name's head token
    names: list[tuple[int, int, int]] = field(default_factory=list)

    def person_at(self, i: int) -> Person | None:
        """The person whose name token ``i`` is part of."""
        pid = self.by_token.get(i)
        return self.people[pid] if pid is not None else None

    def with_role(
        self,
        noun: str,
        modifiers: frozenset[str],
        *,
        before: int | None = None,
        required: frozenset[str] = frozenset(),
        kinds: frozenset[tuple[str, str]] = frozenset(),
    ) -> Person | None:
        """The person "the <modifiers> <noun>" refers to: the one the article gives that role
        with those modifiers; with none, the only one given that role at all; of several given
        it, the one given it bare ("President Obama" and "Russian President Putin": "the
        president" is Obama). ``None`` when no one or several fit.

        ``before``: only roles given before this offset count (``None``: anywhere, as for a
        headline); ``required``: modifiers the role must carry (a possessor: "the company's
        president" is not President Obama); ``kinds``: the mention's :func:`sides`, which
        must not differ from the role's in a kind both have. "Former" must match either way."""
        former = bool(modifiers & _FORMER)

        def fits(r: Role, mods: frozenset[str] | None) -> bool:
            if before is not None and r.start >= before:
                return False
            if bool(r.modifiers & _FORMER) != former or not required <= r.modifiers:
                return False
            for kind in {k for k, _ in kinds}:
                mine = {w for k, w in kinds if k == kind}
                theirs = {w for k, w in r.sides if k == kind}
                if theirs and not mine & theirs:
                    return False
            if noun == "member":  # "Member of House panel says ..."
                if not _MEMBER_OF & implied_roles(r.noun):
                    return False
            elif noun not in implied_roles(r.noun):
                return False
            return mods is None or mods <= r.modifiers

        holders = [p for p in self.people if any(fits(r, None) for r in p.roles)]
        if len(holders) <= 1:
            return holders[0] if holders else None
        fitting = [p for p in holders if any(fits(r, modifiers) for r in p.roles)]
        if len(fitting) == 1:
            return fitting[0]
        exact = [
            p
            for p in fitting
            if any(fits(r, modifiers) and r.modifiers == modifiers for r in p.roles)
        ]
        return exact[0] if len(exact) == 1 else None


def _entities(doc: Doc, label: str) -> list[list[Token]]:
    """The entities of one label, read from the tokens' IOB tags (``doc.ents`` is rebuilt on
    every access)."""
    out: list[list[Token]] = []
    cur: list[Token] | None = None
    for t in doc:
        if t.ent_iob_ == "B" or (t.ent_iob_ == "I" and cur is None):
            cur = [t] if t.ent_type_ == label else None
            if cur is not None:
                out.append(cur)
        elif t.ent_iob_ == "I" and cur is not None:
            cur.append(t)
        else:
            cur = None
    return out


def _root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])


def _title_words(name: list[Token]) -> list[Token]:
    """The words before a name that belong to its phrase ("Republican presidential nominee",
    "Secretary of State"), from the phrase's left edge, after any determiner or comma."""
    root = _root(name)
    first = name[0].i
    left = root.left_edge.i
    doc = root.doc
    words: list[Token] = []
    for i in range(first - 1, max(left, first - 8) - 1, -1):
        t = doc[i]
        if t.text in (",", "(", ")", ";", ":", "--", "—", "–") or t.text in _QUOTE_MARKS:
            break
        if t.dep_ in ("det", "predet") or t.lower_ in ("the", "a", "an"):
            break
        words.insert(0, t)
    # only the words whose heads lead into the name without leaving the phrase
    ids = {t.i for t in name}
    keep: list[Token] = []
    span = {t.i for t in words} | ids
    for t in words:
        h, ok = t, False
        for _ in range(6):
            if h.head.i == h.i or h.head.i not in span:
                break
            h = h.head
            if h.i in ids:
                ok = True
                break
        if ok:
            keep.append(t)
    return keep


def sides(tokens: list[Token], countries: Mapping[str, str]) -> frozenset[tuple[str, str]]:
    """The parties and places among a role's modifiers, by kind: ("NORP", "democrat"),
    ("GPE", "russia"). Two roles with different sides of one kind are two people ("the
    Democratic nominee" is not "Republican nominee Donald Trump")."""
    out = set()
    for t in tokens:
        if t.ent_type_ == "NORP" and t.lower_ not in countries:
            w = norm(t.lemma_)
            out.add(("NORP", w[:-2] if w.endswith("atic") else w))  # Democratic = Democrat
        elif t.ent_type_ in ("GPE", "NORP"):
            out.add(("GPE", norm_word(t, countries)))
    return frozenset(out)


def of_words(t: Token) -> frozenset[tuple[str, str]]:
    """The words of a role noun's "of" complement, as :func:`sides` of kind "OF": "head of
    the Congressional Black Caucus" is not "the head of the agency"."""
    out = set()
    for prep in t.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for w in (obj, *(c for c in obj.children if c.dep_ == "compound")):
                        if w.lower_ not in ("the", "a", "an"):
                            out.add(("OF", norm(w.lemma_)))
    return frozenset(out)


def _roles_of(
    name: list[Token], countries: Mapping[str, str]
) -> tuple[list[tuple[str, frozenset[str], frozenset[tuple[str, str]]]], set[str]]:
    """The role nouns given to one naming, with modifiers and sides, and the genders its
    titles and role nouns say."""
    roles: list[tuple[str, frozenset[str], frozenset[tuple[str, str]]]] = []
    genders: set[str] = set()
    ids = {t.i for t in name}
    titles = _title_words(name)
    for t in titles + name:
        g = GENDER_TITLES.get(t.lower_)
        if g and t.text[:1].isupper():
            genders.add(g)
    nouns = [
        t
        for t in titles
        if t.pos_ in ("NOUN", "PROPN")
        and t.lower_ not in GENDER_TITLES
        and (t.ent_type_ not in _NOT_ROLE_ENTS or t.lower_ in IMPLIED_ROLES)
        and (t.head.i in ids or t.head.pos_ in ("NOUN", "PROPN"))
        and any(c.isalpha() for c in t.text)
        and not any(c.dep_ == "prep" and c.i < t.i for c in t.children)
    ]
    role_ids = {t.i for t in nouns}
    others = [
        t
        for t in titles
        if t.i not in role_ids
        and not t.is_punct
        and t.pos_ not in ("ADP", "DET", "CCONJ", "PART")
        and t.lower_ not in GENDER_TITLES
    ]
    rest = frozenset(norm_word(t, countries) for t in others)
    for t in nouns:
        # "Secretary of State John Kerry": "State" is the secretary's, not a role of its own
        if t.head.i not in ids and t.head.i in role_ids:
            continue
        roles.append((norm(t.lemma_), rest, sides(others, countries) | of_words(t)))
    root = _root(name)
    # "Bill de Blasio, the mayor," / "Tom Clarke, a nursing home owner"
    for c in root.children:
        if c.dep_ == "appos" and c.i not in ids:
            role = _appos_role(c, countries)
            if role is not None:
                roles.append(role)
    # "the mayor, Bill de Blasio" / "Trump's running mate, Indiana Gov. Mike Pence"
    if root.dep_ == "appos" and root.head.i not in ids and root.head.i < root.i:
        role = _appos_role(root.head, countries)
        if role is not None:
            roles.append(role)
    for noun, _, _ in roles:
        g = role_gender(noun)
        if g is not None:
            genders.add(g)
    return roles, genders


def role_gender(noun: str) -> str | None:
    """The gender a role noun says: 'f' for spokeswoman, wife; 'm' for chairman, husband."""
    if noun in _GENDER_NOUNS["f"] or noun.endswith("woman"):
        return "f"
    if noun in _GENDER_NOUNS["m"] or (noun.endswith("man") and noun not in _NOT_MEN):
        return "m"
    return None


def _appos_role(
    t: Token, countries: Mapping[str, str]
) -> tuple[str, frozenset[str], frozenset[tuple[str, str]]] | None:
    if t.pos_ not in ("NOUN", "PROPN") or not t.is_alpha or t.ent_type_ not in ("", "NORP"):
        return None
    if t.tag_ in ("NNS", "NNPS"):
        return None
    mods = [
        c
        for c in t.children
        if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and not c.is_punct
    ]
    kinds = sides(mods, countries) | of_words(t)
    return norm(t.lemma_), frozenset(norm_word(c, countries) for c in mods), kinds


def _pronoun_after(name: list[Token], person_tokens: set[int]) -> str | None:
    """The gender of the first subject pronoun after a subject name in its sentence, before
    any other name or a quotation mark ("Lynch said she ..." -> 'f')."""
    root = _root(name)
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    sent_end = root.sent.end
    doc = root.doc
    for i in range(name[-1].i + 1, sent_end):
        t = doc[i]
        if t.text in _QUOTE_MARKS or i in person_tokens or t.pos_ == "PROPN":
            return None  # a quote, or another name the pronoun may be
        if t.lower_ in _SUBJECT_PRONOUNS and t.pos_ == "PRON":
            return _PRONOUN_GENDER[t.lower_]
    return None


def read_people(doc: Doc, countries: Mapping[str, str]) -> People:
    """The people, roles, genders and acronyms of one article (see the module docstring)."""
    out = People()
    text = doc_text(doc)
    para = text.find("\n\n", len(text) - len(text.lstrip()))
    lede_end = para if para >= 0 else len(text)
    names = []
    for ent in _entities(doc, "PERSON"):
        while len(ent) > 1 and ent[-1].pos_ in _VERBS:
            ent = ent[:-1]  # "Obama Says ..." in a headline
        key = name_key([t.text for t in ent])
        if key:
            names.append((ent, key))
    person_tokens = {t.i for ent, _ in names for t in ent}
    out.names = [(ent[0].idx, ent[-1].idx + len(ent[-1].text), _root(ent).i) for ent, _ in names]
    # person -> written name -> (in the body, not only the headline; more than a surname;
    # times; -first offset): the name shown is the best of these, in this order
    written: dict[int, dict[str, tuple[int, int, int, int]]] = {}

    def add(n: int, p: Person) -> None:
        ent = names[n][0]
        for t in ent:
            out.by_token[t.i] = p.id
        roles, genders = _roles_of(ent, countries)
        p.roles.extend(Role(noun, mods, ent[0].idx, kinds) for noun, mods, kinds in roles)
        p.strong |= genders
        g = _pronoun_after(ent, person_tokens)
        if g is not None:
            p.votes[g] = p.votes.get(g, 0) + 1
        p.gender = _gender(p)
        w = _written_name(ent)
        if w:
            seen = written.setdefault(p.id, {})
            body, many, c, first = seen.get(w, (0, int(" " in w), 0, -ent[0].idx))
            seen[w] = (max(body, int(ent[0].idx >= lede_end)), many, c + 1, first)

    def new(n: int) -> Person:
        ent, key = names[n]
        p = Person(len(out.people), key, _written_name(ent), _naming_span(ent))
        out.people.append(p)
        return p

    # 1. full names, in order: "Loretta E. Lynch" and "Loretta Lynch" are one
    done: set[int] = set()
    for n, (_, key) in enumerate(names):
        if len(key) < 2:
            continue
        match = [p for p in out.people if compatible_names(key, p.key)]
        if len(match) > 1:
            continue
        p = match[0] if match else new(n)
        if len(key) > len(p.key):
            p.key = key
        add(n, p)
        done.add(n)
    titled: set[int] = set()  # the people called by surname and title
    # 2. a surname with Mr./Mrs./Ms.: the full name of that gender ("Mr. Obama" is not
    # "Michelle Obama"), else a person of its own
    for n, (ent, key) in enumerate(names):
        if n in done or len(key) != 1:
            continue
        g = _title_gender(ent)
        if g is None:
            continue
        match = [p for p in out.people if p.key[-1] == key[0] and p.gender in (None, g)]
        same = [p for p in match if p.gender == g]
        match = same or match
        if len(match) > 1:
            continue
        p = match[0] if match else new(n)
        add(n, p)
        done.add(n)
        titled.add(p.id)
    # 3. a surname alone: the one person of that name, or the one the article calls by the
    # surname with a title ("President Obama" with "Mr. Obama" and "Michelle Obama"); else no
    # one ("Clinton" with "Bill Clinton" and "Hillary Clinton")
    for n, (_, key) in enumerate(names):
        if n in done:
            continue
        match = [p for p in out.people if compatible_names(key, p.key)]
        if len(match) > 1:
            match = [p for p in match if p.id in titled]
            if len(match) != 1:
                continue
        p = match[0] if match else new(n)
        add(n, p)
    # a name only the headline writes counts as more than a surname when the body writes its
    # words too: title case makes names of words ("Derelict Obama and Clinton")
    body_words = set(re.findall(r"[\w'’.-]+", text[lede_end:]))
    for p in out.people:
        forms = written.get(p.id)
        if forms:
            for w, (body, many, c, first) in forms.items():
                if many and not body and not set(w.split()) <= body_words:
                    forms[w] = (body, 0, c, first)
            p.name = max(forms, key=lambda w: (forms[w][1], forms[w]))
    out.acronyms = _acronyms(doc)
    return out


def _title_gender(ent: list[Token]) -> str | None:
    genders = {
        GENDER_TITLES[t.lower_]
        for t in [*_title_words(ent), *ent]
        if t.lower_ in GENDER_TITLES and t.text[:1].isupper()
    }
    return genders.pop() if len(genders) == 1 else None


def _gender(p: Person) -> str | None:
    if len(p.strong) == 1:
        return next(iter(p.strong))
    if p.strong:
        return None
    m, f = p.votes.get("m", 0), p.votes.get("f", 0)
    return "m" if m > f else "f" if f > m else None


def _written_name(ent: list[Token]) -> str:
    words = list(ent)
    while words and (
        words[0].lower_ in GENDER_TITLES
        or words[0].lower_ in ("the", "a", "an")
        or _TITLE_ABBREVIATION.match(words[0].text)  # "Rep.", not "G.K."
    ):
        words = words[1:]
    while words and not words[0].is_alpha and not words[0].text[:1].isalnum():
        words = words[1:]  # "― Jacklyn Ashley"
    while words and (
        words[-1].is_punct or words[-1].lower_ in ("'s", "’s") or words[-1].pos_ in _VERBS
    ):
        words = words[:-1]  # "Obama Says" in a headline
    if not words:
        return ""
    text = doc_text(words[0].doc)
    return text[words[0].idx : words[-1].idx + len(words[-1].text)]


def _naming_span(ent: list[Token]) -> tuple[int, int, int]:
    """The naming with its title words ("Mayor Bill de Blasio"): start, end, head token."""
    titles = _title_words(ent)
    first = titles[0] if titles else ent[0]
    last = ent[-1]
    while last.i > ent[0].i and (last.is_punct or last.lower_ in ("'s", "’s")):
        last = last.doc[last.i - 1]
    root = _root(ent)
    return first.idx, last.idx + len(last.text), root.i


def acronym_letters(text: str) -> str | None:
    """The letters of an acronym ("IRCC", "S.E.C." -> "SEC"), else ``None``."""
    if not _ACRONYM.match(text):
        return None
    return text.replace(".", "").replace("&", "")


def initials(words: list[str], *, with_function_words: bool = False) -> str:
    """The initials of the capitalised words (and, if asked, of the short function words
    between them): "Immigration, Refugees and Citizenship Canada" -> "IRCC"."""
    out = []
    for w in words:
        w = w.strip(",.")
        if not w:
            continue
        if w[:1].isupper():
            out.append(w[0])
        elif with_function_words and w.lower() in _FUNCTION_WORDS:
            out.append(w[0].upper())
    return "".join(out)


def _acronyms(doc: Doc) -> dict[str, tuple[str, ...]]:
    """Acronyms the article spells out before giving them in parentheses: "Immigration,
    Refugees and Citizenship Canada (IRCC)" -> {"IRCC": ("immigration", ..., "canada")}."""
    out: dict[str, tuple[str, ...]] = {}
    for t in doc:
        if t.text != "(" or t.i + 2 >= len(doc) or doc[t.i + 2].text != ")":
            continue
        letters = acronym_letters(doc[t.i + 1].text)
        if letters is None or letters in out:
            continue
        run: list[str] = []
        for i in range(t.i - 1, max(-1, t.i - 16), -1):
            w = doc[i].text
            if w[:1].isupper() or w.lower() in _FUNCTION_WORDS or w == ",":
                run.insert(0, w)
            else:
                break
        # the shortest run that ends before "(" and spells the letters
        for start in range(len(run) - 1, -1, -1):
            words = [w for w in run[start:] if w != ","]
            if not words or not words[0][:1].isupper():
                continue
            if letters in (initials(words), initials(words, with_function_words=True)):
                out[letters] = tuple(norm(w) for w in words if w[:1].isupper())
                break
    return out
