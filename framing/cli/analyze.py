"""``framing analyze``: a folder of articles in, reports and corpus tables out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from framing.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    LimitOpt,
    PipelineOpt,
    VerboseOpt,
    examples,
    fail,
    option_name,
    set_verbose,
    stderr_is_terminal,
)
from framing.config import DEFAULT_MODEL, DEFAULT_PIPELINE, PAGES_LIMIT, SHARD_SIZE
from framing.errors import FramingError, shown
from framing.schema import Skipped

EPILOG = examples(
    "framing analyze seeds/ --out results/",
    "framing analyze ~/corpus/ --out out/ --outlet-pattern '^([^_]+)_'",
    "framing analyze polnear/dev/text --out out/ --metadata polnear/metadata.tsv",
    "framing analyze articles.jsonl 'more/*.txt' --out out/ --limit 100 --verbose",
    "cat articles.jsonl | framing analyze - --out out/   # JSONL on standard input",
    "framing analyze seeds/ --out results/ --lexicon defaults --lexicon nagorno-karabakh",
    "framing analyze ~/corpus/ --out out/ --lexicon my-topic.yaml   # that lexicon alone",
    "framing analyze ~/corpus/ --out out/ --jobs 2 --format parquet",
    "framing analyze ~/corpus/ --out out/ --reports json,html   # no Markdown pages",
    "framing analyze ~/corpus/ --out out/ --speakers my-speakers.yaml   # merge, split, retype",
    "framing analyze ~/corpus/ --out /shared/out/ --engine dask --scheduler tcp://head:8786",
    notes="Writes OUT/reports/ID.json|.md|.html per article (only the JSON beyond "
    f"{PAGES_LIMIT} articles, unless --reports says), OUT/articles.csv, attributions.csv, "
    "paragraphs.csv, speakers.csv, lexicon_scores.csv, lexicon_hits.csv (or .parquet with "
    "--format parquet), summary.json and index.html. Reports are cached by content hash in "
    "OUT/.framing-cache: a re-run parses only new or changed articles, and another --lexicon "
    "(or an edited lexicon file) re-scores the lexicons without parsing (--no-cache: parse all)."
    "\n\nExit code 0: all inputs analyzed; 2: some inputs skipped (listed on stderr and in "
    "summary.json); 1: usage or fatal error.",
)


def analyze_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Folders (read recursively), files (.txt .md .html .jsonl .csv) or globs.",
            show_default=False,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("results"),
    outlet_pattern: Annotated[
        str | None,
        typer.Option(
            "--outlet-pattern",
            help="Regex whose first group, searched in the file name, gives the outlet, e.g. "
            "'^([^_]+)_'; it wins over --metadata and sub-folders (not over a JSONL/CSV "
            "row's outlet).",
        ),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help="Installed spaCy pipeline to parse with.")
    ] = DEFAULT_MODEL,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Skip files larger than this many bytes.", min=1)
    ] = 2_000_000,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size",
            help="Articles per shard: parsed in one spaCy batch, the unit of work of a worker.",
            min=1,
        ),
    ] = SHARD_SIZE,
    lexicon: Annotated[
        list[str] | None,
        typer.Option(
            "--lexicon",
            "-l",
            help="Lexicon to score, by bundled name or file path (.yaml, .dic); repeatable. "
            "Default: the general bundled lexicons (hedging-certainty, policy-frames); a topic "
            "lexicon (nagorno-karabakh) only when named; 'defaults' for the general ones, "
            "'none' for no lexicon.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes (each loads the model once), or Dask workers of a local "
            "cluster. Default: the cores available.",
            show_default=False,
            min=1,
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="local|dask",
            help="'local' (this machine) or 'dask' (a Dask cluster).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the scheduler's address (tcp://host:8786). "
            "Default: a local cluster of --jobs workers.",
        ),
    ] = None,
    table_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="csv|parquet", help="Corpus tables as 'csv' or 'parquet'."
        ),
    ] = "csv",
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Parse every article; neither read nor write the cache."),
    ] = False,
    speakers: Annotated[
        Path | None,
        typer.Option(
            "--speakers",
            metavar="FILE",
            help="A speakers file (YAML): names to merge or keep apart, types and affiliations "
            "to fix; applied without parsing again (see README, Speakers).",
        ),
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="A metadata table (.tsv, .csv) joined to the articles: a row matches an "
            "article when its filename/file/path/id column equals the file's name, with or "
            "without its extension, or the article's id. Title, date, url, author and outlet "
            "columns go by their usual names (headline, publication_date, publisher, ...); "
            "other columns are kept in the article's metadata.",
            show_default=False,
        ),
    ] = None,
    date_pattern: Annotated[
        str | None,
        typer.Option(
            "--date-pattern",
            metavar="REGEX",
            help="Regex finding the date in a file name: its group 'date' (or 'year', "
            "'month', 'day'), else the whole match. Default: 2016-03-11 or 20160311 anywhere "
            "in the name. Metadata and the text's own date line come first.",
            show_default=False,
        ),
    ] = None,
    reports: Annotated[
        str | None,
        typer.Option(
            "--reports",
            metavar="json|md|html|all",
            help="Per-article files: 'all' (JSON, Markdown and HTML), 'json', 'md', 'html' or "
            "a comma list (json,html); the JSON is always written. Default: all, or json "
            f"when the inputs hold more than {PAGES_LIMIT} articles.",
            show_default=False,
        ),
    ] = None,
    pipeline: PipelineOpt = DEFAULT_PIPELINE,
    limit: LimitOpt = None,
    verbose: VerboseOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Analyze articles: attributions, speakers, voice, readability; write reports."""
    from concurrent.futures.process import BrokenProcessPool

    from framing.analyze import analyze_to_folder, default_reports, report_pages
    from framing.engine import available_cores, run_alone

    run_alone()  # the CLI's process runs framing and nothing else
    set_verbose(verbose)
    try:
        if reports is not None:
            report_pages(reports)  # a bad value fails before the inputs are counted
    except FramingError as exc:
        fail(exc)
    bar = not (quiet or verbose) and stderr_is_terminal()
    total = _count(inputs, out, limit) if bar or reports is None else None
    if reports is None:
        reports = default_reports(total)
        if reports == "json" and not quiet:
            typer.echo(
                f"note: {total} articles: per-article Markdown and HTML pages not written "
                "(pass --reports all to write them)",
                err=True,
            )
    progress, task, advance = _progress(bar, total)

    def on_skip(s: Skipped) -> None:
        if progress is not None:
            progress.console.print(f"skipped {s}", markup=False, highlight=False)
            advance(None)
        else:
            typer.echo(f"skipped {s}", err=True)

    try:
        if progress is not None:
            progress.start()
        result = analyze_to_folder(
            inputs,
            out,
            model=model,
            outlet_pattern=outlet_pattern,
            max_bytes=max_bytes,
            batch_size=batch_size,
            on_skip=on_skip,
            on_progress=advance,
            lexicons=lexicon or None,
            jobs=jobs or available_cores(),
            engine=engine,
            scheduler=scheduler,
            cache=not no_cache,
            speakers=speakers,
            table_format=table_format,
            pipeline=pipeline,
            metadata=metadata,
            date_pattern=date_pattern,
            limit=limit,
            reports=reports,
        )
    except FramingError as exc:
        if progress is not None:
            progress.stop()
        fail(exc)
    except BrokenProcessPool:
        if progress is not None:
            progress.stop()
        fail("a worker process died (out of memory?); try fewer --jobs or a smaller --batch-size")
    except OSError as exc:  # writing the outputs: disk full, permissions, a vanished folder
        if progress is not None:
            progress.stop()
        fail(f"cannot write {exc.filename or out}: {exc.strerror or exc}")
    if progress is not None:
        progress.stop()
    for notice in result.warnings:
        typer.echo(f"warning: {shown(notice.render(option_name))}", err=True)
    if not quiet:
        skipped = f", {len(result.skipped)} skipped" if result.skipped else ""
        cached = f", {result.cached} from the cache" if result.cached else ""
        if result.rescored:
            cached += f" ({result.rescored} with lexicons scored afresh)"
        ignored = f", {len(result.ignored)} ignored (see summary.json)" if result.ignored else ""
        typer.echo(
            f"Analyzed {result.articles} articles ({result.attributions} attributions)"
            f"{skipped}{cached}{ignored} -> {shown(str(out))}/index.html",
            err=True,
        )
    raise typer.Exit(EXIT_SKIPPED if result.skipped else EXIT_OK)


def _count(inputs: list[str], out: Path, limit: int | None) -> int | None:
    """The run's articles, counted before it when that is cheap (:func:`count_items`: one per
    file, one per JSONL line; ``None`` otherwise), at most ``limit``."""
    from framing.read import count_items

    total = count_items(inputs, exclude=[out])
    return min(total, limit) if total is not None and limit is not None else total


def _progress(show: bool, total: int | None) -> tuple[Any, Any, Any]:
    """A rich progress display on a terminal (count of ``total``, rate, elapsed, ETA), with
    ``show``; else nothing."""
    if not show:
        return None, None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("analyzing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("analyze", total=total, rate="")

    def advance(_skipped: Skipped | None = None) -> None:
        progress.advance(task)
        t = progress.tasks[0]
        if t.elapsed:
            progress.update(task, rate=f"{t.completed / t.elapsed:.1f}/s")

    return progress, task, advance
