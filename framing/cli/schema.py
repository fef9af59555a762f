"""``framing schema``: the JSON Schema of the reports (or of summary.json), generated from the
typed records in :mod:`framing.schema`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from framing.cli.common import fail

EPILOG = (
    "Examples:\n\n"
    "  framing schema > report.schema.json\n\n"
    "  framing schema summary\n\n"
    "  framing schema --markdown          # the field table of the README\n\n"
    "Validate a report with any JSON Schema tool, e.g. in Python: "
    "jsonschema.validate(report, schema)."
)


def schema_command(
    what: Annotated[
        str, typer.Argument(help="report (reports/ID.json) or summary (summary.json).")
    ] = "report",
    markdown: Annotated[
        bool, typer.Option("--markdown", help="A Markdown table of the fields instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of a report (draft 2020-12), or of summary.json."""
    from framing.schema import Report, Summary, json_schema, schema_markdown

    kinds = {"report": Report, "summary": Summary}
    if what not in kinds:
        fail(f"WHAT {what!r}: expected report or summary")
    cls = kinds[what]
    if markdown:
        typer.echo(schema_markdown(cls), nl=False)
    else:
        typer.echo(json.dumps(json_schema(cls), ensure_ascii=False, indent=2))
