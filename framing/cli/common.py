"""What every command shares: one-line errors, exit codes, help conventions, logging.

Conventions every command keeps (a test walks the whole command tree and checks them):

- **exit codes**: 0 done, 1 usage or fatal error (a usage error of click's parser too: a
  missing argument, an unknown option, a value that is not one of the choices), 2 some inputs
  skipped. Click exits 2 on usage errors; :class:`Group` turns them into framing's one-line
  ``Error: ...`` and exit code 1.
- **help**: options show human metavars (``N``, ``PATH``, ``TEXT``, the choices as
  ``a|b``; nothing for a flag), never typer's ``<int>``, ``<bool>`` or ``<list[str]>``;
  arguments show as ``NAME...`` in the usage line; every command's help ends with
  ``Examples:`` (:func:`examples`).
- **logging**: ``--verbose``/``-v`` (:data:`VerboseOpt`) sends the library's ``framing``
  loggers at INFO to stderr (:func:`set_verbose`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, NoReturn, get_args

import typer
from typer._click.core import Context, Parameter  # typer vendors click
from typer._click.exceptions import UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from framing.errors import FramingError, shown

#: ``--pipeline`` of analyze, compare and eval attribution
PipelineOpt = Annotated[
    str,
    typer.Option(
        "--pipeline",
        metavar="fast|accurate",
        help="Attribution pipeline: 'accurate' (the default: parse, rules and cue model, with "
        "a small transformer encoder's evidence) or 'fast' (without the encoder; about 10% "
        "faster in one process, 1.5 times with --jobs 2).",
    ),
]

#: ``--limit`` of analyze and compare
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=1,
        help="Analyze only the first N articles, in input order (the inputs after them are "
        "not read).",
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


# --------------------------------------------------------------------------- help and usage


def examples(*lines: str, notes: str = "") -> str:
    """A command's epilog: ``Examples:`` and one command per line (a ``#`` comment may
    follow), then ``notes``. Blank lines keep typer's help from joining the lines."""
    text = "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)
    return text + (f"\n\n{notes}" if notes else "")


def _metavar(param: Parameter) -> str:
    """What the help shows for an option's value when its declaration names none: the
    choices (``fast|accurate``), ``N`` for a whole number, ``NUMBER``, ``PATH`` or ``TEXT``."""
    desc = getattr(param, "type_descriptor", None)  # typer's view of the annotation
    if desc is None:
        return "TEXT"
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices)
    if desc.is_path or desc.is_file:
        return "PATH"
    kind = desc.annotation
    if desc.is_list:
        (kind,) = get_args(kind) or (str,)
    if kind is int:
        return "N"
    if kind is float:
        return "NUMBER"
    return "PATH" if kind is Path else "TEXT"


class Argument(TyperArgument):
    """A typer argument shown as ``NAME`` (``NAME...`` when it takes several values) in the
    usage line and the help, without typer's type column (``<list[str]>``)."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"


def tidy(params: list[Parameter]) -> list[Parameter]:
    """Human metavars for ``params`` (in place; returned for chaining): a flag shows none, an
    option without a declared metavar shows :func:`_metavar`, an argument its upper-case
    name (the declared metavar wins in both cases)."""
    for p in params:
        if isinstance(p, TyperOption):
            if p.is_flag or p.count:
                p.metavar = ""
            elif p.metavar is None:
                p.metavar = _metavar(p)
        elif isinstance(p, TyperArgument):
            if p.metavar is None:
                p.metavar = (p.name or "arg").upper() + ("..." if p.nargs != 1 else "")
            if type(p) is TyperArgument:
                p.__class__ = Argument  # adds behavior only: no state of its own
    return params


class Command(TyperCommand):
    """A typer command with :func:`tidy` help."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return tidy(super().get_params(ctx))


class Group(TyperGroup):
    """The ``framing`` group and its sub-groups: :func:`tidy` help for every command below
    it, and click's usage errors as framing's one-line ``Error: ...`` with exit code 1."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return tidy(super().get_params(ctx))

    def make_context(self, info_name: str | None, args: list[str], parent: Context |
                     None = None, **extra: Any) -> Context:  # fmt: skip
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:
            usage_error(exc)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            usage_error(exc)


def use_conventions(app: typer.Typer) -> typer.Typer:
    """``app`` and every command and sub-app registered on it, built as :class:`Group` and
    :class:`Command` (where a registration names no class of its own); call it once all are
    registered."""
    if not app.info.cls or app.info.cls is TyperGroup:
        app.info.cls = Group
    for command in app.registered_commands:
        if not command.cls or command.cls is TyperCommand:
            command.cls = Command
    for group in app.registered_groups:
        if not group.cls or group.cls is TyperGroup:
            group.cls = Group
        if group.typer_instance is not None:
            use_conventions(group.typer_instance)
    return app


def usage_error(exc: UsageError) -> NoReturn:
    """Exit 1 on a usage error of click's parser: ``Error: MESSAGE (see 'COMMAND --help')``,
    one line on stderr. With no command at all (``framing``, ``framing lexicon``) the help
    is printed instead, as typer does, and the exit code is 1 all the same."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # the help is out already
        raise typer.Exit(EXIT_FATAL)
    message = exc.format_message().rstrip(".")
    where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
    fail(f"{message}{where}")


# --------------------------------------------------------------------------- logging

#: ``--verbose``/``-v``: what framing does, step by step, on stderr
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Log each step on stderr (inputs read, cache hits, shards, corpus step, files "
        "written).",
    ),
]

LOG_FORMAT = "%(name)s: %(message)s"


def set_verbose(verbose: bool) -> None:
    """With ``verbose``, the ``framing`` loggers log at INFO to stderr, one line each
    (``framing.analyze: read 12 articles``); without it, warnings only. Library code only logs
    (``logging.getLogger(__name__)``) and never configures handlers: this is the one place."""
    logger = logging.getLogger("framing")
    for h in list(logger.handlers):
        if getattr(h, "framing_cli", False):
            logger.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.framing_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
