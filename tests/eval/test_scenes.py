import numpy as np
import pytest

from wildcat.core.catalog import catalog_samples, load_catalog
from wildcat.core.imageio import load_array
from wildcat.core.scenes import Scene, SceneBox, SceneSet
from wildcat.eval.baselines import ColorHistogramEmbedder
from wildcat.eval.region_search import parse_box, search_photo
from wildcat.eval.regions import ProposalConfig
from wildcat.eval.scenes import (
    RegionIndex,
    embed_regions,
    evaluate_scenes,
    in_situ_metrics,
    product_vectors,
    search_rows,
    style_neighbours,
)
from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes

from tests.scene_data import SHOP, make_photos, make_shop


@pytest.fixture
def shop_and_scenes(tmp_path):
    gallery = catalog_samples(load_catalog(make_shop(tmp_path)))
    scenes = make_mosaic_scenes(make_photos(tmp_path), tmp_path / "scenes", MosaicConfig(size=256), progress=False)
    return gallery, scenes


def test_region_and_in_situ_search_find_every_product_where_colours_tell_them_apart(shop_and_scenes):
    gallery, scenes = shop_and_scenes
    report = evaluate_scenes(
        ColorHistogramEmbedder(), gallery, scenes, proposals=ProposalConfig(max_regions=20), progress=False,
        n_resamples=50,
    )  # fmt: skip
    assert report["known_boxes"] == sum(len(s.boxes) for s in scenes.scenes)
    assert report["region_search"]["n"] == report["known_boxes"]
    assert report["region_search"]["recall@1"]["value"] == 1.0  # each box's product ranks first
    known = report["in_situ"]["known_boxes"]
    assert known["products"] == len(SHOP) and known["map"]["value"] == 1.0  # each product's scenes come first
    # without the boxes, the proposed regions still find most of every product's scenes
    assert report["in_situ"]["proposals"]["map"]["value"] > 0.8
    assert report["proposals"]["per_scene"] <= 20 and report["proposals"]["recall@iou0.5"] > 0.5


def test_in_situ_metrics_on_a_ranking_with_a_known_answer():
    # three scenes; product a is in scenes 0 and 2; its vector matches scene 2 best, then scene 1, then scene 0
    rows = [
        Scene("s0", "0.jpg", 10, 10, (SceneBox((0, 0, 5, 5), "a"),)),
        Scene("s1", "1.jpg", 10, 10, (SceneBox((0, 0, 5, 5), "b"),)),
        Scene("s2", "2.jpg", 10, 10, (SceneBox((0, 0, 5, 5), "a"),)),
    ]
    scenes = SceneSet(None, rows)

    class Emb:
        vectors = np.array([[0.2, 0.98], [0.6, 0.8], [1.0, 0.0]], np.float32)
        samples = [_region(i) for i in range(3)]

    m = in_situ_metrics({"a": np.array([1.0, 0.0], np.float32)}, RegionIndex(Emb, 3), scenes, ks=(1, 2))
    assert m["products"] == 1
    assert m["map"]["value"] == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert m["recall@1"]["value"] == 1.0 and m["recall@2"]["value"] == 0.5


def _region(i: int):
    from wildcat.core.manifest import Sample

    return Sample(
        sample_id=f"r{i}", path=f"{i}.jpg", product_id="", domain="wild", generator="scene-region",
        lineage={"scene": i, "box": [0, 0, 5, 5]},
    )  # fmt: skip


def test_in_situ_search_over_photos_without_boxes_outlines_the_product(shop_and_scenes):
    gallery, scenes = shop_and_scenes
    unboxed = SceneSet(scenes.root, [Scene(s.scene_id, s.path, s.width, s.height) for s in scenes.scenes])
    embedder = ColorHistogramEmbedder()
    vectors = product_vectors(embedder, gallery)
    regions = embed_regions(embedder, search_rows(unboxed, ProposalConfig(max_regions=20)), len(unboxed.scenes))
    for pid in SHOP:
        shown = {i for i, s in enumerate(scenes.scenes) if pid in s.products()}
        hits = regions.search(vectors[pid], k=len(shown))
        assert {h.scene for h in hits} == shown
        truth = [b.box for b in scenes.scenes[hits[0].scene].boxes if b.product_id == pid][0]
        assert _inside(hits[0].box, truth) > 0.6  # the region found lies on the product, not on its neighbours


