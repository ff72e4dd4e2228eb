"""Lining runs up query by query, and the share of the gap closed.

Paired statistics need the same queries in every run: runs are matched on
query id, keeping the queries every run could answer (their product in the
gallery).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.core.seeding import sample_rng
from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, interval, resample_weights
from wildcat.eval.paired import paired_bootstrap
from wildcat.eval.result import EvalResult, as_result


def align(runs: Sequence[EvalResult]) -> list[np.ndarray]:
    """Per run, the row indices of the queries common to all runs and answerable in each, in the first run's order."""
    positions = [{qid: i for i, qid in enumerate(r.query_ids) if r.ranks[i] >= 0} for r in runs]
    common = [qid for qid in runs[0].query_ids if all(qid in p for p in positions)]
    return [np.array([p[qid] for qid in common], dtype=np.int64) for p in positions]


def require_common(idx: np.ndarray, names: Sequence[str]) -> None:
    if len(idx) == 0:
        raise WildcatError(
            None,
            f"the runs {', '.join(names)} share no answerable query",
            "evaluate every run on the same queries (same catalog splits or --query-data)",
        )


Runs = EvalResult | str | Path | Sequence[EvalResult | str | Path]


def gap_closed(
    before: Runs,
    after: Runs,
    oracle: Runs,
    k: int = 1,
    seed: int = 0,
    n_resamples: int = DEFAULT_RESAMPLES,
) -> dict[str, Any]:
    """Share of the before-to-oracle gap in recall@k that `after` closes: (after - before) / (oracle - before).

    Each of the three may be one run or several (seeds of one protocol): several runs count by their
    mean hit per query, so the share is that of the means over seeds. The interval resamples queries
    jointly when all runs share their queries ("paired"), else each run's queries on their own
    ("independent", wider; one run per protocol only). The value is nan when the oracle is not better than before.
    """
    groups = [_as_runs(x) for x in (before, after, oracle)]
    rng = sample_rng(seed, "gap_closed", k, "bootstrap")
    idx = _shared_queries([r for g in groups for r in g])
    paired = idx is not None
    if paired:
        ends = np.cumsum([len(g) for g in groups])  # each group's slice of idx
        hits = [_mean_hits(g, k, idx[end - len(g) : end]) for g, end in zip(groups, ends, strict=False)]
        weights = resample_weights(len(hits[0]), n_resamples, rng)
        resampled = [weights @ h / len(h) for h in hits]
    else:  # e.g. the oracle answers val only: each protocol's queries resampled on their own
        hits = [_mean_hits(g, k) for g in groups]
        resampled = [resample_weights(len(h), n_resamples, rng) @ h / max(len(h), 1) for h in hits]
    point = [float(np.mean(h)) if len(h) else float("nan") for h in hits]
    lo, hi = interval(_share(*resampled))
    return {
        "k": k,
        "value": float(_share(*(np.array([p]) for p in point))[0]),
        "lo": float(lo),
        "hi": float(hi),
        "before": point[0],
        "after": point[1],
        "oracle": point[2],
        "method": "paired" if paired else "independent",
        "n": [len(h) for h in hits],
        "runs": [len(g) for g in groups],
    }


def _shared_queries(runs: Sequence[EvalResult]) -> list[np.ndarray] | None:
    """`align(runs)` when every run answers exactly the same (non-empty) set of queries, else None."""
    idx = align(runs)
    same = all(len(i) == int(np.sum(r.ranks >= 0)) for i, r in zip(idx, runs, strict=False)) and len(idx[0]) > 0
    return idx if same else None


def _mean_hits(group: list[EvalResult], k: int, idx: list[np.ndarray] | None = None) -> np.ndarray:
    """Per query, the share of the group's runs (seeds) that hit at k, in the order `idx` gives (default:
    the group's own common queries; the seeds must share them)."""
    if idx is None:
        if len(group) == 1:
            return group[0].hits(k)
        idx = _shared_queries(group)
        if idx is None:
            raise WildcatError(
                None,
                "the seeds of a protocol do not share their queries",
                "evaluate every seed on the same queries, or pass one run per protocol",
            )
    return np.mean([(r.ranks[i] < k).astype(np.float64) for r, i in zip(group, idx, strict=False)], axis=0)


def _as_runs(x: Runs) -> list[EvalResult]:
    return [as_result(r) for r in x] if isinstance(x, (list, tuple)) else [as_result(x)]


def paired_delta(
    a: EvalResult | str | Path,
    b: EvalResult | str | Path,
    k: int = 1,
    seed: int = 0,
    n_resamples: int = DEFAULT_RESAMPLES,
) -> dict[str, float]:
    """recall@k of `b` minus that of `a` on the queries both answer, with a paired bootstrap interval and p-value."""
    runs = [as_result(r) for r in (a, b)]
    idx = align(runs)
    require_common(idx[0], ["a", "b"])
    ha, hb = ((r.ranks[i] < k).astype(np.float64) for r, i in zip(runs, idx, strict=False))
    # The stream `eval compare` uses for the same metric, so both report the same interval for a pair of runs.
    out = paired_bootstrap(ha, hb, sample_rng(seed, "compare", 0, f"paired/recall@{k}"), n_resamples)
    return {"value": out["delta"], "lo": out["lo"], "hi": out["hi"], "p": out["p"]}


def _share(before: np.ndarray, after: np.ndarray, oracle: np.ndarray) -> np.ndarray:
    span = oracle - before
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(span > 0, (after - before) / np.where(span > 0, span, 1.0), np.nan)
