"""``framing train``: rebuild the shipped models from the shared corpora."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from framing.cli.common import EXIT_SKIPPED, examples, fail, stderr_is_terminal
from framing.config import DEFAULT_MODEL, TRAIN_OUT
from framing.errors import FramingError

OutOpt = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Folder to write the model and its card to. Default: ./models of the current "
        "folder (from a checkout's root, the folder framing ships its models from), never the "
        "installed package.",
    ),
]
ModelOpt = Annotated[str, typer.Option("--model", help="spaCy pipeline.")]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", help="Use only the first N articles of each split.")
]

train_app = typer.Typer(
    help="Rebuild the models framing ships (fixed seeds: same data and machine, same bytes; "
    "another CPU may round a few weights differently). Each command "
    "writes to ./models of the current folder unless --out says otherwise.",
    epilog=examples(
        "framing train boilerplate --newsdiscourse ../shared/data/newsdiscourse "
        "--polnear ../shared/data/polnear",
        "framing train attribution --polnear ../shared/data/polnear --out /tmp/models/",
    ),
    no_args_is_help=True,
)


def _progress(quiet: bool) -> tuple[Any, Any]:
    if quiet or not stderr_is_terminal():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )

    def start(label: str, total: int):
        task = progress.add_task(label, total=total)
        return lambda: progress.advance(task)

    return progress, start


@train_app.command(
    "attribution",
    epilog=examples(
        "framing train attribution --polnear ../shared/data/polnear",
        "framing train attribution --polnear ../shared/data/polnear --cache .parses --limit 20",
    ),
)
def train_attribution_command(
    polnear: Annotated[
        Path,
        typer.Option("--polnear", help="PolNeAR folder (with train/ and dev/) or a train folder."),
    ],
    out: OutOpt = TRAIN_OUT,
    dev: Annotated[
        Path | None, typer.Option("--dev", help="Dev folder for the threshold (default: DIR/dev).")
    ] = None,
    model: ModelOpt = DEFAULT_MODEL,
    c: Annotated[float, typer.Option("--c", help="Inverse regularization strength.")] = 0.3,
    limit: LimitOpt = None,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", help="Keep the parses in DocBins here and reuse them."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Train the attribution cue model on PolNeAR train, tune it on dev, write it with its card
    to ./models (or --out)."""
    from framing.train.attribution import train_attribution

    progress, start = _progress(quiet)
    try:
        if progress is not None:
            progress.start()
        result = train_attribution(
            polnear,
            dev=dev,
            out_dir=out,
            spacy_model=model,
            c=c,
            limit=limit,
            progress=start,
            cache=cache,
        )
    except FramingError as exc:
        if progress is not None:
            progress.stop()
        fail(exc)
    if progress is not None:
        progress.stop()
    typer.echo(
        f"Trained on {result.examples} candidates ({result.positives} cues); "
        f"threshold {result.model.threshold}; wrote {result.path} and {result.card}"
    )
    if result.dev:
        s = result.dev["scores"]
        typer.echo(
            "dev: attribution F1 {:.3f}; exact F1 source {:.3f}, cue {:.3f}, content {:.3f}".format(
                s["attribution"]["f1"],
                s["exact"]["source"]["f1"],
                s["exact"]["cue"]["f1"],
                s["exact"]["content"]["f1"],
            )
        )


