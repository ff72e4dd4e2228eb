"""Area under the precision-recall curve (average precision) of audit scores against known errors, with a
bootstrap interval over the scored items."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score

from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, LEVEL


def pr_auc(
    labels: np.ndarray, scores: np.ndarray, rng: np.random.Generator, n_resamples: int = DEFAULT_RESAMPLES
) -> dict[str, float]:
    """{"value", "lo", "hi", "positives", "items"}: average precision of `scores` ranking the true errors
    (`labels` 1) first; the interval from resampling the items (resamples without an error are skipped). The
    value of a random ranking is the share of errors, reported as "chance"."""
    labels, scores = np.asarray(labels, int), np.asarray(scores, float)
    out = {
        "positives": int(labels.sum()),
        "items": int(len(labels)),
        "chance": float(labels.mean()) if len(labels) else 0.0,
    }
    if labels.sum() == 0 or labels.sum() == len(labels):
        return {**out, "value": float("nan"), "lo": float("nan"), "hi": float("nan")}
    stats = []
    for _ in range(n_resamples):
        pick = rng.integers(0, len(labels), len(labels))
        if 0 < labels[pick].sum() < len(pick):
            stats.append(average_precision_score(labels[pick], scores[pick]))
    lo, hi = np.percentile(stats, [50 * (1 - LEVEL), 50 * (1 + LEVEL)])
    return {**out, "value": float(average_precision_score(labels, scores)), "lo": float(lo), "hi": float(hi)}
