"""A training-free embedder: a colour histogram in CIELAB.

It is the no-training baseline in reports (how far does colour alone get?) and
a real, deterministic embedder for tests, so evaluation can be exercised end to
end without a trained checkpoint.
"""

from __future__ import annotations

import cv2
import numpy as np


class ColorHistogramEmbedder:
    """Joint L*a*b* histogram, square-rooted (Hellinger) and L2-normalised."""

    def __init__(self, bins: tuple[int, int, int] = (4, 8, 8), image_size: int = 64) -> None:
        if min(bins) < 1 or image_size < 4:
            raise ValueError(f"bins must be >= 1 and image_size >= 4, got {bins}, {image_size}")
        self.bins = tuple(int(b) for b in bins)
        self.image_size = int(image_size)
        self.dim = int(np.prod(self.bins))
        self.checkpoint_hash = f"colorhist-lab-{'x'.join(map(str, self.bins))}-{self.image_size}px-v1"

    def embed_images(self, images: list[np.ndarray]) -> np.ndarray:
        out = np.zeros((len(images), self.dim), dtype=np.float32)
        for i, image in enumerate(images):
            out[i] = self._embed_one(image)
        return out

    def _embed_one(self, image: np.ndarray) -> np.ndarray:
        small = cv2.resize(
            np.ascontiguousarray(image[..., :3]), (self.image_size, self.image_size), interpolation=cv2.INTER_AREA
        )
        lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.int64)
        b = np.asarray(self.bins)
        cells = np.minimum(lab * b // 256, b - 1)
        flat = np.ravel_multi_index(cells.T, self.bins)
        hist = np.bincount(flat, minlength=self.dim).astype(np.float64)
        vec = np.sqrt(hist / hist.sum())
        return (vec / np.linalg.norm(vec)).astype(np.float32)
