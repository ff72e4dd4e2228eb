"""Every wildcat index is an inner-product index (numpy or faiss); other scores become inner products by
appending coordinates to the gallery rows and 1s to the queries.

- L2 distance (architectures A-C train un-normalised embeddings on it): g' = [2g, -||g||^2], q' = [q, 1] gives
  q'.g' = 2 q.g - ||g||^2 = -||q - g||^2 + ||q||^2, whose last term is constant per query.
- Hub correction (eval.hubness): g' = [g, -r_j], q' = [q, 1] gives q.g - r_j.
"""

from __future__ import annotations

import numpy as np


def with_ones(vectors: np.ndarray, n: int = 1) -> np.ndarray:
    """[rows, d + n] the rows with n 1s appended: a query as the appended gallery coordinates expect it."""
    v = np.asarray(vectors, dtype=np.float32)
    return np.hstack([v, np.ones((len(v), n), np.float32)]) if n else v


def l2_gallery(vectors: np.ndarray) -> np.ndarray:
    """[rows, d + 1] gallery rows whose inner product with `with_ones` queries ranks by L2 distance."""
    g = np.asarray(vectors, dtype=np.float32)
    return np.hstack([2 * g, -np.sum(g * g, axis=1, keepdims=True)]).astype(np.float32)
