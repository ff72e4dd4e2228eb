import numpy as np

from wildcat.core.scenes import Scene, SceneBox, iou
from wildcat.eval.regions import ProposalConfig, nms, proposal_recall, propose, sliding_windows


def _photo_with_object(box=(150, 60, 250, 200), size=(320, 240)) -> np.ndarray:
    rng = np.random.default_rng(0)
    w, h = size
    image = np.clip(rng.normal(128, 3, (h, w, 3)), 0, 255).astype(np.uint8)  # a plain wall
    x0, y0, x1, y1 = box
    image[y0:y1, x0:x1] = (200, 40, 30)
    image[y0 + 20 : y1 - 20 : 10, x0 + 10 : x1 - 10] = (250, 240, 230)  # a printed label: edges inside
    return image


def test_windows_cover_the_photo_at_every_scale_and_stay_inside():
    cfg = ProposalConfig()
    boxes = sliding_windows(320, 240, cfg)
    assert boxes[:, 0].min() == 0 and boxes[:, 1].min() == 0
    assert boxes[:, 2].max() <= 320 and boxes[:, 3].max() <= 240
    sides = np.sqrt((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])) / 240
    assert sides.min() < 0.3 and sides.max() > 0.9


def test_the_object_is_among_the_first_proposals_and_the_photo_itself_is_kept():
    obj = (150, 60, 250, 200)
    boxes = propose(_photo_with_object(obj), ProposalConfig(max_regions=10))
    assert len(boxes) == 10
    assert any(np.allclose(b, [0, 0, 320, 240]) for b in boxes)
    assert max(iou(b, obj) for b in boxes) >= 0.6
    # on a blank photo nothing stands out, so the same number of regions comes back in a fixed order
    blank = np.full((240, 320, 3), 128, np.uint8)
    assert np.array_equal(propose(blank), propose(blank))


def test_nms_drops_overlapping_boxes_and_keeps_the_best():
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30]], float)
    assert nms(boxes, np.array([0.5, 0.9, 0.1]), threshold=0.5, keep=5) == [1, 2]
    assert nms(boxes, np.array([0.5, 0.9, 0.1]), threshold=0.5, keep=1) == [1]


def test_proposal_recall_counts_boxes_and_scene_products():
    scene = Scene("s", "s.jpg", 100, 100, (SceneBox((0, 0, 50, 50), "a"), SceneBox((50, 50, 100, 100), "a")))
    found = proposal_recall([scene], [np.array([[0, 0, 50, 50]], float)])
    assert found["recall@iou0.5"] == 0.5  # one of the two boxes is found ...
    assert found["product_recall@iou0.5"] == 1.0  # ... which is enough to find product a in the scene
    assert found["known_boxes"] == 2 and found["per_scene"] == 1
