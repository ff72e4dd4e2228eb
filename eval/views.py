"""Synthetic views in the index: each product's gallery vector pulled toward its composites.

A shopper's photo is nearer to the product's composites (cutouts pasted into
rooms and stores, with their light and clutter) than to the white-background
catalog image the model anchors on. Indexing each catalog image blended with
the mean embedding of its product's synthetic views moves the gallery into the
query domain without any real photo:

    g' = unit(g + weight * unit(mean(views of g's product)))    (cosine models)
    g' = (g + weight * mean(views)) / (1 + weight)              (L2 models)

Grocery Store, proto budget, three seeds: weight 2 over the composites lifts
zero-real recall@1 from 0.181 to 0.207 and recall@5 from 0.454 to 0.497
(docs/benchmarks.md, "Round 6"). Products without views keep their vector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from wildcat.core.manifest import Sample, read_manifest
from wildcat.eval.embedder import Embedded

DEFAULT_WEIGHT = 2.0
VIEW_GENERATORS = ("cutpaste",)  # composites; 3D proxy renders on plain backgrounds helped less (Round 6)


def with_views(
    gallery: Embedded,
    views: Sequence[Sample],
    embed: Callable[[list[Sample]], Embedded],
    weight: float | None = None,
    metric: str = "cosine",
) -> tuple[Embedded, dict]:
    """blend_views for view rows: `embed` (through the model's query side: views imitate shoppers' photos)
    turns them into vectors only when they count, as weight 0 leaves the catalog images alone and
    embedding thousands of views to weigh them by nothing costs minutes."""
    weight = _checked(weight)
    seen = embed(list(views)) if weight else Embedded(np.zeros((0, gallery.vectors.shape[1]), np.float32), [])
    return blend_views(gallery, seen, weight, metric)


def blend_views(
    gallery: Embedded, views: Embedded, weight: float | None = None, metric: str = "cosine"
) -> tuple[Embedded, dict]:
    """`gallery` with each row blended with its product's mean view (weight None = DEFAULT_WEIGHT); and what
    was blended (for the report)."""
    weight = _checked(weight)
    means = product_means(views)
    out = gallery.vectors.astype(np.float32).copy()
    blended = 0
    for i, sample in enumerate(gallery.samples):
        mean = means.get(sample.product_id)
        if mean is None or weight == 0:
            continue
        out[i] = _blend(out[i], mean, weight, metric)
        blended += 1
    products = {g.product_id for g in gallery.samples} & set(means)
    info = {
        "weight": float(weight),
        "view_images": sum(s.product_id in products for s in views.samples),
        "products": len(products),
        "gallery_images_blended": blended,
        "view_rejects": len(views.rejects),
    }
    return Embedded(out, gallery.samples, gallery.rejects), info


def product_means(views: Embedded) -> dict[str, np.ndarray]:
    """The mean view vector of each product."""
    ids = np.array([s.product_id for s in views.samples], dtype=object)
    return {p: views.vectors[ids == p].mean(0) for p in sorted(set(ids.tolist()))}


def view_rows(rows, generators=VIEW_GENERATORS):
    """The rows of a dataset that serve as views: composites (by default) and labelled wild photos."""
    return [r for r in rows if r.generator in generators or r.domain == "wild"]


def _checked(weight: float | None) -> float:
    weight = DEFAULT_WEIGHT if weight is None else weight
    if weight < 0 or not np.isfinite(weight):
        raise ValueError(f"the views' weight must be a finite number >= 0, got {weight}")
    return weight


def _blend(g: np.ndarray, mean: np.ndarray, weight: float, metric: str) -> np.ndarray:
    if metric == "l2":  # un-normalised embeddings: a weighted average stays on the model's scale
        return (g + weight * mean) / (1 + weight)
    v = g + weight * _unit(mean)
    return _unit(v)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def composite_views(datasets: Sequence[Path]) -> list[Sample]:
    """The composites among synthetic datasets' rows: the views a synthetic run's index blends in."""
    return view_rows([row for d in datasets for row in read_manifest(d, absolute=True)])
