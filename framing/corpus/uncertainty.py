"""How sure a group's figures are: bootstrap intervals over articles and permutation tests.

A group's share or rate is a ratio of two counts summed over its articles (attributed words
over words, attributions over words, anonymous attributions over attributions). With a dozen
articles a group, two groups can differ by chance alone, and a few long articles can carry a
word-weighted share. This module gives, for each figure:

- ``low`` / ``high``: the 95% percentile interval of the word-weighted ratio over
  ``resamples`` bootstrap resamples of the group's articles (articles drawn with
  replacement, the same draws for every figure of a group);
- ``article_mean`` (with ``article_mean_low`` / ``article_mean_high``): the mean of the
  articles' own ratios, each article counting once (articles whose denominator is 0 left out,
  their number in ``article_count``), bootstrapped the same way;
- ``p_value``: a two-sided permutation test of the difference between the group's
  word-weighted ratio and that of the rest of the corpus: the group's articles are drawn at
  random from all articles ``resamples`` times; ``p = (1 + #{|permuted difference| >=
  |observed difference|}) / (1 + resamples)``. A group (or the rest) with fewer than
  ``min_articles`` articles is not tested.

Everything is NumPy over whole matrices (resamples x articles times articles x figures), and
the random draws come from ``numpy.random.default_rng`` seeded with :data:`SEED` and the
CRC-32 of the group's name: the same input gives the same bytes, whatever the other groups.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SEED = 20  # issue 20; any fixed number does
RESAMPLES = 1000  # enough for a 95% interval to move by well under a point between seeds
MIN_RESAMPLES = 100  # below it a p-value cannot reach 0.01
MAX_RESAMPLES = 20_000
CHUNK = 500  # resamples drawn and summed at a time (bounded memory on large corpora)
MIN_ARTICLES = 5  # fewer articles in a group (or the rest): no test, a "too few" marker
ALPHA = 0.05
NOTHING_TO_COMPARE = "no figure to compare (nothing counted in the group or in the rest)"
LEVEL = 0.95
METHOD = (
    "95% percentile intervals from a bootstrap over articles (articles drawn with replacement, "
    "{resamples} resamples, seed {seed}); differences from the rest of the corpus by a "
    "two-sided permutation test of the articles' group labels ({resamples} permutations); "
    "a group or rest of fewer than {min_articles} articles is not tested; p-values are not "
    "corrected for the many figures compared: about 1 in 20 differences with p < 0.05 is "
    "expected by chance alone"
)


@dataclass(frozen=True)
class Figure:
    """One share or rate: ``scale * sum(numerator) / sum(denominator)`` over the articles."""

    key: str
    numerator: str
    denominator: str
    scale: float = 1.0
    digits: int = 4  # rounding in the output, as the figure itself is rounded


def _ratio(num: np.ndarray, den: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``scale * num / den`` element-wise; NaN where ``den`` is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, scale * num / np.where(den > 0, den, 1), np.nan)


def _rng(name: str, salt: int) -> np.random.Generator:
    return np.random.default_rng([SEED, salt, zlib.crc32(name.encode("utf-8"))])


def _interval(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column (NaN resamples left out; NaN if all are)."""
    lo_q, hi_q = 100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2
    out_lo = np.full(values.shape[1], np.nan)
    out_hi = np.full(values.shape[1], np.nan)
    ok = ~np.all(np.isnan(values), axis=0)
    if ok.any():
        lo, hi = np.nanpercentile(values[:, ok], [lo_q, hi_q], axis=0)
        out_lo[ok], out_hi[ok] = lo, hi
    return out_lo, out_hi


def _chunks(total: int) -> list[int]:
    return [min(CHUNK, total - k) for k in range(0, total, CHUNK)]


def _num(x: float, digits: int) -> float | None:
    return None if np.isnan(x) else round(float(x), digits)


def marker(p_value: float | None, difference: float, *, why: str | None = None) -> str:
    """The plain-words reading of a test: ``higher than the rest (p=0.01)``, ``lower than the
    rest (p<0.001)`` or ``no clear difference (p=0.34)``; ``why`` when it was not tested."""
    if p_value is None:
        return why or "not tested"
    shown = "p<0.001" if p_value < 0.001 else f"p={p_value:.3f}".rstrip("0").rstrip(".")
    if p_value >= ALPHA:
        return f"no clear difference ({shown})"
    return f"{'higher' if difference > 0 else 'lower'} than the rest ({shown})"


