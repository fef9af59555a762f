"""Importing other dictionary formats: LIWC-style ``.dic`` and quanteda-style YAML.

``.dic``: a header between ``%`` lines maps category numbers to names, then one entry per line,
a word (``*`` suffix wildcard allowed) followed by category numbers. Real files vary, so the
reader is tolerant: any whitespace separates fields, blank lines and lines starting with ``#``
are skipped, a multiword entry keeps its words, and LIWC's conditional entries
(``like (02 134)125/464``) cannot be expressed as plain terms: they are skipped with a warning.

quanteda YAML: a mapping of category to a list of terms, possibly nested (nested keys join
with ``.``), as written by ``quanteda::dictionary()`` or WordStat exports converted to YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from framing.lexicon import (
    MAX_TERMS,
    NAME_RE,
    Category,
    Lexicon,
    LexiconError,
    SafeNoAliasLoader,
    Term,
    too_many_terms,
    yaml_error,
)

_NUM = re.compile(r"^\d+$")


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-.")
    return s or "imported"


def parse_dic(text: str, path: str = "<dic>", name: str | None = None) -> Lexicon:
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != "%":
        raise LexiconError(path, i + 1, "a .dic file starts with a '%' line, then categories")
    i += 1
    cats: dict[str, str] = {}
    while i < len(lines) and lines[i].strip() != "%":
        raw = lines[i].strip()
        if raw and not raw.startswith("#"):
            parts = raw.split(None, 1)
            if len(parts) != 2 or not _NUM.match(parts[0]):
                raise LexiconError(
                    path, i + 1, f"expected 'NUMBER<tab>category' in the header, got '{raw}'"
                )
            cats[parts[0].lstrip("0") or "0"] = parts[1].strip()
        i += 1
    if i >= len(lines):
        raise LexiconError(path, len(lines), "the category header is not closed by a '%' line")
    if not cats:
        raise LexiconError(path, i + 1, "no categories in the header")
    i += 1
    stem = Path(path).stem
    lex = Lexicon(
        name=name or _slug(stem),
        version="1",
        description=f"Imported from {Path(path).name}.",
        path=path,
    )
    for num, cname in cats.items():
        key = _slug(cname).replace("-", "_").replace(".", "_")
        lex.categories[num] = Category(key, f"'{cname}' in {Path(path).name}", [], None)
    known: dict[str, set[str]] = {num: set() for num in lex.categories}  # lower-cased terms
    n_terms = 0
    for j in range(i, len(lines)):
        raw = lines[j].strip()
        if not raw or raw.startswith("#"):
            continue
        if "(" in raw or "/" in raw or "<" in raw:
            lex.warnings.append(f"{path}:{j + 1}: conditional entry skipped: {raw}")
            continue
        fields = raw.split()
        nums = []
        while fields and _NUM.match(fields[-1]):
            nums.append(fields.pop().lstrip("0") or "0")
        if not fields or not nums:
            lex.warnings.append(f"{path}:{j + 1}: entry without word or category skipped: {raw}")
            continue
        word = " ".join(fields)
        if "*" in word.rstrip("*"):
            lex.warnings.append(f"{path}:{j + 1}: '*' inside a word skipped: {raw}")
            continue
        for n in reversed(nums):
            if n not in lex.categories:
                lex.warnings.append(f"{path}:{j + 1}: unknown category {n} for '{word}'")
                continue
            if word.lower() in known[n]:
                continue
            n_terms += 1
            if n_terms > MAX_TERMS:
                raise too_many_terms(path, j + 1)
            known[n].add(word.lower())
            lex.categories[n].terms.append(Term(word, line=j + 1))
    lex.categories = {c.name: c for c in lex.categories.values() if c.terms}
    if not lex.categories:
        raise LexiconError(path, None, "no usable entries")
    return lex


def parse_quanteda_yaml(text: str, path: str = "<yaml>", name: str | None = None) -> Lexicon:
    try:
        data = yaml.load(text, Loader=SafeNoAliasLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as exc:
        raise yaml_error(exc, path) from None
    if not isinstance(data, dict):
        raise LexiconError(path, 1, "expected a mapping of category: [terms]")
    lex = Lexicon(
        name=name or _slug(Path(path).stem),
        version="1",
        description=f"Imported from {Path(path).name}.",
        path=path,
    )

    known: dict[str, set[str]] = {}  # category -> its terms' keys
    count = [0]

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(node, list):
            key = re.sub(r"[^A-Za-z0-9_.-]+", "_", prefix) or "terms"
            cat = lex.categories.setdefault(key, Category(key, "", []))
            keys = known.setdefault(key, set())
            for t in node:
                if isinstance(t, dict | list):
                    walk(prefix, t)
                    continue
                term = " ".join(str(t).split())
                if term and term.lower() not in keys:
                    count[0] += 1
                    if count[0] > MAX_TERMS:
                        raise too_many_terms(path, None)
                    keys.add(term.lower())
                    cat.terms.append(Term(term))
        elif node is not None:
            walk(prefix, [node])

    try:
        walk("", data)
    except RecursionError:
        raise LexiconError(path, None, "nested too deeply") from None
    if not lex.categories:
        raise LexiconError(path, None, "no categories with terms")
    return lex


def import_dictionary(path: str | Path, name: str | None = None) -> Lexicon:
    """A framing Lexicon from a ``.dic`` or quanteda-style ``.yml``/``.yaml`` dictionary."""
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(str(p), None, f"cannot read: {exc}") from None
    if name is not None and not NAME_RE.match(name):
        raise LexiconError(str(p), None, f"name '{name}': use lower case letters, digits, - _ .")
    if p.suffix.lower() == ".dic":
        return parse_dic(text, str(p), name)
    return parse_quanteda_yaml(text, str(p), name)
