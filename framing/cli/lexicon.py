"""``framing lexicon``: list, show, scaffold, validate, try out, import and suggest lexicons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from framing.cli.common import examples, fail
from framing.errors import FramingError, shown

lexicon_app = typer.Typer(
    help="Framing lexicons: list, show, new, validate, test, import, suggest.",
    epilog=examples(
        "framing lexicon list",
        "framing lexicon new my-topic --out my-topic.yaml",
        "framing lexicon validate my-topic.yaml",
    ),
    no_args_is_help=True,
)

SCAFFOLD = """\
# A framing lexicon. Check it with: framing lexicon validate {path}
# Try it with:   framing lexicon test {path} --text "Troops liberated the occupied villages."
# Use it with:   framing analyze ARTICLES/ --lexicon {path}
name: {name}
version: 1
language: en
description: >-
  What this lexicon measures, in one paragraph, and how to read its scores.
sources: >-
  Where the terms come from (your reading of the coverage, a codebook, a dictionary) and caveats.
categories:
  # One block per category. Terms are case-insensitive; one word matches its lemma or its
  # form ("occupy" also finds "occupied"); a '*' at the end of a word matches any ending;
  # several words make a phrase. Give a term a weight or a note with the mapping form.
  example_frame:
    description: What the terms of this category have in common.
    terms:
      - occupied
      - illegal occupation
      - liberat*
      - {{term: "Upper Karabakh", weight: 1.0, note: "a side's naming"}}
  another_frame:
    description: Another group of terms.
    terms:
      - ceasefire
      - peace talks
"""


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


@lexicon_app.command("list", epilog=examples("framing lexicon list"))
def list_command() -> None:
    """List the bundled lexicons with their scope, categories and term counts. General ones
    are scored by default; a topic one only when named (framing analyze --lexicon NAME)."""
    from framing.lexicon import bundled_names, load_lexicon

    table = Table(title="Bundled lexicons (general: scored by default; topic: with --lexicon NAME)")
    for col in ("name", "scope", "version", "categories", "terms", "description"):
        table.add_column(col)
    for name in bundled_names():
        lex = load_lexicon(name)
        table.add_row(
            lex.name,
            lex.scope,
            lex.version,
            str(len(lex.categories)),
            str(lex.n_terms),
            (lex.description[:90] + "…") if len(lex.description) > 90 else lex.description,
        )
    _console().print(table)


@lexicon_app.command(
    "show",
    epilog=examples("framing lexicon show nagorno-karabakh", "framing lexicon show my-topic.yaml"),
)
def show_command(
    name: Annotated[str, typer.Argument(help="A bundled lexicon's name or a lexicon file.")],
) -> None:
    """Show a lexicon: description, sources, and every category with its terms."""
    from framing.lexicon import load_lexicon

    try:
        lex = load_lexicon(name)
    except FramingError as exc:
        fail(exc)
    con = _console()
    con.print(f"[bold]{lex.name}[/bold] version {lex.version} ({lex.language}, {lex.scope})")
    if lex.description:
        con.print(lex.description)
    if lex.sources:
        con.print(f"[dim]Sources: {lex.sources}[/dim]")
    for cat in lex.categories.values():
        con.print(f"\n[bold]{cat.name}[/bold] ({len(cat.terms)} terms) {cat.description}")
        con.print(", ".join(t.text for t in cat.terms), markup=False)


@lexicon_app.command(
    "new", epilog=examples("framing lexicon new my-topic --out lexicons/my-topic.yaml")
)
def new_command(
    name: Annotated[str, typer.Argument(help="The new lexicon's name, e.g. my-topic.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: NAME.yaml).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented lexicon scaffold that validates, to edit for a new topic."""
    from framing.fsutil import atomic_write_text
    from framing.lexicon import NAME_RE, parse_lexicon

    if not NAME_RE.match(name):
        fail(f"lexicon name '{name}': use lower case letters, digits, - _ .")
    path = out or Path(f"{name}.yaml")
    if path.exists() and not force:
        fail(f"{path} exists (use --force to overwrite)")
    text = SCAFFOLD.format(name=name, path=path)
    parse_lexicon(text, str(path))  # the scaffold must validate
    atomic_write_text(path, text)
    typer.echo(f"Wrote {path}; edit it, then: framing lexicon validate {path}")


