"""Brute-force retrieval maths shared by training (its validation hook) and eval.

Kept tiny and exact: eval/ adds faiss indexes, intervals and reports on top.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def first_hit_ranks(
    query_emb: np.ndarray,
    gallery_emb: np.ndarray,
    query_labels: Sequence[str],
    gallery_labels: Sequence[str],
) -> np.ndarray:
    """0-based rank of the best-scoring gallery item of the right label, per query.

    Scores are inner products (cosine for L2-normalised embeddings). A product
    with several gallery images counts at its best image. Ties are broken
    pessimistically: a wrong item scoring equal to the right one ranks ahead,
    so a constant embedding never looks good. Queries whose label has no
    gallery item get rank -1.
    """
    q = np.asarray(query_emb, dtype=np.float32)
    g = np.asarray(gallery_emb, dtype=np.float32)
    products = sorted(set(gallery_labels))
    index = {p: i for i, p in enumerate(products)}
    sims = q @ g.T
    per_product = np.full((len(q), len(products)), -np.inf, dtype=np.float32)
    cols = np.array([index[label] for label in gallery_labels])
    for j, col in enumerate(cols):  # best image per product
        np.maximum(per_product[:, col], sims[:, j], out=per_product[:, col])
    ranks = np.full(len(q), -1, dtype=np.int64)
    for i, label in enumerate(query_labels):
        col = index.get(label)
        if col is None:
            continue
        target = per_product[i, col]
        others = np.delete(per_product[i], col)
        ranks[i] = int(np.sum(others >= target))
    return ranks


def recall_at_k(ranks: np.ndarray, ks: Sequence[int] = (1, 5, 10)) -> dict[int, float]:
    """Share of (answerable) queries whose product is within the top k."""
    r = np.asarray(ranks)
    r = r[r >= 0]
    if r.size == 0:
        return {k: float("nan") for k in ks}
    return {k: float(np.mean(r < k)) for k in ks}
