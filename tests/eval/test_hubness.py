"""Hub correction (eval.hubness): each indexed image scored against its pull on unlabelled photos."""

import numpy as np
import pytest

import wildcat.eval as wild_eval
from wildcat.eval import hubness
from wildcat.eval.embedder import Embedded

from tests.eval.helpers import row
from tests.eval.test_views import _image, _sample


def test_hub_scores_average_each_images_k_nearest_reference_photos(monkeypatch):
    gallery = np.array([[1, 0], [0, 1]], np.float32)
    reference = np.array([[0.9, 0.1], [0.8, 0.6], [0.1, 0.2], [0.5, 0.5]], np.float32)
    # image 0 scores 0.9, 0.8, 0.1, 0.5 -> top 2 mean 0.85; image 1 scores 0.1, 0.6, 0.2, 0.5 -> 0.55
    np.testing.assert_allclose(hubness.hub_scores(gallery, reference, k=2), [0.85, 0.55], atol=1e-6)
    np.testing.assert_allclose(hubness.hub_scores(gallery, reference, k=99), [0.575, 0.35], atol=1e-6)  # all 4
    monkeypatch.setattr(hubness, "CHUNK_ELEMENTS", 2)  # one photo per chunk: the running top k is the same
    np.testing.assert_allclose(hubness.hub_scores(gallery, reference, k=2), [0.85, 0.55], atol=1e-6)
    with pytest.raises(ValueError, match="at least one reference photo"):
        hubness.hub_scores(gallery, reference[:0])


def test_corrected_vectors_score_the_inner_product_less_the_hub_score():
    rng = np.random.default_rng(0)
    g = Embedded(rng.normal(size=(3, 4)).astype(np.float32), [row(f"g{i}", f"P{i}") for i in range(3)])
    q = Embedded(rng.normal(size=(5, 4)).astype(np.float32), [row(f"q{i}", "P0") for i in range(5)])
    ref = rng.normal(size=(7, 4)).astype(np.float32)
    g2, q2 = hubness.corrected(g, q, ref, k=3)
    expected = q.vectors @ g.vectors.T - hubness.hub_scores(g.vectors, ref, 3)[None, :]
    np.testing.assert_allclose(q2.vectors @ g2.vectors.T, expected, atol=1e-5)
    assert g2.samples == g.samples and q2.samples == q.samples


def test_evaluate_demotes_a_hub_that_every_store_photo_is_near(tmp_path, colorhist):
    red, green, blue, yellow, white = (220, 30, 30), (30, 200, 30), (30, 30, 220), (220, 220, 30), (240, 240, 240)
    gallery = [
        _sample(_image(tmp_path / "a.png", (red, red)), "A", "catalog", "catalog", "cat-A"),
        # H shares the store's green shelves with every photo taken there: a hub
        _sample(_image(tmp_path / "h.png", (red, green)), "H", "catalog", "catalog", "cat-H"),
    ]
    queries = [_sample(_image(tmp_path / "q.png", (red, green)), "A", "wild", "wild", "q")]  # A on a green shelf
    reference = [
        _sample(_image(tmp_path / f"r{i}.png", (c, green)), "?", "wild", "wild", f"r{i}")
        for i, c in enumerate((blue, yellow, white))
    ]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    reference.append(_sample(str(broken), "?", "wild", "wild", "r-broken"))
    fast = dict(n_resamples=50, progress=False)
    plain = wild_eval.evaluate(colorhist, gallery, queries, **fast)
    assert plain.ranks.tolist() == [1]  # the hub wins: it is the query's colours exactly
    assert plain.report["meta"]["hub_correction"] is None
    fixed = wild_eval.evaluate(colorhist, gallery, queries, reference=reference, **fast)
    assert fixed.ranks.tolist() == [0]  # H is as near every green-shelf photo: only A is near this one beyond that
    assert fixed.report["meta"]["hub_correction"] == {"reference_images": 3, "k": 50, "reference_rejects": 1}
    faiss = wild_eval.evaluate(colorhist, gallery, queries, reference=reference, index="flat", **fast)
    assert faiss.ranks.tolist() == [0]  # the appended coordinate works inside an inner-product index too
