"""`evaluate`: embed a gallery and queries, rank products, and measure.

Reads as a story: embed (cached), rank (exact, or through a faiss index),
measure overall and per slice with bootstrap intervals, measure the domain
gap, and package everything as an `EvalResult`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.manifest import Sample
from wildcat.core.seeding import sample_rng
from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, curve_ci, resample_weights
from wildcat.eval.breakdown import DEFAULT_SLICES, breakdown, metric_block
from wildcat.eval.cache import EmbeddingCache
from wildcat.eval.embedder import Embedded, Embedder, embed_samples, embedding_args, query_side, require_read
from wildcat.eval.gap import domain_gap
from wildcat.eval.hubness import DEFAULT_K, searchable_rows
from wildcat.eval.inner_product import with_ones
from wildcat.eval.metrics import MAX_CURVE_K, curve_ks, recall_curve
from wildcat.eval.ranking import Ranking
from wildcat.eval.result import EvalResult
from wildcat.eval.search import FILTERS, rank
from wildcat.eval.views import with_views

DEFAULT_KS = (1, 5, 10, 20, 50, 100)
MAP_SAMPLES = 2000  # vectors per domain kept for the embedding map and the domain gap


def evaluate(
    embedder: Embedder,
    gallery: Sequence[Sample],
    queries: Sequence[Sample],
    ks: Sequence[int] = DEFAULT_KS,
    slices: Sequence[str] = DEFAULT_SLICES,
    seed: int = 0,
    *,
    synthetic: Sequence[Sample] = (),
    views: Sequence[Sample] = (),
    views_weight: float | None = None,
    reference: Sequence[Sample] = (),
    index: str = "exact",
    filter_by: str | None = None,
    crop_padding: int | None = None,
    topk: int = 20,
    n_resamples: int = DEFAULT_RESAMPLES,
    cache: EmbeddingCache | str | Path | None = None,
    batch_size: int = 64,
    max_curve_k: int = MAX_CURVE_K,
    progress: bool = True,
) -> EvalResult:
    """Product retrieval of `queries` against `gallery` (manifest rows with absolute paths).

    index: "exact" (numpy, full ranks) or a faiss kind ("flat", "hnsw", "ivfpq"),
    searched to depth min(max_curve_k, products). filter_by: "category" or
    "locale" restricts each query to gallery products sharing that field.
    crop_padding: crop queries whose lineage has a `box` to it, grown by this
    many pixels. synthetic: rows whose embeddings join the domain-gap measure.
    views: synthetic rows (composites) whose per-product mean is blended into
    the gallery vectors with `views_weight` (eval.views; None = its default); no
    views = the catalog images alone. reference: unlabelled photos of the query
    domain; each indexed image's scores are corrected by its pull on them
    (eval.hubness); none = no correction.
    """
    if filter_by not in FILTERS:
        raise ValueError(f"filter_by must be one of {FILTERS}, got {filter_by!r}")
    started = time.perf_counter()
    settings = dict(
        index=index,
        filter_by=filter_by,
        crop_padding=crop_padding,
        ks=[int(k) for k in ks],
        slices=list(slices),
        seed=int(seed),
        n_resamples=int(n_resamples),
        topk=int(topk),
    )
    embed = embedding_args(embedder, cache, batch_size, progress)
    # Shoppers' photos (and the synthetic images that imitate them) go through the query side: the same
    # weights with the wild domain's batch-norm statistics when the run estimated them.
    queries_by = query_side(embedder)
    embed_q = embed if queries_by is embedder else embedding_args(queries_by, cache, batch_size, progress)
    gal = embed_samples(samples=gallery, desc="gallery", **embed)
    qry = embed_samples(samples=queries, crop_padding=crop_padding, desc="queries", **embed_q)
    require_read(gal, "gallery")
    require_read(qry, "query")
    metric = getattr(embedder, "metric", "cosine")
    indexed, settings["views"] = _with_views(gal, views, views_weight, metric, embed_q)
    searched, settings["hub_correction"] = _hub_corrected(indexed, qry, reference, metric, embed_q)
    ranking = rank(*searched, index, filter_by, topk, max_curve_k, sample_rng(seed, "index", 0, "build"))
    report = _measure(ranking, gal.samples, qry.samples, ks, slices, seed, n_resamples, max_curve_k)
    syn = _embed_synthetic(synthetic, seed, embed_q)
    features = _by_domain([gal, qry, syn], sample_rng(seed, "gap", 0, "subsample"))
    report["gap"] = domain_gap(features, sample_rng(seed, "gap", 0, "kid"))
    rejects = gal.rejects + qry.rejects + syn.rejects
    report["rejects"] = {"count": len(rejects), "items": [r.model_dump() for r in rejects[:200]]}
    report["meta"] = _meta(embedder, gal, qry, ranking, settings, time.perf_counter() - started)
    return EvalResult(
        queries=qry.samples,
        gallery=gal.samples,
        ranks=ranking.ranks,
        ap=ranking.ap,
        topk_ids=[[ranking.products[j] for j in row if j >= 0] for row in ranking.topk],
        topk_scores=ranking.topk_scores,
        report=report,
        embeddings=features,
        topk_paths=[[gal.samples[j].path for j in row if j >= 0] for row in ranking.topk_images],
    )


def _with_views(
    gal: Embedded, views: Sequence[Sample], weight: float | None, metric: str, embed: dict[str, Any]
) -> tuple[Embedded, dict | None]:
    """The gallery as indexed: blended with its products' synthetic views when there are any."""
    if not views:
        return gal, None
    return with_views(gal, views, lambda rows: embed_samples(samples=rows, desc="views", **embed), weight, metric)


