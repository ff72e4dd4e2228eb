"""Pure edge blending of a patch: feathering, Gaussian blending, motion blur, Poisson (seamless) cloning."""

from __future__ import annotations

import cv2
import numpy as np

from synth.compose.paste import SOLID, Patch, clip, top_left_for
from synth.compose.warp import pad


def soften(patch: Patch, sigma: float) -> Patch:
    """Blur the alpha edge (feathering for small sigma, Gaussian blending for larger ones).

    The alpha is eroded by about one sigma first, so the softened edge straddles
    the original outline instead of growing the object into its surroundings.
    """
    if sigma <= 0:
        return patch
    p = pad(patch, int(np.ceil(3 * sigma)) + 1)
    alpha = p.alpha
    r = int(round(sigma))
    if r >= 1:
        alpha = cv2.erode(alpha, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
    return Patch(p.rgb, cv2.GaussianBlur(alpha, (0, 0), sigma), p.anchor)


def motion_blur(patch: Patch, length: int, angle: float) -> Patch:
    """Blur the object along a line of `length` pixels at `angle` degrees (object moved during exposure)."""
    if length < 2:
        return patch
    p = pad(patch, length)
    k = np.zeros((length, length), np.float32)
    c = (length - 1) / 2
    t = np.radians(angle)
    d = np.array([np.cos(t), np.sin(t)]) * c
    cv2.line(k, (int(round(c - d[0])), int(round(c - d[1]))), (int(round(c + d[0])), int(round(c + d[1]))), 1.0, 1)
    k /= max(k.sum(), 1e-6)
    a = p.alpha.astype(np.float32)
    num = cv2.filter2D(p.rgb.astype(np.float32) * a[..., None], -1, k)
    den = cv2.filter2D(a, -1, k)
    rgb = np.where(den[..., None] > 1e-3, num / np.maximum(den[..., None], 1e-3), p.rgb)
    return Patch(np.clip(rgb, 0, 255).astype(np.uint8), np.clip(den, 0, 255).astype(np.uint8), p.anchor)


def poisson_paste(image: np.ndarray, patch: Patch, xy: tuple[float, float], mixed: bool = False) -> np.ndarray | None:
    """cv2.seamlessClone of the patch at `xy`; None where it cannot apply (object cut by the frame)."""
    where = clip(patch.shape, top_left_for(patch, xy), image.shape)
    if where is None:
        return None
    fs, ps = where
    if (ps[0].stop - ps[0].start, ps[1].stop - ps[1].start) != patch.shape:
        return None  # seamlessClone needs the whole mask inside the frame and off its border
    mask = (patch.alpha >= SOLID).astype(np.uint8) * 255
    mask[[0, -1], :] = 0
    mask[:, [0, -1]] = 0
    if (
        mask.sum() == 0
        or fs[0].start == 0
        or fs[1].start == 0
        or fs[0].stop == image.shape[0]
        or fs[1].stop == image.shape[1]
    ):
        return None
    mx, my, mw, mh = cv2.boundingRect(mask)  # OpenCV centres the mask's bounding box on `centre`
    centre = (fs[1].start + mx + mw // 2, fs[0].start + my + mh // 2)
    flag = cv2.MIXED_CLONE if mixed else cv2.NORMAL_CLONE
    return cv2.seamlessClone(np.ascontiguousarray(patch.rgb), image, mask, centre, flag)
