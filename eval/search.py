"""Ranking embedded queries against an embedded gallery, exactly or through faiss.

"exact" scores every product (full ranks, image-level AP). A faiss kind
searches a `ProductIndex` to a fixed depth, as a deployment would: a product not
returned counts as a miss at every k, and AP is left undefined (nan).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from wildcat.core.retrieval import UNANSWERABLE
from wildcat.eval.embedder import Embedded
from wildcat.eval.index import INDEX_KINDS, IndexSpec
from wildcat.eval.product_index import ProductIndex
from wildcat.eval.ranking import Ranking, rank_products

FILTERS = (None, "category", "locale")


def rank(
    gal: Embedded, qry: Embedded, index: str, filter_by: str | None, topk: int, depth: int, rng: np.random.Generator
) -> Ranking:
    """Rank gallery products for every query; `filter_by` keeps products sharing the query's field."""
    g_labels = [s.product_id for s in gal.samples]
    q_labels = [s.product_id for s in qry.samples]
    if index == "exact":
        allowed = _allowed(gal, qry, filter_by)
        return rank_products(qry.vectors, gal.vectors, q_labels, g_labels, topk=topk, allowed=allowed)
    if index not in INDEX_KINDS:
        raise ValueError(f"index must be 'exact' or one of {INDEX_KINDS}, got {index!r}")
    pindex = ProductIndex.build(gal.vectors, gal.samples, IndexSpec(kind=index), rng)
    return _rank_with_index(pindex, qry, filter_by, topk, depth)


def _allowed(gal: Embedded, qry: Embedded, filter_by: str | None) -> np.ndarray | None:
    """bool [queries, products (sorted ids)]: product shares the query's `filter_by` value."""
    if filter_by is None:
        return None
    value: dict[str, str] = {}
    for s in gal.samples:  # a product takes the value of its first image
        value.setdefault(s.product_id, getattr(s, filter_by))
    products = np.array([value[p] for p in sorted(value)], dtype=object)
    wanted = np.array([getattr(q, filter_by) for q in qry.samples], dtype=object)
    return wanted[:, None] == products[None, :]


def _rank_with_index(pindex: ProductIndex, qry: Embedded, filter_by: str | None, topk: int, depth: int) -> Ranking:
    products = sorted(set(pindex.meta["product_id"]))
    col = {p: i for i, p in enumerate(products)}
    n, k = len(qry.samples), min(topk, len(products))
    out = Ranking(
        ranks=np.full(n, UNANSWERABLE, np.int64),
        ap=np.full(n, np.nan),
        topk=np.full((n, k), -1, np.int64),
        topk_scores=np.full((n, k), -np.inf, np.float32),
        products=products,
        topk_images=np.full((n, k), -1, np.int64),
        index_spec=pindex.spec.model_dump(),
    )
    row_of = {sid: i for i, sid in enumerate(pindex.meta["sample_id"])}  # index rows are the gallery's, in order
    groups: dict[str | None, list[int]] = defaultdict(list)
    for i, q in enumerate(qry.samples):
        groups[getattr(q, filter_by) if filter_by else None].append(i)
    for value, idx in groups.items():
        where = {filter_by: value} if filter_by else None
        for i, hits in zip(idx, pindex.search(qry.vectors[idx], min(depth, len(products)), where), strict=False):
            out.ranks[i] = _hit_rank(hits, qry.samples[i].product_id, col, len(products))
            out.topk[i, : min(k, len(hits))] = [col[h.product_id] for h in hits[:k]]
            out.topk_scores[i, : min(k, len(hits))] = [h.score for h in hits[:k]]
            out.topk_images[i, : min(k, len(hits))] = [row_of[h.sample_id] for h in hits[:k]]
    return out


def _hit_rank(hits, product_id: str, col: dict[str, int], n_products: int) -> int:
    if product_id not in col:
        return UNANSWERABLE
    scores = np.array([h.score for h in hits])
    for h in hits:
        if h.product_id == product_id:
            return int(np.sum(scores >= h.score)) - 1  # pessimistic ties, as in exact ranking
    return n_products  # not returned: a miss at every k
