"""What every command shares: one-line errors, exit codes, progress display."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_SKIPPED = 2


def fail(message: str, code: int = EXIT_FATAL) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
