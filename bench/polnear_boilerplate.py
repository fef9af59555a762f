"""Boilerplate counts on a `framing analyze` output folder (PolNeAR train + dev).

    nice -n 10 .venv/bin/framing analyze ../shared/data/polnear/train/text \
        ../shared/data/polnear/dev/text --outlet-pattern '^([^_]+)_' --out /tmp/wt5p \
        --lexicon none -q
    .venv/bin/python bench/polnear_boilerplate.py /tmp/wt5p

Prints: body paragraphs flagged (label background or notice) by recurrence and by the
classifier, the same over all paragraphs (header, dateline and byline paragraphs kept out of
the body count as notices there), HuffPost editor's-note paragraphs flagged and grouped, and
the largest recurring groups among the train articles.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

NOTE = re.compile(r"editor[’']s note", re.IGNORECASE)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path, help="the --out folder of framing analyze")
    ap.add_argument("--train", type=Path, default=Path("../shared/data/polnear/train/text"))
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args()
    train = {p.stem for p in args.train.glob("*.txt")}
    c: Counter[str] = Counter()
    groups: dict[str, dict] = {}
    missed = []
    for f in sorted((args.out / "reports").glob("*.json")):
        r = json.loads(f.read_text("utf-8"))
        split = "train" if Path(r["source_path"]).stem in train else "dev"
        for p in r["paragraphs"]:
            b = p["boilerplate"]
            flagged = b["label"] != "none"
            c["all"] += 1
            c["all_flagged"] += flagged
            if p["role"] != "body":
                continue
            c["body"] += 1
            c["body_flagged"] += flagged
            if flagged:
                c[f"body_{b['label']}_{b['method'].split('-')[0]}"] += 1
            text = p["span"]["text"]
            if r["outlet"] == "huff-post" and NOTE.search(text):
                c[f"notes_{split}"] += 1
                ok = flagged and b["recurring_group"] is not None
                c[f"notes_{split}_flagged_grouped"] += ok
                if not ok:
                    missed.append((r["id"], text[:80]))
            g = b["recurring_group"]
            if g and split == "train":
                e = groups.setdefault(g, {"articles": set(), "label": b["label"], "text": text})
                e["articles"].add(r["id"])
    print(f"body paragraphs flagged: {c['body_flagged']}/{c['body']} "
          f"= {c['body_flagged'] / max(1, c['body']):.2%}")  # fmt: skip
    print(f"all paragraphs flagged:  {c['all_flagged']}/{c['all']} "
          f"= {c['all_flagged'] / max(1, c['all']):.2%}")  # fmt: skip
    for k in sorted(k for k in c if k.startswith("body_") and k != "body_flagged"):
        print(f"  {k}: {c[k]}")
    for split in ("train", "dev"):
        print(f"HuffPost editor's-note paragraphs ({split}): {c[f'notes_{split}']}, flagged and "
              f"grouped: {c[f'notes_{split}_flagged_grouped']}")  # fmt: skip
    for rid, text in missed:
        print(f"  missed: {rid}: {text}")
    print(f"largest recurring groups in train ({len(groups)} groups):")
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]["articles"]), kv[0]))
    for g, e in ranked[: args.top]:
        print(f"  {g} {len(e['articles'])} articles, {e['label']}: {e['text'][:90]}")


if __name__ == "__main__":
    main()
