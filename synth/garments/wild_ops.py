"""Pure image operations behind the wild-style look: drape warp, folds,
perspective, shadow, lighting and camera. Deterministic: randomness comes in
only through their arguments (wild.py draws those from an rng)."""

from __future__ import annotations

import cv2
import numpy as np


def smooth_field(coarse: np.ndarray, size: int) -> np.ndarray:
    """(2, n, n) coarse displacements (pixels) -> (2, size, size) smooth field."""
    return np.stack([cv2.resize(c.astype(np.float32), (size, size), interpolation=cv2.INTER_CUBIC) for c in coarse])


def warp(premul: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Displace a premultiplied RGBA float image by `field` (cloth hanging unevenly)."""
    h, w = premul.shape[:2]
    xx, yy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(
        premul, xx + field[0], yy + field[1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )


def folds(premul: np.ndarray, angle: float, period: float, phase: float, depth: float) -> np.ndarray:
    """Darken in soft parallel bands across the cloth (draped folds); period in pixels, depth 0..1."""
    h, w = premul.shape[:2]
    xx, yy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    t = (xx * np.cos(angle) + yy * np.sin(angle)) / period * 2 * np.pi + phase
    shade = 1.0 - depth * (0.5 + 0.5 * np.sin(t)) ** 2
    out = premul.copy()
    out[..., :3] *= shade[..., None]
    return out


def perspective(premul: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Map the image corners to `corners` ((4, 2) pixels: tl, tr, br, bl): tilt, rotation, scale."""
    h, w = premul.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    return cv2.warpPerspective(premul, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def composite(bg: np.ndarray, premul: np.ndarray, shadow: float, shadow_offset: tuple[int, int]) -> np.ndarray:
    """Premultiplied RGBA over an RGB background with a soft cast shadow."""
    alpha = premul[..., 3]
    size = bg.shape[0]
    k = max(3, (size // 24) | 1)
    cast = cv2.GaussianBlur(np.roll(alpha, shadow_offset, axis=(0, 1)), (k, k), 0)
    base = bg * (1.0 - shadow * cast)[..., None]
    return premul[..., :3] + base * (1.0 - alpha[..., None])


def lighting(img: np.ndarray, gain: float, white: np.ndarray, gradient: np.ndarray) -> np.ndarray:
    """Exposure, white balance (per-channel multipliers) and a linear light falloff (dx, dy, strength)."""
    h, w = img.shape[:2]
    xx, yy = np.meshgrid(np.linspace(-0.5, 0.5, w, dtype=np.float32), np.linspace(-0.5, 0.5, h, dtype=np.float32))
    ramp = 1.0 + gradient[2] * (xx * gradient[0] + yy * gradient[1])
    return img * gain * white[None, None, :] * ramp[..., None]


def camera(img: np.ndarray, blur_sigma: float, noise: np.ndarray) -> np.ndarray:
    """Defocus blur (sigma in pixels) and sensor noise (an array added to the image)."""
    out = cv2.GaussianBlur(img, (0, 0), blur_sigma) if blur_sigma > 0.05 else img
    return np.clip(out + noise, 0, 255)


def to_premul(rgba: np.ndarray) -> np.ndarray:
    f = rgba.astype(np.float32)
    a = f[..., 3:] / 255.0
    return np.concatenate([f[..., :3] * a, a], axis=2)


def over(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """Premultiplied `top` over premultiplied `bottom`."""
    return top + bottom * (1.0 - top[..., 3:])
