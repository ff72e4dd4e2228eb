"""evaluate -> write_report -> compare -> gap_closed -> tabulate on the miniature Grocery Store layout."""

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from PIL import Image

import wildcat.eval as wild_eval
from wildcat.core.errors import WildcatError
from wildcat.eval.baselines import ColorHistogramEmbedder

from bench import grocery_ablation as ablation
from tests.eval.helpers import ConstantEmbedder

FAST = dict(n_resamples=200, progress=False)


@pytest.fixture
def runs(grocery_rows, tmp_path):
    gallery, queries = grocery_rows
    before = wild_eval.evaluate(ConstantEmbedder(), gallery, queries, **FAST)
    after = wild_eval.evaluate(ColorHistogramEmbedder(), gallery, queries, cache=tmp_path / "cache", **FAST)
    return before, after


def test_evaluate_measures_a_working_and_a_useless_embedder(runs, grocery_rows):
    before, after = runs
    n = len(grocery_rows[1])  # 3 products x (2 train + 1 val + 1 test)
    assert n == 12 and len(after.queries) == n
    # Colour alone separates yellow, green and blue products perfectly on this layout.
    assert after.ranks.tolist() == [0] * n
    assert after.report["summary"]["recall@1"]["value"] == 1.0
    # A constant embedding ties everything: pessimistic ranks put every query last.
    assert before.ranks.tolist() == [2] * n
    assert before.report["summary"]["recall@1"]["value"] == 0.0
    assert before.report["curve"]["k"] == [1, 2, 3] and before.report["curve"]["recall"] == [0.0, 0.0, 1.0]
    slices = after.report["slices"]
    assert set(slices["category"]) == {"Apple", "Oat-Milk"}
    assert set(slices["parent_category"]) == {"Fruit", "Packages"}
    assert slices["split"]["train"]["n"] == 6 and slices["generator"]["wild"]["n"] == n
    assert set(after.report["gap"]["pairs"]) == {"catalog|wild"}
    assert after.topk_ids[0][0] == after.queries[0].product_id


def test_write_report_and_reload(runs, tmp_path):
    _, after = runs
    out = wild_eval.write_report(after, tmp_path / "after")
    for name in (
        "report.json",
        "report.md",
        "queries.parquet",
        "gallery.parquet",
        "recall_at_k.png",
        "embedding_map.png",
        "failures.png",
    ):
        assert (out / name).is_file(), name
    table = pq.read_table(out / "queries.parquet")
    assert {"query_id", "product_id", "rank", "topk_ids", "topk_scores"} <= set(table.column_names)
    again = wild_eval.EvalResult.load(out)
    np.testing.assert_array_equal(again.ranks, after.ranks)
    assert again.topk_ids == after.topk_ids and again.query_ids == after.query_ids
    assert json.loads((out / "report.json").read_text())["summary"]["recall@1"]["value"] == 1.0
    assert Image.open(out / "recall_at_k.png").size[0] > 300


def test_compare_gap_closed_and_table(runs, tmp_path):
    before, after = runs
    wild_eval.write_report(before, tmp_path / "before")
    wild_eval.write_report(after, tmp_path / "after")
    report = wild_eval.compare(tmp_path / "before", after, tmp_path / "cmp", n_resamples=200)
    r1 = report["metrics"]["recall@1"]
    assert (r1["a"]["value"], r1["b"]["value"]) == (0.0, 1.0)
    assert r1["mcnemar"]["only_b"] == 12 and r1["mcnemar"]["p"] == pytest.approx(2 * 0.5**12)
    assert r1["paired_bootstrap"]["delta"] == 1.0
    assert report["deltas"]["category"]["Apple"]["n"] == 8
    for name in (
        "report.md",
        "report.json",
        "recall_at_k.png",
        "category_deltas.png",
        "queries_improved.png",
        "queries_worsened.png",
        "embedding_maps.png",
    ):
        assert (tmp_path / "cmp" / name).is_file(), name
    same = wild_eval.compare(after, after, tmp_path / "same", n_resamples=200, plots=False)
    assert same["metrics"]["recall@1"]["mcnemar"]["p"] == 1.0 and same["metrics"]["mrr"]["paired_bootstrap"]["p"] == 1.0
    # after reaches the oracle (here: itself): the whole gap is closed; before closes none.
    closed = wild_eval.gap_closed(before, after, after)
    assert closed["value"] == 1.0 and closed["method"] == "paired"
    assert wild_eval.gap_closed(before, before, after)["value"] == 0.0
    text = wild_eval.tabulate(
        {"before": tmp_path / "before", "after": tmp_path / "after", "oracle": after}, before="before", oracle="oracle"
    )
    assert "gap closed @1" in text and "| after | 12 | 1.000 [1.000, 1.000]" in text


