"""The embedding map: a seeded sample per domain, the projection, the points with thumbnails."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

import wildcat.eval as ev
from wildcat.ui.embedding_map import map_frame, pick_points, project
from wildcat.ui.sample_table import workspace_samples

from tests.ui.tiny_workspace import PRODUCTS, WILD_PER_PRODUCT


def test_pick_points_caps_each_domain_with_a_seeded_draw(tiny_ws):
    table = workspace_samples(tiny_ws.ws, tiny_ws.catalog)
    picked = pick_points(table, 5)
    domains = picked.column("domain").to_pylist()
    assert {d: domains.count(d) for d in set(domains)} == {"catalog": 5, "synthetic": 5, "wild": 5}
    assert picked.column("file").to_pylist() == pick_points(table, 5).column("file").to_pylist()
    assert pick_points(table, 1000).num_rows == table.num_rows


def test_pca_recovers_the_main_direction():
    rng = np.random.default_rng(0)
    t = np.linspace(-1, 1, 50)
    x = np.outer(t, [3.0, 4.0, 0.0]) / 5 + rng.normal(0, 0.01, (50, 3))
    xy = project(x, "PCA", rng)
    assert xy.shape == (50, 2) and abs(np.corrcoef(xy[:, 0], t)[0, 1]) > 0.999 and np.abs(xy[:, 1]).max() < 0.05
    assert project(x[:2], "PCA", rng).shape == (2, 2)
    assert project(x[:20], "t-SNE", rng).shape == (20, 2)


def test_map_frame_has_a_point_and_a_thumbnail_per_image(tiny_ws, tmp_path):
    table = workspace_samples(tiny_ws.ws, tiny_ws.catalog)
    table = table.filter(pc.equal(table.column("domain"), "wild"))
    frame = map_frame(ev.ColorHistogramEmbedder(), table, "PCA", cache=ev.EmbeddingCache(tmp_path, "colorhist"))
    assert len(frame) == len(PRODUCTS) * WILD_PER_PRODUCT
    assert (
        frame["image"].str.startswith("data:image/jpeg;base64,").all()
        and np.isfinite(frame[["x", "y"]].to_numpy()).all()
    )
