"""Searching the catalog with one photo: right product first, category and market filters."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import wildcat.eval as ev
from wildcat.core.catalog import catalog_samples
from wildcat.core.workspace import Workspace
from wildcat.ui.product_search import GallerySearch, in_market_hits, index_kind_for, saved_index_spec

from tests.ui.tiny_workspace import PRODUCTS, object_on


def photo(pid: str) -> np.ndarray:
    _, _, _, _, colour, shape = next(p for p in PRODUCTS if p[0] == pid)
    return object_on(np.full((64, 64, 3), 255, np.uint8), colour, shape)


def test_search_finds_the_product_and_obeys_the_filters(tiny_ws, tmp_path):
    search = GallerySearch.build(ev.ColorHistogramEmbedder(), tiny_ws.catalog, ev.EmbeddingCache(tmp_path, "colorhist"))
    assert search.n_products == len(PRODUCTS) and search.unreadable == 0
    hits = search.search(photo("tunic-green"), k=3)
    assert hits[0].product_id == "tunic-green" and len(hits) == 3 and hits[0].score >= hits[1].score >= hits[2].score
    assert [h.product_id for h in search.search(photo("tunic-green"), k=5, category="mug")] in (
        ["mug-yellow", "mug-purple"],
        ["mug-purple", "mug-yellow"],
    )
    in_india = search.search(photo("tunic-green"), k=6, market="en-IN")
    assert {h.product_id for h in in_india} == {
        "kurti-red",
        "kurti-blue",
        "mug-yellow",
        "mug-purple",
    }  # no tunic: en-US only
    assert [h.product_id for h in search.search(photo("kurti-blue"), k=1, category="kurti", market="en-US")] == []


def test_in_market_hits_keeps_order_and_stops_at_k():
    hits = [ev.Hit(p, s, "", "") for p, s in (("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6))]
    locales = {"a": ["en-US"], "b": ["en-IN"], "c": ["global"], "d": ["en-IN"]}
    assert [h.product_id for h in in_market_hits(hits, "en-IN", locales, 2)] == ["b", "c"]
    assert in_market_hits([], "en-IN", locales, 2) == []


class _QueriesSeeAMug(ev.ColorHistogramEmbedder):
    """Catalog images as colour histograms; every query photo seen as the yellow mug (shows which side embeds
    queries)."""

    def for_queries(self):
        gallery_side = self

        class QuerySide:
            checkpoint_hash, dim = "mug-view", gallery_side.dim

            def embed_images(self, images):
                return gallery_side.embed_images([photo("mug-yellow")] * len(images))

        return QuerySide()


def test_search_embeds_the_photo_through_the_query_side(tiny_ws, tmp_path):
    search = GallerySearch.build(_QueriesSeeAMug(), tiny_ws.catalog, ev.EmbeddingCache(tmp_path, "colorhist"))
    assert search.search(photo("tunic-green"), k=1)[0].product_id == "mug-yellow"


def test_training_views_are_the_runs_composites(tiny_ws, tmp_path):
    from wildcat.ui.models import ModelChoice, training_views

    from tests.ui.tiny_workspace import COMPOSITES_PER_PRODUCT

    views = training_views(ModelChoice("runs/after", tiny_ws.ws.run("after") / "final.pt"))
    assert len(views) == len(PRODUCTS) * COMPOSITES_PER_PRODUCT and {v.generator for v in views} == {"cutpaste"}
    assert training_views(ModelChoice("baseline", None)) == []
    assert training_views(ModelChoice("runs/gone", tmp_path / "no-run" / "final.pt")) == []  # no config.yaml: no views


def test_search_indexes_the_views_blended_into_the_catalog(tiny_ws, tmp_path):
    from wildcat.eval.views import blend_views
    from wildcat.ui.models import ModelChoice, training_views

    embedder, cache = ev.ColorHistogramEmbedder(), ev.EmbeddingCache(tmp_path, "colorhist")
    # Composites of the green tunic relabelled as the yellow mug's: the mug's indexed vector leans green.
    composites = training_views(ModelChoice("runs/after", tiny_ws.ws.run("after") / "final.pt"))
    views = [v.model_copy(update={"product_id": "mug-yellow"}) for v in composites if v.product_id == "tunic-green"]
    plain = GallerySearch.build(embedder, tiny_ws.catalog, cache)
    blended = GallerySearch.build(embedder, tiny_ws.catalog, cache, views=views)
    mug = photo("mug-yellow")
    before = plain.search(mug, k=1)[0]
    assert before.product_id == "mug-yellow" and before.score > 0.95
    gal = ev.embed_samples(
        embedder, [s for s in catalog_samples(tiny_ws.catalog) if s.product_id == "mug-yellow"], progress=False
    )
    expected, _ = blend_views(gal, ev.embed_samples(embedder, views, progress=False))
    after = next(h for h in blended.search(mug, k=len(PRODUCTS)) if h.product_id == "mug-yellow")
    assert after.score < before.score - 0.1  # a yellow photo against a mug that now leans green
    np.testing.assert_allclose(after.score, float(embedder.embed_images([mug])[0] @ expected.vectors[0]), atol=1e-5)


def test_rank_of_finds_the_right_product_or_says_it_is_gone():
    from wildcat.ui.product_search import rank_of

    hits = [ev.Hit("a", 0.9, "a0", "a.png"), ev.Hit("b", 0.8, "b0", "b.png"), ev.Hit("c", 0.7, "c0", "c.png")]
    assert rank_of(hits, "c") == 3 and rank_of(hits, "a") == 1
    assert rank_of(hits, "z") is None and rank_of(hits, None) is None


def _report(ws, name: str, checkpoint_hash: str, spec: dict | None, mtime: int) -> None:
    folder = ws.evaluation(name)
    folder.mkdir(parents=True)
    (folder / "report.json").write_text(json.dumps({"meta": {"checkpoint_hash": checkpoint_hash, "index_spec": spec}}))
    os.utime(folder / "report.json", (mtime, mtime))


def test_the_page_searches_the_index_kind_the_models_evaluation_used(tiny_ws, tmp_path):
    ws = Workspace.at(tmp_path / "ws")
    assert saved_index_spec(ws, "h1") is None  # no evaluation at all
    _report(ws, "old", "h1", None, 1_000)
    _report(ws, "new", "h1", {"kind": "hnsw", "hnsw_m": 16, "ef_search": 48}, 2_000)
    _report(ws, "other", "h2", {"kind": "ivfpq"}, 3_000)
    spec = saved_index_spec(ws, "h1")
    assert spec.kind == "hnsw" and spec.hnsw_m == 16  # the latest evaluation of this checkpoint
    assert saved_index_spec(ws, "h2").kind == "ivfpq" and saved_index_spec(ws, "h3") is None

    embedder, cache = ev.ColorHistogramEmbedder(), ev.EmbeddingCache(tmp_path, "colorhist")
    exact = GallerySearch.build(embedder, tiny_ws.catalog, cache)
    graph = GallerySearch.build(embedder, tiny_ws.catalog, cache, spec=spec)
    assert exact.index.spec.kind == "flat" and graph.index.spec.kind == "hnsw"
    for pid, *_ in PRODUCTS:  # a handful of vectors: the graph finds what exact search finds (ties in any order)
        found, truth = graph.search(photo(pid), k=3), exact.search(photo(pid), k=3)
        assert len(found) == 3
        np.testing.assert_allclose([h.score for h in found], [h.score for h in truth], atol=1e-6)
    assert graph.sold_in("en-IN") is graph.sold_in("en-IN")  # the market's products listed once
    sizes = (1_000, 199_999, 200_000, 999_999, 1_000_000, 3_400_000)
    assert [index_kind_for(n) for n in sizes] == ["flat", "flat", "hnsw", "hnsw", "ivfpq", "ivfpq"]


def test_a_run_trained_with_unlabelled_photos_searches_a_hub_corrected_index(tiny_ws, tmp_path):
    from wildcat.core.catalog import wild_samples
    from wildcat.core.config import save_run_meta
    from wildcat.eval.hubness import hub_scores
    from wildcat.ui.models import ModelChoice, training_reference

    def run_with(name: str, config: dict) -> ModelChoice:
        save_run_meta(tmp_path / name, config, seed=0)
        return ModelChoice(f"runs/{name}", tmp_path / name / "final.pt")

    photos = wild_samples(tiny_ws.catalog, ["val"])
    reference = training_reference(run_with("su", {"unlabeled_splits": ["val"]}), tiny_ws.catalog)
    assert [s.path for s in reference] == [s.path for s in photos] and photos
    assert training_reference(run_with("plain", {"data": []}), tiny_ws.catalog) == []
    assert training_reference(run_with("elsewhere", {"unlabeled_splits": ["dev"]}), tiny_ws.catalog) == []  # not here
    assert training_reference(ModelChoice("baseline", None), tiny_ws.catalog) == []

    embedder, cache = ev.ColorHistogramEmbedder(), ev.EmbeddingCache(tmp_path, "colorhist")
    plain = GallerySearch.build(embedder, tiny_ws.catalog, cache)
    fixed = GallerySearch.build(embedder, tiny_ws.catalog, cache, reference=reference)
    assert plain.index.hub_correction is None and fixed.index.hub_correction["reference_images"] == len(photos)
    gal = ev.embed_samples(embedder, catalog_samples(tiny_ws.catalog), progress=False)
    pull = hub_scores(gal.vectors, ev.embed_samples(embedder, reference, progress=False).vectors)
    mug = photo("mug-yellow")
    before = {h.sample_id: h.score for h in plain.search(mug, k=len(PRODUCTS))}
    after = {h.sample_id: h.score for h in fixed.search(mug, k=len(PRODUCTS))}
    row = {s.sample_id: i for i, s in enumerate(gal.samples)}
    assert len(after) == len(PRODUCTS) and set(after) <= set(before)  # each product by its one catalog image
    for sample_id, score in after.items():  # ... less that image's pull on the photos
        assert score == pytest.approx(before[sample_id] - pull[row[sample_id]], abs=1e-5)
