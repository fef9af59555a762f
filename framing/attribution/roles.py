"""Roles: what an article says a speaker is, read from titles, appositions and party tags.

A *role* is a title and, where the text names them, whom it is held for (the *employer*) and a
party. It is read where news writing puts it, never from any word that happens to stand in a
source span:

* the title just before a name: "New Jersey Gov. Chris Christie", "Retired Lt. Gen. Michael
  Flynn", "Trump campaign spokesman Jason Miller" (title "spokesman", employer "Trump
  campaign");
* the role noun of an apposition: "John D. Podesta, a chief of staff to President Bill
  Clinton" is about Podesta's role ("chief of staff", employer "President Bill Clinton"), not
  Clinton's; "the campaign's press secretary, Brian Fallon" the same the other way round;
* a party tag after the name: "(R-S.C.)", "(D)"; a party word just before it ("Democrat
  Charlie King");
* an organisation the person is "at" or "of": "Dan McLaughlin at the National Review";
* elsewhere in the article, also a predicate: "X is the mayor", "Lynch rose ... She occupies
  ... as the attorney general" (a he/she subject of the next sentence);
* where the parser does not attach an apposition, the noun phrase after "NAME," or before
  ", NAME", read by part of speech ("Apple's chief executive, Tim Cook, called ...").

Current titles rank before former ones ("former Secretary of State ..."), and a post at an
organisation no list knows ("Oversight Chairman", "Acme Corp President") gives "other" only
when nothing else the text says gives a type.

A title's type comes from the editable lists in ``resources/speaker_types.yaml`` (each type's
``titles``). Staff roles (``roles.staff``: spokesman, aide, chief of staff ...) and posts
(``roles.posts``: president, director, CEO ...) take the side of their employer when it is
named and its side is known: a campaign spokesman is on the politician side, a State
Department spokesman on the government side, "NAACP President" on the NGO side; the staff of an
office holder (``roles.offices``: "to President Bill Clinton") are appointed officials, so
government. Organisations are typed by their words (:func:`word_type`).

All functions are pure: they read the parsed Doc and the tables built from the resources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from framing.nlp import doc_text, sentence_starts
from framing.resources import SpeakerTypes

Words = tuple[str, ...]

# a party tag right after a name: "(R-S.C.)", "(D-Calif.)", "(R)", "(I-Vt.)"
_PARTY_TAG = re.compile(r"\s*\(([RDI])(?:-[^()\n]{1,30})?\)")
# honorifics carry no role: "Mr. Trump", "Ms. Wahl"
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam", "madame"}
# the parts of a noun phrase that are not its role: "X, who ...", "X, 56,", "X and Y"
_CLAUSES = {"relcl", "acl", "advcl", "parataxis", "appos", "conj", "cc"}
# prepositions that name an employer: "spokesman for", "director of", "editor at", "chief of
# staff to", "top Democrat on the committee", "analyst with"
_EMPLOYER_PREPS = {"for", "of", "at", "to", "with", "on", "from"}
# the person "at" or "of" an organisation, with no title: "Dan McLaughlin at the National Review"
_MEMBER_PREPS = {"of", "at", "with", "from"}
# places are where a role is held, not whom for ("Gov. X of West Virginia"); numbers and dates
# are no employer either ("9/11 widow")
_NOT_EMPLOYERS = {"GPE", "LOC", "NORP", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}
# tokens that end a title written before a name
_STOP = {",", ";", ":", "(", ")", '"', "“", "”", "—", "--", "–", "|"}


def words_of(text: str) -> Words:
    """A phrase from the data files as the words it is matched by, the way the tokenizer cuts
    them: lower case, without dots, split at hyphens ("Lt. Gen." -> ("lt", "gen"), "U.N." ->
    ("un",), "co-founder" -> ("co", "founder"))."""
    text = text.lower().replace(".", "").replace("’", "'")
    return tuple(w for w in re.split(r"[\s\-]+", text) if w)


def word_of(tok: Token) -> str:
    """A token as a matching word; "" for a dot or hyphen the tokenizer split off ("Lt", ".")."""
    return _word(tok.lower_)


@lru_cache(maxsize=1 << 16)
def _word(lower: str) -> str:
    return re.sub(r"[.\-]", "", lower).replace("’", "'")


_WORDS_KEY = ("framing", "role_words")


def _word_index(doc: Doc) -> Mapping[str, list[int]]:
    """Every matching word of a Doc -> the indices of its tokens, computed once per Doc and
    kept on it (``doc.user_data``), so finding a name's other mentions reads no other token."""
    index = doc.user_data.get(_WORDS_KEY)
    if index is None:
        index = {}
        for t in doc:
            index.setdefault(word_of(t), []).append(t.i)
        doc.user_data[_WORDS_KEY] = index
    return index


