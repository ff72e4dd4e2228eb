"""Where an object can stand in a background image, and how many pixels a metre is there.

A background's geometry is a list of 2D support regions in image space:

- areas (floor, table, pavement, road, bin tops, or the whole frame of a photo):
  the pixels in `region_map` that carry the region's label;
- lines (shelf edges): a segment objects stand on.

Each region may carry a scale: pixels per metre = a*x + b*y + c at image point
(x, y), exact for a planar surface seen by a pinhole camera. Photos have no
scale (`ppm is None`): sizes then come from frame fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

AREA, LINE = "area", "line"
#: Kinds of support, for choosing where each layout puts things.
STANDING = ("floor", "table", "pavement", "shelf", "bin", "frame")


@dataclass
class Region:
    kind: str  # floor, table, pavement, road, bin, shelf, frame
    shape: str  # "area" or "line"
    points: np.ndarray  # (N, 2) pixels: the outline of an area, the two ends of a line
    ppm: tuple[float, float, float] | None = None  # pixels per metre = a*x + b*y + c; None = unknown
    label: int = 0  # value of this area's pixels in Geometry.region_map

    def ppm_at(self, x: float, y: float) -> float | None:
        if self.ppm is None:
            return None
        a, b, c = self.ppm
        return a * x + b * y + c

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "shape": self.shape,
            "points": np.round(self.points, 2).tolist(),
            "ppm": list(self.ppm) if self.ppm is not None else None,
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Region:
        ppm = tuple(d["ppm"]) if d.get("ppm") is not None else None
        return cls(
            d["kind"], d["shape"], np.asarray(d["points"], np.float64).reshape(-1, 2), ppm, int(d.get("label", 0))
        )


@dataclass
class Geometry:
    width: int
    height: int
    regions: list[Region]
    region_map: np.ndarray | None = None  # uint8 (H, W) area labels; None = rasterise the outlines
    _pixels: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def frame(cls, width: int, height: int) -> Geometry:
        """A photo's geometry: the whole image is one area of unknown scale."""
        pts = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
        return cls(width, height, [Region("frame", AREA, pts, None, 1)])

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "regions": [r.to_dict() for r in self.regions]}

    @classmethod
    def from_dict(cls, d: dict[str, Any], region_map: np.ndarray | None = None) -> Geometry:
        return cls(int(d["width"]), int(d["height"]), [Region.from_dict(r) for r in d["regions"]], region_map)

    def labels(self) -> np.ndarray:
        if self.region_map is None:
            self.region_map = np.zeros((self.height, self.width), np.uint8)
            for r in self.regions:
                if r.shape == AREA:
                    cv2.fillPoly(self.region_map, [np.round(r.points).astype(np.int32)], int(r.label))
        return self.region_map

    def area_pixels(self, region: Region) -> np.ndarray:
        """(N, 2) int32 x, y of the region's pixels (cached)."""
        if region.label not in self._pixels:
            ys, xs = np.nonzero(self.labels() == region.label)
            self._pixels[region.label] = np.stack([xs, ys], axis=1).astype(np.int32)
        return self._pixels[region.label]

    def contains(self, region: Region, x: float, y: float) -> bool:
        if region.shape != AREA:
            return False
        xi, yi = int(np.floor(x)), int(np.floor(y))
        return 0 <= xi < self.width and 0 <= yi < self.height and self.labels()[yi, xi] == region.label

    def sample_point(
        self, region: Region, rng: np.random.Generator, window: tuple[float, float, float] | None = None
    ) -> np.ndarray | None:
        """A random point of the region (inside `window` = (x0, y0, side) when given), or None if there is none."""
        if region.shape == LINE:
            return _sample_on_line(region.points, rng, window)
        pix = self.area_pixels(region)
        if len(pix) == 0:
            return None
        idx = rng.integers(0, len(pix), 32)  # rejection first: cheap when the window covers much of the region
        cand = pix[idx] + rng.random((32, 2))
        ok = _in_window(cand, window)
        if ok.any():
            return cand[int(np.argmax(ok))]
        inside = pix[_in_window(pix + 0.5, window)]
        if len(inside) == 0:
            return None
        return inside[int(rng.integers(len(inside)))] + rng.random(2)


def _in_window(pts: np.ndarray, window) -> np.ndarray:
    if window is None:
        return np.ones(len(pts), bool)
    x0, y0, side = window
    return (pts[:, 0] >= x0) & (pts[:, 0] < x0 + side) & (pts[:, 1] >= y0) & (pts[:, 1] < y0 + side)


def clip_segment(p0: np.ndarray, p1: np.ndarray, window) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment p0-p1 inside the window (Liang-Barsky), or None."""
    if window is None:
        return p0, p1
    x0, y0, side = window
    d = p1 - p0
    t0, t1 = 0.0, 1.0
    for p, q in ((-d[0], p0[0] - x0), (d[0], x0 + side - p0[0]), (-d[1], p0[1] - y0), (d[1], y0 + side - p0[1])):
        if abs(p) < 1e-12:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t0 >= t1:
        return None
    return p0 + t0 * d, p0 + t1 * d


def _sample_on_line(points: np.ndarray, rng: np.random.Generator, window) -> np.ndarray | None:
    seg = clip_segment(points[0], points[-1], window)
    if seg is None:
        return None
    return seg[0] + rng.random() * (seg[1] - seg[0])
