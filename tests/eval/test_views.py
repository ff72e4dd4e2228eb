"""Synthetic views in the index (eval.views): gallery vectors blended with their products' composites."""

import numpy as np
import pytest
from PIL import Image

import wildcat.eval as wild_eval
from wildcat.core.manifest import Sample
from wildcat.eval.embedder import Embedded
from wildcat.eval.views import blend_views, product_means, view_rows

from bench.grocery_views import sweep
from tests.eval.helpers import row


def embedded(vectors, products, generator="catalog") -> Embedded:
    rows = [row(f"{generator}-{i}", p, generator=generator) for i, p in enumerate(products)]
    return Embedded(np.asarray(vectors, np.float32), rows)


GALLERY = embedded([[1, 0, 0], [0, 1, 0]], ["A", "B"])
VIEWS = embedded([[0, 0, 1], [0, 0.6, 0.8]], ["A", "A"], generator="cutpaste")


def test_product_means_average_each_products_views():
    means = product_means(VIEWS)
    assert list(means) == ["A"]
    np.testing.assert_allclose(means["A"], [0, 0.3, 0.9], atol=1e-6)


def test_blending_pulls_a_product_toward_its_views_and_flips_the_ranking():
    query = np.array([0, 0.6, 0.8], np.float32)  # a photo nearer B's catalog image than A's (0.6 vs 0)
    assert np.argmax(GALLERY.vectors @ query) == 1
    blended, info = blend_views(GALLERY, VIEWS, weight=2.0)
    mean = np.array([0, 0.3, 0.9]) / np.linalg.norm([0, 0.3, 0.9])
    expected_a = (np.array([1, 0, 0]) + 2 * mean) / np.linalg.norm(np.array([1, 0, 0]) + 2 * mean)
    np.testing.assert_allclose(blended.vectors[0], expected_a, atol=1e-6)
    np.testing.assert_array_equal(blended.vectors[1], [0, 1, 0])  # B has no views: unchanged
    assert np.argmax(blended.vectors @ query) == 0
    assert info == {"weight": 2.0, "view_images": 2, "products": 1, "gallery_images_blended": 1, "view_rejects": 0}
    np.testing.assert_array_equal(GALLERY.vectors[0], [1, 0, 0])  # the input is left alone


def test_weight_zero_keeps_the_catalog_and_l2_models_average():
    same, info = blend_views(GALLERY, VIEWS, weight=0.0)
    np.testing.assert_array_equal(same.vectors, GALLERY.vectors)
    assert info["gallery_images_blended"] == 0
    l2, _ = blend_views(GALLERY, VIEWS, weight=1.0, metric="l2")  # un-normalised: (g + w m) / (1 + w)
    np.testing.assert_allclose(l2.vectors[0], [0.5, 0.15, 0.45], atol=1e-6)


@pytest.mark.parametrize("weight", [-1.0, float("nan")])
def test_a_bad_weight_is_refused(weight):
    with pytest.raises(ValueError, match="weight"):
        blend_views(GALLERY, VIEWS, weight=weight)


def test_view_rows_keep_composites_and_labelled_photos():
    rows = [
        row("c", "A", generator="cutpaste", domain="synthetic"),
        row("r", "A", generator="proxy", domain="synthetic"),
        row("k", "A", generator="catalog", domain="catalog"),
        row("w", "A", generator="phone", domain="wild"),
    ]
    assert [r.sample_id for r in view_rows(rows)] == ["c", "w"]


def _image(path, halves):
    """A 32x32 PNG, its top and bottom halves in the given RGB colours."""
    a = np.zeros((32, 32, 3), np.uint8)
    a[:16], a[16:] = halves
    Image.fromarray(a).save(path)
    return str(path)


def _sample(path, product, domain, generator, sid):
    return Sample(
        sample_id=sid, path=path, product_id=product, domain=domain, generator=generator, category="c", locale="en"
    )


def test_evaluate_indexes_the_views_and_records_them(tmp_path, colorhist):
    red, green, blue = (220, 30, 30), (30, 200, 30), (30, 30, 220)
    gallery = [
        _sample(_image(tmp_path / "a.png", (red, red)), "A", "catalog", "catalog", "cat-A"),
        _sample(_image(tmp_path / "b.png", (green, blue)), "B", "catalog", "catalog", "cat-B"),
    ]
    # A's shoppers' photos are green (say, A under store light); so are A's composites, never its catalog image.
    queries = [_sample(_image(tmp_path / f"q{i}.png", (green, green)), "A", "wild", "wild", f"q{i}") for i in range(2)]
    views = [
        _sample(_image(tmp_path / f"v{i}.png", (green, green)), "A", "synthetic", "cutpaste", f"v{i}") for i in range(3)
    ]
    corrupt = tmp_path / "broken.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n not an image")
    views.append(_sample(str(corrupt), "A", "synthetic", "cutpaste", "v-broken"))
    views.append(_sample(views[0].path, "Z", "synthetic", "cutpaste", "v-other"))  # a product not in the gallery
    fast = dict(n_resamples=50, progress=False)
    plain = wild_eval.evaluate(colorhist, gallery, queries, **fast)
    assert plain.ranks.tolist() == [1, 1]  # the half-green catalog image of B wins without views
    assert plain.report["meta"]["views"] is None
    with_views = wild_eval.evaluate(colorhist, gallery, queries, views=views, **fast)
    assert with_views.ranks.tolist() == [0, 0]
    assert with_views.report["meta"]["views"] == {
        "weight": 2.0,
        "view_images": 3,
        "products": 1,
        "gallery_images_blended": 1,
        "view_rejects": 1,
    }
    assert [g.sample_id for g in with_views.gallery] == ["cat-A", "cat-B"]  # hits still show the catalog images
    unweighted = wild_eval.evaluate(colorhist, gallery, queries, views=views, views_weight=0.0, **fast)
    assert unweighted.ranks.tolist() == [1, 1]  # weight 0: the plain index, and no view was even read (no reject)
    assert unweighted.report["meta"]["views"] == {
        "weight": 0.0,
        "view_images": 0,
        "products": 0,
        "gallery_images_blended": 0,
        "view_rejects": 0,
    }


def test_the_bench_sweep_reads_each_weight():

    queries = np.array([[0, 0.6, 0.8]], np.float32)  # A's photo, nearer B's catalog image
    found = sweep(GALLERY, queries, ["A"], VIEWS)
    assert list(found) == ["weight 0", "weight 1", "weight 2", "weight 4", "views only"]
    assert [r1 for r1, _ in found.values()] == [0.0, 1.0, 1.0, 1.0, 1.0]
