import json

import pytest
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.catalog import load_catalog
from wildcat.core.catalog.check import check_catalog

from tests.conftest import product_image


def test_clean_catalog_has_no_defects(folder_catalog):
    report = check_catalog(load_catalog(folder_catalog), progress=False)
    assert report.defects == [] and report.usable() and report.usable_products == 3


def test_each_defect_kind_found(folder_catalog, tmp_path):
    (folder_catalog / "mugs" / "mug-red" / "front.jpg").write_bytes(b"\xff\xd8garbage")  # unreadable
    product_image((1, 1, 1), size=20).save(folder_catalog / "mugs" / "mug-blue" / "front.jpg")  # too small
    broken = folder_catalog / "lamps" / "lamp-green" / "lamp.obj"
    broken.write_text("this is not an obj file\n")  # loads with no faces
    cat = load_catalog(folder_catalog)
    cat.products.append(
        cat.products[0].model_copy(update={"images": [tmp_path / "gone.jpg"], "model3d": None})
    )  # dup id + missing
    report = check_catalog(cat, progress=False)
    kinds = report.counts()
    assert kinds["unreadable_image"] == 1 and kinds["small_image"] == 1 and kinds["bad_model"] == 1
    assert kinds["duplicate_id"] == 1 and kinds["missing_file"] == 1
    assert not report.usable()


def test_missing_query_reported(grocery_layout):
    (grocery_layout / "val" / "Fruit" / "Apple" / "Granny-Smith" / "Granny-Smith_000.jpg").unlink()
    report = check_catalog(load_catalog(grocery_layout), progress=False)
    assert report.counts() == {"missing_query": 1}
    assert report.usable() and not report.usable(strict=True)


def test_cli_exit_codes(folder_catalog):
    runner = CliRunner()
    ok = runner.invoke(app, ["catalog", "check", str(folder_catalog)])
    assert ok.exit_code == 0, ok.output
    assert "no defects found" in ok.output and "verdict: usable" in ok.output
    for pid in ("mug-red", "mug-blue"):
        (folder_catalog / "mugs" / pid / "front.jpg").write_bytes(b"")
    (folder_catalog / "lamps" / "lamp-green" / "front.jpg").write_bytes(b"")
    bad = runner.invoke(app, ["catalog", "check", str(folder_catalog), "--json"])
    assert bad.exit_code == 1
    body = json.loads(bad.output)
    assert body["usable"] is False and body["counts"] == {"unreadable_image": 3, "no_usable_product": 1}


def test_cli_import_writes_catalog(grocery_layout, tmp_path):
    out = tmp_path / "ws" / "catalog.json"
    res = CliRunner().invoke(app, ["catalog", "import", str(grocery_layout), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "3 products" in res.output and "12 wild photos" in res.output
    assert load_catalog(out).source_format == "grocery"


def test_check_refuses_the_models_the_render_stage_refuses_each_with_a_fix(folder_catalog, tmp_path):
    from wildcat.synth.render.asset import asset_problem

    lamp = folder_catalog / "lamps" / "lamp-green" / "lamp.obj"
    nan = "v nan 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"
    lamp.write_text(nan)  # NaN vertices: the geometry check and the renderer agree
    (tmp_path / "outside.mtl").write_text("newmtl m\nKd 1 0 0\n")
    escaping = folder_catalog / "lamps" / "lamp-green" / "escape.obj"
    escaping.write_text("mtllib ../../../../outside.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nusemtl m\nf 1 2 3\n")
    cat = load_catalog(folder_catalog)
    lamp_product = next(p for p in cat.products if p.model3d is not None)
    cat.products.append(lamp_product.model_copy(update={"id": "lamp-escape", "model3d": escaping}))
    report = check_catalog(cat, progress=False, model_check=asset_problem)
    bad = {d.product_id: d.message for d in report.defects if d.kind == "bad_model"}
    assert set(bad) == {lamp_product.id, "lamp-escape"}
    assert all("Fix:" in message for message in bad.values())
    assert "outside its folder" in bad["lamp-escape"] and "allow" not in bad["lamp-escape"].lower()


def test_a_listing_reports_every_bad_row_at_once(tmp_path):
    from wildcat.core.errors import CatalogError

    img = tmp_path / "a.jpg"
    product_image((200, 10, 10)).save(img)
    rows = [
        "id,title,category,images",
        "ok-1,One,mugs,a.jpg",
        ",No id,mugs,a.jpg",
        "ok-2,Two,mugs,a.jpg",
        ",,mugs,a.jpg",
    ]
    (tmp_path / "products.csv").write_text("\n".join(rows) + "\n")
    try:
        load_catalog(tmp_path / "products.csv")
    except CatalogError as exc:
        text = str(exc)
    else:
        raise AssertionError("a listing with bad rows was accepted")
    assert "2 invalid product row(s)" in text and "line 3" in text and "line 5" in text


def test_a_listing_naming_files_outside_its_folder_is_refused_row_by_row(tmp_path):
    from wildcat.core.errors import CatalogError

    shop = tmp_path / "shop"
    shop.mkdir()
    product_image((200, 10, 10)).save(shop / "a.jpg")
    product_image((10, 200, 10)).save(tmp_path / "elsewhere.jpg")
    rows = ["id,title,category,images", "ok-1,One,mugs,a.jpg", "up-1,Up,mugs,../elsewhere.jpg"]
    rows.append(f"abs-1,Abs,mugs,{tmp_path / 'elsewhere.jpg'}")
    (shop / "products.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(CatalogError) as err:
        load_catalog(shop / "products.csv")
    text = str(err.value)
    assert "2 invalid product row(s)" in text and "outside the catalog folder" in text


def test_a_grocery_split_file_naming_photos_outside_the_dataset_is_refused(grocery_layout):
    from wildcat.core.errors import CatalogError

    with (grocery_layout / "val.txt").open("a") as fh:
        fh.write("../../etc/passwd, 0, 0\n")
    with pytest.raises(CatalogError, match="outside the dataset folder"):
        load_catalog(grocery_layout)
