from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wildcat.core.catalog import load_catalog
from wildcat.core.errors import CatalogError

from tests.conftest import product_image


def test_folder_layout(folder_catalog):
    cat = load_catalog(folder_catalog)
    assert cat.source_format == "folder"
    assert sorted(p.id for p in cat.products) == ["lamp-green", "mug-blue", "mug-red"]
    mug = cat.by_id()["mug-red"]
    assert mug.category == "mugs" and mug.images[0].name == "front.jpg" and mug.images[0].is_absolute()


def test_folder_layout_with_metadata_and_model(folder_catalog):
    (folder_catalog / "products.csv").write_text(
        "id,title,parent_category,locales,up_axis,colour\nmug-red,Red mug,home,en-US;en-IN,z,red\n"
    )
    model_dir = folder_catalog / "mugs" / "mug-red" / "model"
    model_dir.mkdir()
    (model_dir / "mug.obj").write_text("mtllib mug.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    (model_dir / "mug.mtl").write_text("newmtl m\nmap_Kd mug_tex.png\n")
    product_image((1, 2, 3)).save(model_dir / "mug_tex.png")
    mug = load_catalog(folder_catalog).by_id()["mug-red"]
    assert mug.title == "Red mug" and mug.parent_category == "home" and mug.locales == ["en-US", "en-IN"]
    assert mug.up_axis == "z" and mug.attributes == {"colour": "red"}
    assert mug.model3d.name == "mug.obj"
    assert [p.name for p in mug.images] == ["front.jpg"]  # the texture is not a catalog image


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_table_listing(tmp_path, suffix):
    product_image((9, 9, 9)).save(tmp_path / "a.jpg")
    product_image((9, 9, 9)).save(tmp_path / "b.jpg")
    rows = [
        {"id": "p1", "category": "shoes", "images": "a.jpg;b.jpg", "locales": "en-IN", "brand": "x"},
        {"id": "p2", "category": "bags", "images": "b.jpg", "locales": "", "brand": "y"},
    ]
    path = tmp_path / f"listing{suffix}"
    if suffix == ".csv":
        path.write_text("id,category,images,locales,brand\n" + "\n".join(",".join(r.values()) for r in rows) + "\n")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    cat = load_catalog(path)
    p1 = cat.by_id()["p1"]
    assert (
        [p.name for p in p1.images] == ["a.jpg", "b.jpg"]
        and p1.locales == ["en-IN"]
        and p1.attributes == {"brand": "x"}
    )
    assert cat.by_id()["p2"].locales == ["global"]


def test_table_missing_column(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("id,images\np1,a.jpg\n")
    with pytest.raises(CatalogError, match="category"):
        load_catalog(path)


def test_grocery_layout_with_test_split(grocery_layout):
    cat = load_catalog(grocery_layout)
    assert cat.source_format == "grocery"
    assert [p.id for p in cat.products] == ["Golden-Delicious", "Granny-Smith", "Oatly-Oat-Milk"]
    milk = cat.by_id()["Oatly-Oat-Milk"]
    assert (
        milk.category == "Oat-Milk" and milk.parent_category == "Packages" and milk.description == "A Oatly-Oat-Milk."
    )
    assert cat.splits == ["test", "train", "val"]
    assert len(cat.queries_for(["train"])) == 6 and len(cat.queries_for(["test"])) == 3
    q = cat.queries_for(["val"])[1]
    assert q.product_id == "Granny-Smith" and q.coarse_label == "Apple" and q.path.is_file()


def test_saved_roundtrip(grocery_layout, tmp_path):
    cat = load_catalog(grocery_layout)
    path = cat.save(tmp_path / "ws")
    again = load_catalog(path)
    assert again == cat and load_catalog(tmp_path / "ws") == cat


def test_real_grocery_store_when_present():
    root = Path(__file__).resolve().parents[4] / "shared" / "data" / "grocery_store"
    if not root.exists():
        pytest.skip("../shared/data/grocery_store is not on this machine")
    cat = load_catalog(root)
    assert len(cat.products) >= 80 and len(cat.queries_for(["train"])) == 2640 and len(cat.queries_for(["val"])) == 296


def test_catalog_and_wild_samples(grocery_layout):
    from wildcat.core.catalog import catalog_samples, wild_samples

    cat = load_catalog(grocery_layout)
    gallery = catalog_samples(cat)
    assert [s.product_id for s in gallery] == ["Golden-Delicious", "Granny-Smith", "Oatly-Oat-Milk"]
    assert all(s.domain == "catalog" and Path(s.path).is_file() for s in gallery)
    queries = wild_samples(cat, ["val", "test"])
    assert len(queries) == 6 and {s.split for s in queries} == {"val", "test"}
    assert len({s.sample_id for s in wild_samples(cat, ["train", "val", "test"])}) == 12
    assert queries[0].category == "Apple" and queries[0].domain == "wild"


def test_a_very_long_id_gets_a_short_unique_file_name():
    from wildcat.core.catalog import safe_name

    a, b = safe_name("x" * 300 + "a"), safe_name("x" * 300 + "b")
    assert len(a) <= 90 and len(b) <= 90 and a != b
    assert safe_name("milk-1") == "milk-1"  # a short safe id keeps its name
