"""Gaussian blur whose cost hardly grows with sigma, for the wide blurs of the
compositor (feathered and Gaussian-blended alpha edges, defocused backdrops,
skin shading, soft shadows).

Below `EXACT_SIGMA`, and for float images, it is OpenCV's Gaussian. Above, an
8-bit image gets OpenCV's stack blur (a tent-shaped kernel, constant cost per
pixel) with the radius whose spread matches sigma: within a few grey levels of
the Gaussian on a sharp 0-255 edge. Blurs wider than `SHRINK_SIGMA` are done
at a resolution reduced by a power of two, then enlarged back.
"""

from __future__ import annotations

import cv2
import numpy as np

EXACT_SIGMA = 1.5  # below this, OpenCV's Gaussian (small kernels are cheap anyway)
SHRINK_SIGMA = 4.0  # above this, blur at a reduced resolution


def _stack(img: np.ndarray, sigma: float) -> np.ndarray:
    """Stack blur whose tent kernel (radius r + 1) has the spread of a Gaussian of `sigma` (8-bit images)."""
    if img.dtype != np.uint8:  # OpenCV's float Gaussian is as fast
        return cv2.GaussianBlur(img, (0, 0), sigma)
    k = 2 * max(1, int(round(sigma * np.sqrt(6.0))) - 1) + 1
    return cv2.stackBlur(img, (k, k))


def gaussian(img: np.ndarray, sigma: float) -> np.ndarray:
    """`img` blurred by (about) a Gaussian of `sigma` pixels, same shape and dtype."""
    if sigma < EXACT_SIGMA:
        return cv2.GaussianBlur(img, (0, 0), max(sigma, 0.1))
    h, w = img.shape[:2]
    f = min(2 ** int(np.log2(sigma / (SHRINK_SIGMA / 2))), max(1, min(h, w) // 4)) if sigma > SHRINK_SIGMA else 1
    if f < 2:
        return _stack(img, sigma)
    small = cv2.resize(img, (-(-w // f), -(-h // f)), interpolation=cv2.INTER_AREA)
    # the box of the shrink and the linear enlargement blur a little already: take it off sigma
    inner = float(np.sqrt(max(sigma**2 - f**2 / 6.0, (0.5 * f) ** 2))) / f
    return cv2.resize(cv2.GaussianBlur(small, (0, 0), inner), (w, h), interpolation=cv2.INTER_LINEAR)