@dataclass(frozen=True)
class RoleTables:
    """The lists of ``speaker_types.yaml`` as word tuples, built once per speaker typing."""

    order: tuple[str, ...]  # the types in precedence order, then "other"
    words: Mapping[str, tuple[Words, ...]]  # each type's ``words``, in order
    fallback: Mapping[str, tuple[Words, ...]]  # each type's ``fallback`` words, in order
    titles: Mapping[Words, str]  # a title -> its own type (the first type in order listing it)
    staff: frozenset[Words]
    posts: frozenset[Words]
    offices: frozenset[Words]
    spokespeople: frozenset[Words]
    former: frozenset[str]
    qualifiers: frozenset[str]  # words of a title that name no employer ("interim", "top")
    works_for: frozenset[str]  # verbs of leading or representing one ("heads", "represents")
    serves_as: frozenset[str]  # verbs of holding a post ("served as ambassador")
    parties: Mapping[str, str]  # a party word or tag letter -> the party
    names: Mapping[Words, str]  # a full name -> its type (the last-resort ``names`` lists)
    longest: int  # the most words of a title

    @classmethod
    def of(cls, speaker_types: SpeakerTypes) -> RoleTables:
        order, rules = speaker_types
        types = (*order, "other")
        titles: dict[Words, str] = {}
        names: dict[Words, str] = {}
        for typ in types:
            for t in rules.get(typ, {}).get("titles", []):
                titles.setdefault(words_of(t), typ)
            for n in rules.get(typ, {}).get("names", []):
                names.setdefault(words_of(n), typ)
        roles = rules.get("roles", {})

        def table(key: str) -> frozenset[Words]:
            return frozenset(words_of(t) for t in roles.get(key, []))

        # the party names keep the case the YAML writes them in (they are mapping keys)
        parties = {w: party for party, ws in rules.get("parties", {}).items() for w in ws}
        staff, posts = table("staff"), table("posts")
        kinds = [t for t in order if t not in ("anonymous", "document")]

        def lists(key: str) -> dict[str, tuple[Words, ...]]:
            return {t: tuple(words_of(w) for w in rules.get(t, {}).get(key, [])) for t in kinds}

        return cls(
            types,
            lists("words"),
            lists("fallback"),
            titles,
            staff,
            posts,
            table("offices"),
            table("spokespeople"),
            frozenset(w for f in roles.get("former", []) for w in words_of(f)),
            frozenset(w for f in roles.get("qualifiers", []) for w in words_of(f)),
            frozenset(roles.get("works_for", [])),
            frozenset(roles.get("serves_as", [])),
            parties,
            names,
            max((len(w) for w in (*titles, *staff, *posts)), default=1),
        )

    def is_title(self, words: Words) -> bool:
        return words in self.titles or words in self.staff or words in self.posts


@dataclass(frozen=True)
class Role:
    """A role of a person as the text gives it."""

    kind: str  # "title", "party" (a tag or party word alone) or "member" ("X at ORG")
    title: str  # as written: "Lt. Gen.", "press secretary", "(R-S.C.)", ""
    words: Words  # the title's matching words; () for a party or a member role
    employer: tuple[Token, ...]  # whom it is held for, as written; () when not named
    party: str | None  # the party a tag or a party word names
    former: bool  # "former Secretary of State ..."

    @property
    def employer_text(self) -> str:
        """The employer as written, without a leading determiner, a closing possessive or the
        title of a person ("President Bill Clinton" -> "Bill Clinton")."""
        return phrase_text(self.employer)