def _inside(region, box) -> float:
    """The share of `region` that lies in `box`."""
    w = max(0.0, min(region[2], box[2]) - max(region[0], box[0]))
    h = max(0.0, min(region[3], box[3]) - max(region[1], box[1]))
    return w * h / ((region[2] - region[0]) * (region[3] - region[1]))


def test_search_from_a_box_and_from_proposed_regions(shop_and_scenes, tmp_path):
    from wildcat.eval.embedder import embed_samples
    from wildcat.eval.index import IndexSpec
    from wildcat.eval.product_index import ProductIndex

    gallery, scenes = shop_and_scenes
    embedder = ColorHistogramEmbedder()
    gal = embed_samples(embedder, gallery, progress=False)
    index = ProductIndex.build(gal.vectors, gal.samples, IndexSpec(kind="flat"), np.random.default_rng(0))
    scene = max(scenes.scenes, key=lambda s: len(s.boxes))
    image = load_array(scenes.file(scene), mode="RGB")
    for b in scene.boxes:
        [found] = search_photo(embedder, index, image, k=1, box=b.box)
        assert found.hits[0].product_id == b.product_id and found.box == b.box
    listed = search_photo(embedder, index, image, k=1, regions=len(scene.boxes))
    assert {r.hits[0].product_id for r in listed} == scene.products()  # one region per product shown
    with pytest.raises(Exception, match="outside"):
        search_photo(embedder, index, image, box=(900, 900, 990, 990))
    assert parse_box("1,2,3.5,4") == (1, 2, 3.5, 4)
    with pytest.raises(Exception, match="x0,y0,x1,y1"):
        parse_box("1,2,3")


def test_style_search_leaves_out_the_products_own_category():
    vectors = {
        "mug-red": np.array([1.0, 0.0]),
        "mug-pink": np.array([0.99, 0.14]),
        "lamp-red": np.array([0.95, 0.31]),
        "lamp-blue": np.array([0.0, 1.0]),
    }
    categories = {"mug-red": "mugs", "mug-pink": "mugs", "lamp-red": "lamps", "lamp-blue": "lamps"}
    found = style_neighbours(vectors, categories, "mug-red", k=5)
    assert [p for p, _ in found] == ["lamp-red", "lamp-blue"]  # the pink mug is nearer, but a mug
    assert found[0][1] == pytest.approx(0.95)
    with pytest.raises(KeyError):
        style_neighbours(vectors, categories, "sofa", k=1)


def test_scenes_without_catalog_products_stay_in_the_in_situ_ranking_as_distractors(shop_and_scenes):
    gallery, scenes = shop_and_scenes
    first = scenes.scenes[0]
    unknown = Scene("copy", first.path, first.width, first.height, tuple(SceneBox(b.box, "") for b in first.boxes))
    with_copy = SceneSet(scenes.root, [*scenes.scenes, unknown])
    report = evaluate_scenes(ColorHistogramEmbedder(), gallery, with_copy, proposals=None, progress=False,
                             n_resamples=50)  # fmt: skip
    assert report["scenes"] == len(scenes.scenes) + 1
    assert report["known_boxes"] == sum(len(s.boxes) for s in scenes.scenes)  # unknown products are no queries
    assert report["in_situ"]["known_boxes"]["map"]["value"] < 1.0  # the unlabelled copy now ranks beside them


def test_each_image_and_region_is_embedded_once_even_without_a_cache(shop_and_scenes):
    gallery, scenes = shop_and_scenes

    class Counting(ColorHistogramEmbedder):
        seen = 0

        def embed_images(self, images):
            Counting.seen += len(images)
            return super().embed_images(images)

    report = evaluate_scenes(Counting(), gallery, scenes, proposals=ProposalConfig(max_regions=5), progress=False,
                             n_resamples=20)  # fmt: skip
    proposals = round(report["proposals"]["per_scene"] * len(scenes.scenes))
    assert Counting.seen == len(gallery) + report["known_boxes"] + proposals
