"""Search the catalog with one photo under one model: the gallery embedded
once per checkpoint (through eval's embedding cache) into a product index of
the kind the model's evaluation used (`saved_index_spec`; when none was saved,
`index_kind_for` the gallery's size: exact, then self-tuned HNSW, then IVF-PQ);
category filter in the index, market filter with wildcat.core.locales."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import wildcat.eval as ev
from wildcat.core.catalog import Catalog, catalog_samples
from wildcat.core.locales import restrict_to_market
from wildcat.core.manifest import Sample
from wildcat.core.seeding import sample_rng
from wildcat.core.workspace import Workspace
from wildcat.eval.catalog_index import index_catalog
from wildcat.ui.catalog_info import sold_in

#: gallery sizes from which the page searches an approximate index when no evaluation says which kind to use:
#: HNSW from LARGE_GALLERY, IVF-PQ from HUGE_GALLERY (docs/eval.md, bench/search_growth.py: at wildcat's HNSW defaults
#: the graph stops reaching recall@10 0.95 at millions of vectors, where IVF-PQ still answers in well under 1 ms)
LARGE_GALLERY = 200_000
HUGE_GALLERY = 1_000_000
#: products the query page fetches to tell where the right one ranks (beyond it: "not in the top RANK_DEPTH")
RANK_DEPTH = 100


@dataclass
class GallerySearch:
    embedder: object  # eval Embedder
    index: ev.ProductIndex
    product_locales: dict[str, list[str]]
    unreadable: int  # gallery images that could not be read (left out)

    def __post_init__(self) -> None:
        self._in_market: dict[str, list[str]] = {}  # market -> the products sold there, made once per market

    @classmethod
    def build(
        cls,
        embedder,
        catalog: Catalog,
        cache: str | Path | None = None,
        views: Sequence[Sample] = (),
        spec: ev.IndexSpec | None = None,
        reference: Sequence[Sample] = (),
    ) -> GallerySearch:
        """views: the model's training composites, blended into the indexed vectors as evaluation does (eval.views).
        spec: the index to build (the model's evaluation's, `saved_index_spec`); None = by the gallery's size.
        reference: the unlabelled photos the model trained with, which hub-correct the index (eval.hubness).
        cache: the embedding cache folder."""
        rows = catalog_samples(catalog)
        built = index_catalog(
            embedder,
            rows,
            spec or ev.IndexSpec(kind=index_kind_for(len(rows))),
            sample_rng(0, "ui", 0, "index"),
            views=views,
            reference=reference,
            cache=cache,
            progress=False,
        )
        return cls(embedder, built.index, {p.id: list(p.locales) for p in catalog.products}, len(built.rejects))

    @property
    def n_products(self) -> int:
        return self.index.n_products

    def search(
        self,
        image: np.ndarray,
        k: int = 5,
        category: str | None = None,
        market: str | None = None,
        products: Sequence[str] | None = None,
    ) -> list[ev.Hit]:
        """The best k products for an RGB photo, best first, in `category`, sold in `market` and among `products`
        (e.g. those of one colour; None = any)."""
        vec = ev.query_side(self.embedder).embed_images([image])
        return self.search_vector(vec, k, category, market, products)

    def search_vector(
        self,
        vec: np.ndarray,
        k: int = 5,
        category: str | None = None,
        market: str | None = None,
        products: Sequence[str] | None = None,
    ) -> list[ev.Hit]:
        """`search` for an embedded photo [1, d]."""
        where: dict = {"category": category} if category else {}
        if products is not None:
            where["product_id"] = list(products)
        if not market:
            return self.index.search(vec, k, where or None)[0]
        # Fetch deeper than k, keep the in-market products; search only the market when too few remain.
        hits = self.index.search(vec, min(self.n_products, 4 * k), where or None)[0]
        kept = in_market_hits(hits, market, self.product_locales, k)
        if len(kept) < k:
            allowed = self.sold_in(market)
            if products is not None:
                allowed = sorted(set(allowed) & set(products))
            kept = self.index.search(vec, k, {**where, "product_id": allowed})[0] if allowed else []
        return kept

    def sold_in(self, market: str) -> list[str]:
        if market not in self._in_market:
            self._in_market[market] = [p for p, locs in self.product_locales.items() if sold_in(locs, market)]
        return self._in_market[market]


def index_kind_for(n_images: int) -> str:
    """The index the page builds for a gallery of this many images when no evaluation recorded one."""
    return "flat" if n_images < LARGE_GALLERY else "hnsw" if n_images < HUGE_GALLERY else "ivfpq"


def saved_index_spec(ws: Workspace, checkpoint_hash: str) -> ev.IndexSpec | None:
    """The index the latest evaluation of this checkpoint searched (its report's `index_spec`); None when it
    searched exactly (or was made before the spec was recorded), or no evaluation of it is there."""
    for folder in sorted(ws.evaluations(), key=lambda f: (f / "report.json").stat().st_mtime, reverse=True):
        try:
            meta = json.loads((folder / "report.json").read_text(encoding="utf-8")).get("meta", {})
        except (OSError, ValueError):
            continue  # an unreadable report is the Runs page's to explain
        if meta.get("checkpoint_hash") == checkpoint_hash:
            return ev.IndexSpec.model_validate(meta["index_spec"]) if meta.get("index_spec") else None
    return None


def in_market_hits(
    hits: Sequence[ev.Hit], market: str, product_locales: Mapping[str, Sequence[str]], k: int
) -> list[ev.Hit]:
    """`hits` reduced to products sold in `market` (wildcat.core.locales.restrict_to_market), order kept, at most k."""
    if not hits:
        return []
    ids = np.array([[h.product_id for h in hits]], dtype=object)
    scores = np.array([[h.score for h in hits]], dtype=np.float32)
    kept, _ = restrict_to_market(ids, scores, [market], product_locales, k)
    by_id = {h.product_id: h for h in hits}
    return [by_id[pid] for pid in kept[0] if pid != ""]


def rank_of(hits: Sequence[ev.Hit], product_id: str | None) -> int | None:
    """1-based rank of `product_id` among `hits` (best first); None when it is not there (filtered away)."""
    return next((i for i, h in enumerate(hits, start=1) if h.product_id == product_id), None)