def _hub_corrected(
    indexed: Embedded, qry: Embedded, reference: Sequence[Sample], metric: str, embed: dict[str, Any]
) -> tuple[tuple[Embedded, Embedded], dict | None]:
    """The searchable (gallery, queries), hub-corrected on the reference photos when there are any."""
    info, ref_vectors = None, None
    if reference:
        ref = embed_samples(samples=list(reference), desc="reference", **embed)
        require_read(ref, "reference")
        ref_vectors = ref.vectors
        info = {"reference_images": len(ref.samples), "k": DEFAULT_K, "reference_rejects": len(ref.rejects)}
    rows, appended = searchable_rows(indexed.vectors, metric, ref_vectors)
    gal = Embedded(rows, indexed.samples, indexed.rejects)
    return (gal, Embedded(with_ones(qry.vectors, appended), qry.samples, qry.rejects)), info


def _measure(
    r: Ranking, gallery: list[Sample], queries: list[Sample], ks, slices, seed: int, n_resamples: int, max_curve_k: int
) -> dict[str, Any]:
    parents = {g.product_id: str(g.lineage.get("parent_category", "")) for g in gallery}
    k_curve = curve_ks(len(r.products), max_curve_k)
    ok = r.ranks[r.ranks >= 0]
    lo, hi = curve_ci(ok, len(k_curve), resample_weights(len(ok), n_resamples, sample_rng(seed, "overall", 0, "curve")))
    return {
        "kind": "eval-run",
        "summary": metric_block(r.ranks, r.ap, ks, sample_rng(seed, "overall", 0, "bootstrap"), n_resamples),
        "curve": {
            "k": k_curve.tolist(),
            "recall": recall_curve(r.ranks, len(k_curve)).tolist(),
            "lo": lo.tolist(),
            "hi": hi.tolist(),
        },
        "slices": breakdown(queries, r.ranks, r.ap, slices, ks, seed, parents, n_resamples),
    }


def _embed_synthetic(synthetic: Sequence[Sample], seed: int, embed: dict[str, Any]) -> Embedded:
    rows = list(synthetic)
    if len(rows) > MAP_SAMPLES:  # the gap needs a sample, not every generated image
        pick = sample_rng(seed, "synthetic", 0, "subsample").choice(len(rows), MAP_SAMPLES, replace=False)
        rows = [rows[i] for i in sorted(pick)]
    if not rows:
        return Embedded(np.zeros((0, embed["embedder"].dim), np.float32), [], [])
    return embed_samples(samples=rows, desc="synthetic", **embed)


def _by_domain(parts: list[Embedded], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Vectors grouped by each row's domain, at most MAP_SAMPLES per domain."""
    vectors = np.concatenate([p.vectors for p in parts])
    domains = np.array([s.domain for p in parts for s in p.samples])
    out = {}
    for d in sorted(set(domains.tolist())):
        idx = np.flatnonzero(domains == d)
        if len(idx) > MAP_SAMPLES:
            idx = np.sort(rng.choice(idx, MAP_SAMPLES, replace=False))
        out[d] = vectors[idx]
    return out


def _meta(
    embedder: Embedder, gal: Embedded, qry: Embedded, ranking: Ranking, settings: dict[str, Any], seconds: float
) -> dict[str, Any]:
    return {
        "embedder": type(embedder).__name__,
        "checkpoint_hash": embedder.checkpoint_hash,
        "dim": int(embedder.dim),
        **settings,
        "n_gallery_images": len(gal.samples),
        "n_products": len(ranking.products),
        "index_spec": ranking.index_spec,
        "n_queries": len(qry.samples),
        "n_queries_rejected": len(qry.rejects),
        "query_splits": sorted({q.split for q in qry.samples}),
        "seconds": round(seconds, 3),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
