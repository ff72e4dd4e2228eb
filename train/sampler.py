"""Batches of m images per product across domains, and the siamese pairs inside them.

Each product in a batch gets one gallery anchor (a catalog image when it has
one) and m-1 query-side slots, each a synthetic/wild sample or, with
probability `catalog_fraction`, another augmented catalog view. Products are
drawn so that a share `same_category_negatives` of them share a subcategory
with one already in the batch: the hard negatives.

Pairs (Bell & Bala): every query-side slot pairs with its own product's anchor
(positive) and with `negatives_per_query` other products' anchors (negatives),
from the same subcategory with probability `same_category_negatives`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wildcat.train.data import TrainSet


@dataclass
class BatchPlan:
    indices: np.ndarray  # [B] sample index into the TrainSet
    product: np.ndarray  # [B] product index
    anchor: np.ndarray  # [B] bool: gallery anchor of its product
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (a1, p, a2, n) batch positions


@dataclass(frozen=True)
class SamplerSettings:
    batch_size: int
    samples_per_class: int
    catalog_fraction: float
    same_category_negatives: float
    negatives_per_query: int


def plan_batch(rng: np.random.Generator, ts: TrainSet, s: SamplerSettings) -> BatchPlan:
    n_products = min(max(1, s.batch_size // s.samples_per_class), len(ts.products))
    chosen = choose_products(rng, ts.product_category, n_products, s.same_category_negatives)
    indices, slot_product, anchor = fill_slots(rng, ts, chosen, s.batch_size, s.catalog_fraction)
    pairs = make_pairs(rng, slot_product, anchor, ts.product_category, s.same_category_negatives, s.negatives_per_query)
    return BatchPlan(indices, slot_product, anchor, pairs)


def choose_products(rng: np.random.Generator, product_category: np.ndarray, n: int, same_category: float) -> np.ndarray:
    """`n` distinct products; each after the first comes, with probability `same_category`,
    from a subcategory already in the batch (when it has products left)."""
    total = len(product_category)
    chosen = [int(rng.integers(total))]
    taken = np.zeros(total, dtype=bool)
    taken[chosen[0]] = True
    while len(chosen) < n:
        pool = np.flatnonzero(~taken)
        if rng.random() < same_category:
            same = pool[np.isin(product_category[pool], product_category[chosen])]
            pool = same if same.size else pool
        pick = int(rng.choice(pool))
        chosen.append(pick)
        taken[pick] = True
    return np.array(chosen, dtype=np.int64)


def fill_slots(
    rng: np.random.Generator, ts: TrainSet, products: np.ndarray, batch_size: int, catalog_fraction: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample indices, product and anchor flag for each of `batch_size` slots."""
    per = np.full(len(products), batch_size // len(products))
    per[: batch_size % len(products)] += 1
    indices, slot_product, anchor = [], [], []
    for p, k in zip(products, per, strict=False):
        cat, qry = ts.catalog_of[p], ts.query_of[p]
        indices.append(int(rng.choice(cat if cat.size else qry)))
        for _ in range(k - 1):
            use_catalog = cat.size and (not qry.size or rng.random() < catalog_fraction)
            indices.append(int(rng.choice(cat if use_catalog else qry)))
        slot_product += [p] * k
        anchor += [True] + [False] * (k - 1)
    return np.array(indices, dtype=np.int64), np.array(slot_product, dtype=np.int64), np.array(anchor, dtype=bool)


def make_pairs(
    rng: np.random.Generator,
    slot_product: np.ndarray,
    anchor: np.ndarray,
    product_category: np.ndarray,
    same_category: float,
    negatives: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(a1, p, a2, n) batch positions: positive pairs (a1[i], p[i]), negative pairs (a2[j], n[j])."""
    anchor_pos = {int(slot_product[i]): i for i in np.flatnonzero(anchor)}
    anchor_products = np.array(sorted(anchor_pos), dtype=np.int64)
    a1, pos, a2, neg = [], [], [], []
    for i in np.flatnonzero(~anchor):
        p = int(slot_product[i])
        a1.append(i)
        pos.append(anchor_pos[p])
        others = anchor_products[anchor_products != p]
        if not others.size:
            continue
        same = others[product_category[others] == product_category[p]]
        diff = others[product_category[others] != product_category[p]]
        for _ in range(negatives):
            pool = same if same.size and (not diff.size or rng.random() < same_category) else diff
            a2.append(i)
            neg.append(anchor_pos[int(rng.choice(pool))])
    return tuple(np.array(x, dtype=np.int64) for x in (a1, pos, a2, neg))  # type: ignore[return-value]
