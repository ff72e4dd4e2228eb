import json

import pytest
from PIL import Image

from wildcat.core.errors import CatalogError
from wildcat.core.manifest import ManifestWriter, Sample
from wildcat.core.scenes import iou, load_scenes, scenes_from_composites


def _composite(sample_id: str, instances: list[dict]) -> Sample:
    return Sample(
        sample_id=sample_id, path=f"{sample_id}.jpg", product_id=instances[0]["product"], domain="synthetic",
        generator="cutpaste", width=100, height=100, lineage={"instances": instances},
    )  # fmt: skip


def _inst(product: str, box, occluded: float = 0.0) -> dict:
    return {"product": product, "box": box, "occluded": occluded, "truncated": 0.0, "role": "hero"}


def test_composites_with_two_visible_products_become_scenes_with_their_boxes(tmp_path):
    rows = [
        _composite("a", [_inst("p1", [10, 20, 30, 40]), _inst("p2", [50, 50, 20, 20])]),
        _composite("b", [_inst("p1", [10, 20, 30, 40]), _inst("p2", [50, 50, 20, 20], occluded=0.9)]),  # p2 hidden
        _composite("c", [_inst("p1", [10, 20, 30, 40]), _inst("p3", [0, 0, 8, 40])]),  # p3's box too thin
    ]
    with ManifestWriter(tmp_path) as mw:
        for r in rows:
            mw.add(r)
    scenes = scenes_from_composites(tmp_path)
    assert [s.scene_id for s in scenes.scenes] == ["a"]
    scene = scenes.scenes[0]
    assert [(b.product_id, b.box) for b in scene.boxes] == [("p1", (10, 20, 40, 60)), ("p2", (50, 50, 70, 70))]
    assert scenes.file(scene) == tmp_path / "a.jpg"
    # saved elsewhere and read back: the same scenes, still pointing at the composite
    scenes.save(tmp_path / "set")
    back = load_scenes(tmp_path / "set")
    assert back.scenes == scenes.scenes and back.file(back.scenes[0]) == tmp_path / "a.jpg"
    assert scenes.scenes_of() == {"p1": [0], "p2": [0]}


def test_a_folder_of_photos_with_boxes_csv(tmp_path):
    Image.new("RGB", (64, 48), (200, 10, 10)).save(tmp_path / "shelf.jpg")
    Image.new("RGB", (32, 32), (10, 10, 200)).save(tmp_path / "room.png")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    (tmp_path / "boxes.csv").write_text(
        "image,x0,y0,x1,y1,product_id\nshelf.jpg,1,2,30,40,mug-red\nshelf.jpg,30,2,60,40,\ngone.jpg,0,0,5,5,x\n"
    )
    scenes = load_scenes(tmp_path)
    by_id = {s.scene_id: s for s in scenes.scenes}
    assert set(by_id) == {"shelf.jpg", "room.png"}
    assert (by_id["shelf.jpg"].width, by_id["shelf.jpg"].height) == (64, 48)
    assert [b.product_id for b in by_id["shelf.jpg"].boxes] == ["mug-red", ""]  # a box of an unknown product
    assert by_id["room.png"].boxes == ()  # no boxes: in-situ search proposes regions for it
    rejected = {r["path"].rsplit("/", 1)[-1]: r["reason"] for r in scenes.rejects}
    assert set(rejected) == {"broken.jpg", "gone.jpg"} and "no such image" in rejected["gone.jpg"]
    assert [s.scene_id for s in scenes.with_boxes()] == ["shelf.jpg"]


@pytest.mark.parametrize(
    ("csv", "says"),
    [
        ("image,x0,y0,x1\na.jpg,1,2,3\n", "missing column"),
        ("image,x0,y0,x1,y1\na.jpg,1,2,3,four\n", "boxes.csv:2"),
        ("image,x0,y0,x1,y1\na.jpg,5,5,5,9\n", "empty"),
        ("image,x0,y0,x1,y1\na.jpg,1,2\n", "boxes.csv:2"),  # a short row
        ("image,x0,y0,x1,y1\n,1,2,3,4\n", "no image named"),
    ],
)
def test_a_bad_boxes_csv_is_refused_with_its_line(tmp_path, csv, says):
    (tmp_path / "boxes.csv").write_text(csv)
    with pytest.raises(CatalogError, match=says):
        load_scenes(tmp_path)


def test_a_damaged_scene_list_names_the_file_and_the_fix(tmp_path):
    (tmp_path / "scenes.json").write_text(json.dumps({"scenes": [{"scene_id": "x"}]}))
    with pytest.raises(CatalogError, match="scenes.json.*re-make it"):
        load_scenes(tmp_path)
    with pytest.raises(CatalogError, match="no such folder"):
        load_scenes(tmp_path / "nowhere")
    escaping = {"scene_id": "x", "path": "../../etc/secret.jpg", "width": 9, "height": 9, "boxes": []}
    (tmp_path / "scenes.json").write_text(json.dumps({"scenes": [escaping]}))
    with pytest.raises(CatalogError, match="outside its folder"):
        load_scenes(tmp_path)


def test_iou():
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(50 / 150)
    assert iou((0, 0, 10, 10), (10, 10, 20, 20)) == 0.0
