"""How good a cutout is: measurements of its alpha, a score in [0, 1], and the
reason when it is not usable.

Each measurement becomes a component score in [0, 1]; the cutout's score is
their product, so the weakest one dominates. A hard rule broken (nothing
found, object cut off by the border, ...) rejects the cutout whatever the rest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import cv2
import numpy as np

from wildcat.segment.config import QualityConfig

EMPTY = "no object found: the image is empty or all background"
FULL = "the object fills the whole image: the background was not separated"
BORDER = "the object is cut off by the image border"
FRAGMENTED = "the cutout falls apart into many pieces"
DISAGREE = "the two backends disagree on the object"
LOW_SCORE = "the cutout's quality score is below the threshold"
TOO_SMALL = "the image is too small for a cutout"
NO_ALPHA = "the image has no alpha channel"

FIXES = {
    EMPTY: "check the image shows the product; for an RGBA image, check its alpha channel is not blank",
    FULL: "use --backend rembg for images without a plain light background, or crop the image less tightly",
    BORDER: "use an image with a margin around the product, or raise quality.max_border_touch",
    FRAGMENTED: "use --backend rembg for busy backgrounds, or raise quality.max_components",
    DISAGREE: "look at both cutouts; lower quality.min_agreement if the second backend is the weaker one",
    LOW_SCORE: "look at the cutout; lower --min-score to accept it",
    TOO_SMALL: "use a larger catalog image, or lower min_side",
    NO_ALPHA: "use --backend auto or whitebg for images without transparency",
}


@dataclass
class Quality:
    area: float  # foreground fraction of the image (0-1)
    border_touch: float  # largest share of one image side under the object (0-1)
    framed: bool  # the object touches exactly two opposite sides: a tight crop, not a cut-off object
    components: int  # object pieces of at least 1% of the object's area
    edge_width: float  # mean soft-edge width / sqrt(object area)
    agreement: float | None = None  # IoU with a second backend, when one ran
    parts: dict[str, float] = field(default_factory=dict)  # component scores in [0, 1]
    score: float = 0.0
    reason: str | None = None  # None = usable
    detail: str = ""  # the numbers behind the reason

    @property
    def ok(self) -> bool:
        return self.reason is None

    def to_dict(self) -> dict:
        d = asdict(self)
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items()} | {
            "parts": {k: round(v, 4) for k, v in self.parts.items()}
        }


def assess(alpha: np.ndarray, cfg: QualityConfig, other: np.ndarray | None = None) -> Quality:
    """Measure `alpha` (HxW in [0, 1]), score it and decide whether it is usable."""
    touch, framed = border_touch(alpha)
    q = Quality(
        area=float(alpha.mean()),
        border_touch=touch,
        framed=framed,
        components=count_components(alpha),
        edge_width=edge_width(alpha),
        agreement=iou(alpha, other) if other is not None else None,
    )
    q.parts = {
        "area": _area_part(q.area, cfg),
        "border": max(0.0, 1.0 - 0.5 * (q.border_touch / _touch_limit(q, cfg)) ** 2),
        "components": 1.0 if q.components <= 4 else max(0.0, 1.0 - (q.components - 4) / max(1, cfg.max_components - 3)),
        "edge": float(np.clip(1.0 - q.edge_width / cfg.max_edge_width, 0.0, 1.0)),
    }
    if q.agreement is not None:
        q.parts["agreement"] = q.agreement
    q.score = float(np.prod(list(q.parts.values())))
    q.reason, q.detail = _verdict(q, cfg)
    return q


def rejected(reason: str, detail: str = "") -> Quality:
    """A Quality for an input rejected before any cutout was made."""
    return Quality(0.0, 0.0, False, 0, 0.0, score=0.0, reason=reason, detail=detail)


def _verdict(q: Quality, cfg: QualityConfig) -> tuple[str | None, str]:
    if q.area < cfg.min_area:
        return EMPTY, f"foreground is {q.area:.2%} of the image (min {cfg.min_area:.2%})"
    if q.area > cfg.max_area:
        return FULL, f"foreground is {q.area:.1%} of the image (max {cfg.max_area:.0%})"
    if q.border_touch > _touch_limit(q, cfg):
        return BORDER, f"the object covers {q.border_touch:.0%} of an image side (max {_touch_limit(q, cfg):.0%})"
    if q.components > cfg.max_components:
        return FRAGMENTED, f"{q.components} pieces (max {cfg.max_components})"
    if q.agreement is not None and q.agreement < cfg.min_agreement:
        return DISAGREE, f"IoU {q.agreement:.2f} (min {cfg.min_agreement:.2f})"
    if q.score < cfg.min_score:
        weakest = min(q.parts, key=q.parts.get)
        return LOW_SCORE, f"score {q.score:.2f} < {cfg.min_score:.2f} (weakest: {weakest} {q.parts[weakest]:.2f})"
    return None, ""


def _touch_limit(q: Quality, cfg: QualityConfig) -> float:
    return cfg.max_framed_touch if q.framed else cfg.max_border_touch


def _area_part(area: float, cfg: QualityConfig) -> float:
    small = np.clip((area - cfg.min_area) / (3 * cfg.min_area), 0.0, 1.0)
    large = np.clip((cfg.max_area - area) / 0.12, 0.0, 1.0)
    return float(min(small, large))


def border_touch(alpha: np.ndarray) -> tuple[float, bool]:
    """The largest share of one image side covered by object (alpha > 0.5), and whether the
    object is only framed tightly: it touches two opposite sides and no other."""
    sides = np.array(
        [(alpha[0] > 0.5).mean(), (alpha[-1] > 0.5).mean(), (alpha[:, 0] > 0.5).mean(), (alpha[:, -1] > 0.5).mean()]
    )
    touched = sides > 0.02  # a few pixels of fringe are not a touch
    framed = bool(touched.sum() == 2 and (touched[:2].all() or touched[2:].all()))
    return float(sides.max()), framed


def count_components(alpha: np.ndarray, min_share: float = 0.01) -> int:
    """Pieces of the object (alpha > 0.5) holding at least `min_share` of its area."""
    mask = (alpha > 0.5).astype(np.uint8)
    total = int(mask.sum())
    if total == 0:
        return 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    return int((areas >= max(4, min_share * total)).sum())


def edge_width(alpha: np.ndarray) -> float:
    """Mean width of the soft edge (partly transparent pixels per outline pixel), relative to sqrt(object area).

    A crisp matte gives about 0.01; a model unsure where the object ends
    gives a wide blurry band.
    """
    mask = alpha > 0.5
    area = int(mask.sum())
    if area == 0:
        return 0.0
    inner = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    outline = max(1, int(mask.sum() - inner.sum()))
    partial = int(((alpha > 0.05) & (alpha < 0.95)).sum())
    return float(partial / outline / np.sqrt(area))


def iou(a: np.ndarray, b: np.ndarray, threshold: float = 0.5) -> float:
    """Intersection over union of two alphas thresholded at `threshold` (1.0 when both are empty)."""
    ma, mb = a > threshold, b > threshold
    union = int((ma | mb).sum())
    return 1.0 if union == 0 else float((ma & mb).sum() / union)


def mae(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two alphas."""
    return float(np.abs(a.astype(np.float32) - b.astype(np.float32)).mean())
