"""Exact product ranking: every query against every gallery image, by inner product.

The ranks are `wildcat.core.retrieval`'s (a product scores its best image; ties
are pessimistic); this adds per-query filters, top-k lists and image-level
average precision, in query chunks so a large gallery fits in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wildcat.core.retrieval import UNANSWERABLE, Gallery, first_hit

CHUNK_ELEMENTS = 32_000_000  # query x image scores held at once (128 MB of float32)


@dataclass
class Ranking:
    ranks: np.ndarray  # int64 [Q]: 0-based rank of the right product, -1 when absent from the gallery
    ap: np.ndarray  # float64 [Q]: average precision over gallery images; nan when unanswerable
    topk: np.ndarray  # int64 [Q, k]: product indices, best first; -1 where fewer were allowed
    topk_scores: np.ndarray  # float32 [Q, k]
    products: list[str]  # product index -> id
    topk_images: np.ndarray  # int64 [Q, k]: gallery row of the image each top product scored with; -1 pads
    index_spec: dict | None = None  # the faiss index searched, as built (tuned knobs included); None = exact


def best_images(gal: Gallery, sims: np.ndarray, top: np.ndarray) -> np.ndarray:
    """[n, images] scores, [n, k] product indices (-1 pads) -> [n, k] the gallery row each product scored
    with (its best image; the first in gallery order on ties), -1 for pads. Costs n x k x images per product."""
    rows = gal.images[np.maximum(top, 0)]  # [n, k, m]
    n, k, m = rows.shape
    scores = np.take_along_axis(sims, np.maximum(rows, 0).reshape(n, k * m), axis=1).reshape(n, k, m)
    best = np.argmax(np.where(rows >= 0, scores, -np.inf), axis=2)
    return np.where(top >= 0, np.take_along_axis(rows, best[..., None], axis=2)[..., 0], -1)


def rank_products(
    query_emb: np.ndarray,
    gallery_emb: np.ndarray,
    query_labels: Sequence[str],
    gallery_labels: Sequence[str],
    *,
    topk: int = 20,
    allowed: np.ndarray | None = None,
    chunk: int | None = None,
) -> Ranking:
    """Rank all gallery products for each query.

    allowed: optional bool [Q, products] (products in sorted id order): a filtered
    search sees only the allowed products; a right product filtered away is a
    miss at every k (its rank is the number of products).
    chunk: queries scored at once (default: as many as fit in CHUNK_ELEMENTS scores).
    """
    q = np.asarray(query_emb, dtype=np.float32)
    g = np.asarray(gallery_emb, dtype=np.float32)
    gal = Gallery.from_labels(gallery_labels)
    n_prod = len(gal.products)
    target = gal.targets(query_labels)
    k = min(topk, n_prod)
    chunk = chunk or max(1, min(512, CHUNK_ELEMENTS // max(1, len(g))))
    out = Ranking(
        ranks=np.full(len(q), UNANSWERABLE, np.int64),
        ap=np.full(len(q), np.nan),
        topk=np.full((len(q), k), -1, np.int64),
        topk_scores=np.full((len(q), k), -np.inf, np.float32),
        products=gal.products,
        topk_images=np.full((len(q), k), -1, np.int64),
    )
    for s in range(0, len(q), chunk):
        rows = slice(s, min(s + chunk, len(q)))
        sims = q[rows] @ g.T
        mask = None if allowed is None else np.asarray(allowed[rows], dtype=bool)
        if mask is not None:
            sims = np.where(mask[:, gal.cols], sims, -np.inf)
        per = gal.per_product(sims)
        if mask is not None:
            per = np.where(mask, per, -np.inf)
        out.ranks[rows] = first_hit(per, target[rows], mask)
        out.topk[rows], out.topk_scores[rows] = _top(per, k)
        out.topk_images[rows] = best_images(gal, sims, out.topk[rows])
        out.ap[rows] = _image_ap(sims, gal.cols, target[rows])
    return out


def _top(per: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    part = (
        np.argpartition(-per, k - 1, axis=1)[:, :k]
        if k < per.shape[1]
        else np.tile(np.arange(per.shape[1]), (len(per), 1))
    )
    scores = np.take_along_axis(per, part, axis=1)
    order = np.lexsort((part, -scores), axis=-1)  # best score first, ties by product index
    ids = np.take_along_axis(part, order, axis=1)
    scores = np.take_along_axis(scores, order, axis=1)
    ids = np.where(np.isfinite(scores), ids, -1)
    return ids, scores.astype(np.float32)


def _image_ap(sims: np.ndarray, cols: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Average precision over gallery images (all images of the right product are relevant).

    Ties are pessimistic: wrong images scoring equal to a right one come first.
    With one image per product this equals the reciprocal rank.
    """
    ap = np.full(len(sims), np.nan)
    for i in np.flatnonzero(target >= 0):
        rel = np.sort(sims[i, cols == target[i]])[::-1]
        if not np.isfinite(rel[0]):
            ap[i] = 0.0
            continue
        rel = rel[np.isfinite(rel)]
        all_ge = (sims[i][None, :] >= rel[:, None]).sum(axis=1)
        rel_ge = (rel[None, :] >= rel[:, None]).sum(axis=1)
        position = all_ge - rel_ge + np.arange(1, len(rel) + 1)
        n_rel = int((cols == target[i]).sum())
        ap[i] = float(np.sum(np.arange(1, len(rel) + 1) / position) / n_rel)
    return ap
