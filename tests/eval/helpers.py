"""Helpers for eval tests: tiny embedders and manifest rows."""

from __future__ import annotations

import numpy as np

from wildcat.core.manifest import Sample


class ConstantEmbedder:
    """Maps every image to the same vector: the worst possible model (every product ties)."""

    checkpoint_hash = "constant-v1"
    dim = 4

    def embed_images(self, images):
        out = np.zeros((len(images), self.dim), np.float32)
        out[:, 0] = 1.0
        return out


class CountingEmbedder:
    """A real embedder that counts the images it was asked to embed (for cache tests)."""

    def __init__(self, inner):
        self.inner = inner
        self.checkpoint_hash = inner.checkpoint_hash
        self.dim = inner.dim
        self.calls = 0

    def embed_images(self, images):
        self.calls += len(images)
        return self.inner.embed_images(images)


def row(sample_id: str, product_id: str, category: str = "c", locale: str = "en", **kw) -> Sample:
    return Sample(
        sample_id=sample_id,
        path=f"/nowhere/{sample_id}.png",
        product_id=product_id,
        domain=kw.pop("domain", "wild"),
        generator=kw.pop("generator", "wild"),
        category=category,
        locale=locale,
        **kw,
    )