@lexicon_app.command("validate", epilog=examples("framing lexicon validate my-topic.yaml"))
def validate_command(
    path: Annotated[Path, typer.Argument(help="Lexicon file (.yaml or .dic).")],
) -> None:
    """Check a lexicon: YAML and schema errors (with file and line) exit 1; duplicate terms,
    terms in two categories and terms the tokenizer can never match are warnings."""
    from framing.lexicon import read_lexicon_file
    from framing.lexicon.check import unmatchable_terms

    if not path.is_file():
        fail(f"lexicon file not found: {path}")
    try:
        lex = read_lexicon_file(path)
    except FramingError as exc:
        fail(exc)
    warnings = list(lex.warnings) + unmatchable_terms(lex)
    for w in warnings:
        typer.echo(f"warning: {shown(str(w))}", err=True)
    typer.echo(
        f"{shown(str(path))}: lexicon '{lex.name}' is valid: {len(lex.categories)} categories, "
        f"{lex.n_terms} terms, {len(warnings)} warnings"
    )


@lexicon_app.command(
    "test",
    epilog=examples(
        "framing lexicon test nagorno-karabakh --text "
        '"The ministry said troops liberated occupied villages."',
        "framing lexicon test my-topic.yaml article.txt",
        "pbpaste | framing lexicon test policy-frames -   # standard input",
    ),
)
def test_command(
    lexicon: Annotated[str, typer.Argument(help="A bundled lexicon's name or a lexicon file.")],
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE|-]", help="A text file to look for terms in, or - for stdin."
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="The text to look for terms in.")
    ] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline.")] = "",
) -> None:
    """Show the hits of a lexicon in a piece of text (a file, stdin or --text), with their
    voice. The whole text is the body (no header, dateline or byline is taken out)."""
    from framing.analyze import analyze_text
    from framing.config import DEFAULT_MODEL
    from framing.lexicon import load_lexicon

    if (source is None) == (text is None):
        fail("give the text to test as FILE, - (stdin) or --text, one of them")
    if text is None:
        text = _read_text(str(source))
    try:
        lex = load_lexicon(lexicon)
        report = analyze_text(text, lexicons=[lex], model=model or DEFAULT_MODEL)
        hits = report.lexicons[lex.name].hits
    except FramingError as exc:
        fail(exc)
    if not hits:
        typer.echo("no hits")
        return
    table = Table()
    for col in ("text", "category", "term", "voice", "start", "end"):
        table.add_column(col)
    for h in hits:
        table.add_row(h.text, h.category, h.term, h.voice, str(h.start), str(h.end))
    _console().print(table)


def _read_text(source: str) -> str:
    """A text file's text (decoded as ``analyze`` decodes files) or stdin's; one-line
    errors."""
    import sys

    from framing.read.decode import Unreadable, decode_bytes

    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror or exc}")
    try:
        text = decode_bytes(data)
    except Unreadable as exc:
        fail(f"cannot read {'stdin' if source == '-' else source}: {exc}")
    if not text.strip():
        fail(f"{'stdin' if source == '-' else source} holds no text")
    return text


@lexicon_app.command(
    "import", epilog=examples("framing lexicon import moral.dic --out lexicons/moral.yaml")
)
def import_command(
    source: Annotated[Path, typer.Argument(help="A LIWC-style .dic or quanteda-style YAML.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The framing lexicon to write.")],
    name: Annotated[str | None, typer.Option("--name", help="Lexicon name.")] = None,
) -> None:
    """Convert a LIWC-style .dic or a quanteda YAML dictionary into a framing lexicon."""
    from framing.fsutil import atomic_write_text
    from framing.lexicon.convert import import_dictionary

    if not source.is_file():
        fail(f"dictionary not found: {source}")
    try:
        lex = import_dictionary(source, name)
    except FramingError as exc:
        fail(exc)
    for w in lex.warnings:
        typer.echo(f"warning: {shown(str(w))}", err=True)
    atomic_write_text(out, lex.to_yaml())
    typer.echo(
        f"Wrote {shown(str(out))}: {len(lex.categories)} categories, {lex.n_terms} terms "
        f"({len(lex.warnings)} entries skipped or warned)"
    )


