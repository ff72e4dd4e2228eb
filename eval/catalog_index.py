"""A catalog's product index as wildcat's evaluation searches it: catalog images, blended with the model's
synthetic views, ranked by the model's metric, hub-corrected on unlabelled photos of the query domain. One
builder for `wildcat eval index` and the UI's search pages, so a saved index and the page rank as the
evaluation that measured them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wildcat.core.manifest import Reject, Sample
from wildcat.eval.embedder import Embedder, embed_samples, embedding_args, query_side, require_read
from wildcat.eval.index import IndexSpec
from wildcat.eval.product_index import ProductIndex
from wildcat.eval.views import with_views


@dataclass
class IndexedCatalog:
    index: ProductIndex
    rejects: list[Reject]  # catalog images that could not be read (left out)
    views: dict | None  # what eval.views blended (None: no views given)
    reference_rejects: list[Reject]  # reference photos that could not be read (left out of the correction)


def index_catalog(
    embedder: Embedder,
    gallery: Sequence[Sample],
    spec: IndexSpec,
    rng: np.random.Generator,
    *,
    views: Sequence[Sample] = (),
    views_weight: float | None = None,
    reference: Sequence[Sample] = (),
    cache: str | Path | None = None,
    progress: bool = True,
) -> IndexedCatalog:
    """Embed `gallery`, blend in `views` (eval.views), hub-correct on `reference` (eval.hubness) and index it.
    Views and reference photos go through the model's query side, as evaluation embeds them. cache: the
    embedding cache folder (each side keeps its own vectors in it)."""
    gal = embed_samples(samples=gallery, desc="gallery", **embedding_args(embedder, cache, 64, progress))
    require_read(gal, "gallery")
    embed_q = embedding_args(query_side(embedder), cache, 64, progress)
    metric = getattr(embedder, "metric", "cosine")
    blended = None
    if views:
        gal, blended = with_views(
            gal,
            views,
            lambda rows: embed_samples(samples=rows, desc="views", **embed_q),
            views_weight,
            metric,
        )
    ref_vectors, ref_rejects = None, []
    if reference:
        ref = embed_samples(samples=list(reference), desc="reference", **embed_q)
        require_read(ref, "reference")
        ref_vectors, ref_rejects = ref.vectors, ref.rejects
    index = ProductIndex.build(
        gal.vectors, gal.samples, spec, rng, embedder.checkpoint_hash, reference=ref_vectors, metric=metric
    )
    return IndexedCatalog(index, gal.rejects, blended, ref_rejects)
