"""Produce shown whole: a catalog photo's cut face painted over with the product's skin.

Catalog photos of produce often show a specimen cut open next to (or instead of)
whole ones: a halved melon, a sliced kiwi, an open passion fruit. Stores sell
them whole, so a shopper's photo shows rind where the catalog shows flesh.
`whole_view` keeps the pixels whose colour is the skin's (the median colour of
the object's outer band, where the rind is) and fills the rest from them.
"""

from __future__ import annotations

import cv2
import numpy as np

BAND = 0.25  # outer band that shows the skin: this share of the object's inscribed radius
SKIN_DELTA_E = 15.0  # a pixel within this CIELAB distance of the band's median colour is skin
WORK_PX = 96  # the fill is smooth, so it is made at this size and scaled back
_GRAIN = np.random.default_rng(20261121).standard_normal((WORK_PX + 4, WORK_PX + 4)).astype(np.float32)


def whole_view(rgba: np.ndarray) -> np.ndarray:
    """Pure: `rgba` with every non-skin pixel of the object repainted from the skin around it
    (inpainting, smoothed, a dome's shading and the skin's grain); alpha unchanged."""
    h, w = rgba.shape[:2]
    scale = min(1.0, WORK_PX / max(h, w))
    small = (
        rgba
        if scale == 1.0
        else cv2.resize(rgba, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    )
    small = np.pad(small, ((2, 2), (2, 2), (0, 0)))  # so the outline has outside pixels on every side
    mask = (small[..., 3] >= 128).astype(np.uint8)
    depth = cv2.distanceTransform(mask, cv2.DIST_L2, 5)
    radius = float(depth.max())
    if radius < 2:
        return rgba
    rgb = np.ascontiguousarray(small[..., :3])
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    band = (depth >= 1) & (depth <= max(1.5, BAND * radius))
    skin = (mask > 0) & (np.linalg.norm(lab - np.median(lab[band], axis=0), axis=-1) < SKIN_DELTA_E)
    hole = (small[..., 3] >= 250) & ~skin  # edge pixels mixed with the transparent outside are not a cut face
    if not skin.any() or not hole.any():
        return rgba
    filled = cv2.inpaint(rgb, hole.astype(np.uint8), 3, cv2.INPAINT_TELEA)
    filled = cv2.GaussianBlur(filled, (0, 0), max(1.0, 0.2 * radius)).astype(np.float32)
    # lit from the front: the middle of a dome a little brighter than its rim; grain as strong as the skin's
    dome = 0.82 + 0.3 * np.sqrt(np.clip(depth / radius, 0, 1))
    grain = _GRAIN[: depth.shape[0], : depth.shape[1]] * np.float32(
        0.5 * lab[skin & band][:, 0].std() if (skin & band).any() else 4.0
    )
    painted = np.clip(filled * dome[..., None] + grain[..., None], 0, 255).astype(np.uint8)
    small_out = np.where(hole[..., None], painted, rgb)[2:-2, 2:-2]
    if scale == 1.0:
        return np.dstack([small_out, rgba[..., 3]])
    big = cv2.resize(small_out, (w, h), interpolation=cv2.INTER_LINEAR)
    # only repainted pixels take the scaled-up fill: skin keeps its full resolution
    keep = cv2.resize(hole[2:-2, 2:-2].astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
    out = rgba.copy()
    out[keep, :3] = big[keep]
    return out
