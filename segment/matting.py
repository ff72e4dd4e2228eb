"""Soft edges from a hard mask: a trimap around its outline, closed-form matting
(pymatting) inside the band, and the object's own colours unmixed from a known
background so light fringes do not follow the cutout onto a dark scene."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.segment.cf_solve import closed_form_alpha

UNKNOWN = 0.5


def trimap(mask: np.ndarray, band: int) -> np.ndarray:
    """1 inside `mask` eroded by `band` px, 0 outside it dilated by `band` px, 0.5 between."""
    m = mask.astype(np.uint8)
    sure_fg = cv2.erode(m, _disc(band), borderType=cv2.BORDER_REPLICATE).astype(bool)
    maybe = cv2.dilate(m, _disc(band), borderType=cv2.BORDER_REPLICATE).astype(bool)
    out = np.full(mask.shape, UNKNOWN, np.float64)
    out[sure_fg] = 1.0
    out[~maybe] = 0.0
    return out


def _disc(r: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def refine_alpha(rgb: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Closed-form matting (Levin et al. 2008) of `rgb` (uint8) inside the unknown band of `tri`."""
    unknown = (tri > 0) & (tri < 1)
    if not unknown.any() or (tri == 1).sum() == 0 or (tri == 0).sum() == 0:
        return (tri >= UNKNOWN).astype(np.float32)
    alpha = closed_form_alpha(rgb.astype(np.float64) / 255.0, tri)
    alpha = np.where(unknown, alpha, tri)
    return np.clip(alpha, 0.0, 1.0).astype(np.float32)


def known_background_alpha(
    rgb: np.ndarray, tri: np.ndarray, background: np.ndarray, alpha: np.ndarray, band: int
) -> np.ndarray:
    """Sharpen `alpha` in the unknown band of `tri` where the background colour is known.

    With the backdrop B known and the object colour F taken from the sure
    object pixels nearby, I = a*F + (1-a)*B gives a = (I-B).(F-B) / |F-B|^2
    directly. It is trusted where F and B differ clearly; where they do not
    (a pale product on white) the closed-form `alpha` is kept.
    """
    unknown = (tri > 0) & (tri < 1)
    if not unknown.any():
        return alpha
    img = rgb.astype(np.float32) / 255.0
    sure = (tri == 1).astype(np.float32)
    sigma = max(1.0, 1.5 * band)
    weight = cv2.GaussianBlur(sure, (0, 0), sigma)
    fg = cv2.GaussianBlur(img * sure[..., None], (0, 0), sigma) / np.maximum(weight, 1e-4)[..., None]
    diff = fg - background
    norm2 = (diff * diff).sum(axis=-1)
    direct = np.clip(((img - background) * diff).sum(axis=-1) / np.maximum(norm2, 1e-6), 0.0, 1.0)
    # |F-B| in 0..1 RGB units: trust from about 0.12 (30/255) up, fully from 0.24.
    trust = np.clip(np.sqrt(norm2) / 0.12 - 1.0, 0.0, 1.0) * (weight > 1e-3)
    out = alpha.copy()
    out[unknown] = (trust * direct + (1 - trust) * alpha)[unknown]
    return out.astype(np.float32)


def unmix_foreground(rgb: np.ndarray, alpha: np.ndarray, background: np.ndarray, min_alpha: float = 0.2) -> np.ndarray:
    """The object's colour F from I = a*F + (1-a)*B with the background B known.

    rgb: uint8 HxWx3; alpha: HxW in [0, 1]; background: float HxWx3 RGB in [0, 1].
    Below `min_alpha` the division amplifies noise, so alpha is clamped there;
    those pixels are nearly transparent anyway.
    """
    img = rgb.astype(np.float32) / 255.0
    a = np.maximum(alpha, min_alpha)[..., None]
    fg = (img - (1.0 - a) * background) / a
    fg = np.where(alpha[..., None] >= 0.999, img, fg)
    return np.clip(fg * 255.0 + 0.5, 0, 255).astype(np.uint8)