def figure_stats(
    counts: np.ndarray,
    columns: Sequence[str],
    groups: np.ndarray,
    name: str,
    figures: Sequence[Figure],
    *,
    resamples: int = RESAMPLES,
    min_articles: int = MIN_ARTICLES,
) -> dict[str, dict[str, float | int | str | None]]:
    """Intervals, article means and tests of ``figures`` for group ``name``.

    ``counts``: one row per article of the whole corpus, one column per count (``columns``
    names them); ``groups``: each row's group name. Returns ``{figure.key: {value, low,
    high, numerator, denominator, articles, article_count, article_mean, article_mean_low,
    article_mean_high, rest, difference, p_value, marker}}``.
    """
    counts = np.asarray(counts, dtype=float)
    col = {c: i for i, c in enumerate(columns)}
    num_idx = np.array([col[f.numerator] for f in figures], dtype=int)
    den_idx = np.array([col[f.denominator] for f in figures], dtype=int)
    scale = np.array([f.scale for f in figures], dtype=float)
    mine = groups == name
    n, n_all = int(mine.sum()), len(groups)
    own = counts[mine]
    num, den = own[:, num_idx], own[:, den_idx]
    value = _ratio(num.sum(0), den.sum(0), scale)
    per_article = _ratio(num, den, scale)  # articles x figures, NaN where den is 0
    has = ~np.isnan(per_article)
    filled = np.where(has, per_article, 0.0)
    article_mean = _ratio(filled.sum(0), has.sum(0).astype(float), np.ones(len(figures)))
    lo = hi = m_lo = m_hi = np.full(len(figures), np.nan)
    if n >= 2:
        rng = _rng(name, 1)
        ratios, means = [], []
        for size in _chunks(resamples):
            # weights[r, i]: how often resample r drew article i
            draws = rng.integers(0, n, size=(size, n))
            weights = np.zeros((size, n))
            np.add.at(weights, (np.repeat(np.arange(size), n), draws.ravel()), 1.0)
            ratios.append(_ratio(weights @ num, weights @ den, scale))
            with np.errstate(divide="ignore", invalid="ignore"):
                means.append((weights @ filled) / (weights @ has))
        lo, hi = _interval(np.vstack(ratios))
        m = np.vstack(means)
        m_lo, m_hi = _interval(np.where(np.isfinite(m), m, np.nan))
    # the rest of the corpus, and the permutation test against it
    total_num, total_den = counts[:, num_idx].sum(0), counts[:, den_idx].sum(0)
    rest = _ratio(total_num - num.sum(0), total_den - den.sum(0), scale)
    diff = value - rest
    p = np.full(len(figures), np.nan)
    why = None
    if n_all - n == 0:
        why = "only one group: nothing to compare with"
    elif n < min_articles or n_all - n < min_articles:
        few = n if n < min_articles else n_all - n
        who = "the group" if n < min_articles else "the rest"
        why = f"too few articles to test ({who} has {few}, under {min_articles})"
    else:
        rng = _rng(name, 2)
        extreme = np.zeros(len(figures))
        for size in _chunks(resamples):
            order = np.argsort(rng.random((size, n_all)), axis=1)[:, :n]
            member = np.zeros((size, n_all))
            np.put_along_axis(member, order, 1.0, axis=1)
            g_num, g_den = member @ counts[:, num_idx], member @ counts[:, den_idx]
            perm = _ratio(g_num, g_den, scale) - _ratio(total_num - g_num, total_den - g_den, scale)
            with np.errstate(invalid="ignore"):
                extreme += (np.abs(perm) >= np.abs(diff) - 1e-12).sum(0)
        p = (1 + extreme) / (1 + resamples)
        p[np.isnan(diff)] = np.nan
    out: dict[str, dict[str, float | int | str | None]] = {}
    for k, f in enumerate(figures):
        pk = None if np.isnan(p[k]) else round(float(p[k]), 4)
        out[f.key] = {
            "value": _num(value[k], f.digits),
            "low": _num(lo[k], f.digits),
            "high": _num(hi[k], f.digits),
            "numerator": int(round(num[:, k].sum())),
            "denominator": int(round(den[:, k].sum())),
            "articles": n,
            "article_count": int(has[:, k].sum()),
            "article_mean": _num(article_mean[k], f.digits),
            "article_mean_low": _num(m_lo[k], f.digits),
            "article_mean_high": _num(m_hi[k], f.digits),
            "rest": _num(rest[k], f.digits),
            "difference": _num(diff[k], f.digits),
            "p_value": pk,
            "marker": marker(pk, float(diff[k]), why=why or NOTHING_TO_COMPARE),
        }
    return out
