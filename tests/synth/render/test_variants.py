"""glTF product variants (KHR_materials_variants) and material extensions the rasteriser approximates, on small
files the test writes: each variant is a product of its own and renders in its own materials; approximations are
recorded, unknown extensions too, and a variant that is not there is a clear error."""

from __future__ import annotations

import json

import numpy as np
import pytest
import trimesh

from wildcat.core.catalog import load_catalog
from wildcat.core.catalog.check import check_catalog
from wildcat.core.gltf import join_glb, split_glb, variant_names
from wildcat.synth.render import load_asset, preset_config, render_views
from wildcat.synth.render.errors import AssetError

from tests.conftest import product_image

COLOURS = {"red": [0.9, 0.05, 0.05, 1.0], "blue": [0.05, 0.1, 0.9, 1.0]}


def variant_glb(path):
    """A box whose one primitive maps variant red to a red material and blue to a blue one (default: red)."""
    doc, rest = split_glb(trimesh.creation.box(extents=(1.0, 1.4, 0.8)).export(file_type="glb"))
    doc["materials"] = [
        {"name": name, "pbrMetallicRoughness": {"baseColorFactor": rgba, "metallicFactor": 0.0}}
        for name, rgba in COLOURS.items()
    ]
    doc["meshes"][0]["primitives"][0]["material"] = 0
    doc["meshes"][0]["primitives"][0]["extensions"] = {
        "KHR_materials_variants": {"mappings": [{"material": 0, "variants": [0]}, {"material": 1, "variants": [1]}]}
    }
    doc["extensions"] = {"KHR_materials_variants": {"variants": [{"name": "red"}, {"name": "blue"}]}}
    doc["extensionsUsed"] = ["KHR_materials_variants", "KHR_materials_sheen", "EXT_made_up"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(join_glb(json.dumps(doc).encode(), rest))
    return path


def mean_colour(asset) -> np.ndarray:
    view = render_views(asset, 1, 0, preset_config("catalog", size=64))[0]
    return view.rgba[..., :3][view.mask].mean(axis=0)


@pytest.mark.render
def test_each_variant_renders_in_its_own_materials_and_approximations_are_recorded(tmp_path):
    path = variant_glb(tmp_path / "chair.glb")
    red, blue = load_asset(path, variant="red"), load_asset(path, variant="blue")
    r, b = mean_colour(red), mean_colour(blue)
    assert r[0] > r[2] + 40 and b[2] > b[0] + 40  # the variant's material, not the file's default
    lineage = blue.lineage()
    assert lineage["variant"] == "blue"
    assert any(w.startswith("approximated KHR_materials_sheen") for w in lineage["warnings"])
    assert any("ignored unknown extension EXT_made_up" in w for w in lineage["warnings"])
    with pytest.raises(AssetError, match="no variant 'green'; its variants: red, blue"):
        load_asset(path, variant="green")
    obj = tmp_path / "box.obj"
    trimesh.creation.box().export(obj)
    with pytest.raises(AssetError, match="variants exist only in glTF"):
        load_asset(obj, variant="red")


def test_a_variant_model_is_one_product_per_variant_and_images_go_by_name(tmp_path):
    folder = tmp_path / "shop" / "chairs" / "chair-1"
    variant_glb(folder / "chair.glb")
    product_image((220, 20, 20)).save(folder / "front-red.jpg")
    product_image((90, 90, 90)).save(folder / "side.jpg")  # names no variant
    cat = load_catalog(tmp_path / "shop")
    assert variant_names(None) == []
    by_id = cat.by_id()
    assert sorted(by_id) == ["chair-1-blue", "chair-1-red"]
    red, blue = by_id["chair-1-red"], by_id["chair-1-blue"]
    assert red.model_variant == "red" and red.parent_id == blue.parent_id == "chair-1"
    assert red.model3d == blue.model3d and [p.name for p in red.images] == ["front-red.jpg"] and blue.images == []
    report = check_catalog(cat, progress=False, load_models=False)
    [defect] = [d for d in report.defects if d.kind == "unassigned_image"]
    assert defect.path.endswith("side.jpg") and "Fix:" in defect.message
    assert report.usable_products == 2  # blue has only the model: rendered into a catalog image by wildcat run

    # the family's own photos go to the variant they name, as its images do
    (folder / "wild").mkdir()
    product_image((220, 20, 20)).save(folder / "wild" / "park-red.jpg")
    product_image((90, 90, 90)).save(folder / "wild" / "street.jpg")
    cat = load_catalog(tmp_path / "shop")
    assert [(q.product_id, q.path.name) for q in cat.queries] == [("chair-1-red", "park-red.jpg")]
    assert sorted(p.name for p in cat.unassigned_images["chair-1"]) == ["side.jpg", "street.jpg"]


def test_a_listing_names_a_variant_in_its_photo_rows(tmp_path):
    root = tmp_path / "shop"
    variant_glb(root / "models" / "chair.glb")
    product_image((90, 90, 90)).save(root / "blue-sofa-photo.jpg")
    (root / "listing.csv").write_text(
        "id,category,images,model3d,domain,split\n"
        "chair-1,chairs,,models/chair.glb,,\n"
        "chair-1-blue,,blue-sofa-photo.jpg,,wild,val\n"
    )
    cat = load_catalog(root / "listing.csv")
    assert sorted(cat.by_id()) == ["chair-1-blue", "chair-1-red"]
    assert [(q.product_id, q.split) for q in cat.queries] == [("chair-1-blue", "val")]


def test_catalog_check_loads_a_model_shared_by_variants_once(tmp_path):
    folder = tmp_path / "shop" / "chairs" / "chair-1"
    variant_glb(folder / "chair.glb")
    calls = []
    report = check_catalog(load_catalog(tmp_path / "shop"), progress=False, model_check=lambda p: calls.append(p))
    assert report.usable_products == 2 and calls == [folder / "chair.glb"]  # two variant products, one load
