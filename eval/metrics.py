"""Retrieval metrics from per-query ranks: recall@k curve, MRR, mAP.

Pure numpy. Ranks are 0-based ranks of the right product (pessimistic ties);
-1 marks a query whose product has no gallery image: it is left out of every
mean and counted separately.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MAX_CURVE_K = 1000  # the seed paper plots recall@k up to k = 1000


def answerable(ranks: np.ndarray) -> np.ndarray:
    return np.asarray(ranks) >= 0


def curve_ks(n_products: int, max_k: int = MAX_CURVE_K) -> np.ndarray:
    """k = 1 .. min(max_k, gallery size)."""
    return np.arange(1, max(1, min(max_k, n_products)) + 1)


def hits_at(ranks: np.ndarray, k: int) -> np.ndarray:
    """float [Q'] per answerable query: 1 when the right product is within the top k."""
    r = np.asarray(ranks)
    return (r[r >= 0] < k).astype(np.float64)


def recall_curve(ranks: np.ndarray, max_k: int) -> np.ndarray:
    """Recall@k for k = 1..max_k (nan without answerable queries)."""
    r = np.asarray(ranks)
    r = r[r >= 0]
    if r.size == 0:
        return np.full(max_k, np.nan)
    counts = np.bincount(np.minimum(r, max_k), minlength=max_k + 1)[:max_k]
    return np.cumsum(counts) / r.size


def reciprocal_ranks(ranks: np.ndarray) -> np.ndarray:
    r = np.asarray(ranks)
    return 1.0 / (r[r >= 0] + 1.0)


def summary(ranks: np.ndarray, ap: np.ndarray, ks: Sequence[int]) -> dict[str, float]:
    """Point values: recall@k for each k, MRR, mAP."""
    ok = answerable(ranks)
    out = {f"recall@{k}": _mean(hits_at(ranks, k)) for k in ks}
    out["mrr"] = _mean(reciprocal_ranks(ranks))
    out["map"] = _mean(np.asarray(ap, dtype=np.float64)[ok])
    return out


def per_query_values(ranks: np.ndarray, ap: np.ndarray, ks: Sequence[int]) -> dict[str, np.ndarray]:
    """The per-answerable-query values whose means are `summary`, for bootstrapping."""
    ok = answerable(ranks)
    values = {f"recall@{k}": hits_at(ranks, k) for k in ks}
    values["mrr"] = reciprocal_ranks(ranks)
    values["map"] = np.asarray(ap, dtype=np.float64)[ok]
    return values


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if len(x) else float("nan")
