"""Paired tests between two runs on the same queries.

McNemar's exact test looks only at the queries where the runs disagree (hit in
one, miss in the other); the paired bootstrap resamples queries and reads the
interval and a two-sided p-value of the mean difference. Two identical runs
give p = 1 under both.
"""

from __future__ import annotations

from math import comb

import numpy as np

from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, LEVEL, interval, resample_weights


def mcnemar_exact(hits_a: np.ndarray, hits_b: np.ndarray) -> dict[str, float]:
    """Exact (binomial) McNemar test on paired 0/1 outcomes.

    only_a: hit in A, miss in B; only_b: the reverse. p is two-sided.
    """
    a = np.asarray(hits_a, dtype=bool)
    b = np.asarray(hits_b, dtype=bool)
    only_a, only_b = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n = only_a + only_b
    # Two-sided exact binomial test at 1/2 (symmetric, so twice the smaller tail), in exact integers.
    tail = sum(comb(n, i) for i in range(min(only_a, only_b) + 1))
    p = min(1.0, 2 * tail / 2**n)
    return {"only_a": only_a, "only_b": only_b, "p": float(p)}


def paired_bootstrap(
    values_a: np.ndarray,
    values_b: np.ndarray,
    rng: np.random.Generator,
    n_resamples: int = DEFAULT_RESAMPLES,
    level: float = LEVEL,
) -> dict[str, float]:
    """Mean of B - A with a bootstrap interval and two-sided p-value (resampling queries jointly)."""
    diff = np.asarray(values_b, dtype=np.float64) - np.asarray(values_a, dtype=np.float64)
    if diff.size == 0:
        return {"delta": float("nan"), "lo": float("nan"), "hi": float("nan"), "p": float("nan")}
    deltas = resample_weights(diff.size, n_resamples, rng) @ diff / diff.size
    lo, hi = interval(deltas, level)
    # Resampling cannot resolve p below 1 / n_resamples: report that floor rather than 0.
    p = max(1.0 / n_resamples, min(1.0, 2.0 * min(np.mean(deltas <= 0), np.mean(deltas >= 0))))
    return {"delta": float(diff.mean()), "lo": float(lo), "hi": float(hi), "p": float(p)}
