"""Metrics with intervals, overall and per slice of the queries.

A slice key names a manifest field (`category`, `locale`, `generator`, `split`,
`product_id`, ...), a lineage key with dots (`lineage.background.kind`), or
`parent_category` (the coarse category, read from the query's lineage or from
its product's catalog rows). Each slice value gets its own bootstrap, from a
generator derived from the run seed and the slice, so adding a slice never
changes another's interval.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from wildcat.core.manifest import Sample
from wildcat.core.seeding import sample_rng
from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, mean_ci, resample_weights
from wildcat.eval.metrics import per_query_values

DEFAULT_SLICES = ("category", "parent_category", "locale", "generator", "split")
MISSING = "(none)"


def metric_block(
    ranks: np.ndarray, ap: np.ndarray, ks: Sequence[int], rng: np.random.Generator, n_resamples: int = DEFAULT_RESAMPLES
) -> dict[str, Any]:
    """{"n", "answerable", "recall@k": {value, lo, hi}, "mrr": ..., "map": ...} for one set of queries."""
    values = per_query_values(ranks, ap, ks)
    n_ok = int(np.sum(np.asarray(ranks) >= 0))
    weights = resample_weights(n_ok, n_resamples, rng)
    block: dict[str, Any] = {"n": int(len(ranks)), "answerable": n_ok}
    block.update({name: mean_ci(v, weights) for name, v in values.items()})
    return block


def slice_value(sample: Sample, key: str, product_parents: Mapping[str, str]) -> str:
    """The value of slice `key` for one query, as a string (MISSING when absent)."""
    if key == "parent_category":
        value = sample.lineage.get("parent_category") or product_parents.get(sample.product_id)
    elif key.startswith("lineage."):
        value = _dig(sample.lineage, key.split(".")[1:])
    elif key in Sample.model_fields:
        value = getattr(sample, key)
    else:
        value = _dig(sample.lineage, key.split("."))  # a bare lineage key is accepted too
    return MISSING if value is None or value == "" else str(value)


def breakdown(
    queries: Sequence[Sample],
    ranks: np.ndarray,
    ap: np.ndarray,
    keys: Sequence[str],
    ks: Sequence[int],
    seed: int,
    product_parents: Mapping[str, str],
    n_resamples: int = DEFAULT_RESAMPLES,
) -> dict[str, dict[str, dict[str, Any]]]:
    """{slice key: {slice value: metric block}} over `queries` (aligned with `ranks`, `ap`)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for key in keys:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(queries):
            groups[slice_value(q, key, product_parents)].append(i)
        out[key] = {
            value: metric_block(ranks[idx], ap[idx], ks, sample_rng(seed, key, 0, f"bootstrap/{value}"), n_resamples)
            for value, idx in sorted(groups.items())
        }
    return out


def _dig(tree: Any, parts: Sequence[str]) -> Any:
    for part in parts:
        if not isinstance(tree, Mapping):
            return None
        tree = tree.get(part)
    return tree
