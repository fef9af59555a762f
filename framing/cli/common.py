"""What every command shares: one-line errors, exit codes, progress display."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Annotated, NoReturn

import typer

from framing.errors import FramingError, shown

#: ``--pipeline`` of analyze, compare and eval attribution
PipelineOpt = Annotated[
    str,
    typer.Option(
        "--pipeline",
        metavar="fast|accurate",
        help="Attribution pipeline: 'fast' (parse, rules, cue model) or 'accurate' (the same "
        "with a small transformer encoder's evidence; slower).",
    ),
]

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_SKIPPED = 2

#: library parameter -> the option that sets it, where the two names differ; any other
#: parameter ``some_name`` is set by ``--some-name``
OPTIONS: dict[str, str] = {
    "table_format": "--format",
    "out_dir": "--out",
    "lexicons": "--lexicon",
    "gold_dir": "--gold",
}


def option_name(param: str, options: Mapping[str, str] | None = None) -> str:
    """The command-line option that sets the library parameter ``param``."""
    if options and param in options:
        return options[param]
    return OPTIONS.get(param) or "--" + param.replace("_", "-")


def fail(message: str | FramingError, code: int = EXIT_FATAL,
         options: Mapping[str, str] | None = None) -> NoReturn:  # fmt: skip
    """Print ``Error: message`` on stderr (one line: control characters escaped) and exit. A
    library error names parameters; here they become the options that set them (``options``
    adds this command's own names)."""
    if isinstance(message, FramingError):
        message = message.render(lambda p: option_name(p, options))
    typer.echo(f"Error: {shown(message)}", err=True)
    raise typer.Exit(code)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
