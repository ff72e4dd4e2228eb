"""Pure edge blending of a patch: feathering, Gaussian blending, motion blur, Poisson (seamless) cloning."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.compose import smooth
from wildcat.synth.compose.effects import line_kernel
from wildcat.synth.compose.paste import clip, top_left_for
from wildcat.synth.compose.patch import SOLID, Patch, blend_layers
from wildcat.synth.compose.warp import pad


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
    return Patch(p.rgb, smooth.gaussian(alpha, sigma), p.anchor)


def motion_blur(patch: Patch, length: int, angle: float) -> Patch:
    """Blur the object along a line of `length` pixels at `angle` degrees (object moved during exposure)."""
    if length < 2:
        return patch
    p = pad(patch, length)
    k = line_kernel(length, angle)
    premultiplied, _ = blend_layers(p.rgb, p.alpha)  # colour weighted by alpha, so the background does not smear in
    num = cv2.filter2D(premultiplied, -1, k)
    den = cv2.filter2D(p.alpha, -1, k)
    return Patch(cv2.divide(num, cv2.merge([den] * 3), scale=255), den, p.anchor)


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
