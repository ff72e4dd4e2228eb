"""Locale-aware retrieval metrics on plain arrays: per-locale recall, the
look-alike leak rate, and accessory suggestions per query.

Inputs are what any search returns (per query, the top-K product ids, best
first), so these work after faiss, brute force or the market filters in
wildcat.core.locales.market. Class references are strings 'locale:class'
(`PackSet.product_classes` maps catalog products to them, `PackSet.look_alike_map`
gives the look-alikes).

Leak: a query of class c (market L) leaks when its top k holds a product
whose class is a look-alike of c from another market (a tunic in the results
for a kurti). The leak rate is the share of queries that leak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from wildcat.core.locales import ClassRef, PackSet, suggest_accessories


def hit_ranks(topk_ids: np.ndarray, true_ids: Sequence[Any]) -> np.ndarray:
    """0-based position of each query's own product in its row, or K (the row length) when absent."""
    ids = np.asarray(topk_ids)
    ranks = np.full(len(ids), ids.shape[1], dtype=np.int64)
    for i, (row, want) in enumerate(zip(ids.tolist(), true_ids, strict=False)):
        if want in row:
            ranks[i] = row.index(want)
    return ranks


def recall_by_locale(
    topk_ids: np.ndarray, true_ids: Sequence[Any], query_locales: Sequence[str], ks: Sequence[int] = (1, 5, 10)
) -> dict[str, dict[int, float]]:
    """{locale: {k: recall@k}} plus "all"; k larger than the row length counts only what was retrieved."""
    ranks = hit_ranks(topk_ids, true_ids)
    locales = np.asarray(query_locales)
    out = {"all": _recall(ranks, ks)}
    for loc in sorted(set(query_locales)):
        out[loc] = _recall(ranks[locales == loc], ks)
    return out


def _recall(ranks: np.ndarray, ks: Sequence[int]) -> dict[int, float]:
    if ranks.size == 0:
        return {k: float("nan") for k in ks}
    return {k: float(np.mean(ranks < k)) for k in ks}


def leaking(
    topk_ids: np.ndarray,
    query_classes: Sequence[str],
    product_classes: Mapping[Any, str],
    look_alikes: Mapping[str, set[str]],
    k: int | None = None,
) -> np.ndarray:
    """(Q,) bool: does the query's top k hold a look-alike class from another market?

    `look_alikes` maps 'locale:class' to its look-alikes (PackSet.look_alike_map());
    pairs within one market are ignored here. Ids missing from
    `product_classes` (padding, products no pack knows) never leak.
    """
    ids = np.asarray(topk_ids)
    k = ids.shape[1] if k is None else k
    out = np.zeros(len(ids), dtype=bool)
    for i, (row, qc) in enumerate(zip(ids[:, :k].tolist(), query_classes, strict=False)):
        q_locale = ClassRef.parse(qc, "").locale
        foreign = {c for c in look_alikes.get(qc, ()) if ClassRef.parse(c, "").locale != q_locale}
        out[i] = any(product_classes.get(pid) in foreign for pid in row)
    return out


def leak_rate(
    topk_ids: np.ndarray,
    query_classes: Sequence[str],
    product_classes: Mapping[Any, str],
    look_alikes: Mapping[str, set[str]],
    k: int | None = None,
) -> float:
    """Share of queries whose top k holds a look-alike class from another market (nan with no query)."""
    return leak_by_locale(topk_ids, query_classes, product_classes, look_alikes, k)["all"]


def leak_by_locale(
    topk_ids: np.ndarray,
    query_classes: Sequence[str],
    product_classes: Mapping[Any, str],
    look_alikes: Mapping[str, set[str]],
    k: int | None = None,
) -> dict[str, float]:
    """{locale: leak rate of that market's queries} plus "all"."""
    flags = leaking(topk_ids, query_classes, product_classes, look_alikes, k)
    locales = np.array([ClassRef.parse(c, "").locale for c in query_classes])
    out = {"all": float(flags.mean()) if flags.size else float("nan")}
    for loc in sorted(set(locales.tolist())):
        out[loc] = float(flags[locales == loc].mean())
    return out


def leak_report(
    before_ids: np.ndarray,
    after_ids: np.ndarray,
    true_ids: Sequence[Any],
    product_classes: Mapping[Any, str],
    look_alikes: Mapping[str, set[str]],
    k: int = 10,
    ks: Sequence[int] = (1, 5, 10),
) -> dict[str, Any]:
    """Leak rate and recall per locale, before and after (a pack, a market filter, a fine-tune).

    Query classes and markets come from each query's own product.
    """
    query_classes = [product_classes[t] for t in true_ids]
    locales = [ClassRef.parse(c, "").locale for c in query_classes]
    report: dict[str, Any] = {"k": k, "queries": len(query_classes)}
    for name, ids in (("before", before_ids), ("after", after_ids)):
        report[name] = {
            "leak_rate": leak_by_locale(ids, query_classes, product_classes, look_alikes, k),
            "recall": recall_by_locale(ids, true_ids, locales, ks),
        }
    report["leak_change"] = {
        loc: report["after"]["leak_rate"][loc] - report["before"]["leak_rate"][loc]
        for loc in report["before"]["leak_rate"]
    }
    return report


def accessory_suggestions(
    packs: PackSet, query_classes: Sequence[str], query_locales: Sequence[str] | None = None
) -> list[list[str]]:
    """Per query, the accessory classes ('locale:class') that go with its class in the query's market."""
    markets = query_locales if query_locales is not None else [None] * len(query_classes)
    return [
        [str(a) for a in suggest_accessories(packs, qc, loc)] for qc, loc in zip(query_classes, markets, strict=False)
    ]
