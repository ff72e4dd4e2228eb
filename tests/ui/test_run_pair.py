"""Choosing two evaluations, restricting them to a market, and their report."""

from __future__ import annotations

import json

import wildcat.eval as ev
from wildcat.ui.catalog_info import market_products
from wildcat.ui.run_pair import (
    common_queries,
    compare_results,
    evaluation_pair,
    find_evaluation,
    market_subset,
    pair_report,
    saved_pairs,
)

from tests.ui.tiny_workspace import WILD_PER_PRODUCT


def test_saved_comparison_found_with_its_evaluations(tiny_ws):
    [pair] = saved_pairs(tiny_ws.ws)
    assert pair.label == "compare/before-vs-after" and pair.names == ("before", "after")
    assert pair.before == tiny_ws.ws.evaluation("before") and pair.after == tiny_ws.ws.evaluation("after")
    saved = json.loads(pair.saved_report.read_text())
    assert pair_report(pair, None, None, filtered=False) == saved


def test_a_moved_evaluation_is_found_by_name_under_eval(tiny_ws, tmp_path):
    assert find_evaluation(tiny_ws.ws, "/old/place/eval/before") == tiny_ws.ws.evaluation("before")
    assert find_evaluation(tiny_ws.ws, "eval/after") == tiny_ws.ws.evaluation("after")  # relative to the workspace
    assert find_evaluation(tiny_ws.ws, "/old/place/eval/gone") is None and find_evaluation(tiny_ws.ws, "") is None


def test_market_subset_and_its_report(tiny_ws):
    a, b = (ev.EvalResult.load(tiny_ws.ws.evaluation(n)) for n in ("before", "after"))
    ids = market_products(tiny_ws.catalog, "en-IN")
    sub = market_subset(a, ids, "en-IN")
    assert {q.product_id for q in sub.queries} == {"kurti-red", "kurti-blue", "mug-yellow", "mug-purple"}
    assert len(sub.ranks) == len(sub.queries) == len(sub.topk_ids) == len(sub.topk_scores) == 4 * WILD_PER_PRODUCT
    report = compare_results(sub, market_subset(b, ids, "en-IN"), ("before", "after"), n_resamples=50)
    assert report["n_common"] == 4 * WILD_PER_PRODUCT and set(report["deltas"]["category"]) == {"kurti", "mug"}
    hits = (sub.ranks == 0).mean()
    assert report["metrics"]["recall@1"]["a"]["value"] == hits  # the same numbers eval.compare gives
    assert market_subset(a, None, None) is a


def test_common_queries_match_on_query_id(tiny_ws):
    a, b = (ev.EvalResult.load(tiny_ws.ws.evaluation(n)) for n in ("before", "after"))
    reordered = market_subset(b, {q.product_id for q in b.queries}, None)
    reordered.queries.reverse()
    ia, ib = common_queries(a, reordered)
    assert [a.queries[i].sample_id for i in ia] == [reordered.queries[j].sample_id for j in ib] and len(ia) == len(
        a.queries
    )


def test_two_evaluations_without_a_saved_comparison(tiny_ws):
    pair = evaluation_pair(tiny_ws.ws, "after", "before")
    report = pair_report(
        pair, ev.EvalResult.load(pair.before), ev.EvalResult.load(pair.after), filtered=False, n_resamples=50
    )
    saved = json.loads((tiny_ws.ws.comparison("before-vs-after") / "report.json").read_text())
    assert report["names"] == ["after", "before"]
    assert report["metrics"]["recall@1"]["a"]["value"] == saved["metrics"]["recall@1"]["b"]["value"]


def test_evaluations_come_oldest_first_so_before_reads_before_after(tiny_ws):
    import os

    from wildcat.ui.run_pair import evaluations_in_order

    report = {name: tiny_ws.ws.evaluation(name) / "report.json" for name in ("before", "after")}
    os.utime(report["before"], ns=(1_000_000_000, 1_000_000_000))
    os.utime(report["after"], ns=(2_000_000_000, 2_000_000_000))
    assert evaluations_in_order(tiny_ws.ws) == ["before", "after"]  # not the alphabetical after, before
    os.utime(report["before"], ns=(3_000_000_000, 3_000_000_000))
    assert evaluations_in_order(tiny_ws.ws) == ["after", "before"]
