"""``framing compare``: outlets (or any grouping) side by side, from an analyze output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from framing.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    PipelineOpt,
    VerboseOpt,
    fail,
    option_name,
    set_verbose,
)
from framing.config import DEFAULT_PIPELINE, KWIC_LINES
from framing.errors import FramingError, shown
from framing.schema import Skipped

EPILOG = (
    "Examples:\n\n"
    "  framing compare results/ --out compare/\n\n"
    "  framing compare results/ --out by-month/ --by month\n\n"
    "  framing compare results/ --out own-copy/ --exclude-syndicated\n\n"
    "  framing compare results/ --out nyt-breitbart/ --groups nyt,breitbart\n\n"
    "  framing compare results/ --out compare/ --resamples 5000\n\n"
    "  framing compare ~/corpus/ --out compare/ --outlet-pattern '^([^_]+)_'\n\n"
    "RESULTS is the output folder of framing analyze (read as it is, nothing is parsed "
    "again), or article folders, files and globs, which are analyzed first into OUT/analysis."
    "\n\n"
    "--by: outlet (default), year, month or week (from the date metadata), a column of "
    "articles.csv (e.g. top_speaker_type) or any metadata field of the articles (e.g. "
    "section).\n\n"
    "--exclude-syndicated: leave out articles flagged syndicated (wire copy credited in the "
    "text, or runs of paragraphs another outlet of the corpus carries); every group still "
    "says how many it had (syndicated_articles, syndicated_share).\n\n"
    "--groups A,B: a scatter chart of the two groups' term frequencies (narrator text, "
    "attributed text as a toggle), the most distinctive terms labelled and linked to their "
    "contexts.\n\n"
    "Every group, speaker, speaker type, distinctive term and lexicon category on the page "
    "links to its articles or its keyword-in-context lines (--kwic-lines per term and "
    "group).\n\n"
    "--resamples: bootstrap resamples (95% intervals over articles) and permutations (tests "
    "of each group against the rest), 100 to 20000; the draws are seeded, so the same "
    "analysis gives the same bytes.\n\n"
    "Writes OUT/compare.json, OUT/compare.csv (one row per group) and OUT/compare.html. "
    "Exit code 0: done; 2: some inputs skipped while analyzing; 1: usage or fatal error."
)


def compare_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="RESULTS...",
            help="An analyze output folder, or article folders/files/globs to analyze first.",
            show_default=False,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("compare"),
    by: Annotated[
        str,
        typer.Option("--by", help="Group by outlet, year, month, week, or any metadata field."),
    ] = "outlet",
    top_terms: Annotated[
        int, typer.Option("--top-terms", help="Distinctive terms per group.", min=1)
    ] = 15,
    min_docs: Annotated[
        int,
        typer.Option(
            "--min-docs", help="A distinctive term must occur in this many articles.", min=1
        ),
    ] = 2,
    outlet_pattern: Annotated[
        str | None,
        typer.Option(
            "--outlet-pattern",
            help="When analyzing articles: regex whose first group in the file name gives the "
            "outlet, e.g. '^([^_]+)_'.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="When analyzing articles: the spaCy pipeline."),
    ] = None,
    lexicon: Annotated[
        list[str] | None,
        typer.Option(
            "--lexicon",
            "-l",
            help="When analyzing articles: lexicon to score (bundled name or file), repeatable; "
            "default the general bundled lexicons (a topic one only when named).",
        ),
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="When analyzing articles: a metadata table (.tsv, .csv) joined on file name "
            "or id, as in framing analyze.",
            show_default=False,
        ),
    ] = None,
    date_pattern: Annotated[
        str | None,
        typer.Option(
            "--date-pattern",
            metavar="REGEX",
            help="When analyzing articles: regex finding the date in a file name, as in "
            "framing analyze.",
            show_default=False,
        ),
    ] = None,
    pipeline: PipelineOpt = DEFAULT_PIPELINE,
    exclude_syndicated: Annotated[
        bool,
        typer.Option(
            "--exclude-syndicated",
            help="Leave out articles flagged syndicated (wire or shared copy).",
        ),
    ] = False,
    groups: Annotated[
        str | None,
        typer.Option(
            "--groups",
            metavar="A,B",
            help="Two groups (names as --by gives them, comma-separated) to chart against "
            "each other, term by term.",
            show_default=False,
        ),
    ] = None,
    kwic_lines: Annotated[
        int,
        typer.Option(
            "--kwic-lines",
            help="Keyword-in-context lines kept per term (or lexicon category) and group.",
            min=0,
        ),
    ] = KWIC_LINES,
    resamples: Annotated[
        int,
        typer.Option(
            "--resamples",
            metavar="N",
            help="Bootstrap resamples and permutations for intervals and tests (100 to 20000).",
        ),
    ] = 1000,
    verbose: VerboseOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Compare outlets side by side: voice, speakers, boilerplate, lexicons, distinctive terms."""
    from framing.corpus.compare import compare_inputs

    set_verbose(verbose)

    def on_skip(s: Skipped) -> None:
        typer.echo(f"skipped {s}", err=True)

    try:
        result = compare_inputs(
            inputs,
            out,
            by=by,
            top_terms=top_terms,
            min_docs=min_docs,
            outlet_pattern=outlet_pattern,
            model=model,
            lexicons=lexicon or None,
            on_skip=on_skip,
            pipeline=pipeline,
            exclude_syndicated=exclude_syndicated,
            metadata=metadata,
            date_pattern=date_pattern,
            groups=groups.split(",") if groups is not None else None,
            kwic_lines=kwic_lines,
            resamples=resamples,
        )
    except FramingError as exc:
        fail(exc)
    for notice in result.warnings:
        typer.echo(f"warning: {shown(notice.render(option_name))}", err=True)
    if not quiet:
        d = result.data
        skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
        if d.get("excluded_articles"):
            skipped += f", {d['excluded_articles']} syndicated left out"
        n = len(d["outlets"])
        typer.echo(
            f"Compared {n} group{'' if n == 1 else 's'} by {d['by']} ({d['articles']} articles"
            f"{skipped}) -> {shown(str(result.paths['html']))}",
            err=True,
        )
    raise typer.Exit(EXIT_SKIPPED if result.skipped else EXIT_OK)
