"""The built-in default catalog: folder layout, metadata, catalog images, reproducibility."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from wildcat.core.catalog import load_catalog
from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.core.imageio import load_array
from wildcat.synth.procedural import CATEGORIES, build_default_catalog

SMALL = ("mug", "can", "shoe")


def _flat(colour):
    """A stand-in catalog photographer: a flat image, so layout tests need no OpenGL."""
    return lambda glb_path: np.full((24, 24, 3), colour, np.uint8)


def test_layout_loads_as_a_folder_catalog(tmp_path):
    root = build_default_catalog(
        tmp_path / "cat", 2, seed=3, render_catalog_image=_flat(200), categories=SMALL, progress=False
    )
    catalog = load_catalog(root)
    assert catalog.source_format == "folder"
    assert sorted(p.id for p in catalog.products) == sorted(f"{c}-{i:02d}" for c in SMALL for i in range(2))
    for p in catalog.products:
        assert p.category in SMALL and p.parent_category == CATEGORIES[p.category].parent
        assert p.locales == ["global"] and p.up_axis == "y"
        assert [i.name for i in p.images] == ["catalog.png"], "textures and models in model/ are not catalog images"
        assert p.model3d == root / p.category / p.id / "model" / "model.glb"
        assert p.title and p.title != p.id.replace("_", " ")
        assert (load_array(p.images[0]) == 200).all()
    with (root / "products.csv").open() as fh:
        assert {r["parent_category"] for r in csv.DictReader(fh)} == {"home", "groceries", "fashion"}
    assert load_run_meta(root)["seed"] == 3


def test_rebuild_keeps_bytes_and_rerenders_only_for_another_renderer(tmp_path):
    root = build_default_catalog(
        tmp_path / "cat", 1, seed=0, render_catalog_image=_flat(10), categories=["vase"], progress=False
    )
    glb = (root / "vase" / "vase-00" / "model" / "model.glb").read_bytes()
    build_default_catalog(root, 1, seed=0, render_catalog_image=_flat(10), categories=["vase"], progress=False)
    assert (root / "vase" / "vase-00" / "model" / "model.glb").read_bytes() == glb
    other = lambda path: np.full((24, 24, 3), 99, np.uint8)  # noqa: E731 - a different photographer
    build_default_catalog(root, 1, seed=0, render_catalog_image=other, categories=["vase"], progress=False)
    assert (load_array(root / "vase" / "vase-00" / "catalog.png") == 99).all()


def test_unknown_category_fails_before_any_work(tmp_path):
    with pytest.raises(ConfigError, match="sofa"):
        build_default_catalog(
            tmp_path / "cat", 1, categories=["mug", "sofa"], render_catalog_image=_flat(0), progress=False
        )
    assert not (tmp_path / "cat" / "mug").exists()


@pytest.mark.render
def test_studio_images_are_reproducible_white_packshots(tmp_path):
    a = build_default_catalog(tmp_path / "a", 1, seed=5, size=48, categories=SMALL, progress=False)
    b = build_default_catalog(tmp_path / "b", 1, seed=5, size=48, categories=SMALL, progress=False)
    c = build_default_catalog(tmp_path / "c", 1, seed=6, size=48, categories=SMALL, progress=False)
    for name in SMALL:
        rel = f"{name}/{name}-00/catalog.png"
        assert (a / rel).read_bytes() == (b / rel).read_bytes()
        assert (a / rel).read_bytes() != (c / rel).read_bytes()
        assert (a / f"{name}/{name}-00/model/model.glb").read_bytes() == (
            b / f"{name}/{name}-00/model/model.glb"
        ).read_bytes()
        image = load_array(a / rel)
        assert image.shape == (48, 48, 3)
        corners = image[[0, 0, -1, -1], [0, -1, 0, -1]]
        assert (corners >= 250).all(), "white background"
        product = (image.astype(int).sum(axis=2) < 700).mean()
        assert 0.05 < product < 0.9, "the product fills a fair part of the frame"