def test_paired_delta_on_shared_queries(runs):
    before, after = runs
    delta = wild_eval.paired_runs.paired_delta(before, after, k=1, n_resamples=200)
    assert (delta["value"], delta["lo"], delta["hi"]) == (1.0, 1.0, 1.0) and delta["p"] == pytest.approx(1 / 200)
    assert wild_eval.paired_runs.paired_delta(after, after, k=1, n_resamples=200)["value"] == 0.0
    # By recall@3 the constant embedder finds every product too (3 products): no change.
    assert wild_eval.paired_runs.paired_delta(before, after, k=3, n_resamples=200)["value"] == 0.0


def test_gap_closed_on_different_query_sets_resamples_each_run(runs, grocery_rows):
    before, after = runs
    gallery, queries = grocery_rows
    oracle = wild_eval.evaluate(ColorHistogramEmbedder(), gallery, [q for q in queries if q.split == "val"], **FAST)
    closed = wild_eval.gap_closed(before, after, oracle, k=1, n_resamples=200)
    assert closed["method"] == "independent" and closed["n"] == [12, 12, 3]
    assert closed["value"] == 1.0 and closed["lo"] <= 1.0 <= closed["hi"]
    with pytest.raises(KeyError, match="oracle run 'best'"):
        wild_eval.tabulate({"before": before, "after": after}, before="before", oracle="best")


def test_gap_closed_over_seeds_is_the_share_of_the_mean_hits(runs, grocery_rows):
    before, after = runs  # recall@1 0 and 1 on the same 12 queries
    closed = wild_eval.gap_closed([before, before], [before, after], [after, after], k=1, n_resamples=200)
    assert closed["runs"] == [2, 2, 2] and closed["method"] == "paired"
    assert (closed["value"], closed["lo"], closed["hi"]) == (0.5, 0.5, 0.5)  # every query: half the seeds hit
    assert (
        wild_eval.gap_closed([before], [after], [after])["value"]
        == wild_eval.gap_closed(before, after, after)["value"]
        == 1.0
    )
    gallery, queries = grocery_rows
    val_only = wild_eval.evaluate(ColorHistogramEmbedder(), gallery, [q for q in queries if q.split == "val"], **FAST)
    with pytest.raises(WildcatError, match="seeds of a protocol do not share their queries"):
        wild_eval.gap_closed(before, [after, val_only], after)
    # an oracle on other queries (val only, as the benchmark's): each protocol resampled on its own
    apart = wild_eval.gap_closed([before, before], [before, after], [val_only, val_only], k=1, n_resamples=200)
    assert apart["method"] == "independent" and apart["n"] == [12, 12, 3] and apart["runs"] == [2, 2, 2]
    assert apart["value"] == pytest.approx(0.5 / apart["oracle"])