def phrase_text(tokens: Sequence[Token]) -> str:
    """A phrase as the text writes it, without a leading determiner or title, or a closing
    possessive or punctuation ("the Donald Trump's" -> "Donald Trump")."""
    toks = list(tokens)
    while toks and (
        toks[0].pos_ == "DET"
        or toks[0].is_punct
        or toks[0].tag_ == "PRP$"
        or (toks[0].pos_ == "ADJ" and toks[0].is_lower)  # "the libertarian Cato Institute"
    ):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS" or toks[-1].dep_ == "case"):
        toks = toks[:-1]
    if toks and toks[-1].ent_type_ == "PERSON" and toks[0].ent_type_ != "PERSON":
        person = [t for t in toks if t.ent_type_ == "PERSON"]
        if person == toks[len(toks) - len(person) :]:
            toks = person  # a titled person: the name
    if not toks:
        return ""
    doc = toks[0].doc
    return doc_text(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


# --- titles -------------------------------------------------------------------------------


def find_title(
    tables: RoleTables, tokens: Sequence[Token], *, cover: Token | None = None, at_end: bool = False
) -> tuple[int, int] | None:
    """The longest title among ``tokens``, as a (start, end) range into them: one that covers
    the token ``cover``, or that ends with the last word when ``at_end``."""
    kept = [k for k, t in enumerate(tokens) if word_of(t)]
    words = [word_of(tokens[k]) for k in kept]
    best: tuple[int, int] | None = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + tables.longest) + 1):
            if at_end and j != len(words):
                continue
            lo, hi = tokens[kept[i]].i, tokens[kept[j - 1]].i
            if cover is not None and not lo <= cover.i <= hi:
                continue
            key = tuple(words[i:j])
            lemma = (*key[:-1], tokens[kept[j - 1]].lemma_.lower())  # "aides" -> "aide"
            if (tables.is_title(key) or tables.is_title(lemma)) and (
                best is None or j - i > best[1] - best[0]
            ):
                best = (i, j)
    if best is None:
        return None
    return kept[best[0]], kept[best[1] - 1] + 1


def _title_words(tokens: Sequence[Token], tables: RoleTables | None = None) -> Words:
    """A title's matching words; with ``tables``, the last one as its lemma where only that is
    a title ("aides" -> "aide")."""
    words = tuple(w for w in (word_of(t) for t in tokens) if w)
    if tables is not None and words and not tables.is_title(words):
        last = next(t for t in reversed(tokens) if word_of(t))
        lemma = (*words[:-1], last.lemma_.lower())
        if tables.is_title(lemma):
            return lemma
    return words


def _strip(tokens: list[Token], tables: RoleTables) -> list[Token]:
    """A name without the titles and honorifics the entity recogniser sometimes puts in it."""
    while tokens:
        if word_of(tokens[0]) in _HONORIFICS or not word_of(tokens[0]):
            tokens = tokens[1:]
            continue
        lead = find_title(tables, tokens[:-1], cover=tokens[0]) if len(tokens) > 1 else None
        if lead is None or lead[0] != 0:
            break
        tokens = tokens[lead[1] :]
    return tokens


def name_tokens(tok: Token, tables: RoleTables) -> list[Token]:
    """The name whose head word is ``tok``: its PERSON entity, else the proper nouns that
    compound into it ("Lindsey Graham"), without titles or honorifics."""
    doc = tok.doc
    if tok.ent_type_ == "PERSON":
        s = tok.i  # the name ends at its head: "Obama Says" is one PERSON in a headline
        while s > 0 and doc[s].ent_iob_ == "I":
            s -= 1
        return _strip(list(doc[s : tok.i + 1]), tables) or [tok]
    s = tok.i
    while s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].head.i in range(s, tok.i + 1):
        s -= 1
    return _strip(list(doc[s : tok.i + 1]), tables) or [tok]


def clause_free(tok: Token) -> list[Token]:
    """``tok``'s phrase without its clauses, appositions and conjuncts."""
    drop: set[int] = set()
    for c in tok.children:
        if c.dep_ in _CLAUSES:
            drop.update(x.i for x in c.subtree)
    return [t for t in tok.subtree if t.i not in drop]


def _employer_run(tokens: Sequence[Token], tables: RoleTables) -> tuple[Token, ...]:
    """The employer among a title's modifiers ("Trump campaign" of "Trump campaign
    spokesman"): the last run of nouns that are not places, parties or "former"."""
    run: list[Token] = []
    for k, t in enumerate(tokens):
        w = word_of(t)
        keep = (
            t.pos_ in ("NOUN", "PROPN") or t.tag_ == "POS" or (t.ent_type_ == "ORG" and bool(w))
        ) and t.ent_type_ not in _NOT_EMPLOYERS
        # a party word names the party, unless it starts a name ("Democratic National ...")
        starts_name = k + 1 < len(tokens) and tokens[k + 1].pos_ == "PROPN"
        keep = keep and (w not in tables.parties or (t.pos_ == "PROPN" and starts_name))
        keep = keep and w not in tables.former and w not in tables.qualifiers
        keep = keep and w not in _HONORIFICS
        if keep:
            run.append(t)
        elif w:
            run = []
    while run and run[0].tag_ == "POS":
        run = run[1:]
    return tuple(run)


