"""How much the learned attribution step adds to the bare spaCy parse.

Usage: .venv/bin/python bench/attribution_speed.py [POLNEAR_SPLIT_DIR] [--repeat N]

Parses the texts once with ``nlp.pipe`` (timed), then times, on the same Docs, candidate
extraction with the cue lexicon only (rules) and with the learned model (rules + model), and
prints the times and their ratios to the parse (attribution includes speaker resolution).
Nothing is asserted: the figures are recorded in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from framing.attribution import AttributionResources, attribute
from framing.attribution.learned import load_model
from framing.nlp import load_nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear")) / "dev"
    ap.add_argument("split", nargs="?", default=str(default))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = [p.read_text("utf-8") for p in sorted(Path(args.split, "text").glob("*.txt"))]
    nlp = load_nlp()
    nlp("warm up")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - t0
    model = load_model()

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            for d in docs:
                fn(d)
            times.append(time.perf_counter() - t)
        return min(times)

    bare = AttributionResources.load(model=None)
    full = AttributionResources(bare.cues, model, bare.countries, bare.speaker_types)
    rules = best(lambda d: attribute(d, d.text, 0, bare))
    learned = best(lambda d: attribute(d, d.text, 0, full))
    words = sum(len(d) for d in docs)

    def pct(x: float) -> str:
        return f"{100 * x / parse:.1f}%"

    print(f"articles: {len(docs)}, tokens: {words}")
    print(f"bare spaCy parse (nlp.pipe):         {parse:8.2f} s")
    print(f"attribution, lexicon rules only:     {rules:8.2f} s  ({pct(rules)} of parse)")
    print(f"attribution, rules + learned model:  {learned:8.2f} s  ({pct(learned)} of parse)")
    print(
        f"learned part alone (model - rules):  {learned - rules:8.2f} s  "
        f"({100 * (learned - rules) / parse:.1f}% of parse)"
    )
    print(f"ratio (parse + attribution) / parse: {(parse + learned) / parse:.3f}")


if __name__ == "__main__":
    main()
