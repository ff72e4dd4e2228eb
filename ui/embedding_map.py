"""The embedding map: a sample of catalog, synthetic and wild images embedded
by one model and projected to 2-D (PCA, or t-SNE), each point carrying a
thumbnail for the chart's tooltip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import wildcat.eval as ev
from wildcat.core.manifest import Sample
from wildcat.core.seeding import sample_rng
from wildcat.ui.thumbnails import data_uri

METHODS = ("PCA", "t-SNE")
COLOUR_BY = ("domain", "generator", "category", "locale")


def pick_points(table: pa.Table, per_domain: int, seed: int = 0) -> pa.Table:
    """Up to `per_domain` rows of each domain (a seeded draw, table order kept); rows without a product left out."""
    table = table.filter(pc.not_equal(table.column("product_id"), ""))
    domains = np.asarray(table.column("domain").to_pylist(), dtype=object)
    keep: list[int] = []
    for d in sorted(set(domains.tolist())):
        idx = np.flatnonzero(domains == d)
        if len(idx) > per_domain:
            idx = np.sort(sample_rng(seed, "map", 0, d).choice(idx, per_domain, replace=False))
        keep += idx.tolist()
    return table.take(pa.array(sorted(keep), pa.int64()))


def as_samples(table: pa.Table) -> list[Sample]:
    """Rows of the slim sample table as manifest rows with absolute paths (what eval.embed_samples reads)."""
    return [
        Sample(
            sample_id=r["sample_id"],
            path=r["file"],
            product_id=r["product_id"],
            domain=r["domain"],
            generator=r["generator"],
            split=r["split"],
            category=r["category"] or "",
            locale=r["locale"] or "",
        )
        for r in table.to_pylist()
    ]


def project(vectors: np.ndarray, method: str, rng: np.random.Generator) -> np.ndarray:
    """[n, 2] coordinates: PCA (centred SVD, deterministic up to sign, fixed here) or t-SNE (scikit-learn)."""
    x = np.asarray(vectors, dtype=np.float64)
    if len(x) < 3:
        return np.zeros((len(x), 2))
    if method == "t-SNE":
        from sklearn.manifold import TSNE

        perplexity = float(min(30, max(2, (len(x) - 1) // 3)))
        return TSNE(2, perplexity=perplexity, init="pca", random_state=int(rng.integers(2**31))).fit_transform(x)
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    axes = vt[:2]
    axes *= np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])[:, None]  # a stable sign per axis
    xy = x @ axes.T
    return np.pad(xy, ((0, 0), (0, 2 - xy.shape[1])))


def map_frame(
    embedder, table: pa.Table, method: str, seed: int = 0, cache: ev.EmbeddingCache | None = None, thumb_side: int = 64
) -> pd.DataFrame:
    """One row per point that could be read: x, y, its fields, and `image` (a data: URI thumbnail)."""
    samples = as_samples(table)
    emb = ev.embed_samples(embedder, samples, cache=cache, progress=False, desc="map")
    xy = project(emb.vectors, method, sample_rng(seed, "map", 0, method))
    rows = [
        {
            "x": float(p[0]),
            "y": float(p[1]),
            "sample_id": s.sample_id,
            "domain": s.domain,
            "generator": s.generator,
            "category": s.category,
            "locale": s.locale,
            "product_id": s.product_id,
            "file": s.path,
            "image": data_uri(s.path, thumb_side),
        }
        for s, p in zip(emb.samples, xy, strict=False)
    ]
    return pd.DataFrame(
        rows,
        columns=["x", "y", "sample_id", "domain", "generator", "category", "locale", "product_id", "file", "image"],
    )
