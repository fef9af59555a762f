"""Framing lexicons: YAML files of categories and terms, read with line numbers, validated,
imported from LIWC ``.dic`` and quanteda YAML dictionaries, and matched on the one parse.

Format (one file per lexicon)::

    name: nagorno-karabakh
    version: 1
    language: en
    scope: topic            # optional: general (default) or topic
    description: ...
    sources: ...            # optional: where the terms come from, caveats
    categories:
      occupation_frame:
        description: ...
        terms: [occupied, occupation, "illegal occupation", liberat*,
                {term: Upper Karabakh, weight: 2, note: Azerbaijani usage}]

Terms are case-insensitive; a single word matches its lemma or its form; ``*`` at the end of a
word is a prefix wildcard; several words make a phrase.

``scope``: a *general* lexicon (hedging, policy frames) reads sensibly on any news, and the
bundled general ones are scored by default; a *topic* lexicon (``nagorno-karabakh``) is made for
one subject's coverage, where its terms carry its meaning ("terrorism" in US election news is no
side's delegitimizing of the other), so it is scored only when named (:func:`load_lexicons`).

Bounds (a lexicon file is data from anywhere): YAML aliases (``*name``) are refused, since an
alias repeats a whole node and a few hundred bytes of them expand to billions of terms ("billion
laughs"); a lexicon holds at most :data:`MAX_TERMS` terms, a term in two categories counting
twice (the largest dictionaries in use, LIWC and the NRC lexicons, hold tens of thousands; a
200,000-term lexicon takes about 9 s to build its matcher in each process, measured on 2 busy
cores).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from framing.errors import FramingError, UsageError

#: a lexicon's ``scope:``; only ``general`` bundled lexicons are scored by default
SCOPES = ("general", "topic")
#: the ``--lexicon`` names that are no lexicon: every default lexicon, and none
DEFAULTS_NAME = "defaults"
NONE_NAME = "none"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
CATEGORY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: the most terms one lexicon may hold, whatever its format
MAX_TERMS = 250_000
ALIASES_REFUSED = (
    "YAML aliases (*name) are not allowed in a lexicon: write the terms out (an alias repeats "
    "a whole list, and a few of them expand to billions of terms)"
)


class LexiconError(FramingError):
    """A lexicon file that cannot be used; the message names the file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Term:
    text: str
    weight: float = 1.0
    note: str | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        return " ".join(self.text.lower().split())


@dataclass
class Category:
    name: str
    description: str = ""
    terms: list[Term] = field(default_factory=list)
    line: int | None = None


@dataclass
class Lexicon:
    name: str
    version: str
    language: str = "en"
    description: str = ""
    sources: str = ""
    categories: dict[str, Category] = field(default_factory=dict)
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    scope: str = "general"

    def to_dict(self) -> dict[str, Any]:
        """The YAML form (terms with weight or note as mappings)."""
        cats: dict[str, Any] = {}
        for c in self.categories.values():
            terms: list[Any] = []
            for t in c.terms:
                if t.weight != 1.0 or t.note:
                    d: dict[str, Any] = {"term": t.text}
                    if t.weight != 1.0:
                        d["weight"] = t.weight
                    if t.note:
                        d["note"] = t.note
                    terms.append(d)
                else:
                    terms.append(t.text)
            cats[c.name] = {"description": c.description, "terms": terms}
        out: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "language": self.language,
        }
        if self.scope != "general":
            out["scope"] = self.scope
        out["description"] = self.description
        if self.sources:
            out["sources"] = self.sources
        out["categories"] = cats
        return out

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            self.to_dict(), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
        )

    @property
    def n_terms(self) -> int:
        return sum(len(c.terms) for c in self.categories.values())


# --------------------------------------------------------------------------- reading


class _AliasFound(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("alias")
        self.problem_mark = mark


class SafeNoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases as it composes (before anything expands)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def yaml_error(exc: BaseException, path: str) -> LexiconError:
    """A :class:`LexiconError` for what PyYAML raised (an alias, bad syntax, a too deep
    nesting), with the line where it can tell."""
    if isinstance(exc, RecursionError):
        return LexiconError(path, None, "not valid YAML: nested too deeply")
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, _AliasFound):
        return LexiconError(path, line, ALIASES_REFUSED)
    problem = getattr(exc, "problem", None) or str(exc)
    return LexiconError(path, line, f"not valid YAML: {problem}")


