import numpy as np
import pytest

from wildcat.eval.breakdown import MISSING, breakdown, slice_value

from tests.eval.helpers import row


def test_slice_values_from_fields_lineage_and_the_product_parent():
    q = row("q", "p1", category="Apple", generator="cutpaste", lineage={"background": {"kind": "street"}, "seed": 3})
    parents = {"p1": "Fruit"}
    assert slice_value(q, "category", parents) == "Apple"
    assert slice_value(q, "generator", parents) == "cutpaste"
    assert slice_value(q, "lineage.background.kind", parents) == "street"
    assert slice_value(q, "background.kind", parents) == "street"
    assert slice_value(q, "parent_category", parents) == "Fruit"
    assert slice_value(q, "lineage.lighting", parents) == MISSING


def test_breakdown_groups_queries_and_counts_unanswerable_ones():
    queries = [row(f"q{i}", "p", category=c) for i, c in enumerate("aabbb")]
    ranks = np.array([0, 3, 0, 0, -1])
    ap = np.array([1.0, 0.25, 1.0, 1.0, np.nan])
    out = breakdown(queries, ranks, ap, ["category"], [1], seed=0, product_parents={}, n_resamples=100)
    a, b = out["category"]["a"], out["category"]["b"]
    assert (a["n"], a["answerable"], b["n"], b["answerable"]) == (2, 2, 3, 2)
    assert a["recall@1"]["value"] == 0.5 and b["recall@1"]["value"] == 1.0
    assert a["mrr"]["value"] == pytest.approx((1 + 0.25) / 2) and a["map"]["value"] == pytest.approx(0.625)
    # Each slice has its own seeded resamples: the same call gives the same intervals.
    again = breakdown(queries, ranks, ap, ["category"], [1], seed=0, product_parents={}, n_resamples=100)
    assert again == out