def test_faiss_index_evaluation_writes_strict_json(grocery_rows, tmp_path):
    gallery, queries = grocery_rows
    result = wild_eval.evaluate(ColorHistogramEmbedder(), gallery, queries, index="hnsw", filter_by="category", **FAST)
    assert result.ranks.tolist() == [0] * 12
    out = wild_eval.write_report(result, tmp_path / "hnsw", plots=False)

    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")

    report = json.loads((out / "report.json").read_text(), parse_constant=refuse)
    assert report["summary"]["map"]["value"] is None  # no full image ranking through an approximate index
    assert report["meta"]["index"] == "hnsw" and report["meta"]["filter_by"] == "category"


class _QueriesSeeNothing(ColorHistogramEmbedder):
    """Colour histograms for the gallery, a constant for queries: shows which side embedded what."""

    def for_queries(self):
        constant = ConstantEmbedder()
        constant.dim = self.dim
        return constant


def test_queries_go_through_the_query_side_with_their_own_cache(grocery_rows, tmp_path):
    gallery, queries = grocery_rows
    split = wild_eval.evaluate(_QueriesSeeNothing(), gallery, queries, cache=tmp_path / "cache", **FAST)
    assert split.report["summary"]["recall@1"]["value"] == 0.0  # every query tied: the constant side was used
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["colorhist-lab-4x8x8-64px-v1", "constant-v1"]
    again = wild_eval.evaluate(ColorHistogramEmbedder(), gallery, queries, cache=tmp_path / "cache", **FAST)
    assert again.report["summary"]["recall@1"]["value"] == 1.0  # the gallery side's cache never served queries


def test_ablation_table_rows(runs, tmp_path):
    before, after = (wild_eval.write_report(r, tmp_path / n) for r, n in zip(runs, ("before", "after"), strict=False))
    text = ablation.ablation_table(
        before, after, before, [("default", "ref", before), ("colour", "histograms", after)], seed=0
    )
    default_row, colour_row = (line for line in text.splitlines() if line.startswith(("| default", "| colour")))
    # The default row is the reference: no change, and it closes none of the gap; colour closes all of it.
    assert default_row.split(" | ")[4:6] == ["-", "-"] and default_row.split(" | ")[6].startswith("0.00")
    assert colour_row.split(" | ")[4].startswith("1.000") and colour_row.split(" | ")[6].startswith("1.00")


def test_ablation_table_over_seeds_gives_means_and_each_seed(runs, tmp_path):
    before, after = (wild_eval.write_report(r, tmp_path / n) for r, n in zip(runs, ("before", "after"), strict=False))
    one = (before, after, before, [("default", "ref", before), ("colour", "histograms", after)])
    partial = (before, after, before, [("default", "ref", before)])  # "colour" not run for seed 1
    text = ablation.seeds_table({0: one, 1: one})
    colour = next(line for line in text.splitlines() if line.startswith("| colour"))
    cells = colour.split(" | ")
    assert (
        cells[2].count(",") == 1 and cells[2].split(" (")[1].split(", ")[0] == cells[2].split(" (")[0]
    )  # mean of two equal seeds
    assert cells[4].startswith("+") and cells[6].startswith("1.00")  # a positive change; closes the whole gap
    missing = ablation.seeds_table({0: one, 1: partial})
    assert "| colour" not in missing and "Not finished for every seed (left out): colour." in missing
    no_gap = (before, before, before, one[3])  # the oracle no better than before: no gap to close a share of
    colour = next(line for line in ablation.seeds_table({0: no_gap}).splitlines() if line.startswith("| colour"))
    assert colour.rstrip(" |").split(" | ")[6:8] == ["-", "-"]


def test_ablation_rows_ask_for_the_unlabeled_protocol_only_when_wanted(tmp_path):
    asked = []

    def one(protocol, recipe=None):
        asked.append(protocol)
        return tmp_path / protocol

    *_, rows = ablation.seed_rows([], one, unlabeled=False)
    assert "synthetic+unlabeled" not in asked and [r[0] for r in rows] == ["default"]
    *_, rows = ablation.seed_rows([], one)
    assert asked[-1] == "synthetic+unlabeled" and [r[0] for r in rows] == ["default", "synthetic+unlabeled"]
