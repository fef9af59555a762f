"""Attribution scores per error class on the attribution-classes set (issue 16).

Usage:
    .venv/bin/python bench/attribution_classes.py [--gold DIR] [--pipeline fast|accurate]
        [--json OUT] [--errors N]

Runs the framing pipeline over the passages of ``tests/data/attribution-classes`` (or
``--gold DIR``), scores them with ``framing.eval.attribution.score_attributions`` and prints:

- overall: whole attributions (aligned by content overlap) and exact source, cue and content
  (trimmed of punctuation and whitespace), as ``framing eval attribution`` defines them;
- the same per error class (``classes.tsv``: the passages tagged with that class), with the
  false positives and false negatives counted;
- per class, its marked negative cases (``Negative`` spans annotated ``class K``, and for
  class 5 the ``Discard`` spans of web furniture): how many a predicted attribution touches
  (its cue or content overlaps the span). A class whose passages held no gold attribution
  would score only by these and by its false positives.

``--json OUT`` writes every figure; ``--errors N`` prints up to N unaligned attributions per
class. Nothing is asserted: the figures are to record (tests/data/attribution-classes/README.md).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from framing.eval.attribution import (
    DEFAULT_MODEL,
    AttributionEval,
    Scores,
    overlap,
    predict,
    prediction_to_gold_form,
    score_attributions,
)
from framing.eval.brat import GoldDoc, parse_text_bounds, read_polnear, read_utf8

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT / "tests" / "data" / "attribution-classes"
CLASSES = {
    1: "continuation paragraphs",
    2: "transcripts and Q&A",
    3: "questions",
    4: "headlines and titles",
    5: "captions and web furniture",
    6: "non-speech senses of cue verbs",
    7: "scare quotes and titles in quotes",
    8: "split and nested quotes",
    9: "cue after content (indirect)",
    10: "narrator's own sentences",
}
FURNITURE_CLASS = 5
_NOTE = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\tclass (\d+)\s*$")


def read_classes(path: Path) -> dict[str, set[int]]:
    """``classes.tsv``: passage name -> its error classes."""
    out: dict[str, set[int]] = {}
    for no, line in enumerate(read_utf8(path).splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{path}:{no}: expected NAME<TAB>classes<TAB>description")
        out[parts[0]] = {int(c) for c in parts[1].split(",")}
    return out


def negative_spans(gold_dir: Path, doc: GoldDoc) -> list[tuple[int, int, int]]:
    """(start, end, class) of the marked negatives of a passage (Discard spans: class 5)."""
    ann = gold_dir / "attributions" / f"{doc.name}_{doc.annotator}.ann"
    raw = read_utf8(ann)
    bounds = parse_text_bounds(raw, path=str(ann), text_length=len(doc.text))
    notes = {m[1]: int(m[2]) for m in map(_NOTE.match, raw.splitlines()) if m}
    out = []
    for tid, tb in bounds.items():
        if tb.type == "Discard":
            out += [(s, e, FURNITURE_CLASS) for s, e in tb.fragments]
        elif tb.type == "Negative" and tid in notes:
            out += [(s, e, notes[tid]) for s, e in tb.fragments]
    return sorted(out)


def negatives_hit(
    docs: Sequence[GoldDoc],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    negatives: Mapping[str, list[tuple[int, int, int]]],
) -> dict[int, dict[str, Any]]:
    """Per class: marked negatives, and those a predicted cue or content overlaps."""
    out: dict[int, dict[str, Any]] = {c: {"marked": 0, "hit": 0, "hits": []} for c in CLASSES}
    for doc in docs:
        preds = [
            prediction_to_gold_form(p, doc=doc.name, index=i, text_length=len(doc.text))
            for i, p in enumerate(predictions.get(doc.name, ()))
        ]
        for s, e, cls in negatives.get(doc.name, []):
            row = out.setdefault(cls, {"marked": 0, "hit": 0, "hits": []})
            row["marked"] += 1
            if any(overlap(((s, e),), p.cue + p.content) for p in preds):
                row["hit"] += 1
                row["hits"].append(f"{doc.name}: {doc.text[s:e]}")
    return out


def _row(scores: Scores) -> dict[str, Any]:
    w = scores.whole
    aligned = int(w.hits_p)
    return {
        "passages": scores.n_docs,
        "gold": w.n_gold,
        "pred": w.n_pred,
        "false_positives": w.n_pred - aligned,
        "false_negatives": w.n_gold - aligned,
        "precision": round(w.precision, 3),
        "recall": round(w.recall, 3),
        "f1": round(w.f1, 3),
        **{f"exact_{r}_f1": round(scores.exact[r].f1, 3) for r in ("source", "cue", "content")},
    }


def run(gold_dir: Path, model: str = DEFAULT_MODEL, pipeline: str | None = None) -> dict[str, Any]:
    classes = read_classes(gold_dir / "classes.tsv")
    corpus = read_polnear(gold_dir, param_name="gold")
    if corpus.skipped:
        raise SystemExit(f"unreadable gold: {[s.to_dict() for s in corpus.skipped]}")
    docs = corpus.docs
    predictions, skipped, model_info = predict(
        [(d.name, d.text, d.outlet, d.path) for d in docs], model=model, pipeline=pipeline
    )
    negatives = {d.name: negative_spans(gold_dir, d) for d in docs}
    hits = negatives_hit(docs, predictions, negatives)
    overall = score_attributions(docs, predictions)
    per_class: dict[str, Any] = {}
    class_errors: dict[str, list[dict[str, Any]]] = {}
    for cls, label in CLASSES.items():
        members = [d for d in docs if cls in classes.get(d.name, set())]
        result: AttributionEval = score_attributions(members, predictions)
        per_class[str(cls)] = {
            "label": label,
            **_row(result.scores),
            "negatives_marked": hits[cls]["marked"],
            "negatives_hit": hits[cls]["hit"],
            "negatives_hit_text": hits[cls]["hits"],
        }
        class_errors[str(cls)] = [e.to_dict() for e in result.errors]
    return {
        "gold": str(gold_dir),
        "model": model,
        "model_info": model_info,
        "skipped": [s.to_dict() for s in skipped],
        "overall": {
            **_row(overall.scores),
            "negatives_marked": sum(h["marked"] for h in hits.values()),
            "negatives_hit": sum(h["hit"] for h in hits.values()),
        },
        "overall_scores": overall.scores.to_dict(),
        "classes": per_class,
        "errors": class_errors,
    }


def print_table(res: dict[str, Any], errors: int) -> None:
    head = (
        f"{'class':<38} {'pass':>4} {'gold':>4} {'pred':>4} {'FP':>3} {'FN':>3} "
        f"{'P':>5} {'R':>5} {'F1':>5}  {'src':>5} {'cue':>5} {'cont':>5}  {'neg hit':>8}"
    )
    print(f"Attribution classes ({res['gold']}, model {res['model']})")
    print("whole attribution P/R/F1; exact (trimmed) F1 of source, cue, content")
    print(head)
    print("-" * len(head))

    def line(name: str, r: dict[str, Any]) -> None:
        neg = f"{r['negatives_hit']}/{r['negatives_marked']}"
        print(
            f"{name:<38} {r['passages']:>4} {r['gold']:>4} {r['pred']:>4} "
            f"{r['false_positives']:>3} {r['false_negatives']:>3} "
            f"{r['precision']:>5.3f} {r['recall']:>5.3f} {r['f1']:>5.3f}  "
            f"{r['exact_source_f1']:>5.3f} {r['exact_cue_f1']:>5.3f} "
            f"{r['exact_content_f1']:>5.3f}  {neg:>8}"
        )

    for cls, r in res["classes"].items():
        line(f"{cls:>2} {r['label']}", r)
    print("-" * len(head))
    line("all passages", res["overall"])
    if errors:
        for cls, errs in res["errors"].items():
            if not errs:
                continue
            print(f"\nclass {cls} ({res['classes'][cls]['label']}): {len(errs)} unaligned")
            for e in errs[:errors]:
                kind = "FP" if e["kind"] == "false_positive" else "FN"
                print(f"  {kind} {e['doc']}: {e['source']!r} | {e['cue']!r} | {e['content']!r}")
            for t in res["classes"][cls]["negatives_hit_text"][:errors]:
                print(f"  negative hit {t!r}")
    if res["skipped"]:
        print(f"\nskipped: {res['skipped']}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the set's folder")
    ap.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model to run")
    ap.add_argument("--pipeline", choices=("fast", "accurate"), help="default: framing's")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--errors", type=int, default=0, help="print N unaligned per class")
    args = ap.parse_args()
    res = run(args.gold, args.model, args.pipeline)
    print_table(res, args.errors)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
