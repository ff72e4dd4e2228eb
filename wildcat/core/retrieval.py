"""Product ranking, once for every caller (training's validation hook, eval,
the UI, the benchmark scripts): a product scores at its best gallery image,
and ties are pessimistic (every other product scoring equal to the right one
ranks ahead of it), so a constant embedding never looks good.

eval/ranking.py adds filters, top-k lists and average precision on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

UNANSWERABLE = -1  # rank of a query whose product has no gallery image


@dataclass
class Gallery:
    """Gallery images grouped by product (sorted ids), computed once per ranking."""

    products: list[str]
    cols: np.ndarray  # product index of each gallery image
    order: np.ndarray  # gallery images sorted by product
    starts: np.ndarray  # where each product's run begins in `order`
    images: np.ndarray  # [products, most images of one product]: each product's gallery rows in order, -1 pads

    @classmethod
    def from_labels(cls, labels: Sequence[str]) -> Gallery:
        products = sorted(set(labels))
        index = {p: i for i, p in enumerate(products)}
        cols = np.array([index[label] for label in labels], dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(cols[order]) != 0])
        counts = np.diff(np.r_[starts, len(order)])
        images = np.full((len(products), counts.max(initial=0)), -1, np.int64)
        images[cols[order], np.arange(len(order)) - np.repeat(starts, counts)] = order
        return cls(products, cols, order, starts, images)

    def targets(self, labels: Sequence[str]) -> np.ndarray:
        """Product index of each query label; UNANSWERABLE for a product without gallery images."""
        index = {p: i for i, p in enumerate(self.products)}
        return np.array([index.get(label, UNANSWERABLE) for label in labels], dtype=np.int64)

    def per_product(self, sims: np.ndarray) -> np.ndarray:
        """[n, images] scores -> [n, products]: each product at its best image."""
        return np.maximum.reduceat(sims[:, self.order], self.starts, axis=1)


def first_hit(per: np.ndarray, target: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """0-based rank of each query's right product in [n, products] scores `per` (UNANSWERABLE where
    `target` is). mask: bool [n, products] of the products a filtered search sees; a right product
    filtered away is a miss at every k (its rank is the number of products)."""
    ranks = np.full(len(per), UNANSWERABLE, np.int64)
    ok = target >= 0
    rows = np.flatnonzero(ok)
    score = per[rows, target[ok]]
    # Pessimistic: every other product scoring >= the right one ranks ahead of it.
    ranks[rows] = (per[rows] >= score[:, None]).sum(axis=1) - 1
    if mask is not None:
        hidden = rows[~mask[rows, target[ok]]]
        ranks[hidden] = per.shape[1]
    return ranks


def ranks_from_scores(sims: np.ndarray, query_labels: Sequence[str], gallery_labels: Sequence[str]) -> np.ndarray:
    """first_hit ranks from a [queries, gallery images] score matrix (higher = closer)."""
    gallery = Gallery.from_labels(gallery_labels)
    return first_hit(gallery.per_product(np.asarray(sims)), gallery.targets(query_labels))


def first_hit_ranks(
    query_emb: np.ndarray,
    gallery_emb: np.ndarray,
    query_labels: Sequence[str],
    gallery_labels: Sequence[str],
) -> np.ndarray:
    """0-based rank of each query's product by inner product (cosine for L2-normalised embeddings)."""
    q = np.asarray(query_emb, dtype=np.float32)
    g = np.asarray(gallery_emb, dtype=np.float32)
    return ranks_from_scores(q @ g.T, query_labels, gallery_labels)


def recall_at_k(ranks: np.ndarray, ks: Sequence[int] = (1, 5, 10)) -> dict[int, float]:
    """Share of (answerable) queries whose product is within the top k."""
    r = np.asarray(ranks)
    r = r[r >= 0]
    if r.size == 0:
        return {k: float("nan") for k in ks}
    return {k: float(np.mean(r < k)) for k in ks}