@train_app.command(
    "encoder",
    epilog=examples("framing train encoder --polnear ../shared/data/polnear --out models/"),
)
def train_encoder_command(
    polnear: Annotated[
        Path,
        typer.Option("--polnear", help="PolNeAR folder (with train/ and dev/)."),
    ],
    out: OutOpt = TRAIN_OUT,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Passes over train.")] = 2,
    threads: Annotated[
        int | None, typer.Option("--threads", min=1, help="torch threads (default: all cores).")
    ] = None,
    limit: LimitOpt = None,
    cache: Annotated[
        Path,
        typer.Option("--cache", help="Keep the dev parses in DocBins here and reuse them."),
    ] = Path(".framing-train-cache"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Fine-tune the attribution encoder (the accurate pipeline) on PolNeAR train, export it
    to int8 ONNX, tune its blend on dev; write them with a card to ./models (or --out).
    Needs the train extra (torch, transformers, the encoder's weights): see the README."""
    from framing.encoder import ROLES
    from framing.train.encoder import build_encoder

    def log(line: str) -> None:
        if not quiet:
            typer.echo(line, err=True)

    try:
        result, tuned = build_encoder(
            polnear, out, cache=cache, epochs=epochs, limit=limit, threads=threads, log=log
        )
    except FramingError as exc:
        fail(exc)
    acc, fast = tuned.accurate, tuned.fast
    typer.echo(
        f"Trained in {result.seconds / 60:.1f} min on {result.windows} windows; wrote "
        f"{result.path} ({result.size_bytes / 1e6:.1f} MB) and {result.card}"
    )
    typer.echo(
        "dev whole F1 / exact source, cue, content: fast {:.3f} / {:.3f} {:.3f} {:.3f}; "
        "accurate {:.3f} / {:.3f} {:.3f} {:.3f}".format(
            fast["attribution"]["f1"],
            *(fast["exact"][r]["f1"] for r in ROLES),
            acc["attribution"]["f1"],
            *(acc["exact"][r]["f1"] for r in ROLES),
        )  # fmt: skip
    )


@train_app.command(
    "boilerplate",
    epilog=examples(
        "framing train boilerplate --newsdiscourse ../shared/data/newsdiscourse "
        "--polnear ../shared/data/polnear",
    ),
)
def train_boilerplate_command(
    newsdiscourse: Annotated[
        Path, typer.Option("--newsdiscourse", help="NewsDiscourse folder with train/ and dev/.")
    ],
    polnear: Annotated[
        Path | None,
        typer.Option("--polnear", help="PolNeAR folder: its recurring paragraphs are weak labels."),
    ] = None,
    out: OutOpt = TRAIN_OUT,
    c: Annotated[float, typer.Option("--c", help="Inverse regularization strength.")] = 0.25,
    limit: LimitOpt = None,
) -> None:
    """Train the boilerplate paragraph classifier (news / background / notice), tune its
    thresholds on NewsDiscourse dev, write it with its card to ./models (or --out)."""
    from framing.train.boilerplate import train_boilerplate

    for folder, option in ((newsdiscourse, "--newsdiscourse"), (polnear, "--polnear")):
        if folder is not None and not (folder / "train").is_dir():
            fail(f"{option} {folder}: expected a folder with train/ (and dev/)")
    try:
        result = train_boilerplate(newsdiscourse, polnear=polnear, out_dir=out, c=c, limit=limit)
    except FramingError as exc:
        fail(exc)
    typer.echo(f"Trained on {dict(result.examples)}; thresholds {result.model.thresholds}")
    typer.echo(f"wrote {result.path} and {result.card}")
    for label, s in result.dev.items():
        typer.echo(
            f"dev {label}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} (sentences)"
        )


@train_app.command(
    "speech-verbs",
    epilog=examples("framing train speech-verbs --newsdiscourse ../shared/data/newsdiscourse"),
)
def train_speech_verbs_command(
    newsdiscourse: Annotated[
        Path,
        typer.Option("--newsdiscourse", help="NewsDiscourse folder (with train/ and dev/)."),
    ],
    out: OutOpt = TRAIN_OUT,
    model: ModelOpt = DEFAULT_MODEL,
    limit: LimitOpt = None,
) -> None:
    """Count which attribution verbs NewsDiscourse labels Speech ("said", "told": yes;
    "according to", "reported", "wrote": mostly not) on its train split, for `framing eval
    sentences`; score dev with and without them. Writes the counts with their card to ./models
    (or --out)."""
    from framing.train.speech_verbs import train_speech_verbs

    if not newsdiscourse.is_dir():
        fail(f"--newsdiscourse {newsdiscourse}: not a folder")
    if stderr_is_terminal():
        typer.echo(
            f"Counting on {newsdiscourse} with {model}: one parse of every train and dev "
            "article (about 6 minutes for NewsDiscourse on 2 cores)…",
            err=True,
        )
    try:
        result = train_speech_verbs(newsdiscourse, out_dir=out, model=model, limit=limit)
    except FramingError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"--out {out}: cannot write: {exc.strerror or exc}")
    n = sum(1 for v in result.verbs.counts if result.verbs.is_speech(v))
    folder = result.verbs.meta.get("train", {}).get("folder")
    typer.echo(
        f"Counted {len(result.verbs.counts)} verbs ({n} count as speech) on {folder}; "
        f"wrote {result.path}"
    )
    for name, c in result.dev.items():
        typer.echo(
            f"dev Speech, {name}: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} (sentences)"
        )
    if result.skipped:
        typer.echo(f"Skipped {len(result.skipped)} input(s) (not counted):", err=True)
        for skipped in result.skipped:
            typer.echo(f"  {skipped}", err=True)
        raise typer.Exit(EXIT_SKIPPED)
