"""Searching the catalog with one photo: right product first, category and market filters."""
from __future__ import annotations

import numpy as np

import eval as ev
from tests.ui.tiny_workspace import PRODUCTS, object_on
from ui.product_search import GallerySearch, in_market_hits


def photo(pid: str) -> np.ndarray:
    _, _, _, _, colour, shape = next(p for p in PRODUCTS if p[0] == pid)
    return object_on(np.full((64, 64, 3), 255, np.uint8), colour, shape)


def test_search_finds_the_product_and_obeys_the_filters(tiny_ws, tmp_path):
    search = GallerySearch.build(ev.ColorHistogramEmbedder(), tiny_ws.catalog, ev.EmbeddingCache(tmp_path, "colorhist"))
    assert search.n_products == len(PRODUCTS) and search.unreadable == 0
    hits = search.search(photo("tunic-green"), k=3)
    assert hits[0].product_id == "tunic-green" and len(hits) == 3 and hits[0].score >= hits[1].score >= hits[2].score
    assert [h.product_id for h in search.search(photo("tunic-green"), k=5, category="mug")] in (["mug-yellow", "mug-purple"],
                                                                                              ["mug-purple", "mug-yellow"])
    in_india = search.search(photo("tunic-green"), k=6, market="en-IN")
    assert {h.product_id for h in in_india} == {"kurti-red", "kurti-blue", "mug-yellow", "mug-purple"}  # no tunic: en-US only
    assert [h.product_id for h in search.search(photo("kurti-blue"), k=1, category="kurti", market="en-US")] == []


def test_in_market_hits_keeps_order_and_stops_at_k():
    hits = [ev.Hit(p, s, "", "") for p, s in (("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6))]
    locales = {"a": ["en-US"], "b": ["en-IN"], "c": ["global"], "d": ["en-IN"]}
    assert [h.product_id for h in in_market_hits(hits, "en-IN", locales, 2)] == ["b", "c"]
    assert in_market_hits([], "en-IN", locales, 2) == []


class _QueriesSeeAMug(ev.ColorHistogramEmbedder):
    """Catalog images as colour histograms; every query photo seen as the yellow mug (shows which side embeds queries)."""

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
