"""Failure galleries show each top product by the gallery image it scored with, not by its first image."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import wildcat.eval as ev
from wildcat.core.manifest import Sample
from wildcat.eval.failures import BORDER, TILE
from wildcat.eval.report import FAILURES_PNG

GREY, RED, BLUE, GREEN = (128, 128, 128), (220, 30, 30), (30, 30, 220), (30, 200, 30)


def _image(folder, name, colour) -> str:
    path = folder / f"{name}.png"
    Image.new("RGB", (48, 48), colour).save(path)
    return str(path)


def _row(folder, sid, pid, colour, domain) -> Sample:
    return Sample(
        sample_id=sid, path=_image(folder, sid, colour), product_id=pid, domain=domain, generator=domain, category="c"
    )


@pytest.mark.parametrize("index", ["exact", "flat"])
def test_top_products_are_shown_by_their_best_gallery_image(tmp_path, colorhist, index):
    # Two images per product; the first never matches a query, the second does.
    gallery = [
        _row(tmp_path, "a1", "A", GREY, "catalog"),
        _row(tmp_path, "a2", "A", RED, "catalog"),
        _row(tmp_path, "b1", "B", BLUE, "catalog"),
        _row(tmp_path, "b2", "B", GREEN, "catalog"),
    ]
    queries = [_row(tmp_path, "q-red", "A", RED, "wild"), _row(tmp_path, "q-green", "A", GREEN, "wild")]
    result = ev.evaluate(colorhist, gallery, queries, ks=(1,), seed=0, index=index, n_resamples=10, progress=False)
    assert result.topk_ids[0][0] == "A" and result.topk_paths[0][0] == gallery[1].path  # a2, not a1
    assert result.topk_ids[1][0] == "B" and result.topk_paths[1][0] == gallery[3].path  # b2, not b1
    assert list(result.ranks) == [0, 1]

    out = ev.write_report(result, tmp_path / "run")
    assert ev.EvalResult.load(out).topk_paths == result.topk_paths
    sheet = np.asarray(Image.open(out / FAILURES_PNG).convert("RGB")).astype(int)
    # One row (the green query, a miss); tile 1 is its top product B, framed red, showing b2 (green) inside.
    inside = sheet[TILE // 2, TILE + TILE // 2]
    assert np.abs(inside - GREEN).max() <= 2, inside
    assert np.abs(sheet[BORDER // 2, TILE + TILE // 2] - (210, 40, 40)).max() <= 2  # red frame: not the right product


def test_rank_products_names_the_image_each_top_product_scored_with():
    # Gallery rows: p0 twice (second matches), p1 twice (first matches), p2 once; query = e0.
    gallery = np.array([[0, 1, 0], [1, 0, 0], [0.9, 0.1, 0], [0, 0, 1], [0.5, 0.5, 0]], np.float32)
    r = ev.rank_products(np.array([[1, 0, 0]], np.float32), gallery, ["p0"], ["p0", "p0", "p1", "p1", "p2"], topk=3)
    assert [r.products[j] for j in r.topk[0]] == ["p0", "p1", "p2"] and r.topk_images[0].tolist() == [1, 2, 4]
    hidden = ev.rank_products(
        np.array([[1, 0, 0]], np.float32),
        gallery,
        ["p0"],
        ["p0", "p0", "p1", "p1", "p2"],
        topk=3,
        allowed=np.array([[False, True, True]]),
    )
    assert hidden.topk_images[0].tolist() == [2, 4, -1]  # a filtered-away product has no image
