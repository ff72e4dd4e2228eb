import numpy as np

from wildcat.eval.bootstrap import bootstrap_mean, curve_ci, resample_weights
from wildcat.eval.metrics import recall_curve


def _hits(n: int, rate: float) -> np.ndarray:
    return (np.arange(n) < round(n * rate)).astype(float)


def test_interval_contains_the_point_estimate_and_narrows_with_more_queries():
    small = bootstrap_mean(_hits(40, 0.3), np.random.default_rng(0))
    large = bootstrap_mean(_hits(4000, 0.3), np.random.default_rng(0))
    for ci in (small, large):
        assert ci["lo"] <= ci["value"] <= ci["hi"]
        assert ci["value"] == 0.3
    assert (large["hi"] - large["lo"]) < 0.25 * (small["hi"] - small["lo"])
    # Binomial standard error at n = 4000 is 0.0072: a 95% interval spans about 0.028.
    assert 0.02 < large["hi"] - large["lo"] < 0.04


def test_same_seed_same_interval():
    a = bootstrap_mean(_hits(50, 0.5), np.random.default_rng(7))
    b = bootstrap_mean(_hits(50, 0.5), np.random.default_rng(7))
    assert a == b


def test_curve_band_brackets_the_curve_and_is_degenerate_where_recall_is_certain():
    ranks = np.array([0, 0, 1, 3, 5, 9, 2, 0])
    weights = resample_weights(len(ranks), 500, np.random.default_rng(1))
    lo, hi = curve_ci(ranks, 10, weights)
    curve = recall_curve(ranks, 10)
    assert np.all(lo <= curve + 1e-12) and np.all(curve <= hi + 1e-12)
    assert lo[-1] == hi[-1] == 1.0  # every query is found by k = 10 in every resample
