"""Logistic regression over sparse binary string features: the plumbing the cue model
(:mod:`framing.attribution.learned`) and the boilerplate classifier
(:mod:`framing.boilerplate.classifier`) share.

- **fit** (training only, needs scikit-learn): each row is a list of feature strings (a
  feature is present or absent); the vocabulary is every feature seen in at least
  ``min_count`` rows, sorted; :func:`fit_binary` (liblinear) gives one weight per feature and a
  bias, :func:`fit_multinomial` (lbfgs) one weight per class per feature and a bias per class.
  Fixed seeds, so a model rebuilds to the same bytes on the same data and versions.
- **JSON weights**: a model is a plain JSON object with a ``format`` tag, feature -> weight
  maps (sorted, rounded), thresholds and ``meta`` (what it was trained on, parameters,
  versions, dev scores). Loading runs no pickle and needs no scikit-learn.
- **model-card sections** both trainers write: the versions list and the P/R/F1 tables.

Sits low (the analysis steps import it): only the standard library, NumPy and scikit-learn
(imported where a fit needs them), nothing else of framing.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: binary weights smaller than this (in absolute value) are dropped after a fit
MIN_WEIGHT = 1e-4

Rows = Sequence[Iterable[str]]


# --------------------------------------------------------------------------- fit


def vocabulary(rows: Rows, *, min_count: int) -> list[str]:
    """The features present in at least ``min_count`` rows, sorted."""
    counts = Counter(f for row in rows for f in set(row))
    return sorted(f for f, n in counts.items() if n >= min_count)


def design_matrix(rows: Rows, vocab: Sequence[str]) -> Any:
    """The rows as a binary CSR matrix (int32 indices) over ``vocab``; features outside it
    are left out."""
    import numpy as np
    from scipy.sparse import csr_matrix

    index = {f: i for i, f in enumerate(vocab)}
    r, col = [], []
    for i, feats in enumerate(rows):
        for f in set(feats):
            j = index.get(f)
            if j is not None:
                r.append(i)
                col.append(j)
    matrix = csr_matrix(
        (np.ones(len(r), dtype=np.float64),
         (np.array(r, dtype=np.int32), np.array(col, dtype=np.int32))),
        shape=(len(rows), len(vocab)),
    )  # fmt: skip
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


def _fit(rows: Rows, y: Sequence[int], *, min_count: int, **params: Any) -> tuple[list[str], Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(rows, min_count=min_count)
    clf = LogisticRegression(**params)
    clf.fit(design_matrix(rows, vocab), np.array(y))
    return vocab, clf


def fit_binary(
    rows: Rows, y: Sequence[int], *, c: float, min_count: int, seed: int
) -> tuple[dict[str, float], float]:
    """(feature -> weight, bias) of a logistic regression (liblinear) of ``y`` (0 or 1) on the
    rows; weights under :data:`MIN_WEIGHT` are dropped."""
    vocab, clf = _fit(rows, y, min_count=min_count, C=c, solver="liblinear", max_iter=5000,
                      random_state=seed)  # fmt: skip
    weights = {
        f: float(w) for f, w in zip(vocab, clf.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT
    }
    return weights, float(clf.intercept_[0])


def fit_multinomial(
    rows: Rows,
    y: Sequence[int],
    *,
    n_classes: int,
    c: float,
    min_count: int,
    seed: int,
    prune: float,
    class_weight: str | None = "balanced",
) -> tuple[dict[str, list[float]], list[float]]:
    """(feature -> one weight per class, one bias per class) of a multinomial logistic
    regression (lbfgs) of ``y`` (class indices ``0 .. n_classes - 1``, every one present) on
    the rows; a feature is kept when some class weight is at least ``prune``."""
    vocab, clf = _fit(rows, y, min_count=min_count, C=c, max_iter=3000, random_state=seed,
                      class_weight=class_weight)  # fmt: skip
    order = [list(clf.classes_).index(k) for k in range(n_classes)]
    weights = {}
    for j, f in enumerate(vocab):
        w = [float(clf.coef_[o][j]) for o in order]
        if max(abs(x) for x in w) >= prune:
            weights[f] = w
    return weights, [float(clf.intercept_[o]) for o in order]


# --------------------------------------------------------------------------- JSON weights


def weights_to_json(weights: Mapping[str, float], *, digits: int) -> dict[str, float]:
    """Feature -> weight, sorted by feature, rounded to ``digits``; zero weights left out."""
    return {k: round(v, digits) for k, v in sorted(weights.items()) if v != 0.0}


def class_weights_to_json(
    weights: Mapping[str, Sequence[float]], *, digits: int
) -> dict[str, list[float]]:
    """Feature -> one weight per class, sorted by feature, rounded to ``digits``."""
    return {k: [round(x, digits) for x in v] for k, v in sorted(weights.items())}


def floats_from_json(data: Mapping[str, Any] | None) -> dict[str, float]:
    """A JSON map of numbers (weights, thresholds) as ``str -> float``; ``None`` is empty."""
    return {str(k): float(v) for k, v in (data or {}).items()}


def class_weights_from_json(data: Mapping[str, Sequence[Any]]) -> dict[str, list[float]]:
    """A JSON map of feature -> one weight per class."""
    return {str(k): [float(x) for x in v] for k, v in data.items()}


def dump_model(data: Mapping[str, Any], *, indent: int) -> str:
    """A model's JSON text: keys sorted, UTF-8 as is, one final newline (same model, same
    bytes)."""
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True) + "\n"


def load_model_json(text: str, *, format: str) -> dict[str, Any]:
    """The JSON object of a model file whose ``format`` tag is ``format``; a
    :class:`ValueError` that names what arrived otherwise."""
    data = json.loads(text)
    found = data.get("format") if isinstance(data, dict) else type(data).__name__
    if found != format:
        raise ValueError(f"not a {format} model (format: {found!r})")
    return data


# --------------------------------------------------------------------------- model cards


def versions(framing: str, **more: str) -> dict[str, str]:
    """The ``versions`` of a model's meta and card: framing's, ``more`` (spaCy's, the spaCy
    model's), then scikit-learn's and Python's, in that order."""
    import sklearn

    return {"framing": framing, **more, "scikit-learn": sklearn.__version__,
            "python": platform.python_version()}  # fmt: skip


def versions_section(versions: Mapping[str, Any]) -> list[str]:
    """A card's ``## Versions`` section, one ``- name: version`` line each, as card lines."""
    return ["## Versions", "", *(f"- {k}: {v}" for k, v in versions.items()), ""]


def metrics_table(
    columns: Sequence[str], rows: Iterable[tuple[Sequence[str], Mapping[str, float]]]
) -> list[str]:
    """A Markdown table of precision, recall and F1 (three decimals) as card lines: ``columns``
    name the label cells of each row (``P | R | F1`` follow), each row is (label cells,
    ``{"precision", "recall", "f1"}``)."""
    n = len(columns) + 3
    lines = ["| " + " | ".join([*columns, "P", "R", "F1"]) + " |", "|" + "---|" * n]
    for cells, s in rows:
        figures = [f"{s[k]:.3f}" for k in ("precision", "recall", "f1")]
        lines.append("| " + " | ".join([*cells, *figures]) + " |")
    return lines
