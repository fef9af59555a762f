"""A user's speakers file: how framing names, merges, splits and types the speakers of a corpus.

``framing analyze ARTICLES --speakers my-speakers.yaml`` (or ``speakers=`` in the library)::

    # my-speakers.yaml
    speakers:
      - name: Donald Trump              # the canonical name shown in every table and page
        aliases: [Trump, Mr. Trump, Donald J. Trump, President-elect Trump]
        type: politician                # optional: replaces the type framing found
        affiliation: Republican Party   # optional: replaces the affiliation
      - name: Clinton                   # a split: "Clinton" alone stays its own speaker
        aliases: [Clinton]

Names match whatever their titles, initials, apostrophes and case ("Sen. Lindsey O. Graham"
is "Lindsey Graham"); the entry's ``name`` is one of its aliases. An alias decides before
framing's own linking rules (:mod:`framing.attribution.canonical`). The file is applied in the
corpus step: changing it re-labels the reports without parsing anything again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from framing.attribution.canonical import Canonical, name_key, slug
from framing.errors import FramingError

__all__ = ["SPEAKER_TYPES", "SpeakerFileError", "load_speaker_file", "parse_speaker_file"]

SPEAKER_TYPES = (
    "government", "military", "politician", "party", "ngo", "expert", "media", "citizen",
    "anonymous", "document", "person", "other", "unknown",
)  # fmt: skip
_KEYS = {"name", "aliases", "type", "affiliation"}


class SpeakerFileError(FramingError):
    """A speakers file that cannot be used; the message names the file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class _AliasFound(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("alias")
        self.problem_mark = mark
        self.problem = (
            "YAML aliases (*name) are not allowed in a speakers file: write the entries out (an "
            "alias repeats a whole entry or list, and a few of them expand to millions)"
        )


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases as it composes (a file of entries aliasing one
    entry of 3,000 aliases, 116 KB, took 25 s: every alias of every copy is matched)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _str(node: yaml.Node, path: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise SpeakerFileError(path, _line(node), f"{what}: expected a name (text)")
    return str(node.value).strip()


def parse_speaker_file(source: str, path: str = "<speakers>") -> dict[tuple[str, ...], Canonical]:
    """Name key -> the canonical speaker its entry gives, from a speakers file's text."""
    try:
        root = yaml.compose(source, Loader=_NoAliasLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, _AliasFound):
            raise SpeakerFileError(path, line, exc.problem) from None
        raise SpeakerFileError(path, line, f"not YAML: {getattr(exc, 'problem', exc)}") from None
    if root is None:
        raise SpeakerFileError(path, None, "empty file; expected 'speakers:' and a list")
    if not isinstance(root, yaml.MappingNode):
        raise SpeakerFileError(path, _line(root), "expected 'speakers:' and a list of entries")
    entries: Any = None
    for k, v in root.value:
        if k.value != "speakers":
            raise SpeakerFileError(path, _line(k), f"unknown key '{k.value}' (expected speakers)")
        entries = v
    if not isinstance(entries, yaml.SequenceNode):
        line = _line(entries) if entries is not None else _line(root)
        raise SpeakerFileError(path, line, "'speakers:' must be a list of entries")
    out: dict[tuple[str, ...], Canonical] = {}
    first: dict[tuple[str, ...], int] = {}
    for entry in entries.value:
        if not isinstance(entry, yaml.MappingNode):
            raise SpeakerFileError(path, _line(entry), "an entry must be a mapping with 'name:'")
        fields = {k.value: (k, v) for k, v in entry.value}
        for key, (knode, _v) in fields.items():
            if key not in _KEYS:
                known = ", ".join(sorted(_KEYS))
                raise SpeakerFileError(path, _line(knode), f"unknown key '{key}' (keys: {known})")
        if "name" not in fields:
            raise SpeakerFileError(path, _line(entry), "entry without 'name:'")
        name = _str(fields["name"][1], path, "name")
        names = [(name, _line(fields["name"][1]))]
        if "aliases" in fields:
            node = fields["aliases"][1]
            if not isinstance(node, yaml.SequenceNode):
                raise SpeakerFileError(path, _line(node), "aliases: expected a list of names")
            names += [(_str(a, path, "alias"), _line(a)) for a in node.value]
        typ = affiliation = None
        if "type" in fields:
            typ = _str(fields["type"][1], path, "type")
            if typ not in SPEAKER_TYPES:
                known = ", ".join(SPEAKER_TYPES)
                raise SpeakerFileError(
                    path, _line(fields["type"][1]), f"type '{typ}': expected one of {known}"
                )
        if "affiliation" in fields:
            affiliation = _str(fields["affiliation"][1], path, "affiliation")
        key = name_key(name)
        if not key:
            raise SpeakerFileError(path, names[0][1], f"name '{name}' has no words to match")
        canon = Canonical(slug(key), name, typ, affiliation)
        for alias, line in names:
            k = name_key(alias)
            if not k:
                raise SpeakerFileError(path, line, f"alias '{alias}' has no words to match")
            if k in first and out[k] != canon:
                raise SpeakerFileError(
                    path, line, f"'{alias}' is already an alias of another entry (line {first[k]})"
                )
            first.setdefault(k, line)
            out[k] = canon
    return out


def load_speaker_file(path: str | Path) -> dict[tuple[str, ...], Canonical]:
    """A speakers file from disk (see the module docstring)."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise SpeakerFileError(str(p), None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SpeakerFileError(str(p), None, f"not UTF-8 (byte {exc.start})") from None
    return parse_speaker_file(text, str(p))
