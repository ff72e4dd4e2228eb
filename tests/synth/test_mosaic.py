import numpy as np
from PIL import Image

from wildcat.core.imageio import load_array
from wildcat.core.scenes import load_scenes
from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes

from tests.scene_data import SHOP, make_photos


def test_mosaics_show_different_products_in_their_boxes_and_use_each_photo_once(tmp_path):
    photos = make_photos(tmp_path, per_product=4)
    scenes = make_mosaic_scenes(photos, tmp_path / "scenes", MosaicConfig(size=256), seed=1, progress=False)
    assert len(scenes.scenes) >= 5
    used = [t["sample_id"] for s in scenes.scenes for t in s.lineage["tiles"]]
    assert len(used) == len(set(used)) and len(used) >= len(photos) - 3  # at most the last, unpairable ones left
    for scene in scenes.scenes:
        products = [b.product_id for b in scene.boxes]
        assert 2 <= len(products) <= 4 and len(set(products)) == len(products)
        image = load_array(scenes.file(scene), mode="RGB")
        assert image.shape == (256, 256, 3)
        for b in scene.boxes:  # the middle of each box is its product's colour
            x, y = int((b.box[0] + b.box[2]) / 2), int((b.box[1] + b.box[3]) / 2)
            assert np.abs(image[y, x].astype(int) - SHOP[b.product_id][1]).max() < 40
            assert 0 <= b.box[0] < b.box[2] <= 256 and 0 <= b.box[1] < b.box[3] <= 256
    # the set reads back unchanged, and a rerun with the same inputs keeps it (same bytes, no rewrite)
    again = make_mosaic_scenes(photos, tmp_path / "scenes", MosaicConfig(size=256), seed=1, progress=False)
    assert again.scenes == load_scenes(tmp_path / "scenes").scenes == scenes.scenes


def test_a_photo_with_a_mask_gives_its_mask_box_and_a_bad_photo_is_recorded(tmp_path):
    photos = make_photos(tmp_path, per_product=1)
    mask = np.zeros((96, 96), np.uint8)
    mask[10:30, 40:90] = 255
    (tmp_path / "photos" / "masks").mkdir()
    Image.fromarray(mask).save(tmp_path / "photos" / "masks" / "m.png")
    photos = [p.model_copy(update={"lineage": {"mask": "masks/m.png"}}) for p in photos]
    (tmp_path / "photos" / "mug-blue-0.png").write_bytes(b"broken")
    scenes = make_mosaic_scenes(photos, tmp_path / "s", MosaicConfig(size=192, per_scene=(4, 4)), progress=False)
    assert [r["path"].rsplit("/", 1)[-1] for r in scenes.rejects] == ["mug-blue-0.png"]
    scene = scenes.scenes[0]
    box, tile = scene.boxes[0].box, scene.lineage["tiles"][0]["at"]
    fx, fy = tile[2] / 96, tile[3] / 96
    assert np.allclose(box, (tile[0] + 40 * fx, tile[1] + 10 * fy, tile[0] + 90 * fx, tile[1] + 30 * fy))


def test_a_mosaic_config_out_of_range_is_refused_by_name():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="per_scene"):
        MosaicConfig(per_scene=(2, 5))
    with pytest.raises(ValidationError, match="scale"):
        MosaicConfig(scale=(0.9, 0.5))
