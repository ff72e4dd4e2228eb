"""Filtering and paging the sample table, checked against a brute-force
recomputation on 100k generated rows."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

from wildcat.ui.sample_filter import SampleFilter, apply, facets, page_count, page_rows, score_bounds
from wildcat.ui.sample_table import background_kinds

N = 100_000


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(0)
    gens = np.array(["catalog", "cutpaste", "render", "wild"])[rng.integers(0, 4, N)]
    cats = np.array(["mug", "kurti", "tunic"])[rng.integers(0, 3, N)]
    locs = np.array(["en-IN", "en-US", "global", ""])[rng.integers(0, 4, N)]
    bgs = np.array(["room", "street", "store", ""])[rng.integers(0, 4, N)]
    pids = np.array([f"p{i}" for i in range(500)])[rng.integers(0, 500, N)]
    score = np.where(gens == "cutpaste", np.round(rng.random(N), 3), np.nan)
    table = pa.table(
        {
            "dataset": ["d"] * N,
            "sample_id": [f"s{i:06d}" for i in range(N)],
            "file": [f"/x/{i}.jpg" for i in range(N)],
            "product_id": pids,
            "domain": np.where(gens == "wild", "wild", "synthetic"),
            "generator": gens,
            "split": ["train"] * N,
            "category": cats,
            "locale": locs,
            "width": np.full(N, 8, np.int32),
            "height": np.full(N, 8, np.int32),
            "score": pa.array(score, from_pandas=True),
            "background": bgs,
        }
    )
    return table, dict(gens=gens, cats=cats, locs=locs, bgs=bgs, pids=pids, score=score)


def test_each_filter_matches_brute_force(big):
    table, c = big
    f = SampleFilter(generators=("cutpaste", "render"), backgrounds=("room",), categories=("mug", "kurti"))
    want = np.isin(c["gens"], ["cutpaste", "render"]) & (c["bgs"] == "room") & np.isin(c["cats"], ["mug", "kurti"])
    out = apply(table, f)
    assert out.num_rows == want.sum() > 0
    assert out.column("sample_id").to_pylist() == [f"s{i:06d}" for i in np.flatnonzero(want)]  # table order kept


def test_score_range_keeps_or_drops_unscored_rows(big):
    table, c = big
    scored = (c["score"] >= 0.25) & (c["score"] <= 0.5)
    keep = apply(table, SampleFilter(score_range=(0.25, 0.5)))
    drop = apply(table, SampleFilter(score_range=(0.25, 0.5), keep_unscored=False))
    assert drop.num_rows == scored.sum()
    assert keep.num_rows == scored.sum() + np.isnan(c["score"]).sum()
    assert score_bounds(table) == (float(np.nanmin(c["score"])), float(np.nanmax(c["score"])))


def test_market_keeps_catalog_products_sold_there_and_rows_of_that_or_every_market(big):
    table, c = big
    sold = frozenset({"p1", "p2", "p3"})
    want = np.isin(c["pids"], list(sold)) | np.isin(c["locs"], ["en-IN", "global"])
    assert apply(table, SampleFilter(market="en-IN", market_products=sold)).num_rows == want.sum()
    assert apply(table, SampleFilter(market="en-IN")).num_rows == np.isin(c["locs"], ["en-IN", "global"]).sum()


def test_facets_count_values_and_paging_slices_in_order(big):
    table, c = big
    counts = facets(table)
    assert counts["generator"] == {g: int((c["gens"] == g).sum()) for g in sorted(set(c["gens"]))}
    assert "" not in counts["background"]
    assert page_count(N, 48) == 2084 and page_count(0, 48) == 1
    rows = page_rows(table, 3, 48)
    assert [r["sample_id"] for r in rows] == [f"s{i:06d}" for i in range(96, 144)]
    assert page_rows(table, 10_000, 48)[-1]["sample_id"] == f"s{N - 1:06d}"  # past the end: the last page


def test_empty_table_passes_through():
    empty = pa.table({"dataset": pa.array([], pa.string())})
    assert apply(empty, SampleFilter(generators=("x",))).num_rows == 0


def test_background_kind_is_found_in_every_lineage_shape():
    lineages = [
        {"background": {"id": "store/1", "kind": "store", "window": [1, 2]}, "blend": "alpha"},  # composites
        {"wild": {"background": "street", "worn": True}},  # garment demo photos
        {"scene": {"environment": "kitchen", "clutter": [{"kind": "cup"}]}},  # procedural 3-D scenes
        {"source": "/a.png"},  # cutouts: none
    ]
    column = pa.array([json.dumps(x, sort_keys=True) for x in lineages])  # as Sample.to_record writes them
    assert background_kinds(column).to_pylist() == ["store", "street", "kitchen", ""]
