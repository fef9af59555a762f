"""``framing eval``: score the pipeline against annotated corpora (thin layer over framing.eval)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from framing.cli.common import EXIT_SKIPPED, PipelineOpt, examples, fail, stderr_is_terminal
from framing.config import DEFAULT_PIPELINE
from framing.errors import FramingError
from framing.eval.attribution import DEFAULT_MODEL, AttributionEval, Score, evaluate_attribution
from framing.eval.brat import ROLES
from framing.eval.sentences import Counts, SentenceEval, evaluate_sentences
from framing.eval.speakers import SpeakerEval, evaluate_speakers
from framing.fsutil import atomic_write_text
from framing.schema import Skipped

eval_app = typer.Typer(
    help=(
        "Score framing against annotated corpora: PolNeAR attributions (source, cue, content), "
        "their speakers (hand-annotated referents) and NewsDiscourse sentence labels (Speech)."
    ),
    epilog=examples(
        "framing eval attribution --gold ../shared/data/polnear/dev --by outlet",
        "framing eval sentences --gold ../shared/data/newsdiscourse/dev",
    ),
    no_args_is_help=True,
)

ATTRIBUTION_HELP = (
    "Score extracted attributions against brat gold (PolNeAR layout: DIR/text/NAME.txt, "
    "DIR/attributions/NAME_XXXX.ann).\n\n"
    "Prints precision, recall and F1 of whole attributions (aligned by content overlap) and, "
    "per role (source, cue, content), of soft character overlap and of exact spans after "
    "trimming punctuation and whitespace at their edges."
)
ATTRIBUTION_EXAMPLES = examples(
    "framing eval attribution --gold ../shared/data/polnear/dev --by outlet --errors 20",
    "framing eval attribution --gold ../shared/data/polnear/dev --pipeline accurate --limit 10",
)
SENTENCES_HELP = (
    "Score Speech sentences against NewsDiscourse labels (layout: DIR/text/NAME.txt, "
    "DIR/labels/NAME.json).\n\n"
    "A sentence is predicted Speech when the content or cue of a predicted attribution "
    'overlaps it. NewsDiscourse\'s Speech is narrower than an attribution ("said", "told": '
    'yes; "according to", "reported", "wrote": mostly not): by default only attributions '
    "whose verb it counts as speech are used (counted on its train split by `framing train "
    "speech-verbs`); --speech-verbs all uses every attribution but beliefs."
)
SENTENCES_EXAMPLES = examples(
    "framing eval sentences --gold ../shared/data/newsdiscourse/dev --limit 50",
    "framing eval sentences --gold ../shared/data/newsdiscourse/dev --label background",
)

SPEAKERS_HELP = (
    "Score speakers against hand-annotated referents of gold attributions (a JSONL file: doc, "
    "source and cue offsets, referent, type; see tests/data/README.md).\n\n"
    "Runs the pipeline on every article of --gold as one corpus, matches each annotated "
    "attribution with a predicted one (source overlap, then cue, then content), and prints "
    "coverage, type accuracy, identity (B-cubed of the speaker grouping against the referents: "
    "canonical_id across articles when set, else the speaker within its article), name "
    "accuracy (canonical_name, else name, against the referent) and the source exact-span F1 "
    "of `framing eval attribution` on the same run."
)
SPEAKERS_EXAMPLES = examples(
    "framing eval speakers --gold ../shared/data/polnear/dev "
    "--annotations tests/data/speakers-polnear-dev.jsonl",
)

GoldOpt = Annotated[
    Path,
    typer.Option(
        "--gold",
        metavar="DIR",
        help="Gold folder with text/ and its annotations.",
        show_default=False,
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", metavar="N", help="Score only the first N articles (in name order)."),
]
ModelOpt = Annotated[str, typer.Option("--model", metavar="NAME", help="spaCy model to run.")]
JsonOpt = Annotated[
    Path | None,
    typer.Option(
        "--json", metavar="PATH", help="Also write the full result (scores, errors) as JSON."
    ),
]


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    try:
        atomic_write_text(
            path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
    except OSError as exc:
        fail(f"--json {path}: cannot write: {exc.strerror or exc}")


def _progress(gold: Path, model: str) -> None:
    if stderr_is_terminal():
        typer.echo(f"Scoring {gold} with {model} (one parse of every article)…", err=True)


def _report_skipped(skipped: list[Skipped]) -> None:
    if skipped:
        typer.echo(f"Skipped {len(skipped)} input(s):", err=True)
        for s in skipped:
            typer.echo(f"  {s}", err=True)


def _short(text: str | None, width: int = 90) -> str:
    if text is None:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _score_row(label: str, role: str, s: Score) -> list[str]:
    return [
        label,
        role,
        _fmt(s.precision),
        _fmt(s.recall),
        _fmt(s.f1),
        str(s.n_pred),
        str(s.n_gold),
    ]


def _cue_key(cue: str | None) -> str:
    return " ".join((cue or "(no cue)").lower().split())[:30]


def render_attribution(result: AttributionEval, console: Console, *, errors: int = 10) -> None:
    """Print the score tables (and the first ``errors`` errors) of an attribution evaluation."""
    sc = result.scores
    table = Table(title=f"Attribution scores ({sc.n_docs} articles)")
    for col in ("match", "role", "P", "R", "F1", "pred", "gold"):
        table.add_column(
            col, justify="right" if col in {"P", "R", "F1", "pred", "gold"} else "left"
        )
    table.add_row(*_score_row("content overlap", "attribution", sc.whole))
    table.add_section()
    for r in ROLES:
        table.add_row(*_score_row("overlap (soft)", r, sc.overlap[r]))
    table.add_section()
    for r in ROLES:
        table.add_row(*_score_row("exact (trimmed)", r, sc.exact[r]))
    console.print(table)

    if result.by:
        by = Table(
            title=f"By {result.by_key}: attributions, then F1 per role (ov = overlap, ex = exact)",
            box=box.SIMPLE_HEAD,
            padding=0,
            show_edge=False,
        )
        by.add_column(result.by_key or "group", no_wrap=True)
        for col in ("docs", "gold", "P", "R", "F1"):
            by.add_column(col, justify="right")
        short = {"source": "src", "cue": "cue", "content": "cont"}
        for r in ROLES:
            by.add_column(f"{short[r]}\nov", justify="right")
            by.add_column(f"{short[r]}\nex", justify="right")
        for key, s in result.by.items():
            w = s.whole
            roles = [_fmt(m[r].f1) for r in ROLES for m in (s.overlap, s.exact)]
            by.add_row(
                key,
                str(s.n_docs),
                str(w.n_gold),
                _fmt(w.precision),
                _fmt(w.recall),
                _fmt(w.f1),
                *roles,
            )
        console.print(by)

    if result.errors:
        kinds = Table(
            title="Most frequent errors by cue (missed = FN, spurious = FP)",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        for col in ("missed cue", "FN", "spurious cue", "FP"):
            kinds.add_column(col, justify="right" if col in ("FN", "FP") else "left")
        fn = Counter(_cue_key(e.cue) for e in result.errors if e.kind == "false_negative")
        fp = Counter(_cue_key(e.cue) for e in result.errors if e.kind != "false_negative")
        top_fn, top_fp = fn.most_common(10), fp.most_common(10)
        for i in range(max(len(top_fn), len(top_fp))):
            a = top_fn[i] if i < len(top_fn) else ("", "")
            b = top_fp[i] if i < len(top_fp) else ("", "")
            kinds.add_row(a[0], str(a[1]), b[0], str(b[1]))
        console.print(kinds)

    if errors > 0 and result.errors:
        shown = result.errors[:errors]
        console.print(
            f"First {len(shown)} of {len(result.errors)} errors (FN missed, FP spurious):"
        )
        for e in shown:
            tag = "FN" if e.kind == "false_negative" else "FP"
            console.print(
                f"{tag} {e.doc}@{e.start}  source: {_short(e.source, 40)}"
                f" | cue: {_short(e.cue, 30)} | content: {_short(e.content)}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def render_sentences(result: SentenceEval, console: Console, *, errors: int = 10) -> None:
    """Print the score table (and the first ``errors`` errors) of a sentence evaluation."""
    c = result.counts
    table = Table(
        title=f"Sentence label '{result.label}' ({result.n_docs} articles, {c.n} sentences)"
    )
    cols = ("group", "P", "R", "F1", "acc", "TP", "FP", "FN", "TN")
    for col in cols:
        table.add_column(col, justify="left" if col == "group" else "right")

    def row(key: str, k: Counts) -> list[str]:
        rates = [_fmt(x) for x in (k.precision, k.recall, k.f1, k.accuracy)]
        return [key, *rates, *(str(n) for n in (k.tp, k.fp, k.fn, k.tn))]

    table.add_row(*row("all", c))
    if result.by:
        table.add_section()
        for key, k in result.by.items():
            table.add_row(*row(key, k))
    console.print(table)
    which = (result.meta or {}).get("speech_verbs")
    if which is not None:
        console.print(
            "Predicted Speech: every attribution but beliefs"
            if which == "all"
            else f"Predicted Speech: attributions whose verb NewsDiscourse counts as speech "
            f"({'bundled list' if which == 'newsdiscourse' else which}; "
            "--speech-verbs all: every attribution but beliefs)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if errors > 0 and result.errors:
        shown = result.errors[:errors]
        console.print(f"First {len(shown)} of {len(result.errors)} errors:")
        for e in shown:
            tag = "FN" if e.kind == "false_negative" else "FP"
            console.print(
                f"{tag} {e.doc} {e.sentence} [{', '.join(e.labels)}]  {_short(e.text)}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def render_speakers(result: SpeakerEval, console: Console, *, errors: int = 10) -> None:
    """Print the speaker scores, types and confusions (and the first ``errors`` errors)."""
    meta = result.meta or {}
    table = Table(
        title=f"Speaker scores ({result.coverage.n} annotated attributions in "
        f"{meta.get('n_docs_annotated', '?')} of {meta.get('n_docs', '?')} articles)"
    )
    for col in ("measure", "value", "of", "what"):
        table.add_column(col, justify="right" if col in ("value", "of") else "left")
    c, t, n, i, s = (result.coverage, result.type_accuracy, result.name_accuracy,
                     result.identity, result.source_exact)  # fmt: skip
    table.add_row("coverage", _fmt(c.value), f"{c.hits}/{c.n}", "annotated with a predicted match")
    table.add_row("type accuracy", _fmt(t.value), f"{t.hits}/{t.n}", "matched, same type")
    table.add_row(
        "identity F1", _fmt(i.f1), str(i.n),
        f"B-cubed of the grouping (P {_fmt(i.precision)}, R {_fmt(i.recall)})",
    )  # fmt: skip
    table.add_row("name accuracy", _fmt(n.value), f"{n.hits}/{n.n}", "matched named referents")
    table.add_row(
        "source exact F1", _fmt(s.f1), str(s.n_gold),
        f"all gold sources (P {_fmt(s.precision)}, R {_fmt(s.recall)})",
    )  # fmt: skip
    console.print(table)

    types = Table(title="By gold type", box=box.SIMPLE_HEAD, show_edge=False)
    for col in ("type", "gold", "matched", "correct", "accuracy"):
        types.add_column(col, justify="left" if col == "type" else "right")
    for typ, row in result.by_type.items():
        acc = row["correct"] / row["matched"] if row["matched"] else 0.0
        types.add_row(typ, str(row["n"]), str(row["matched"]), str(row["correct"]), _fmt(acc))
    console.print(types)

    if result.confusions:
        conf = Table(title="Most frequent type confusions", box=box.SIMPLE_HEAD, show_edge=False)
        for col in ("gold", "predicted", "count"):
            conf.add_column(col, justify="right" if col == "count" else "left")
        for gold, pred, count in result.confusions[:10]:
            conf.add_row(gold, pred, str(count))
        console.print(conf)

    if errors > 0 and result.errors:
        shown = result.errors[:errors]
        console.print(f"First {len(shown)} of {len(result.errors)} errors:")
        for e in shown:
            pred = (
                "no predicted match"
                if e["match"] is None
                else f"{_short(e['pred_name'], 40)} / {e['pred_type']}"
                f" (source: {_short(e['pred_source'], 40)}, by {e['match']})"
            )
            console.print(
                f"[{', '.join(e['errors'])}] {e['doc']}@{e['source'][0]}"
                f"  {_short(e['source_text'], 40)} = {e['referent']} / {e['type']}  -> {pred}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


@eval_app.command("attribution", help=ATTRIBUTION_HELP, epilog=ATTRIBUTION_EXAMPLES)
def attribution(
    gold: GoldOpt,
    by: Annotated[
        str | None, typer.Option("--by", metavar="outlet", help="Also break scores down by outlet.")
    ] = None,
    limit: LimitOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    errors: Annotated[
        int,
        typer.Option("--errors", metavar="N", help="Print the first N false positives/negatives."),
    ] = 10,
    json_path: JsonOpt = None,
    pipeline: PipelineOpt = DEFAULT_PIPELINE,
) -> None:
    """Score extracted attributions against brat gold (see ATTRIBUTION_HELP)."""
    _progress(gold, model)
    try:
        result = evaluate_attribution(gold, model=model, limit=limit, by=by, pipeline=pipeline)
    except FramingError as exc:
        fail(exc)
    render_attribution(result, Console(), errors=errors)
    if json_path is not None:
        _write_json(json_path, result.to_dict())
    _report_skipped(result.skipped)
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@eval_app.command("sentences", help=SENTENCES_HELP, epilog=SENTENCES_EXAMPLES)
def sentences(
    gold: GoldOpt,
    by: Annotated[
        str | None, typer.Option("--by", metavar="outlet", help="Also break scores down by outlet.")
    ] = None,
    limit: LimitOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    errors: Annotated[
        int,
        typer.Option("--errors", metavar="N", help="Print the first N misclassified sentences."),
    ] = 10,
    json_path: JsonOpt = None,
    label: Annotated[
        str,
        typer.Option(
            "--label",
            metavar="speech|background|notice",
            help="What to score: speech (attributions vs Speech), background (boilerplate "
            "background paragraphs vs Distant_Historical) or notice (vs NA).",
        ),
    ] = "speech",
    speech_verbs: Annotated[
        str,
        typer.Option(
            "--speech-verbs",
            metavar="WHICH",
            help="Attributions that count for Speech: newsdiscourse (verbs it labels Speech), "
            "all (every attribution but beliefs), or a speech-verbs JSON file.",
        ),
    ] = "newsdiscourse",
) -> None:
    """Score Speech sentences against NewsDiscourse labels (see SENTENCES_HELP)."""
    if label not in ("speech", "background", "notice"):
        fail(f"--label {label}: expected speech, background or notice")
    _progress(gold, model)
    try:
        result = evaluate_sentences(
            gold, model=model, limit=limit, by=by, label=label, speech_verbs=speech_verbs
        )
    except FramingError as exc:
        fail(exc)
    render_sentences(result, Console(), errors=errors)
    if json_path is not None:
        _write_json(json_path, result.to_dict())
    _report_skipped(result.skipped)
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@eval_app.command("speakers", help=SPEAKERS_HELP, epilog=SPEAKERS_EXAMPLES)
def speakers(
    gold: GoldOpt,
    annotations: Annotated[
        Path,
        typer.Option(
            "--annotations",
            metavar="FILE",
            help="JSONL of annotated attributions (doc, source, cue, referent, type).",
            show_default=False,
        ),
    ],
    limit: LimitOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    errors: Annotated[
        int,
        typer.Option("--errors", metavar="N", help="Print the first N speaker errors."),
    ] = 10,
    json_path: JsonOpt = None,
) -> None:
    """Score speakers against annotated referents (see SPEAKERS_HELP)."""
    _progress(gold, model)
    try:
        result = evaluate_speakers(gold, annotations, model=model, limit=limit)
    except FramingError as exc:
        fail(exc)
    render_speakers(result, Console(), errors=errors)
    if json_path is not None:
        _write_json(json_path, result.to_dict())
    _report_skipped(result.skipped)
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)
