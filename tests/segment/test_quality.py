import numpy as np
import pytest

from wildcat.segment.config import QualityConfig
from wildcat.segment.quality import (
    BORDER,
    DISAGREE,
    EMPTY,
    FRAGMENTED,
    FULL,
    LOW_SCORE,
    assess,
    border_touch,
    count_components,
    edge_width,
    iou,
    mae,
)

CFG = QualityConfig()


def _box(h=40, w=40, y0=10, y1=30, x0=10, x1=30):
    a = np.zeros((h, w), np.float32)
    a[y0:y1, x0:x1] = 1
    return a


def test_measurements_on_hand_built_alphas():
    a = _box()
    assert border_touch(a) == (0.0, False)
    cut = _box(x0=0)  # touches the left edge on rows 10..29
    assert border_touch(cut) == (pytest.approx(0.5), False)
    assert border_touch(_box(y0=0, y1=40)) == (pytest.approx(0.5), True)  # top to bottom: tightly framed
    two = a.copy()
    two[33:37, 33:37] = 1
    assert count_components(a) == 1 and count_components(two) == 2
    assert count_components(np.zeros((8, 8))) == 0
    soft = a.copy()
    soft[9, 10:30] = soft[30, 10:30] = soft[10:30, 9] = soft[10:30, 30] = 0.5
    assert edge_width(a) == 0.0 and edge_width(soft) > 0.04


def test_iou_and_mae_match_brute_force():
    rng = np.random.default_rng(3)
    a, b = rng.random((16, 16)), rng.random((16, 16))
    inter = sum(1 for y in range(16) for x in range(16) if a[y, x] > 0.5 and b[y, x] > 0.5)
    union = sum(1 for y in range(16) for x in range(16) if a[y, x] > 0.5 or b[y, x] > 0.5)
    assert iou(a, b) == pytest.approx(inter / union)
    assert mae(a, b) == pytest.approx(np.mean([abs(a[y, x] - b[y, x]) for y in range(16) for x in range(16)]), rel=1e-6)
    assert iou(np.zeros((4, 4)), np.zeros((4, 4))) == 1.0


def test_good_cutout_passes_with_a_high_score():
    q = assess(_box(), CFG)
    assert q.ok and q.score > 0.9 and set(q.parts) == {"area", "border", "components", "edge"}


@pytest.mark.parametrize(
    "alpha,reason",
    [
        (np.zeros((40, 40), np.float32), EMPTY),
        (np.ones((40, 40), np.float32), FULL),
        (_box(y0=0, y1=40, x0=0, x1=24), BORDER),  # runs off three sides
        (_box(y0=5, y1=35, x0=0, x1=20), BORDER),  # runs off one side
    ],
)
def test_hard_rules(alpha, reason):
    assert assess(alpha, CFG).reason == reason


def test_tightly_framed_package_is_kept_with_a_lower_score():
    q = assess(_box(y0=0, y1=40, x0=12, x1=28), CFG)
    assert q.ok and q.framed and 0.5 < q.parts["border"] < 0.95


def test_many_pieces_are_fragmented():
    a = np.zeros((64, 64), np.float32)
    for i in range(4, 60, 8):
        for j in range(4, 60, 8):
            a[i : i + 3, j : j + 3] = 1
    q = assess(a, CFG)
    assert q.components == 49 and q.reason == FRAGMENTED


def test_agreement_between_backends():
    a = _box()
    assert assess(a, CFG, other=a).agreement == 1.0
    q = assess(a, CFG, other=_box(x0=25, x1=38))
    assert q.agreement < 0.3 and q.reason == DISAGREE


def test_min_score_threshold_names_the_weakest_part():
    blurry = _box().copy()
    blurry[5:35, 5:35] = np.maximum(blurry[5:35, 5:35], 0.5)  # a wide half-transparent band
    q = assess(blurry, CFG.model_copy(update={"min_score": 0.99}))
    assert q.reason == LOW_SCORE and "weakest: edge" in q.detail
