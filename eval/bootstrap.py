"""Bootstrap intervals over queries.

Every metric here is a mean over queries, so one resample is a vector of
multinomial counts (how often each query was drawn) and its statistic is a
weighted mean. Drawing the weights once and reusing them for every metric
keeps intervals of related numbers consistent and makes the curve cheap.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import sparse

DEFAULT_RESAMPLES = 1000
LEVEL = 0.95


def resample_weights(n: int, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """[n_resamples, n] int counts: each row is one bootstrap resample of n items."""
    if n == 0:
        return np.zeros((n_resamples, 0), dtype=np.int64)
    return rng.multinomial(n, np.full(n, 1.0 / n), size=n_resamples)


def interval(stats: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over axis 0 of resampled statistics (nan-safe)."""
    tail = (1.0 - level) / 2.0
    with warnings.catch_warnings():  # all nan (e.g. no gap to close a share of): the interval is nan, said plainly
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = np.nanquantile(stats, [tail, 1.0 - tail], axis=0)
    return lo, hi


def mean_ci(values: np.ndarray, weights: np.ndarray, level: float = LEVEL) -> dict[str, float]:
    """Mean of `values` [n] with its percentile interval under the resample `weights`."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)):  # e.g. mAP of an approximate search: undefined
        return {"value": float("nan"), "lo": float("nan"), "hi": float("nan")}
    stats = weights @ values / values.size
    lo, hi = interval(stats, level)
    return {"value": float(values.mean()), "lo": float(lo), "hi": float(hi)}


def bootstrap_mean(
    values: np.ndarray, rng: np.random.Generator, n_resamples: int = DEFAULT_RESAMPLES, level: float = LEVEL
) -> dict[str, float]:
    """Mean and bootstrap interval of per-query `values` (e.g. hits at k)."""
    return mean_ci(values, resample_weights(len(values), n_resamples, rng), level)


def curve_ci(ranks: np.ndarray, max_k: int, weights: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Interval of recall@k for every k = 1..max_k; `ranks` of answerable queries only."""
    n = len(ranks)
    if n == 0:
        return np.full(max_k, np.nan), np.full(max_k, np.nan)
    # Sparse one-hot of each query's rank bucket: resampled histograms cost O(resamples * n).
    onehot = sparse.csr_matrix((np.ones(n), (np.arange(n), np.minimum(ranks, max_k))), shape=(n, max_k + 1))
    hist = np.asarray((onehot.T @ weights.T).T)[:, :max_k]
    return interval(np.cumsum(hist, axis=1) / n, level)