def too_many_terms(path: str, line: int | None) -> LexiconError:
    return LexiconError(
        path, line, f"more than {MAX_TERMS:,} terms: a lexicon holds at most {MAX_TERMS:,} "
        "(split it into several lexicons)"
    )  # fmt: skip


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node, path: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(path, _line(node), f"{what} must be a single value")
    return str(node.value)


def _mapping(node: yaml.Node, path: str, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise LexiconError(path, _line(node), f"{what} must be a mapping (key: value)")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for k, v in node.value:
        key = _scalar(k, path, f"a key of {what}")
        if key in out:
            raise LexiconError(path, _line(k), f"'{key}' appears twice in {what}")
        out[key] = (k, v)
    return out


def _term(node: yaml.Node, path: str, category: str) -> Term:
    if isinstance(node, yaml.ScalarNode):
        text, weight, note = str(node.value), 1.0, None
    elif isinstance(node, yaml.MappingNode):
        m = _mapping(node, path, f"a term of '{category}'")
        unknown = set(m) - {"term", "weight", "note"}
        if unknown:
            k = m[sorted(unknown)[0]][0]
            raise LexiconError(
                path, _line(k), f"unknown key '{sorted(unknown)[0]}' in a term (term, weight, note)"
            )
        if "term" not in m:
            raise LexiconError(path, _line(node), "a term mapping needs 'term: ...'")
        text = _scalar(m["term"][1], path, "term")
        weight = 1.0
        if "weight" in m:
            raw = _scalar(m["weight"][1], path, "weight")
            try:
                weight = float(raw)
            except ValueError:
                raise LexiconError(
                    path, _line(m["weight"][1]), f"weight must be a number, got '{raw}'"
                ) from None
        note = _scalar(m["note"][1], path, "note") if "note" in m else None
    else:
        raise LexiconError(path, _line(node), "a term must be a string or {term, weight, note}")
    text = " ".join(text.split())
    line = _line(node)
    if not text:
        raise LexiconError(path, line, f"empty term in '{category}'")
    for word in text.split():
        if "*" in word.rstrip("*") or word.count("*") > 1:
            raise LexiconError(
                path, line, f"term '{text}': '*' is only allowed at the end of a word"
            )
        if word == "*":
            raise LexiconError(path, line, f"term '{text}': '*' alone matches everything")
    return Term(text, weight, note, line)


def parse_lexicon(source: str, path: str = "<lexicon>") -> Lexicon:
    """A Lexicon from YAML text; :class:`LexiconError` with the line for any problem."""
    try:
        root = yaml.compose(source, Loader=SafeNoAliasLoader)
    except (yaml.YAMLError, RecursionError) as exc:
        raise yaml_error(exc, path) from None
    if root is None:
        raise LexiconError(path, None, "empty file")
    top = _mapping(root, path, "the lexicon")
    known = {"name", "version", "language", "scope", "description", "sources", "categories"}
    for key, (k, _v) in top.items():
        if key not in known:
            raise LexiconError(path, _line(k), f"unknown key '{key}' (expected {sorted(known)})")
    for key in ("name", "categories"):
        if key not in top:
            raise LexiconError(path, 1, f"missing '{key}:'")
    name_node = top["name"][1]
    name = _scalar(name_node, path, "name")
    if not NAME_RE.match(name):
        raise LexiconError(
            path, _line(name_node), f"name '{name}': use lower case letters, digits, - _ ."
        )

    def opt(key: str, default: str = "") -> str:
        return _scalar(top[key][1], path, key).strip() if key in top else default

    scope = opt("scope", "general")
    if scope not in SCOPES:
        raise LexiconError(
            path, _line(top["scope"][1]), f"scope '{scope}': expected one of {', '.join(SCOPES)}"
        )
    lex = Lexicon(
        name=name,
        version=opt("version", "1"),
        language=opt("language", "en"),
        description=opt("description"),
        sources=opt("sources"),
        path=path,
        scope=scope,
    )
    cats_node = top["categories"][1]
    cats = _mapping(cats_node, path, "categories")
    if not cats:
        raise LexiconError(path, _line(cats_node), "no categories")
    seen: dict[str, tuple[str, int | None]] = {}
    n_terms = 0
    for cname, (k, v) in cats.items():
        if not CATEGORY_RE.match(cname):
            raise LexiconError(path, _line(k), f"category name '{cname}': letters, digits, _ - .")
        body = _mapping(v, path, f"category '{cname}'")
        for key, (kk, _vv) in body.items():
            if key not in ("description", "terms"):
                raise LexiconError(path, _line(kk), f"unknown key '{key}' in category '{cname}'")
        if "terms" not in body:
            raise LexiconError(path, _line(k), f"category '{cname}' has no 'terms:'")
        terms_node = body["terms"][1]
        if not isinstance(terms_node, yaml.SequenceNode):
            raise LexiconError(path, _line(terms_node), f"terms of '{cname}' must be a list")
        if not terms_node.value:
            raise LexiconError(path, _line(terms_node), f"category '{cname}' has no terms")
        cat = Category(
            cname,
            _scalar(body["description"][1], path, "description").strip()
            if "description" in body
            else "",
            [],
            _line(k),
        )
        for tnode in terms_node.value:
            n_terms += 1
            if n_terms > MAX_TERMS:
                raise too_many_terms(path, _line(tnode))
            term = _term(tnode, path, cname)
            if term.key in seen:
                other, other_line = seen[term.key]
                where = f"line {other_line}" if other_line else "earlier"
                if other == cname:
                    lex.warnings.append(
                        f"{path}:{term.line}: duplicate term '{term.text}' in '{cname}' "
                        f"(also {where}); counted once"
                    )
                    continue
                lex.warnings.append(
                    f"{path}:{term.line}: term '{term.text}' is in '{cname}' and in '{other}' "
                    f"({where}); it counts in both"
                )
            else:
                seen[term.key] = (cname, term.line)
            cat.terms.append(term)
        lex.categories[cname] = cat
    return lex


def read_lexicon_file(path: str | Path) -> Lexicon:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise LexiconError(str(p), None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LexiconError(str(p), line, "not UTF-8 text") from None
    if p.suffix.lower() == ".dic":
        from framing.lexicon.convert import parse_dic

        return parse_dic(text, str(p))
    return parse_lexicon(text, str(p))


def bundled_lexicon_dir() -> Path:
    from framing.config import bundled_dir

    return bundled_dir("lexicons")


def bundled_names() -> list[str]:
    """Every bundled lexicon's name, general and topic."""
    return sorted(p.stem for p in bundled_lexicon_dir().glob("*.yaml"))


def default_names() -> list[str]:
    """The bundled lexicons scored by default: the ``general`` ones (a ``topic`` lexicon is
    scored only when named)."""
    return list(_default_lexicons())


def _default_lexicons() -> dict[str, Lexicon]:
    """The bundled ``general`` lexicons by name, each read once."""
    loaded = {n: load_lexicon(n) for n in bundled_names()}
    return {n: lex for n, lex in loaded.items() if lex.scope == "general"}


def load_lexicon(name_or_path: str | Path) -> Lexicon:
    """A bundled lexicon by name, or a lexicon file (.yaml, .yml, or LIWC-style .dic)."""
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml", ".dic") or p.exists():
        if not p.is_file():
            raise UsageError(f"lexicon file not found: {name_or_path}")
        return read_lexicon_file(p)
    bundled = bundled_lexicon_dir() / f"{name_or_path}.yaml"
    if bundled.is_file():
        return read_lexicon_file(bundled)
    names = ", ".join(bundled_names()) or "none"
    raise UsageError(f"unknown lexicon '{name_or_path}' (bundled: {names}; or give a file path)")


def load_lexicons(names: list[str] | None) -> list[Lexicon]:
    """``None``: the default lexicons (every bundled ``general`` one); ``["none"]``: no
    lexicon; else each name or path, ``defaults`` standing for the default ones (``["defaults",
    "nagorno-karabakh"]``: the defaults and a topic lexicon)."""
    if names is None:
        names = [DEFAULTS_NAME]
    if [n.lower() for n in names] == [NONE_NAME]:
        return []
    expanded: list[str] = []
    read: dict[str, Lexicon] = {}  # the default ones, read to know which they are
    for n in names:
        if n.lower() == NONE_NAME:
            raise UsageError(f"'{NONE_NAME}' means no lexicon: give it alone")
        if n.lower() == DEFAULTS_NAME and not Path(n).is_file():
            read = read or _default_lexicons()
            expanded += [d for d in read if d not in expanded]
        elif n not in expanded:
            expanded.append(n)
    out = [read[n] if n in read else load_lexicon(n) for n in expanded]
    seen: set[str] = set()
    for lex in out:
        if lex.name in seen:
            raise UsageError(f"two lexicons are named '{lex.name}'")
        seen.add(lex.name)
    return out
