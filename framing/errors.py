"""Small named exceptions, and the one record of an input that was skipped.

Messages say what was wrong, what was expected and how to fix it. Library code never names a
command-line option: a message names the *parameter* it is about as ``{param:NAME}`` (``NAME``
is the keyword argument of the library function, e.g. ``outlet_pattern``). ``str(error)`` shows
the parameter's name (``outlet_pattern: invalid regular expression``); the CLI shows the option
that sets it instead (``--outlet-pattern: invalid regular expression``) through
:meth:`FramingError.render`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_PARAM = re.compile(r"\{param:([a-z_][a-z0-9_]*)\}")


#: characters a one-line message never shows raw: C0 and C1 controls (escape sequences that
#: move the cursor or retitle the terminal start with ESC or CSI), line and paragraph separators,
#: bidirectional overrides and isolates (which reorder what follows), and lone surrogates
#: (undecodable bytes in a file name)
_UNSHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def shown(text: str) -> str:
    """``text`` as a one-line message shows it: each character of :data:`_UNSHOWN` written as
    Python writes it in a string literal (``\\x1b``, ``\\n``, ``\\u202e``), so that a file
    name cannot break the line or send the terminal a command."""
    return _UNSHOWN.sub(lambda m: repr(m.group())[1:-1], text)


def param(name: str) -> str:
    """The placeholder for a parameter's name in an error message."""
    return "{param:" + name + "}"


class FramingError(Exception):
    """Base class of every error framing raises on purpose.

    ``params``: the parameters the message names, in order (``params[0]`` is the one at fault).
    """

    def __init__(self, message: str) -> None:
        self.template = message
        self.params = tuple(_PARAM.findall(message))
        super().__init__(self.render())

    def render(self, name: Callable[[str], str] = str) -> str:
        """The message with each parameter shown as ``name(parameter)``."""
        return _PARAM.sub(lambda m: name(m.group(1)), self.template)


class UsageError(FramingError):
    """The caller asked for something that cannot work (a bad argument, a missing input)."""


class ModelNotFoundError(FramingError):
    """The spaCy model (or a trained framing model) is not installed."""


@dataclass(frozen=True)
class Skipped:
    """An input that could not be analyzed, and why (one line): the record a run keeps, the
    summary lists and :class:`InputError` carries."""

    path: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "reason": self.reason}
        if self.line is not None:
            d["line"] = self.line
        return d

    def __str__(self) -> str:
        """``PATH[:LINE]: reason``, one line, control characters escaped (:func:`shown`)."""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return shown(f"{where}: {self.reason}")


class InputError(FramingError):
    """One input (file or row) cannot be read; the rest of the corpus goes on. ``record`` is
    the :class:`Skipped` entry to keep."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.record = Skipped(path, reason, line)
        self.path, self.reason, self.line = path, reason, line
        super().__init__(str(self.record))

    def render(self, name: Callable[[str], str] = str) -> str:
        return str(self.record)


class Notice(FramingError):
    """Something a run's caller should know that stops nothing (a metadata row that matched
    no article): kept in the run's result, shown as a warning, never raised."""
