"""Other learners on the attribution model's own examples: does the classifier limit the scores?

Usage: .venv/bin/python bench/attribution_learners.py [--cache DIR] [--polnear DIR] [--mlp]
       [--lightgbm]

Builds, from cached parses (``bench/attribution_cache.py``), the three example sets
``framing train attribution`` learns from (cue candidates; content-start and content-end
choices, one group of candidate edges per gold-covered cue) on PolNeAR train and dev, then
prints, on dev:

- cue candidates: ROC AUC and the best F1 over thresholds, for the shipped learner (logistic
  regression, liblinear) at three C values, and optionally an MLP (``--mlp``, scikit-learn) and
  gradient-boosted trees (``--lightgbm``; LightGBM is not a dependency: install it yourself);
- content edges: the share of groups where the chosen edge is the gold one, for the parse's own
  edge, the pointwise logistic regression, a pairwise (ranking) logistic regression, and
  optionally LightGBM's classifier and LambdaRank; "oracle" is the share of groups where some
  candidate is the gold edge.

Scores are on candidates, not end to end; ``bench/attribution_experiment.py`` gives the latter.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

from framing.cli.common import option_name
from framing.errors import FramingError
from framing.eval.brat import check_gold_dir, read_polnear
from framing.resources import load_cues
from framing.train.attribution import Examples, Group, examples, parse_cached


def examples_of(folder: Path, cache: str) -> Examples:
    """The examples training builds, from the cached parses of one PolNeAR split."""
    gold = read_polnear(folder).docs
    parsed = parse_cached([Path(d.path) for d in gold], cache, whole=True)
    pairs = [(g, doc) for g, (_n, _t, _o, doc) in zip(gold, parsed, strict=True)]
    return examples(pairs, load_cues())


class Encoder:
    """Binary string features to a sparse matrix; features seen at least twice in training."""

    def __init__(self, rows: list[list[str]]) -> None:
        counts = Counter(f for r in rows for f in set(r))
        self.index = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= 2))}

    def __call__(self, rows: list[list[str]]) -> csr_matrix:
        r: list[int] = []
        c: list[int] = []
        for i, row in enumerate(rows):
            for f in set(row):
                j = self.index.get(f)
                if j is not None:
                    r.append(i)
                    c.append(j)
        shape = (len(rows), len(self.index))
        return csr_matrix((np.ones(len(r)), (r, c)), shape=shape)


def cue_report(name: str, y: np.ndarray, p: np.ndarray) -> None:
    best = max((f1_score(y, p >= t), t) for t in np.arange(0.2, 0.8, 0.05))
    print(f"  {name:34s} AUC {roc_auc_score(y, p):.4f}  best F1 {best[0]:.4f} @ {best[1]:.2f}")


def flat_with_ids(groups: list[Group]) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    rows, ys, ids = [], [], []
    for k, (fs, labels) in enumerate(groups):
        rows.extend(fs)
        ys.extend(labels)
        ids.extend([k] * len(fs))
    return rows, np.array(ys), np.array(ids)


def group_accuracy(groups: list[Group], scores: np.ndarray) -> float:
    ok, at = 0, 0
    for _fs, labels in groups:
        s = scores[at : at + len(labels)]
        ok += labels[int(np.argmax(s))]
        at += len(labels)
    return ok / len(groups)


def edge_report(what: str, train: list[Group], dev: list[Group], args: Any) -> None:
    enc = Encoder([r for fs, _ in train for r in fs])
    rows, ys, ids = flat_with_ids(train)
    A = enc(rows)
    B = enc(flat_with_ids(dev)[0])
    oracle = np.mean([max(labels) for _, labels in dev])
    parse = np.mean([labels[0] for _, labels in dev])
    print(
        f"content {what}: {len(dev)} dev groups; oracle {oracle:.3f}, the parse's edge {parse:.3f}"
    )
    for c in (0.3, 1.0, 3.0):
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=5000, random_state=0)
        clf.fit(A, ys)
        acc = group_accuracy(dev, clf.decision_function(B))
        print(f"  logistic regression C={c:<4}        {acc:.4f}")
    diffs = []
    labels_p = []
    for fs, labels in train:
        if not any(labels) or all(labels):
            continue
        M = enc(fs)
        pos = labels.index(1)
        for n, lab in enumerate(labels):
            if not lab:
                d = M[pos] - M[n]
                diffs.extend([d, -d])
                labels_p.extend([1, 0])
    D = vstack(diffs).tocsr()
    for c in (0.3, 1.0, 3.0):
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=5000, random_state=0)
        clf.fit(D, np.array(labels_p))
        acc = group_accuracy(dev, B @ clf.coef_[0])
        print(f"  pairwise logistic regression C={c:<4} {acc:.4f}")
    if args.lightgbm:
        import lightgbm as lgb

        A32, B32 = A.astype(np.float32), B.astype(np.float32)
        sizes = np.bincount(ids)
        for leaves in (15, 31):
            common = dict(n_estimators=800, learning_rate=0.05, num_leaves=leaves,
                          min_child_samples=10, colsample_bytree=0.5, verbose=-1,
                          random_state=0)  # fmt: skip
            m = lgb.LGBMClassifier(**common).fit(A32, ys)
            r = lgb.LGBMRanker(**common).fit(A32, ys, group=sizes[sizes > 0])
            for n in (200, 400, 800):
                a1 = group_accuracy(dev, m.predict_proba(B32, num_iteration=n)[:, 1])
                a2 = group_accuracy(dev, r.predict(B32, num_iteration=n))
                what = f"LightGBM {leaves} leaves, {n} trees"
                print(f"  {what}: classifier {a1:.4f}, LambdaRank {a2:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = Path(os.environ.get("FRAMING_POLNEAR", "../shared/data/polnear"))
    ap.add_argument("--polnear", default=str(data))
    ap.add_argument("--cache", default="/tmp/wt3cache")
    ap.add_argument("--mlp", action="store_true", help="also an MLP on the cue candidates (slow)")
    ap.add_argument("--lightgbm", action="store_true", help="also LightGBM (install it first)")
    args = ap.parse_args()
    root = Path(args.polnear)
    try:
        for split in ("train", "dev"):
            check_gold_dir(root / split, sub="attributions", param_name="polnear")
    except FramingError as e:
        ap.exit(2, f"Error: {e.render(option_name)}\n")
    if args.lightgbm:
        try:
            import lightgbm  # noqa: F401
        except ImportError:
            ap.exit(
                2,
                "Error: --lightgbm needs LightGBM (pip install lightgbm); it is not a dependency\n",
            )
    train = examples_of(root / "train", args.cache)
    dev = examples_of(root / "dev", args.cache)
    Xt, yt, st, et = train.cue_x, train.cue_y, train.starts, train.ends
    Xd, yd, sd, ed = dev.cue_x, dev.cue_y, dev.starts, dev.ends
    print(f"cue candidates: train {len(Xt)} ({sum(yt)} cues), dev {len(Xd)} ({sum(yd)} cues)")
    enc = Encoder(Xt)
    A, B = enc(Xt), enc(Xd)
    ytr, ydv = np.array(yt), np.array(yd)
    for c in (0.1, 0.3, 1.0):
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=5000, random_state=0)
        cue_report(f"logistic regression C={c}", ydv, clf.fit(A, ytr).predict_proba(B)[:, 1])
    if args.mlp:
        from sklearn.neural_network import MLPClassifier

        for h in (32, 64):
            m = MLPClassifier(hidden_layer_sizes=(h,), alpha=1e-2, early_stopping=True,
                              random_state=0, max_iter=200)  # fmt: skip
            cue_report(f"MLP, {h} hidden units", ydv, m.fit(A, ytr).predict_proba(B)[:, 1])
    if args.lightgbm:
        import lightgbm as lgb

        for leaves in (15, 31, 63):
            m = lgb.LGBMClassifier(n_estimators=600, learning_rate=0.05, num_leaves=leaves,
                                   min_child_samples=10, colsample_bytree=0.3, verbose=-1,
                                   random_state=0)  # fmt: skip
            m.fit(A.astype(np.float32), ytr)
            p = m.predict_proba(B.astype(np.float32))[:, 1]
            cue_report(f"LightGBM, {leaves} leaves, 600 trees", ydv, p)
    edge_report("start", st, sd, args)
    edge_report("end", et, ed, args)


if __name__ == "__main__":
    main()
