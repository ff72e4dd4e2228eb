import numpy as np
import pytest

from wildcat.eval.gap import domain_gap, frechet_distance, kid


def test_frechet_is_zero_for_the_same_set_and_the_squared_shift_for_a_translated_one():
    x = np.random.default_rng(0).standard_normal((200, 6))
    assert frechet_distance(x, x) == pytest.approx(0.0, abs=1e-6)
    shift = np.array([1.0, 2.0, 0, 0, 0, 0])
    assert frechet_distance(x, x + shift) == pytest.approx(5.0, rel=1e-6)


def test_frechet_handles_fewer_images_than_dimensions():
    rng = np.random.default_rng(1)
    d = frechet_distance(rng.standard_normal((10, 64)), rng.standard_normal((12, 64)))
    assert np.isfinite(d) and d > 0


def test_kid_is_near_zero_within_a_distribution_and_grows_with_the_shift():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((300, 8)), rng.standard_normal((300, 8))
    same = kid(a, b, np.random.default_rng(0), n_subsets=20, subset_size=200)
    near = kid(a, b + 0.5, np.random.default_rng(0), n_subsets=20, subset_size=200)
    far = kid(a, b + 2.0, np.random.default_rng(0), n_subsets=20, subset_size=200)
    assert abs(same["mean"]) < near["mean"] < far["mean"]


def test_domain_gap_reports_every_pair_and_skips_tiny_domains():
    rng = np.random.default_rng(3)
    wild = rng.standard_normal((50, 4)) + 3
    feats = {
        "catalog": rng.standard_normal((40, 4)),
        "synthetic": rng.standard_normal((50, 4)) + 2,
        "wild": wild,
        "one": wild[:1],
    }
    gap = domain_gap(feats, np.random.default_rng(0), n_subsets=10)
    assert set(gap["pairs"]) == {"catalog|synthetic", "catalog|wild", "synthetic|wild"}
    assert gap["n"]["one"] == 1
    # synthetic sits between catalog and wild: closer to wild than catalog is.
    assert gap["pairs"]["synthetic|wild"]["frechet"] < gap["pairs"]["catalog|wild"]["frechet"]
    assert gap["pairs"]["synthetic|wild"]["kid"] < gap["pairs"]["catalog|wild"]["kid"]
