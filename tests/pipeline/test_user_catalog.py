"""`wildcat run --catalog` on a shop's own small catalog: a product with only a 3D model gets a rendered catalog
image; without labelled photos the job still trains and says nothing was measured; with them it evaluates."""

from __future__ import annotations

import json

import pytest
import trimesh
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.catalog import load_catalog
from wildcat.core.imageio import load_array
from wildcat.core.workspace import Workspace
from wildcat.pipeline.user_catalog import RENDERED

from tests.conftest import product_image


def _shop(root):
    for category, pid, color, shape in [
        ("mugs", "mug-red", (200, 30, 30), "disc"),
        ("mugs", "mug-blue", (30, 30, 200), "disc"),
        ("lamps", "lamp-green", (30, 200, 30), "box"),
    ]:
        (root / category / pid).mkdir(parents=True)
        product_image(color, size=96, shape=shape).save(root / category / pid / "front.jpg")
    (root / "chairs" / "chair-1").mkdir(parents=True)
    box = trimesh.creation.box(extents=(1.0, 1.6, 1.0))
    box.visual.face_colors = (180, 120, 40, 255)
    box.export(root / "chairs" / "chair-1" / "chair.glb")  # a model and no image: an AR asset alone
    return root


@pytest.mark.slow
@pytest.mark.render
def test_run_on_a_users_catalog_with_and_without_photos(tmp_path, monkeypatch):
    shop, ws_root = _shop(tmp_path / "shop"), tmp_path / "ws"
    args = ["run", "--catalog", str(shop), "--out", str(ws_root), "--budget", "smoke", "--executor", "local"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "nothing could be measured" in result.output and "wild/*.jpg" in result.output
    ws = Workspace.at(ws_root)
    assert [p.name for p in ws.runs()] == ["after", "before"] and ws.evaluations() == []
    chair = load_catalog(ws.catalog).by_id()["chair-1"]
    assert chair.attributes["catalog_image"] == RENDERED
    image = load_array(chair.images[0], "RGB")
    assert image[0, 0].tolist() == [255, 255, 255] and image.min() < 200  # the model on the studio's white
    _query_page_answers_a_photo(ws_root, monkeypatch, tmp_path)

    for pid, category, color in [("mug-red", "mugs", (200, 30, 30)), ("lamp-green", "lamps", (30, 200, 30))]:
        photo = shop / category / pid / "wild" / "home.jpg"
        photo.parent.mkdir()
        product_image(color, size=80, shape="disc").save(photo)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "nothing could be measured" not in result.output and "recall@1" in result.output
    assert [p.name for p in ws.evaluations()] == ["after", "before", "zero-shot"]
    meta = json.loads((ws.evaluation("after") / "report.json").read_text())["meta"]
    assert meta["n_queries"] == 2 and meta["n_products"] == 4  # the rendered chair is searched like the others


def _query_page_answers_a_photo(ws_root, monkeypatch, tmp_path) -> None:
    """The workspace of a job that measured nothing opens in the UI, and its Query page searches a photo."""
    from streamlit.testing.v1 import AppTest

    from wildcat.ui.context import WORKSPACE_ENV
    from wildcat.ui.models import CACHE_ENV

    from tests.ui.test_app import APP, photo_bytes, result_ids

    monkeypatch.setenv(WORKSPACE_ENV, str(ws_root))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "embedding-cache"))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("../views/query.py").run()
    at.file_uploader(key="query.upload").set_value(("photo.png", photo_bytes((200, 30, 30), "disc"), "image/png")).run()
    assert not at.exception, [e.value for e in at.exception]
    ids = result_ids(at)
    assert len(ids) == 8 and set(ids) == {"mug-red", "mug-blue", "lamp-green", "chair-1"}  # 4 products x 2 models


@pytest.mark.render
def test_a_model_only_product_whose_model_cannot_be_rendered_is_left_out_with_a_warning(tmp_path, caplog):
    from wildcat.pipeline.user_catalog import user_catalog

    shop = _shop(tmp_path / "shop")
    broken = shop / "chairs" / "chair-2" / "chair.glb"
    broken.parent.mkdir()
    broken.write_bytes(b"glTF but nothing else")
    with caplog.at_level("WARNING"):
        cat, queries = user_catalog(shop, Workspace.at(tmp_path / "ws"), 64, progress=False)
    assert "chair-2" not in cat.by_id() and "chair-1" in cat.by_id() and queries == []
    assert str(broken) in caplog.text and "Fix:" in caplog.text


@pytest.mark.slow
def test_run_on_a_listing_trains_from_the_saved_catalog(tmp_path):
    root = tmp_path / "shop"
    (root / "img").mkdir(parents=True)
    for pid, color in [("mug-red", (200, 30, 30)), ("mug-blue", (30, 30, 200)), ("lamp", (30, 200, 30))]:
        product_image(color, size=96).save(root / "img" / f"{pid}.jpg")
    (root / "products.csv").write_text(  # a listing named like a folder catalog's metadata file
        "id,category,images\nmug-red,mugs,img/mug-red.jpg\nmug-blue,mugs,img/mug-blue.jpg\nlamp,lamps,img/lamp.jpg\n"
    )
    args = ["run", "--catalog", str(root / "products.csv"), "--out", str(tmp_path / "ws"), "--budget", "smoke"]
    result = CliRunner().invoke(app, [*args, "--executor", "local"])
    assert result.exit_code == 0, result.output
    ws = Workspace.at(tmp_path / "ws")
    assert "nothing could be measured" in result.output and [p.name for p in ws.runs()] == ["after", "before"]
    assert load_catalog(ws.catalog).root == ws.root and len(load_catalog(ws.catalog).products) == 3
