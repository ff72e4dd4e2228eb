"""Pure shadow sprites: a soft contact ellipse under a standing object, and a
drop shadow baked into a patch (for piles, where every instance darkens what
is under it)."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.compose import smooth
from wildcat.synth.compose.patch import Patch
from wildcat.synth.compose.warp import pad

SHADOW_RGB = (12, 10, 8)


def contact_shadow(width: float, opacity: float) -> Patch:
    """A dark blurred ellipse `width` pixels wide and a fifth as high; its anchor is its centre."""
    w = max(4, int(round(width * 1.3)))
    h = max(3, int(round(width * 0.28)))
    m = max(2, int(round(width * 0.12)))
    alpha = np.zeros((h + 2 * m, w + 2 * m), np.uint8)
    cv2.ellipse(
        alpha,
        ((w + 2 * m) // 2, (h + 2 * m) // 2),
        (w // 2, h // 2),
        0,
        0,
        360,
        int(255 * opacity),
        -1,
        lineType=cv2.LINE_AA,
    )
    alpha = smooth.gaussian(alpha, max(1.0, width * 0.07))
    rgb = np.empty(alpha.shape + (3,), np.uint8)
    rgb[:] = SHADOW_RGB
    return Patch(rgb, alpha, (alpha.shape[1] / 2, alpha.shape[0] / 2 - h * 0.15))


def with_drop_shadow(patch: Patch, offset: tuple[float, float], sigma: float, opacity: float) -> Patch:
    """The patch over a blurred, shifted, darkened copy of its own silhouette."""
    margin = int(np.ceil(3 * sigma + max(abs(offset[0]), abs(offset[1])))) + 1
    p = pad(patch, margin)
    m = np.float32([[1, 0, offset[0]], [0, 1, offset[1]]])
    sh = cv2.warpAffine(p.alpha, m, (p.alpha.shape[1], p.alpha.shape[0]))
    sh = cv2.GaussianBlur(sh, (0, 0), max(sigma, 0.5)).astype(np.float32) * opacity / 255
    a = p.alpha.astype(np.float32) / 255
    out_a = a + sh * (1 - a)
    shadow_w = (sh * (1 - a) / np.maximum(out_a, 1e-6))[..., None]
    rgb = p.rgb.astype(np.float32) * (1 - shadow_w) + np.float32(SHADOW_RGB) * shadow_w
    return Patch(rgb.astype(np.uint8), np.clip(out_a * 255 + 0.5, 0, 255).astype(np.uint8), p.anchor, p.object_mask())
