import numpy as np
import pytest
from scipy import stats

from wildcat.eval.paired import mcnemar_exact, paired_bootstrap


def test_identical_runs_show_no_difference():
    hits = (np.random.default_rng(0).random(200) < 0.4).astype(float)
    mc = mcnemar_exact(hits, hits)
    pb = paired_bootstrap(hits, hits, np.random.default_rng(0))
    assert mc == {"only_a": 0, "only_b": 0, "p": 1.0}
    assert pb["delta"] == 0.0 and pb["lo"] == 0.0 and pb["hi"] == 0.0 and pb["p"] == 1.0


def test_mcnemar_matches_the_binomial_on_discordant_pairs():
    a = np.array([1] * 10 + [0] * 2 + [1] * 30 + [0] * 20)
    b = np.array([0] * 10 + [1] * 2 + [1] * 30 + [0] * 20)
    mc = mcnemar_exact(a, b)
    assert (mc["only_a"], mc["only_b"]) == (10, 2)
    assert mc["p"] == pytest.approx(2 * stats.binom.cdf(2, 12, 0.5))  # 0.0386


def test_paired_bootstrap_detects_a_real_improvement():
    rng = np.random.default_rng(1)
    a = (rng.random(300) < 0.3).astype(float)
    b = np.maximum(a, rng.random(300) < 0.3)  # b hits everything a hits, and more
    pb = paired_bootstrap(a, b, np.random.default_rng(2))
    assert pb["lo"] > 0 and pb["p"] <= 0.01
    assert pb["lo"] <= pb["delta"] <= pb["hi"]
