"""The recipe screen trains the benchmark's own runs and, given every view, evaluates them as the benchmark does."""

import json

import pytest

from wildcat.core.manifest import Sample
from wildcat.eval.result import EvalResult
from wildcat.pipeline.grocery import GroceryBench, run_protocol

from bench import grocery_screen


def _row(product: str, i: int) -> Sample:
    return Sample(
        sample_id=f"{product}-{i}",
        path=f"/x/{product}-{i}.jpg",
        product_id=product,
        domain="synthetic",
        generator="cutpaste",
    )


def test_first_views_keeps_each_products_first_rows_in_order():
    rows = [_row(p, i) for i in range(4) for p in ("a", "b")] + [_row("c", 0)]
    kept = grocery_screen.first_views(rows, 2)
    assert [(r.product_id, r.path) for r in kept] == [
        ("a", "/x/a-0.jpg"),
        ("b", "/x/b-0.jpg"),
        ("a", "/x/a-1.jpg"),
        ("b", "/x/b-1.jpg"),
        ("c", "/x/c-0.jpg"),
    ]


def test_summary_gives_seed_means_and_per_seed_differences_from_the_first_recipe():
    table = {"default": {0: (0.4, 0.7), 1: (0.5, 0.8)}, "new": {0: (0.45, 0.7), 1: (0.48, 0.9)}}
    lines = grocery_screen.summary(table).splitlines()
    assert lines[2] == "| default | 2 | 0.450 | 0.750 | +0.000, +0.000 | +0.000, +0.000 |"
    assert lines[3] == "| new | 2 | 0.465 | 0.800 | +0.050, -0.020 | +0.000, +0.100 |"


@pytest.mark.slow
@pytest.mark.render
def test_a_screen_with_every_view_is_the_benchmarks_evaluation(grocery_layout, tmp_path):
    ws = tmp_path / "ws"
    bench = GroceryBench(root=grocery_layout, protocol="synthetic", budget="smoke", out=ws)
    out = run_protocol(bench, seed=1, progress=False)
    ranks = EvalResult.load(out).ranks
    expected = (float((ranks == 0).mean()), float(((ranks >= 0) & (ranks < 5)).mean()))
    trained = (ws / "runs" / out.name / "final.pt").stat().st_mtime_ns
    # all views (2 per product here) and the same run: read back, not retrained
    assert grocery_screen.screen_run(bench, 1, per_product=1000, progress=False) == pytest.approx(expected)
    assert (ws / "runs" / out.name / "final.pt").stat().st_mtime_ns == trained
    grocery_screen.main(
        ["--root", str(grocery_layout), "--out", str(ws), "--budget", "smoke", "--seeds", "1", "--views", "1000"]
    )
    saved = json.loads((ws / "screen-synthetic.json").read_text())
    assert saved == {"default": {"1": pytest.approx(list(expected))}}