def _party_in(tokens: Sequence[Token], tables: RoleTables) -> str | None:
    for t in tokens:
        w = word_of(t)
        if len(w) > 1 and w in tables.parties:
            return tables.parties[w]
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def noun_phrase(tok: Token, lo: int = 0, hi: int | None = None) -> tuple[Token, ...]:
    """``tok``'s noun phrase without what follows it, unless that is part of the same name:
    "the libertarian Cato Institute" of "... at the libertarian Cato Institute in Washington",
    "the Institute for Policy Integrity", "the campaign" of "to the campaign on tax issues"."""
    doc = tok.doc
    hi = len(doc) if hi is None else hi
    start = min((x.i for c in tok.lefts for x in c.subtree), default=tok.i)
    end = tok.i + 1
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return tuple(doc[max(start, lo) : min(end, hi)])


def role_at(tables: RoleTables, head: Token, lo: int, hi: int) -> Role | None:
    """The role whose noun is ``head`` (an apposition, a predicate): its title must hold
    ``head`` itself, not just any word of the phrase; tokens outside [lo, hi) are not read."""
    phrase = [t for t in clause_free(head) if lo <= t.i < hi]
    found = find_title(tables, phrase, cover=head)
    if found is None:
        party = tables.parties.get(word_of(head)) if len(word_of(head)) > 1 else None
        if party is not None and head.tag_ in ("NN", "NNP"):  # "the top Democrat on ..."
            return Role("party", head.text, (), (), party, False)
        return None
    a, b = found
    title = phrase[a:b]
    title_ids = {t.i for t in title}
    before = phrase[:a]
    employer: tuple[Token, ...] = ()
    for t in title:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in _EMPLOYER_PREPS and c.i > title[-1].i:
                obj = _pobj(c)
                if obj is None or obj.i in title_ids or obj.ent_type_ in _NOT_EMPLOYERS:
                    continue
                emp = noun_phrase(obj, lo, hi)
                if emp and (not employer or (is_named(emp) and not is_named(employer))):
                    employer = emp
    if not employer:
        for t in title:
            poss = next((c for c in t.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if poss is not None and poss.ent_type_ not in _NOT_EMPLOYERS:
                employer = tuple(x for x in poss.subtree if lo <= x.i < hi and x.dep_ != "case")
                break
    if not employer:
        employer = _employer_run(before, tables)
    words = _title_words(title, tables)
    party = _party_in([*before, *title], tables)
    former = any(word_of(t) in tables.former for t in before)
    text = "".join(t.text_with_ws for t in title).strip()
    return Role("title", text, words, employer, party, former)


def _prefix(name: list[Token], lo: int, *, linear: bool = False) -> list[Token]:
    """The words just before a name that belong to its noun phrase ("New Jersey Gov."); with
    ``linear``, the nouns, adjectives and "of"s just before it whatever the parse says (it
    misreads "by Speaker of the House Newt Gingrich's inclusion")."""
    doc = name[0].doc
    root = name[-1]
    while root.head.i != root.i and root.head in name:
        root = root.head
    inside = {t.i for t in root.subtree}
    j = name[0].i - 1
    lo = max(lo, sentence_starts(doc)[name[0].i])  # not "single parents. Trump would"
    out: list[Token] = []
    while j >= lo and doc[j].text not in _STOP and len(out) < 8:
        t = doc[j]
        nominal = t.pos_ in ("PROPN", "NOUN", "ADJ", "DET") or t.lower_ == "of" or not word_of(t)
        if not (j in inside or (linear and nominal)):
            break
        out.append(t)
        j -= 1
    out.reverse()
    while out and out[0].pos_ == "DET":
        out = out[1:]
    return out


def roles_at(tables: RoleTables, head: Token, lo: int = 0, hi: int | None = None) -> list[Role]:
    """The roles the text gives the person named at ``head`` (a name's head word) within the
    doc's tokens [lo, hi): the title before the name, a party tag after it, the role nouns
    of its appositions, an organisation it is "at" or "of"."""
    doc = head.doc
    hi = len(doc) if hi is None else hi
    name = name_tokens(head, tables)
    out: list[Role] = []
    before = _prefix(name, lo)
    found = find_title(tables, before, at_end=True) if before else None
    if found is None:
        before = _prefix(name, lo, linear=True)
        found = find_title(tables, before, at_end=True) if before else None
    for k in (1, 2):  # a first name the entity recogniser left out: "President Barack" Obama
        if found is None and len(before) > k and all(t.pos_ == "PROPN" for t in before[-k:]):
            found = find_title(tables, before[:-k], at_end=True)
    if found is not None:
        a, b = found
        title = before[a:b]
        out.append(
            Role(
                "title",
                "".join(t.text_with_ws for t in title).strip(),
                _title_words(title, tables),
                _employer_run(before[:a], tables),
                _party_in(before, tables),
                any(word_of(t) in tables.former for t in before[:a]),
            )
        )
    elif before and word_of(before[-1]) in tables.parties and len(word_of(before[-1])) > 1:
        party = tables.parties[word_of(before[-1])]
        out.append(Role("party", before[-1].text, (), (), party, False))
    end = name[-1].idx + len(name[-1].text)
    tag = _PARTY_TAG.match(doc_text(doc), end)
    if tag and (tag.end() <= doc[hi - 1].idx + len(doc[hi - 1].text)):
        party = tables.parties.get(tag.group(1).lower())
        if party is not None:
            out.append(Role("party", tag.group(0).strip(), (), (), party, False))
    # appositions after the name, or the name as the apposition of a role noun before it
    ids = {t.i for t in name}
    for t in name:
        for c in t.children:
            if c.dep_ == "appos" and c.i not in ids and lo <= c.i < hi:
                role = role_at(tables, c, lo, hi)
                if role is not None:
                    out.append(role)
            if c.dep_ == "appos" and c.i not in ids and lo <= c.i < hi:
                for conj in c.conjuncts:  # "a developer and spokeswoman for X"
                    role = role_at(tables, conj, lo, hi) if lo <= conj.i < hi else None
                    if role is not None:
                        out.append(role)
                of = next((x for x in c.children if x.dep_ == "prep" and x.lower_ == "of"), None)
                obj = _pobj(of) if c.lower_ == "one" and of is not None else None
                if obj is not None and lo <= obj.i < hi:  # "one of the president's aides"
                    role = role_at(tables, obj, lo, hi)
                    if role is not None:
                        out.append(role)
            if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPS and c.i > name[-1].i:
                obj = _pobj(c)
                if obj is not None and obj.ent_type_ == "ORG" and lo <= obj.i < hi:
                    out.append(Role("member", "", (), noun_phrase(obj, lo, hi), None, False))
            if c.dep_ == "poss" and c.i < name[0].i and c.ent_type_ == "ORG" and lo <= c.i:
                emp = tuple(x for x in c.subtree if lo <= x.i < hi and x.dep_ != "case")
                out.append(Role("member", "", (), emp, None, False))  # "NBC's Dante Chinni"
            if c.dep_ == "relcl" and lo <= c.i < hi:  # "X, who served as ambassador to Burma"
                subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and subj.lower_ in ("who", "that"):
                    out.extend(_predicate_roles(tables, subj, lo, hi))
    root = name[-1]
    if root.dep_ == "appos" and root.head.i < name[0].i and lo <= root.head.i:
        role = role_at(tables, root.head, lo, hi)
        if role is not None:
            out.append(role)
    if not any(r.kind == "title" for r in out):  # the parser missed an apposition
        for role in (_apposition_after(tables, name, hi), _apposition_before(tables, name, lo)):
            if role is not None:
                out.append(role)
    return out


# words between a name and its apposition's noun: "X, who is now the ...", "X, also a ..."
_APPOS_SKIP = {"who", "is", "was", "has", "had", "been", "now", "currently", "also", "then"}


def _linear_phrase(tokens: Sequence[Token]) -> list[Token]:
    """The noun phrase that ``tokens`` start with, read by part of speech: up to a verb, a
    relative pronoun, "and", or punctuation other than a possessive."""
    out: list[Token] = []
    for t in tokens:
        if t.text in _STOP or t.pos_ in ("VERB", "AUX") or t.lower_ in ("who", "which", "that"):
            break
        if t.lower_ in ("and", "or", "but") or len(out) >= 12:
            break
        out.append(t)
    return out


def _one_person(phrase: Sequence[Token], title: Sequence[Token]) -> bool:
    """Whether a title can be one person's: singular ("the debate moderators, Donald Trump"
    is no apposition), or "one of" a plural ("one of the family's attorneys, Justin Bamberg")."""
    return title[-1].tag_ not in ("NNS", "NNPS") or phrase[0].lower_ == "one"


def _apposition_after(tables: RoleTables, name: list[Token], hi: int) -> Role | None:
    """An apposition after a name read by part of speech, where the parse does not attach it:
    "Ban Ki-moon, the secretary general of the United Nations, vowed ...", "John Kerry, who is
    now his secretary of state": the longest title that ends the noun phrase or comes before
    its preposition; the preposition's object is the employer."""
    doc = name[0].doc
    j = name[-1].i + 1
    if j >= hi or doc[j].text != ",":
        return None
    j += 1
    while j < hi and doc[j].lower_ in _APPOS_SKIP:
        j += 1
    phrase = _linear_phrase(doc[j:hi])
    best: tuple[int, int, int] | None = None  # (words, start, end) in phrase
    for k in range(len(phrase)):
        nxt = phrase[k + 1] if k + 1 < len(phrase) else None
        if nxt is not None and nxt.pos_ != "ADP":
            continue
        found = find_title(tables, phrase[: k + 1], at_end=True)
        if found is not None and (best is None or found[1] - found[0] > best[0]):
            best = (found[1] - found[0], found[0], found[1])
    if best is None:
        return None
    _, a, b = best
    title, before, after = phrase[a:b], phrase[:a], phrase[b:]
    if not _one_person(phrase, title):
        return None
    employer: tuple[Token, ...] = ()
    if after and after[0].lower_ in _EMPLOYER_PREPS:
        emp: list[Token] = []
        for t in after[1:]:  # "the United Nations", not "... in Mexico City"
            if t.pos_ == "ADP" and t.lower_ != "of":
                break
            emp.append(t)
        names = [t for t in emp if t.text[:1].isupper()]
        if emp and not (names and all(t.ent_type_ in _NOT_EMPLOYERS for t in names)):
            employer = tuple(emp)
    if not employer:
        employer = _employer_run(before, tables)
    return Role(
        "title",
        "".join(t.text_with_ws for t in title).strip(),
        _title_words(title, tables),
        employer,
        _party_in([*before, *title], tables),
        any(word_of(t) in tables.former for t in before),
    )


def _apposition_before(tables: RoleTables, name: list[Token], lo: int) -> Role | None:
    """A title in a noun phrase before a name and a comma, read by part of speech: "Apple's
    chief executive, Tim Cook, called ..." (not "his sister, X": a relation to someone else)."""
    doc = name[0].doc
    j = name[0].i - 1
    lo = max(lo, sentence_starts(doc)[name[0].i])
    if j - 1 < lo or doc[j].text != ",":
        return None
    phrase: list[Token] = []
    k = j - 1
    while k >= lo and len(phrase) < 10:
        t = doc[k]
        if t.text in _STOP or t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADP" and t.lower_ != "of"):
            break
        if t.lower_ in ("who", "which", "that", "and", "or", "but"):
            break
        phrase.append(t)
        k -= 1
    phrase.reverse()
    if not phrase or phrase[0].tag_ == "PRP$":
        return None
    found = find_title(tables, phrase, at_end=True)
    if found is None:
        return None
    a, b = found
    title, before = phrase[a:b], phrase[:a]
    if not _one_person(phrase, title):
        return None
    return Role(
        "title",
        "".join(t.text_with_ws for t in title).strip(),
        _title_words(title, tables),
        _employer_run(before, tables),
        _party_in([*before, *title], tables),
        any(word_of(t) in tables.former for t in before),
    )


def _predicate_roles(
    tables: RoleTables, subj: Token, lo: int = 0, hi: int | None = None
) -> list[Role]:
    """Roles of a subject given by its verb: "X is the mayor", "X served as ambassador", "X
    heads the Center for ..." (``roles.works_for``: the organisation is the employer)."""
    if subj.dep_ not in ("nsubj", "nsubjpass"):
        return []
    hi = len(subj.doc) if hi is None else hi
    verb = subj.head
    out: list[Role] = []
    for c in verb.children:
        if not lo <= c.i < hi:
            continue
        target = None
        if c.dep_ == "attr" and verb.lemma_ == "be":
            target = c
        elif c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i:  # not "As a student, X said"
            if verb.lemma_.lower() in tables.serves_as:  # "served as", not "charged ... as"
                target = _pobj(c)
        elif c.dep_ == "dobj" and verb.lemma_.lower() in tables.works_for and is_named([c]):
            out.append(Role("member", "", (), noun_phrase(c, lo, hi), None, False))
        if target is not None and lo <= target.i < hi:
            role = role_at(tables, target, lo, hi)
            if role is not None:  # "who served as ambassador" is a past role
                out.append(replace(role, former=role.former or verb.tag_ in ("VBD", "VBN")))
    return out


def _same_name(a: list[Token], b: list[Token]) -> bool:
    """Two names of one person: the same last word, and the same first word when both give
    one ("Clinton" = "Hillary Clinton" != "Bill Clinton")."""
    if word_of(a[-1]).removesuffix("’s").removesuffix("'s") != word_of(b[-1]):
        return False
    return len(a) < 2 or len(b) < 2 or word_of(a[0]) == word_of(b[0])


def roles_in_doc(tables: RoleTables, head: Token) -> list[Role]:
    """The roles of the person named at ``head`` wherever the article names them (by the last
    word of the name, first names agreeing), in text order; and the predicate of a he/she
    that opens the next sentence after a sentence whose subject is the person."""
    doc = head.doc
    name = name_tokens(head, tables)
    last = word_of(name[-1])
    starts = sentence_starts(doc)
    out: list[Role] = []
    for i in _word_index(doc).get(last, []):
        t = doc[i]
        if not (t.text[:1].isupper() or t.pos_ == "PROPN"):
            continue  # "moon" of "Ban Ki-moon" is a name too
        if not _same_name(name, name_tokens(t, tables)):
            continue
        out.extend(roles_at(tables, t))
        out.extend(_predicate_roles(tables, t))
        if t.dep_ == "nsubj" and t.head.dep_ == "ROOT":
            nxt = t.head.i + 1
            while nxt < len(doc) and starts[nxt] == starts[t.i]:
                nxt += 1
            for u in doc[nxt : nxt + 12]:
                if starts[u.i] != nxt:
                    break
                if u.dep_ == "nsubj" and u.lower_ in ("he", "she"):
                    out.extend(_predicate_roles(tables, u))
                    break
    return out


# --- types --------------------------------------------------------------------------------


def _phrase_in(words: list[str], phrase: str) -> bool:
    return f" {phrase} " in " " + " ".join(words) + " "


def _contains(words: Sequence[str], entry: Words) -> bool:
    n = len(entry)
    return any(tuple(words[i : i + n]) == entry for i in range(len(words) - n + 1))


def word_type(tables: RoleTables, tokens: Sequence[Token], head: Token | None) -> str | None:
    """The type an organisation's or a group's words give ("the Clinton campaign",
    "Republican National Committee", "a State Department spokesman"): the longest ``words``
    entry that ends at the head word (ties: the first type in order), then the first type
    whose words appear anywhere, then the ``fallback`` words (generic nouns: "group").
    Words are matched as written and as lemmas ("troops", "troop")."""
    kept = [t for t in tokens if word_of(t)]
    low = [word_of(t) for t in kept]
    lem = [t.lemma_.lower().replace(".", "") for t in kept]
    if head is not None and head in kept:
        k = kept.index(head)
        best, best_len = None, 0
        for typ, entries in tables.words.items():
            for entry in entries:
                n = len(entry)
                if best_len < n <= k + 1 and entry in (
                    tuple(low[k + 1 - n : k + 1]),
                    tuple(lem[k + 1 - n : k + 1]),
                ):
                    best, best_len = typ, n
        if best is not None:
            return best
    grams = {
        tuple(ws[i : i + n]) for ws in (low, lem) for n in (1, 2, 3, 4) for i in range(len(ws))
    }
    for table in (tables.words, tables.fallback):
        for typ, entries in table.items():
            if any(
                e in grams if len(e) <= 4 else _contains(low, e) or _contains(lem, e)
                for e in entries
            ):
                return typ
    return None


def is_named(tokens: Sequence[Token]) -> bool:
    """Whether a phrase holds a name ("Trump campaign", "the State Department"), not only
    common nouns ("the campaign"): a word written with a capital, other than a determiner."""
    return any(t.pos_ != "DET" and t.text[:1].isupper() for t in tokens)


def is_org_word(tables: RoleTables, tok: Token) -> bool:
    """Whether a word names a kind of organisation or group in some type's ``words`` or
    ``fallback`` ("Committee", "Times", "campaign"): such a head is no person's name."""
    forms = {(word_of(tok),), (tok.lemma_.lower().replace(".", ""),)}
    return any(forms & set(e) for table in (tables.words, tables.fallback) for e in table.values())


def known_name(tables: RoleTables, name: Sequence[Token]) -> str | None:
    """The type of a name in the last-resort ``names`` lists: the same last word, and the same
    first word when the text gives one ("Luis Rubio" is not "Marco Rubio")."""
    words = [word_of(t) for t in name if word_of(t)]
    for key, typ in tables.names.items():
        if words and key[-1] == words[-1] and (len(words) < 2 or key[0] == words[0]):
            return typ
    return None


def _root(tokens: Sequence[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)


def employer_type(tables: RoleTables, role: Role, depth: int = 0) -> str | None:
    """The side of whom a role is held for: an office holder's staff are government ("chief of
    staff to President Bill Clinton"), a titled person's the title's type, an organisation its
    words' type, a person named alone their own role's type in the article."""
    emp = role.employer
    root = _root(emp)
    if root is None:
        return None
    staff = role.words in tables.staff
    last = _title_words(emp)
    if staff and any(last[-n:] in tables.offices for n in range(1, min(3, len(last)) + 1)):
        return "government"  # "one of the president's closest aides"
    named = root.pos_ == "PROPN" or root.ent_type_ in ("PERSON", "ORG") or root.text[:1].isupper()
    if named:
        name = name_tokens(root, tables)
        before = _prefix(name, emp[0].i)
        found = find_title(tables, before, at_end=True) if before else None
        if found is not None:
            words = _title_words(before[found[0] : found[1]])
            if staff and words in tables.offices:
                return "government"
            if words in tables.titles:
                return tables.titles[words]
    typ = word_type(tables, emp, root)
    if typ is not None:
        return typ
    if depth == 0 and named:
        typ, _ = person_type(tables, roles_in_doc(tables, root), depth=depth + 1)
        return typ or known_name(tables, name_tokens(root, tables))
    return None


def role_type(tables: RoleTables, role: Role, depth: int = 0, *, weak: bool = False) -> str | None:
    """The type a role gives: a staff role's or a post's is its employer's side where that is
    known, else the title's own (a bare "aide" has none); a party alone makes a politician.
    ``weak``: a post at a named organisation no list knows is "other" ("Acme Corp
    President"), where otherwise the role gives no type."""
    if role.kind == "party":
        return "politician"
    own = tables.titles.get(role.words)
    relational = role.kind == "member" or role.words in tables.staff or role.words in tables.posts
    if relational and role.employer:
        side = employer_type(tables, role, depth)
        if side is not None:
            return side
        if is_named(role.employer) and role.kind != "member":
            # a named side no list knows ("Acme Corp President", "a lawyer at Bailey &
            # Glasser"): a post there is "other", a staff role keeps its own type, both only
            # when nothing else the text says gives a type
            if not weak:
                return None
            return "other" if role.words in tables.posts else own
    return own


def person_type(
    tables: RoleTables, roles: Sequence[Role], depth: int = 0
) -> tuple[str | None, Role | None]:
    """The first of ``roles`` that gives a type, current titles before former ones, and a
    post at an organisation no list knows last ("Oversight Chairman X (R-Utah)" is the
    politician the party tag says)."""
    for weak in (False, True):
        for former in (False, True):
            for role in roles:
                if role.former != former:
                    continue
                typ = role_type(tables, role, depth, weak=weak)
                if typ is not None:
                    return typ, role
    return None, None


def transcript_host(doc: Doc, label: str) -> bool:
    """Whether ``label`` ("WALLACE") asks the questions of a transcript: the text has turns of
    at least two speakers written "NAME: ...", and most of this one's turns hold a question."""
    turns: dict[str, list[str]] = {}
    for m in re.finditer(r"^\W{0,2}([A-Z][A-Z.'\- ]{1,30}):(.*)$", doc_text(doc), re.M):
        turns.setdefault(m.group(1).strip(), []).append(m.group(2))
    mine = turns.get(label.strip(), [])
    return len(turns) >= 2 and len(mine) >= 2 and 2 * sum("?" in t for t in mine) >= len(mine)
