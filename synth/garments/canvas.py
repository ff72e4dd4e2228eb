"""Supersampled mask layers that shapes are drawn onto in normalised units.

Each named part (body, border, trim, detail, shade, cut) is a uint8 mask at
`ss` times the output size; `downsample` turns coverage into soft alpha, so
edges are anti-aliased and thin lines survive small outputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

#: Cloth parts (coloured differently) and helpers: shade darkens, cut removes.
CLOTH = ("under", "body", "pallu", "border", "trim", "detail")
PARTS = (*CLOTH, "shade", "cut")
MAX_SUPER = 1024  # largest supersampled side (pixels)


def supersample(size: int) -> int:
    return max(1, min(4, MAX_SUPER // max(size, 1)))


class Layers:
    """Masks for each part; coordinates are normalised (0..1) and mapped through
    `scale` and `offset` (normalised) so a garment can be drawn smaller, e.g. on a figure."""

    def __init__(self, size: int, scale: float = 1.0, offset: tuple[float, float] = (0.0, 0.0)) -> None:
        self.size = size
        self.ss = supersample(size)
        self.side = size * self.ss
        self.scale = scale
        self.offset = np.asarray(offset, dtype=np.float64)
        self.masks: dict[str, np.ndarray] = {}

    def mask(self, part: str) -> np.ndarray:
        if part not in self.masks:
            self.masks[part] = np.zeros((self.side, self.side), np.uint8)
        return self.masks[part]

    def px(self, pts: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        p = (np.asarray(pts, dtype=np.float64) * self.scale + self.offset) * self.side
        return np.round(p).astype(np.int32)

    def length(self, d: float) -> int:
        return max(1, int(round(d * self.scale * self.side)))

    def poly(self, part: str, *polys: Sequence[Sequence[float]] | np.ndarray, value: int = 255) -> None:
        cv2.fillPoly(self.mask(part), [self.px(p) for p in polys], value)

    def line(self, part: str, pts: Sequence[Sequence[float]] | np.ndarray, width: float, value: int = 255) -> None:
        cv2.polylines(self.mask(part), [self.px(pts)], False, value, self.length(width))

    def circle(self, part: str, center: Sequence[float], r: float, value: int = 255, width: float = 0.0) -> None:
        thick = -1 if width <= 0 else self.length(width)
        cv2.circle(self.mask(part), tuple(int(v) for v in self.px(center)), self.length(r), value, thick)

    def ellipse(
        self,
        part: str,
        center: Sequence[float],
        axes: Sequence[float],
        angle: float = 0.0,
        value: int = 255,
        width: float = 0.0,
    ) -> None:
        thick = -1 if width <= 0 else self.length(width)
        ax = (self.length(axes[0]), self.length(axes[1]))
        cv2.ellipse(self.mask(part), tuple(int(v) for v in self.px(center)), ax, angle, 0, 360, value, thick)

    def silhouette(self) -> np.ndarray:
        """The garment's own area: all cloth parts, minus cuts (uint8, supersampled)."""
        sil = np.zeros((self.side, self.side), np.uint8)
        for part in CLOTH:
            if part in self.masks:
                sil = np.maximum(sil, self.masks[part])
        if "cut" in self.masks:
            sil[self.masks["cut"] > 0] = 0
        return sil

    def hem_border(self, width: float, of: np.ndarray | None = None) -> None:
        """Add a border band `width` (normalised) along the lower edge of `of` (default: the silhouette)."""
        source = self.silhouette() if of is None else of
        self.masks["border"] = np.maximum(self.mask("border"), bottom_band(source, self.length(width)))

    def clip_to(self, part: str, region: np.ndarray) -> None:
        """Keep `part` only inside `region` (a border drawn as a band stays on the cloth)."""
        if part in self.masks:
            self.masks[part] = np.minimum(self.masks[part], region)


def bottom_band(mask: np.ndarray, width_px: int) -> np.ndarray:
    """Pixels of `mask` within `width_px` above its lower edge, following any hem curve."""
    shifted = np.zeros_like(mask)
    shifted[:-width_px] = mask[width_px:]
    return np.where((mask > 0) & (shifted == 0), 255, 0).astype(np.uint8)


def downsample(mask: np.ndarray, size: int) -> np.ndarray:
    """Coverage in 0..1 at the output size."""
    if mask.shape[0] == size:
        return mask.astype(np.float32) / 255.0
    return cv2.resize(mask, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0


def bezier(p0: Sequence[float], p1: Sequence[float], p2: Sequence[float], n: int = 16) -> np.ndarray:
    """Points of a quadratic Bezier curve from p0 to p2 pulled toward p1."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    a, b, c = (np.asarray(p, dtype=np.float64) for p in (p0, p1, p2))
    return (1 - t) ** 2 * a + 2 * (1 - t) * t * b + t**2 * c


def mirror(pts: np.ndarray | Sequence[Sequence[float]], cx: float = 0.5) -> np.ndarray:
    """The left-right mirror image of `pts` about x = cx, in reverse order (to close a polygon)."""
    p = np.asarray(pts, dtype=np.float64)[::-1].copy()
    p[:, 0] = 2 * cx - p[:, 0]
    return p
