"""How well the `syndicated` flag agrees with PolNeAR's metadata (its `wire` column).

    nice -n 10 .venv/bin/framing analyze ../shared/data/polnear/train/text \
        ../shared/data/polnear/dev/text --outlet-pattern '^([^_]+)_' --out /tmp/wt5p \
        --lexicon none -q
    .venv/bin/python bench/polnear_syndicated.py /tmp/wt5p

The reports' paragraphs are read back and the corpus step's recurrence is run again over
them (so an output folder written before the flag existed serves too); each article's flag is
then :func:`framing.boilerplate.syndication.syndication`, as `framing analyze` computes it.
The metadata is read here only, never by framing: gold is a `wire` value other than `None`,
`NA` or empty (AP, UPI, AFP, Reuters). Prints precision, recall and F1 per split, the
flags' sources and evidence, and the disagreements.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from framing.boilerplate.recurrence import Recurrence
from framing.boilerplate.syndication import by_article, shared_paragraphs, syndication
from framing.schema import Report, from_json

NO_WIRE = {"", "None", "NA"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path, help="the --out folder of framing analyze")
    ap.add_argument("--metadata", type=Path, default=Path("../shared/data/polnear/metadata.tsv"))
    args = ap.parse_args()
    with args.metadata.open(encoding="utf-8") as f:
        meta = {r["filename"]: r for r in csv.DictReader(f, delimiter="\t")}
    reports: list[Report] = []
    for path in sorted((args.out / "reports").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        data["model"] = {"pipeline": "fast", "files": [], **data["model"]}  # older reports
        reports.append(from_json(Report, data))
    recurrence = Recurrence()
    for r in reports:
        recurrence.add(r)
    groups = by_article(recurrence.groups())
    tally: dict[str, Counter[str]] = {}
    kinds: Counter[tuple[str, str, str]] = Counter()
    wrong: list[str] = []
    for k, r in enumerate(reports):
        row = meta.get(Path(r.source_path).stem)
        if row is None:
            continue
        syn = syndication(r, shared_paragraphs(groups.get(k, {}), r.outlet))
        gold = row["wire"].strip() not in NO_WIRE
        split = row["compartment"]
        c = tally.setdefault(split, Counter())
        c[("tp" if gold else "fp") if syn else ("fn" if gold else "tn")] += 1
        if syn is not None:
            kind = syn.credit.kind if syn.credit is not None else "-"
            kinds[(syn.source, syn.evidence, kind)] += 1
        if bool(syn) != gold:
            what = (
                f"{syn.source} {syn.evidence} {syn.share} "
                f"{syn.credit.span.text if syn.credit else syn.shared_with}"
                if syn
                else "not flagged"
            )
            wrong.append(f"{split:5} gold={row['wire'] or '-':8} {r.id[:50]:50} {what}")
    total: Counter[str] = Counter()
    for split, c in sorted(tally.items()):
        total.update(c)
        _line(split, c)
    _line("all", total)
    print("\nflags (source, evidence, credit):")
    for (source, evidence, kind), n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {n:4} {source} {evidence} {kind}")
    print("\ndisagreements:")
    for line in wrong:
        print(" ", line)


def _line(name: str, c: Counter[str]) -> None:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:6} articles {sum(c.values()):4}  gold {tp + fn:3}  flagged {tp + fp:3}  "
          f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
