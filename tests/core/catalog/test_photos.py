"""The shop's own photos in every catalog layout: labelled wild photos (with splits) and unlabelled ones, in a
folder catalog and in a listing; products with only a 3D model count as usable."""

from __future__ import annotations

import pytest
import trimesh

from wildcat.core.catalog import WildQuery, load_catalog
from wildcat.core.catalog.check import check_catalog, format_report
from wildcat.core.errors import CatalogError

from tests.conftest import product_image


def _photo(path, color=(90, 120, 60)):
    path.parent.mkdir(parents=True, exist_ok=True)
    product_image(color, size=80).save(path)
    return path


def test_a_folder_catalog_carries_wild_photos_with_splits_and_unlabelled_ones(folder_catalog):
    mug = folder_catalog / "mugs" / "mug-red"
    _photo(mug / "wild" / "kitchen.jpg")
    _photo(mug / "wild" / "val" / "table.jpg")
    _photo(folder_catalog / "lamps" / "lamp-green" / "wild" / "train" / "desk.png")
    _photo(folder_catalog / "_unlabeled" / "street" / "a.jpg")
    _photo(folder_catalog / "_unlabeled" / "b.jpg")
    cat = load_catalog(folder_catalog)
    assert sorted(p.id for p in cat.products) == ["lamp-green", "mug-blue", "mug-red"]  # _unlabeled is no category
    assert [p.name for p in cat.by_id()["mug-red"].images] == ["front.jpg"]  # wild photos are not catalog images
    got = sorted((q.split, q.product_id, q.path.name) for q in cat.queries)
    assert got == [
        ("test", "mug-red", "kitchen.jpg"),
        ("train", "lamp-green", "desk.png"),
        ("unlabeled", "", "a.jpg"),
        ("unlabeled", "", "b.jpg"),
        ("val", "mug-red", "table.jpg"),
    ]
    assert cat.labelled_splits == ["test", "train", "val"] and "unlabeled" in cat.splits
    report = check_catalog(cat, progress=False, load_models=False)
    assert report.splits == {"test": 1, "train": 1, "unlabeled": 2, "val": 1}
    assert "5 wild photos (test 1, train 1, unlabeled 2, val 1)" in format_report(report)


def test_a_listing_carries_photo_rows(tmp_path):
    root = tmp_path / "shop"
    _photo(root / "img" / "mug.jpg")
    _photo(root / "img" / "lamp.jpg")
    _photo(root / "photos" / "mug-home.jpg")
    _photo(root / "photos" / "crowd.jpg")
    listing = root / "listing.csv"
    listing.write_text(
        "id,category,images,domain,split\n"
        "mug,mugs,img/mug.jpg,,\n"
        "lamp,lamps,img/lamp.jpg,catalog,\n"
        "mug,,photos/mug-home.jpg,wild,val\n"
        ",,photos/crowd.jpg,unlabeled,\n"
    )
    cat = load_catalog(listing)
    assert [p.id for p in cat.products] == ["mug", "lamp"]
    assert "domain" not in cat.products[0].attributes  # a column of the listing's layout, not a product attribute
    assert sorted((q.split, q.product_id, q.path.name) for q in cat.queries) == [
        ("unlabeled", "", "crowd.jpg"),
        ("val", "mug", "mug-home.jpg"),
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ("sofa,,photos/p.jpg,wild,test", "line 3: the photo's product 'sofa' has no product row"),
        ("mug,,photos/p.jpg,street,test", "line 3: unknown domain 'street'"),
        ("mug,,photos/p.jpg;photos/q.jpg,wild,test", "line 3: a wild photo row names 2 files"),
        (",,photos/p.jpg,wild,test", "line 3: .*names no product; put it in the 'unlabeled' split"),
        ("mug,,../outside.jpg,wild,test", "line 3: .*lies outside the catalog folder"),
    ],
)
def test_bad_photo_rows_are_named_by_line(tmp_path, row, message):
    root = tmp_path / "shop"
    _photo(root / "img" / "mug.jpg")
    (root / "listing.csv").write_text(f"id,category,images,domain,split\nmug,mugs,img/mug.jpg,,\n{row}\n")
    with pytest.raises(CatalogError, match=message):
        load_catalog(root / "listing.csv")


def test_a_labelled_photo_needs_a_product_and_an_unlabelled_one_has_none(tmp_path):
    with pytest.raises(ValueError, match="names no product"):
        WildQuery(path=tmp_path / "a.jpg", split="test")
    assert WildQuery(path=tmp_path / "a.jpg", product_id="mug", split="unlabeled").product_id == ""


def test_a_product_with_only_a_3d_model_is_usable(tmp_path):
    root = tmp_path / "shop"
    (root / "chairs" / "chair-1").mkdir(parents=True)
    trimesh.creation.box(extents=(1, 2, 1)).export(root / "chairs" / "chair-1" / "chair.glb")
    cat = load_catalog(root)
    report = check_catalog(cat, progress=False)
    assert report.usable_products == 1 and report.usable()
    text = format_report(report)
    assert "verdict: usable" in text and "no labelled wild photos" in text
    (root / "chairs" / "chair-1" / "chair.glb").write_bytes(b"glTF broken")
    assert not check_catalog(load_catalog(root), progress=False).usable()  # a model that does not load: not usable