@lexicon_app.command(
    "suggest",
    epilog=examples(
        "framing lexicon suggest --corpus ../shared/data/polnear/train/text "
        "--outlet-pattern '^([^_]+)_' --group huff-post --top 40",
        "framing lexicon suggest --corpus results/ --group unknown   # an analyze output",
        "framing lexicon suggest --corpus corpus/ --group karabakh --against corpus",
        "framing lexicon suggest --corpus karabakh/ --against general-news/",
    ),
)
def suggest_command(
    corpus: Annotated[
        Path,
        typer.Option(
            "--corpus", help="A folder of articles, or the output folder of framing analyze."
        ),
    ],
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="The outlet (or topic sub-folder) whose vocabulary to find; optional with "
            "--against FOLDER (then every article of --corpus).",
        ),
    ] = None,
    against: Annotated[
        str,
        typer.Option(
            "--against",
            metavar="rest|corpus|FOLDER",
            help="What to compare the group with: 'rest' (the corpus's other outlets, the "
            "default), 'corpus' (the whole corpus, the group included) or a folder of other "
            "articles (or an analyze output folder).",
        ),
    ] = "rest",
    outlet_pattern: Annotated[
        str | None,
        typer.Option("--outlet-pattern", help="Regex giving the outlet from file names."),
    ] = None,
    seed_terms: Annotated[
        list[str] | None,
        typer.Option("--seed-terms", help="Keep terms that co-occur with these (repeatable)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many terms to show.", min=1)] = 40,
    min_docs: Annotated[
        int, typer.Option("--min-docs", help="A term must recur in this many articles.", min=1)
    ] = 3,
    without_boilerplate: Annotated[
        bool,
        typer.Option(
            "--without-boilerplate",
            help="Leave out paragraphs labeled background or notice (stock notes included "
            "by default: they are the outlet's own voice).",
        ),
    ] = False,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline.")] = "",
) -> None:
    """Suggest terms and phrases that one outlet's (or topic folder's) narrator text uses far
    more than the rest of the corpus, the whole corpus or another folder (log-odds ratio with
    an informative Dirichlet prior, Monroe et al. 2008). When no term passes the filters, one
    line says which filter left none, and the exit code is 1."""
    from framing.config import DEFAULT_MODEL
    from framing.corpus.suggest import suggest, yaml_fragment

    try:
        result = suggest(
            corpus,
            group,
            outlet_pattern=outlet_pattern,
            seed_terms=seed_terms or [],
            top=top,
            min_docs=min_docs,
            model=model or DEFAULT_MODEL,
            include_boilerplate=not without_boilerplate,
            on_skip=lambda s: typer.echo(f"skipped {s}", err=True),
            against=against,
        )
    except FramingError as exc:
        fail(exc)
    if result.reason is not None:
        fail(result.reason)
    group = result.group
    table = Table(
        title=f"Terms distinctive of {group}'s narrator text "
        f"({result.group_docs} articles, {result.group_words} words) against "
        f"{result.reference} ({result.rest_docs} articles, {result.rest_words} words)"
    )
    for col in ("#", "term", "z", f"in {group}", "elsewhere", "articles"):
        table.add_column(col, justify="right" if col not in ("term",) else "left")
    if seed_terms:
        table.add_column("with seeds", justify="right")
    for k, t in enumerate(result.terms, start=1):
        row = [str(k), t.term, f"{t.z:.2f}", str(t.count_group), str(t.count_rest),
               str(t.docs_group)]  # fmt: skip
        if seed_terms:
            row.append(str(t.cooccurrence))
        table.add_row(*row)
    con = _console()
    con.print(table)
    if result.note:
        con.print(f"[yellow]{result.note}[/yellow]")
    con.print("\nYAML fragment to paste into a lexicon's categories:\n")
    con.print(yaml_fragment(result), markup=False)
