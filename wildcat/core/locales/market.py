"""Search restricted or re-ranked to the query's market, on plain arrays.

Input is what any search returns: per query, the top-K product ids (best
first) and their scores. These functions only reorder and mask, so they work
after faiss, brute force or a remote index alike. Fetch more than you show
(say 4 x k) before restricting, so k in-market results remain.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np

#: A product whose locales include this is sold in every market.
GLOBAL = "global"


def in_market(
    topk_ids: np.ndarray,
    query_locales: Sequence[str],
    product_locales: Mapping[Hashable, Sequence[str]],
) -> np.ndarray:
    """(Q, K) bool: is each retrieved product sold in its query's market (or globally)?

    Ids missing from `product_locales` (padding such as -1 or "") count as not in market.
    """
    ids = np.asarray(topk_ids)
    if ids.ndim != 2 or len(ids) != len(query_locales):
        raise ValueError(
            f"topk_ids must be (queries, k) with one locale per query; got {ids.shape} and {len(query_locales)} locales"
        )
    out = np.zeros(ids.shape, dtype=bool)
    for i, locale in enumerate(query_locales):
        for j, pid in enumerate(ids[i].tolist()):
            # only the retrieved ids are looked up: a catalog of millions costs nothing per query
            locs = product_locales.get(pid, ())
            out[i, j] = locale in locs or GLOBAL in locs
    return out


def restrict_to_market(
    topk_ids: np.ndarray,
    topk_scores: np.ndarray,
    query_locales: Sequence[str],
    product_locales: Mapping[Hashable, Sequence[str]],
    k: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Keep only in-market products, in their original order, in the first `k` columns.

    Rows with fewer than `k` in-market products are padded with -1 (integer
    ids) or "" (other ids) and a score of -inf.
    """
    ids, scores = np.asarray(topk_ids), np.asarray(topk_scores, dtype=np.float32)
    keep = in_market(ids, query_locales, product_locales)
    k = ids.shape[1] if k is None else k
    out_ids = np.full((len(ids), k), _pad(ids), dtype=ids.dtype if ids.dtype.kind in "iu" else object)
    out_scores = np.full((len(ids), k), -np.inf, dtype=np.float32)
    for i in range(len(ids)):
        cols = np.flatnonzero(keep[i])[:k]
        out_ids[i, : len(cols)] = ids[i, cols]
        out_scores[i, : len(cols)] = scores[i, cols]
    return out_ids, out_scores


def rerank_by_market(
    topk_ids: np.ndarray,
    topk_scores: np.ndarray,
    query_locales: Sequence[str],
    product_locales: Mapping[Hashable, Sequence[str]],
    penalty: float = 0.2,
) -> tuple[np.ndarray, np.ndarray]:
    """Lower out-of-market scores by `penalty` (score units: cosine for normalised
    embeddings) and re-sort each row; nothing is dropped, so a much closer
    foreign product can still come first. Ties keep the original order."""
    ids, scores = np.asarray(topk_ids), np.asarray(topk_scores, dtype=np.float32)
    adjusted = scores - penalty * (~in_market(ids, query_locales, product_locales))
    order = np.argsort(-adjusted, axis=1, kind="stable")
    return np.take_along_axis(ids, order, axis=1), np.take_along_axis(adjusted, order, axis=1)


def _pad(ids: np.ndarray) -> object:
    return -1 if ids.dtype.kind in "iu" else ""
