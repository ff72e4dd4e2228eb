"""Validation during training: recall@k of query photos against the catalog gallery.

A hook is any callable `hook(embedder) -> {"recall@1": ..., ...}`; `RecallHook`
is the standard one. It decodes its images once and reuses them at every
evaluation, so periodic checks cost only the forward passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from wildcat.core.retrieval import first_hit_ranks, recall_at_k
from wildcat.train.embedder import Embedder
from wildcat.train.images import decode_all

EvalHook = Callable[[Embedder], dict[str, float]]


def l2_as_inner_product(q: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectors whose inner products rank like -||q - g||^2 (= 2 q.g - ||g||^2 - ||q||^2, the last
    term constant per query): un-normalised embeddings (architectures A-C) are trained on L2
    distance, so they must be searched by it."""
    ones = np.ones((len(q), 1), dtype=np.float32)
    return np.hstack([q, ones]), np.hstack([2 * g, -np.sum(g * g, axis=1, keepdims=True)]).astype(np.float32)


class RecallHook:
    def __init__(
        self,
        gallery: Sequence[tuple[str | Path, str]],
        queries: Sequence[tuple[str | Path, str]],
        ks: Sequence[int] = (1, 5, 10),
        workers: int = 0,
    ) -> None:
        """gallery, queries: (image path, product id) pairs."""
        self.gallery_paths = [p for p, _ in gallery]
        self.gallery_labels = [label for _, label in gallery]
        self.query_paths = [p for p, _ in queries]
        self.query_labels = [label for _, label in queries]
        self.ks = tuple(ks)
        self.workers = workers
        self.skipped = 0
        self._cache: tuple[np.ndarray, list[str], np.ndarray, list[str]] | None = None
        self._side = 0

    def __call__(self, embedder: Embedder) -> dict[str, float]:
        g_img, g_labels, q_img, q_labels = self._decoded(embedder.image_size)
        q, g = embedder.for_queries().embed_images(q_img), embedder.embed_images(g_img)
        if not embedder.normalized:
            q, g = l2_as_inner_product(q, g)
        ranks = first_hit_ranks(q, g, q_labels, g_labels)
        result = {f"recall@{k}": v for k, v in recall_at_k(ranks, self.ks).items()}
        result["queries"] = float(np.sum(ranks >= 0))
        return result

    def _decoded(self, side: int) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
        """Images at `side` and their labels; unreadable images leave the evaluation (counted in `skipped`)."""
        if self._side != side:
            g, g_bad = decode_all(self.gallery_paths, side, self.workers)
            q, q_bad = decode_all(self.query_paths, side, self.workers)
            keep_g = [i for i in range(len(g)) if i not in g_bad]
            keep_q = [i for i in range(len(q)) if i not in q_bad]
            self._cache = (
                g[keep_g],
                [self.gallery_labels[i] for i in keep_g],
                q[keep_q],
                [self.query_labels[i] for i in keep_q],
            )
            self._side, self.skipped = side, len(g_bad) + len(q_bad)
        return self._cache
