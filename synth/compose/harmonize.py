"""Colour harmonisation of a cutout to its background.

Reinhard transfer in Lab moves lightness statistics (and a little of the
colour mean) toward the background's; histogram matching and FDA come from
albumentations' functional API. All are partial on purpose: a product's own
colour is what retrieval must recognise, so only light and cast are shared.
"""

from __future__ import annotations

import cv2
import numpy as np

from synth.compose.albu import albumentations
from synth.compose.paste import SOLID


def lab_stats(rgb: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of L, a, b (OpenCV 8-bit Lab scale) over `mask` (all pixels if None)."""
    return _stats(cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB), mask)


def _stats(lab: np.ndarray, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    m = None if mask is None else mask.view(np.uint8)
    if m is not None and not m.any():
        return np.zeros(3, np.float32), np.ones(3, np.float32)
    mean, std = cv2.meanStdDev(lab, mask=m)
    return mean.ravel().astype(np.float32), std.ravel().astype(np.float32) + 1e-3


def reinhard(
    rgb: np.ndarray,
    alpha: np.ndarray,
    target_mean: np.ndarray,
    target_std: np.ndarray,
    strength: float,
    color_strength: float,
) -> np.ndarray:
    """Move the object's L mean/std `strength` of the way to the target's, and its a/b means `color_strength`.

    One lookup table per Lab channel (L scaled and shifted, a/b shifted) on 8-bit Lab: fast on every patch.
    """
    lab = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB)
    mean, std = _stats(lab, alpha >= SOLID)
    new_std = std[0] + strength * (target_std[0] - std[0])
    new_mean = mean + np.array([strength, color_strength, color_strength], np.float32) * (target_mean - mean)
    gain = new_std / std[0]
    ramp = np.arange(256, dtype=np.float32)
    lut = np.stack(
        [ramp * gain + (new_mean[0] - mean[0] * gain), ramp + (new_mean[1] - mean[1]), ramp + (new_mean[2] - mean[2])],
        -1,
    )
    lut = np.clip(lut + 0.5, 0, 255).astype(np.uint8).reshape(256, 1, 3)
    return cv2.cvtColor(cv2.LUT(lab, lut), cv2.COLOR_LAB2RGB)


def histogram_match(rgb: np.ndarray, alpha: np.ndarray, reference: np.ndarray, blend: float) -> np.ndarray:
    """albumentations' histogram matching of the object's pixels only (the transparent rest would skew it)."""
    albumentations()
    from albumentations.augmentations.mixing.domain_adaptation_functional import apply_histogram

    solid = alpha >= SOLID
    if not solid.any():
        return rgb
    pixels = rgb[solid][:, None, :]  # the object's pixels as an N x 1 image
    matched = apply_histogram(np.ascontiguousarray(pixels), np.ascontiguousarray(reference), blend)
    out = rgb.copy()
    out[solid] = np.asarray(matched).reshape(-1, 3)
    return out


def fda(rgb: np.ndarray, reference: np.ndarray, beta: float, blend: float, work_side: int = 64) -> np.ndarray:
    """albumentations' Fourier domain adaptation, mixed in at `blend`.

    FDA swaps the lowest frequencies, the DC term included, so alone it gives
    an object the scene's mean colour; mixed in partially it only tints it.
    With a small beta the change is low-frequency, so it is computed at
    `work_side` pixels and added back at full size (a fraction of the FFT cost).
    """
    albumentations()
    from albumentations.augmentations.mixing.domain_adaptation_functional import fourier_domain_adaptation

    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (work_side, work_side), interpolation=cv2.INTER_AREA)
    ref = cv2.resize(reference, (work_side, work_side), interpolation=cv2.INTER_AREA)
    change = (fourier_domain_adaptation(small, ref, beta).astype(np.float32) - small) * np.float32(blend)
    return cv2.add(rgb.astype(np.float32), cv2.resize(change, (w, h), interpolation=cv2.INTER_LINEAR), dtype=cv2.CV_8U)
