"""Procedural products: every category builds a sound textured mesh, reproducibly."""

from __future__ import annotations

import io

import numpy as np
import pytest
import trimesh

from wildcat.core.errors import ConfigError
from wildcat.synth.procedural import CATEGORIES, make_product, make_product_3d
from wildcat.synth.procedural.assembly import FACE_RANGE, glb_bytes


@pytest.mark.parametrize("name", sorted(CATEGORIES))
def test_each_category_makes_a_sound_textured_mesh(name):
    for seed in (0, 1):
        scene = make_product(name, np.random.default_rng(seed))
        meshes = list(scene.geometry.values())
        faces = sum(len(m.faces) for m in meshes)
        assert FACE_RANGE[0] <= faces <= FACE_RANGE[1], (name, seed, faces)
        assert scene.metadata["title"]
        assert meshes and all(len(m.faces) > 0 for m in meshes)
        for mesh in meshes:
            assert np.isfinite(mesh.vertices).all()
            assert isinstance(mesh.visual, trimesh.visual.TextureVisuals)
            assert mesh.visual.uv.shape == (len(mesh.vertices), 2) and np.isfinite(mesh.visual.uv).all()
            assert min(mesh.visual.material.baseColorTexture.size) >= 16
        # the main material is a real texture (pattern, grain, print), not a flat colour
        biggest = max(meshes, key=lambda m: len(m.faces)).visual.material.baseColorTexture
        assert np.asarray(biggest, float).std() > 5
        whole = trimesh.util.concatenate(meshes)
        lo, hi = whole.bounds
        assert abs(lo[1]) < 1e-9, "products stand on y = 0"
        assert 0.03 < hi[1] < 2.0, "a real-world height in metres"
        # faces wound outwards: the merged solid has a positive volume
        assert trimesh.Trimesh(whole.vertices, whole.faces).volume > 0


def test_closed_parts_are_watertight_once_seams_are_merged():
    for name in ("mug", "vase", "bottle", "fruit", "carton", "chair"):
        product = make_product_3d(name, np.random.default_rng(3))
        for piece in product.pieces:
            mesh = trimesh.Trimesh(piece.surface.vertices, piece.surface.faces)  # merges the UV seams
            assert mesh.is_watertight, (name, piece.material.name)
            assert mesh.volume > 0


@pytest.mark.parametrize("name", ["can", "shoe", "chair"])
def test_same_seed_same_glb_bytes_other_seed_other_bytes(name):
    a = glb_bytes(make_product(name, np.random.default_rng(7)))
    b = glb_bytes(make_product(name, np.random.default_rng(7)))
    c = glb_bytes(make_product(name, np.random.default_rng(8)))
    assert a == b
    assert a != c
    loaded = trimesh.load(io.BytesIO(a), file_type="glb", force="scene")
    assert sum(len(g.faces) for g in loaded.geometry.values()) == make_product_3d(name, np.random.default_rng(7)).faces


def test_products_of_one_category_differ():
    titles = {make_product_3d("mug", np.random.default_rng(s)).title for s in range(6)}
    assert len(titles) >= 4


def test_unknown_category_names_the_choices():
    with pytest.raises(ConfigError, match="unknown product category 'sofa'.*mug"):
        make_product("sofa", np.random.default_rng(0))
