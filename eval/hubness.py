"""Hub correction from unlabelled shoppers' photos: each indexed image scored against how near photos usually are.

Some gallery vectors sit near many store photos whatever those photos show: in
the grocery benchmark a synthetic run's onion attracts kiwi photos and its
cabbage watermelon photos, whole products lost to one neighbour. Cross-domain
similarity local scaling (CSLS; Conneau et al. 2018, "Word translation without
parallel data") measures that pull on photos with no label: r_j, the mean
similarity of gallery image j to its k nearest unlabelled photos, is subtracted
from every query's score for it. One appended coordinate does it inside any
inner-product index, exact or faiss:

    g' = [g, -r_j]    q' = [q, 1]    q'.g' = q.g - r_j

The photos need no labels (a shop's past queries serve), and a query need not
be among them: Grocery Store, a synthetic run (seed 1), the reference = the
2,640 unlabelled train photos, k 50: recall@1/@5 on the 296 val photos, which
are not in the reference, 0.510/0.804 -> 0.547/0.848 (docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np

from wildcat.eval.embedder import Embedded
from wildcat.eval.inner_product import l2_gallery, with_ones

DEFAULT_K = 50  # chosen on dev among 10, 25, 50, 100, 200 (docs/benchmarks.md)
CHUNK_ELEMENTS = 32_000_000  # reference x gallery scores held at once (128 MB of float32)


def hub_scores(gallery: np.ndarray, reference: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """[images] r_j: the mean inner product of each gallery row with its k nearest reference rows (all of them
    when there are fewer than k)."""
    g = np.asarray(gallery, dtype=np.float32)
    if len(reference) == 0:
        raise ValueError("the hub correction needs at least one reference photo")
    k = max(1, min(int(k), len(reference)))
    best = np.full((k, len(g)), -np.inf, np.float32)  # the k highest scores per gallery row so far
    rows = max(1, CHUNK_ELEMENTS // max(1, len(g)))  # a million-image gallery is scored a few photos at a time
    for s in range(0, len(reference), rows):
        scores = np.asarray(reference[s : s + rows], dtype=np.float32) @ g.T
        both = np.concatenate([best, scores])
        best = np.partition(both, len(both) - k, axis=0)[-k:]
    return best.mean(axis=0)


def hub_gallery(gallery: np.ndarray, reference: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """[images, d + 1] the gallery rows with -r_j appended: an inner product with `with_ones` queries is the
    corrected score."""
    r = hub_scores(gallery, reference, k)
    return np.hstack([np.asarray(gallery, dtype=np.float32), -r[:, None]])


def searchable_rows(
    vectors: np.ndarray, metric: str, reference: np.ndarray | None = None, k: int = DEFAULT_K
) -> tuple[np.ndarray, int]:
    """(gallery rows as an inner-product index holds them, how many 1s each query then needs): the L2 transform
    for an L2 model (eval.inner_product), then the hub score when `reference` (the unlabelled photos' plain
    vectors, embedded as queries are) is given. The one recipe for the evaluation and ProductIndex."""
    rows, appended = np.asarray(vectors, dtype=np.float32), 0
    if metric == "l2":
        rows, appended = l2_gallery(rows), 1
    if reference is not None:
        rows, appended = hub_gallery(rows, with_ones(reference, appended), k), appended + 1
    return rows, appended


def corrected(gallery: Embedded, queries: Embedded, reference: np.ndarray, k: int = DEFAULT_K):
    """(gallery, queries) whose inner products are the hub-corrected scores: one coordinate appended to each,
    -r_j to gallery rows, 1 to queries. `reference`: the unlabelled photos' vectors, as searchable as the
    queries' (the same side, the same transform)."""
    g, q = hub_gallery(gallery.vectors, reference, k), with_ones(queries.vectors)
    return Embedded(g, gallery.samples, gallery.rejects), Embedded(q, queries.samples, queries.rejects)
