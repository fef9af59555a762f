"""The ``framing`` command: thin typer wrappers over library functions."""

from __future__ import annotations

from typing import Annotated

import typer

from framing import __version__
from framing.cli.analyze import EPILOG as ANALYZE_EPILOG
from framing.cli.analyze import analyze_command
from framing.cli.common import examples, use_conventions
from framing.cli.compare import EPILOG as COMPARE_EPILOG
from framing.cli.compare import compare_command
from framing.cli.schema import EPILOG as SCHEMA_EPILOG
from framing.cli.schema import schema_command

app = typer.Typer(
    name="framing",
    help="Source attribution and framing analysis of news.",
    epilog=examples(
        "framing analyze seeds/ --out results/",
        "framing compare results/ --out compare/",
        "framing lexicon list",
        "framing analyze --help   # every command has its own examples",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"framing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Source attribution and framing analysis of news."""


app.command("analyze", epilog=ANALYZE_EPILOG)(analyze_command)
app.command("compare", epilog=COMPARE_EPILOG)(compare_command)
app.command("schema", epilog=SCHEMA_EPILOG)(schema_command)


def _register_optional() -> None:
    try:
        from framing.cli.eval import eval_app
    except ImportError:  # pragma: no cover - the eval module ships with the package
        return
    app.add_typer(eval_app, name="eval")
    from framing.cli.train import train_app

    app.add_typer(train_app, name="train")
    from framing.cli.lexicon import lexicon_app

    app.add_typer(lexicon_app, name="lexicon")


_register_optional()
use_conventions(app)


def main() -> None:
    app()
