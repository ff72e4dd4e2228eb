"""Class-agnostic region proposals for photos without boxes: multi-scale sliding windows ranked by a training-free
objectness, thinned by non-maximum suppression. The objectness adds two classic cues: colour contrast with the
surround (Alexe et al., "What is an object?") and edges inside the window that its border does not cut (Zitnick
and Dollar's Edge Boxes, in a small form). No weights, no download; `proposal_recall` measures them against known
boxes (docs/scenes.md has the figures and how the settings were chosen)."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from pydantic import Field

from wildcat.core.config import Config
from wildcat.core.scenes import Scene, iou


class ProposalConfig(Config):
    scales: tuple[float, ...] = Field(
        (0.25, 0.32, 0.4, 0.5, 0.62, 0.78, 1.0), description="window sides over the photo's shorter side (ratios)"
    )
    aspects: tuple[float, ...] = Field((1.0, 0.75, 1.33), description="window width over height (ratios)")
    stride: float = Field(0.25, gt=0, le=1, description="step between windows over the window's side (ratio)")
    max_regions: int = Field(40, ge=1, description="regions kept per photo, best objectness first (count)")
    nms_iou: float = Field(0.6, gt=0, le=1, description="a window overlapping a better one this much is dropped")


def sliding_windows(width: int, height: int, cfg: ProposalConfig) -> np.ndarray:
    """[n, 4] float boxes (x0, y0, x1, y1) at every scale and aspect, `stride` apart, inside the photo."""
    short = min(width, height)
    boxes = []
    for scale in cfg.scales:
        for aspect in cfg.aspects:
            w = min(width, short * scale * np.sqrt(aspect))
            h = min(height, short * scale / np.sqrt(aspect))
            xs = _starts(width, w, cfg.stride)
            ys = _starts(height, h, cfg.stride)
            boxes += [(x, y, x + w, y + h) for y in ys for x in xs]
    return np.unique(np.round(np.asarray(boxes, dtype=np.float64), 1), axis=0)


def _starts(total: float, side: float, stride: float) -> np.ndarray:
    """Window starts from 0 to total - side, evenly spaced about stride * side apart (both ends included)."""
    room = total - side
    n = int(np.ceil(room / max(stride * side, 1.0))) + 1 if room > 0.5 else 1
    return np.linspace(0.0, max(room, 0.0), n)


def objectness(image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per box: how unlike its surround its colour is (mean CIELAB inside against a ring 20% wider, /100), plus
    the edge density inside, minus the edge density on a band across its border (edges an object's box cuts
    through). All from integral images: a constant cost per box."""
    h, w = image.shape[:2]
    rgb = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    edges = cv2.Canny(cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (3, 3), 0), 60, 140) > 0
    edge_sums = cv2.integral(edges.astype(np.float64))
    band_out, band_in = _grow(boxes, BAND, w, h), _shrink(boxes, BAND)
    band = _ring_mean(edge_sums, band_out, band_in)
    inside = _sum(edge_sums, boxes) / np.maximum(_area(boxes), 1)
    return _contrast(cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float64), boxes) + inside - band


#: the border band is this share of the box's side on each side of the border; the colour ring this much wider
BAND, RING = 0.04, 0.2


def _contrast(lab: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    h, w = lab.shape[:2]
    outer = _grow(boxes, RING, w, h)
    squared = np.zeros(len(boxes))
    for c in range(3):
        sums = cv2.integral(lab[..., c])
        squared += (_sum(sums, boxes) / np.maximum(_area(boxes), 1) - _ring_mean(sums, outer, boxes)) ** 2
    contrast = np.sqrt(squared) / 100
    contrast[_area(outer) - _area(boxes) < 0.05 * _area(boxes)] = 0  # no surround to differ from: the frame's edge
    return contrast


def _ring_mean(integral: np.ndarray, outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    return (_sum(integral, outer) - _sum(integral, inner)) / np.maximum(_area(outer) - _area(inner), 1)


def _grow(boxes: np.ndarray, frac: float, width: int, height: int) -> np.ndarray:
    grown = _shrink(boxes, -frac)
    grown[:, [0, 2]] = grown[:, [0, 2]].clip(0, width)
    grown[:, [1, 3]] = grown[:, [1, 3]].clip(0, height)
    return grown


def _shrink(boxes: np.ndarray, frac: float) -> np.ndarray:
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    return np.stack([boxes[:, 0] + frac * w, boxes[:, 1] + frac * h, boxes[:, 2] - frac * w, boxes[:, 3] - frac * h], 1)


def _area(boxes: np.ndarray) -> np.ndarray:
    return np.maximum(boxes[:, 2] - boxes[:, 0], 0) * np.maximum(boxes[:, 3] - boxes[:, 1], 0)


def _sum(integral: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = (np.round(boxes[:, i]).astype(int) for i in range(4))
    return integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]


def nms(boxes: np.ndarray, scores: np.ndarray, threshold: float, keep: int) -> list[int]:
    """Indices of the best-scoring boxes, none overlapping a kept one by more than `threshold` IoU."""
    kept: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if all(iou(boxes[i], boxes[j]) <= threshold for j in kept):
            kept.append(int(i))
            if len(kept) == keep:
                break
    return kept


def propose(image: np.ndarray, cfg: ProposalConfig | None = None) -> np.ndarray:
    """Up to `max_regions` boxes [n, 4] for an RGB photo, the whole photo first."""
    cfg = cfg or ProposalConfig()
    h, w = image.shape[:2]
    boxes = np.unique(np.vstack([[[0.0, 0.0, w, h]], sliding_windows(w, h, cfg)]), axis=0)
    scores = objectness(image, boxes)
    scores[np.all(boxes == [0, 0, w, h], axis=1)] = (
        np.inf
    )  # the photo itself always stays: a photo of one product is its own best region
    return boxes[nms(boxes, scores, cfg.nms_iou, cfg.max_regions)]


def proposal_recall(
    scenes: Sequence[Scene], proposals: Sequence[np.ndarray], thresholds: Sequence[float] = (0.5, 0.7)
) -> dict[str, float]:
    """Share of the known boxes that some proposal of their scene overlaps by at least each IoU threshold; and,
    what in-situ search needs, the share of (scene, product) pairs with at least one box so found."""
    best, by_pair = [], {}
    for i, (scene, props) in enumerate(zip(scenes, proposals, strict=True)):
        for b in scene.boxes:
            best.append(max((iou(b.box, p) for p in props), default=0.0))
            by_pair[(i, b.product_id)] = max(by_pair.get((i, b.product_id), 0.0), best[-1])
    out: dict[str, float] = {"known_boxes": len(best)}
    for t in thresholds:
        out[f"recall@iou{t:g}"] = float(np.mean([v >= t for v in best])) if best else float("nan")
        out[f"product_recall@iou{t:g}"] = float(np.mean([v >= t for v in by_pair.values()])) if best else float("nan")
    out["per_scene"] = float(np.mean([len(p) for p in proposals])) if proposals else 0.0
    return out
