"""The cutout as a proxy sees it: a filled texture, its alpha, and the outline measured from it.

Pure numpy: crop to the alpha's box, fill transparent texels with the nearest
opaque colour (so texture filtering never pulls in the background), and
measure the outline per row (for boxes and cylinders) or per angle (for
ellipsoids).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from wildcat.synth.render.errors import CutoutError

OPAQUE = 0.5  # alpha above this counts as the object
MIN_SIDE = 8  # smallest cutout box we build a proxy from (pixels)
EDGE_INSET = 2  # edge colours are read this many pixels inside the outline (skips matting fringe)
STRAIGHT_WIDTH = 0.95  # a row this close to the widest row counts as a straight side
EDGE_BAND = 0.04  # ...over a band this share of the width
EDGE_BLUR = 0.1  # ...blurred along the rows by this share of the rows (Gaussian sigma)


@dataclass
class Silhouette:
    rgb: np.ndarray  # (H, W, 3) uint8, transparent texels filled with the nearest opaque colour
    alpha: np.ndarray  # (H, W) float32 in [0, 1]

    @property
    def size(self) -> tuple[int, int]:
        return self.alpha.shape[0], self.alpha.shape[1]

    @property
    def mask(self) -> np.ndarray:
        return self.alpha > OPAQUE


def prepare(rgba: np.ndarray, max_px: int, name: str = "<cutout>") -> Silhouette:
    """Crop an RGBA cutout to its object, scale it to at most `max_px` a side, fill the background texels."""
    if rgba.ndim != 3 or rgba.shape[2] != 4:
        raise CutoutError(
            name,
            f"a cutout must be RGBA, got an array of shape {rgba.shape}",
            "use the RGBA PNGs the segment stage writes",
        )
    mask = rgba[..., 3] > 255 * OPAQUE
    if not mask.any():
        raise CutoutError(name, "the cutout is fully transparent", "re-run segmentation on this image")
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = rgba[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    if min(crop.shape[:2]) < MIN_SIDE:
        raise CutoutError(
            name,
            f"the object in the cutout is only {crop.shape[1]}x{crop.shape[0]} pixels",
            "use a larger catalog image",
        )
    scale = min(1.0, max_px / max(crop.shape[:2]))
    if scale < 1.0:
        size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
        crop = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.LANCZOS))
    alpha = crop[..., 3].astype(np.float32) / 255.0
    return Silhouette(fill_background(crop[..., :3], alpha > OPAQUE), alpha)


def fill_background(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """`rgb` with every texel outside `mask` set to the colour of the nearest texel inside it."""
    inside = ndimage.binary_erosion(mask, iterations=1) if mask.sum() > 64 else mask  # skip the fringe
    if not inside.any():
        inside = mask
    _, (iy, ix) = ndimage.distance_transform_edt(~inside, return_indices=True)
    return rgb[iy, ix]


def convex_hull(mask: np.ndarray) -> np.ndarray:
    """The mask filled to its convex hull."""
    import cv2

    points = cv2.findNonZero(mask.astype(np.uint8))
    hull = np.zeros(mask.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(points), 1)
    return hull.astype(bool) | mask


def row_spans(mask: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Outline per row: image rows (K,), left and right edges (K,) in pixel coordinates.

    Samples `rows` rows from the top edge to the bottom edge; a row with no
    object (a gap between a stem and a fruit) takes its neighbours' span.
    Edges are smoothed over three rows so pixel steps do not become facets.
    """
    height = mask.shape[0]
    ys = np.linspace(0, height - 1, rows)
    left = np.full(rows, np.nan)
    right = np.full(rows, np.nan)
    for k, y in enumerate(np.round(ys).astype(int)):
        xs = np.flatnonzero(mask[y])
        if xs.size:
            left[k], right[k] = xs[0], xs[-1] + 1.0
    known = ~np.isnan(left)
    left = np.interp(np.arange(rows), np.flatnonzero(known), left[known])
    right = np.interp(np.arange(rows), np.flatnonzero(known), right[known])
    ys = np.concatenate([[0.0], ys[1:-1] + 0.5, [float(height)]])  # outer rows reach the box's edges
    return ys, _smooth(left), _smooth(right)


def radial_extent(mask: np.ndarray, centre: tuple[float, float], angles: np.ndarray) -> np.ndarray:
    """Distance from `centre` (x, y pixels) to the outermost object pixel along each angle (radians)."""
    h, w = mask.shape
    steps = np.arange(0.0, float(np.hypot(h, w)), 0.5)
    xs = centre[0] + np.outer(np.cos(angles), steps)
    ys = centre[1] + np.outer(np.sin(angles), steps)
    valid = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    hit = np.zeros_like(valid)
    hit[valid] = mask[ys[valid].astype(int), xs[valid].astype(int)]
    last = np.where(hit.any(axis=1), hit.shape[1] - 1 - np.argmax(hit[:, ::-1], axis=1), 0)
    radius = steps[last] + 0.5
    return np.maximum(_smooth(radius, wrap=True), 1.0)


def edge_colours(sil: Silhouette, ys: np.ndarray, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Colours (K, 3) just inside the left and right edge of each profile row.

    Each is the median over a band a few pixels wide, then blurred along the
    rows, so print touching the edge becomes a soft gradient on the sides
    instead of stripes.
    """
    h, w = sil.size
    rows = np.clip(ys.astype(int), 0, h - 1)
    band = max(2, int(round(w * EDGE_BAND)))
    inset = np.minimum(EDGE_INSET, (right - left) / 4)
    offsets = np.arange(band)
    lx = np.clip((left + inset).astype(int)[:, None] + offsets, 0, w - 1)
    rx = np.clip((right - 1 - inset).astype(int)[:, None] - offsets, 0, w - 1)
    lc = np.median(sil.rgb[rows[:, None], lx].astype(np.float32), axis=1)
    rc = np.median(sil.rgb[rows[:, None], rx].astype(np.float32), axis=1)
    sigma = max(1.0, len(ys) * EDGE_BLUR)
    return ndimage.gaussian_filter1d(lc, sigma, axis=0, mode="nearest"), ndimage.gaussian_filter1d(
        rc, sigma, axis=0, mode="nearest"
    )


def shape_features(mask: np.ndarray) -> dict[str, float]:
    """aspect (height / width of the box), fill (object share of the box), straight (share of rows within 5% of the
    widest)."""
    h, w = mask.shape
    widths = mask.sum(axis=1).astype(float)
    straight = float((widths >= STRAIGHT_WIDTH * widths.max()).mean())
    return {"aspect": h / w, "fill": float(mask.mean()), "straight": straight}


def _smooth(values: np.ndarray, wrap: bool = False) -> np.ndarray:
    padded = np.concatenate([values[-1:], values, values[:1]]) if wrap else np.pad(values, 1, mode="edge")
    return (padded[:-2] + padded[1:-1] + padded[2:]) / 3
