"""Filling a view with many instances: piles in bins (or on any area) and rows
of facings along shelf edges. Sizes follow the background's scale at every
point, so far fruit is smaller than near fruit."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.backgrounds.geometry import Region, clip_segment
from wildcat.synth.compose.composer import Composer
from wildcat.synth.compose.foregrounds import footprint
from wildcat.synth.compose.framing import clamp
from wildcat.synth.compose.occluders import bar
from wildcat.synth.compose.warp import rotate_into


def hex_grid(out: int, spacing: float, jitter: float, rng: np.random.Generator) -> np.ndarray:
    """Jittered hexagonal grid points covering the frame and half a spacing beyond it."""
    spacing = max(spacing, 2.0)
    ys = np.arange(-spacing / 2, out + spacing, spacing * 0.866)
    xs = np.arange(-spacing / 2, out + spacing, spacing)
    odd = xs[xs + spacing / 2 < out + spacing] + spacing / 2  # odd rows are shifted half a spacing
    pts = np.concatenate([_rows(x, ys[i::2]) for i, x in enumerate((xs, odd))])
    return pts + rng.uniform(-jitter, jitter, pts.shape) * spacing


def _rows(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(x, y) points of every x on every row y, row by row (what stacking `np.meshgrid` gives, cheaper)."""
    pts = np.empty((len(ys), len(xs), 2))
    pts[..., 0] = xs
    pts[..., 1] = ys[:, None]
    return pts.reshape(-1, 2)


def inside(c: Composer, region: Region, bank_pts: np.ndarray) -> np.ndarray:
    labels = c.bg.geometry.labels()
    h, w = labels.shape
    xi, yi = np.floor(bank_pts[:, 0]).astype(int), np.floor(bank_pts[:, 1]).astype(int)
    ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    out = np.zeros(len(bank_pts), bool)
    out[ok] = labels[yi[ok], xi[ok]] == region.label
    return out


def _where(c: Composer, region: Region, bank: np.ndarray, sizes: np.ndarray, whole: bool) -> np.ndarray:
    """Grid points that may hold an instance: anywhere (`whole`) or a third of an instance inside the area,
    so fruit does not hang over the crate walls."""
    ok = np.ones(len(bank), bool)
    if not whole:
        reach = (sizes / c.zoom * 0.33)[:, None]
        for d in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
            ok &= inside(c, region, bank + reach * np.array(d))
    return ok


def sizes_at(c: Composer, region: Region, bank_pts: np.ndarray, size_m: float, fallback_px: float) -> np.ndarray:
    if region.ppm is None:
        return np.full(len(bank_pts), fallback_px)
    a, b, k = region.ppm
    return np.maximum(size_m * (a * bank_pts[:, 0] + b * bank_pts[:, 1] + k) * c.zoom, 2.0)


def darken_area(c: Composer, region: Region, gain: float) -> None:
    """Shade the inside of a bin before filling it: the gaps between fruit are in shadow."""
    mask = (c.in_view(c.bg.geometry.labels()) == region.label).view(np.uint8)
    img = c.canvas.image
    cv2.copyTo(cv2.convertScaleAbs(img, alpha=gain), mask, img)


def fill_area(
    c: Composer,
    product: str,
    region: Region,
    size_m: float,
    role: str,
    fallback_px: float,
    keep=None,
    whole: bool = False,
    share: float = 1.0,
) -> int:
    """Pile instances of `product` over the region's visible part, or the whole frame (`whole`: the region
    only gives the scale), where `keep(points)` agrees, with at most `share` of the instance cap. Returns the count."""
    cfg = c.cfg.placement
    cap = max(1, int(cfg.pile_max_instances * share))
    centre = c.to_bank((c.out / 2, c.out / 2))
    typical = float(clamp(sizes_at(c, region, centre[None], size_m, fallback_px)[0], c.out / 16, c.out / 1.5))
    packing = footprint(c.job.foregrounds[product][0], c.out // 2)  # elongated things pack closer than their length
    spacing = c.rng.uniform(*cfg.pile_spacing)
    for _ in range(2):  # a pile over the instance cap is made of bigger instances, never of holes
        pts = hex_grid(c.out, typical * packing * spacing, 0.22, c.rng)
        bank = c.to_bank(pts)
        jitter = c.rng.uniform(1 - cfg.size_jitter, 1 + cfg.size_jitter, len(pts))
        sizes = np.clip(sizes_at(c, region, bank, size_m, fallback_px), 0.6 * typical, 1.6 * typical) * jitter
        ok = _where(c, region, bank, sizes, whole) & (keep(pts) if keep is not None else True)
        idx = np.flatnonzero(ok)
        if len(idx) <= cap:
            break
        grow = min(2.0, float(np.sqrt(len(idx) / cap)) * 1.02)
        typical, size_m = typical * grow, size_m * grow
    if len(idx) > cap:
        idx = np.sort(c.rng.choice(idx, cap, replace=False))
    idx = idx[np.argsort(pts[idx, 1] + c.rng.uniform(-0.3, 0.3, len(idx)) * typical, kind="stable")]
    for i in idx:
        patch, src, slot = c.variant_at(product, typical, float(sizes[i]))
        c.place(patch, pts[i], product, src, role, float(sizes[i]), variant=slot)
    return len(idx)


def shelf_row(
    c: Composer, region: Region, runs: list[tuple[str, int]], role_of, start: float = 0.0, step: int = 1
) -> float:
    """Facings standing along a shelf edge, from `start` (fraction of its in-view part) to the right
    (step 1) or left (step -1): `runs` = [(product, facings), ...]. Every facing's base centre lies on
    the edge; facings may run out of the frame, never off the end of the shelf.
    Returns the width of the first facing (pixels)."""
    a, b = c.to_out(region.points[0]), c.to_out(region.points[1])
    seg = clip_segment(a, b, (0, 0, c.out))
    full = float(np.linalg.norm(b - a))
    if seg is None or full < 4:
        return 0.0
    direction = (b - a) / full
    lo, hi = float((seg[0] - a) @ direction), float((seg[1] - a) @ direction)  # the in-view part, along the edge
    t, first = lo + start * (hi - lo), 0.0
    for product, facings in runs:
        here = c.to_bank(a + direction * float(clamp(t, 0, full)))
        size = max(4.0, c.size_m(product) * region.ppm_at(*here) * c.zoom) if region.ppm else c.out * 0.3
        patch, src = c.object_patch(product, size, 0.0, False, None, anchor="base")
        width = float((patch.alpha.max(axis=0) > 0).sum())
        first = first or width
        for _ in range(facings):
            centre = t + step * width / 2
            if not (0 <= centre <= full and lo - width < centre < hi + width):
                return first
            c.place(patch, a + direction * centre, product, src, role_of(product), size)
            t += step * width * c.rng.uniform(1.0, 1.08)
    return first


def shelf_lip(c: Composer, region: Region, thickness: float) -> None:
    """The price rail in front of the bottom of the facings (hides a little of each)."""
    seg = clip_segment(c.to_out(region.points[0]), c.to_out(region.points[1]), (0, 0, c.out))
    if seg is None:
        return
    q0, q1 = seg
    length = int(np.linalg.norm(q1 - q0)) + 2
    angle = float(np.degrees(np.arctan2(q1[1] - q0[1], q1[0] - q0[0])))
    centre = (q0 + q1) / 2 + np.array([0.0, thickness * 0.3])
    c.canvas.cover(rotate_into(bar(length, max(2, int(thickness)), c.rng), -angle, tuple(centre), c.out), (0, 0))
    c.occluders.append({"type": "shelf_lip", "thickness": round(float(thickness), 1)})
