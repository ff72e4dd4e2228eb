"""Tileable noise fields for procedural textures.

Noise is made by spectral synthesis (random phases under a power-law
spectrum, inverse FFT), so every field wraps around in both directions: a
label wrapped round a can shows no seam. Fields are float32, zero mean, unit
standard deviation.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


def spectral_noise(
    rng: np.random.Generator,
    shape: tuple[int, int],
    beta: float = 2.0,
    cutoff: float = 64.0,
    stretch: tuple[float, float] = (1.0, 1.0),
) -> np.ndarray:
    """Noise with power spectrum ~ 1/f^beta up to `cutoff` cycles per image.

    beta: 0 is white, 2 clouds, 3 smooth blobs. stretch (sy, sx): features
    sx times longer along x than along y when sx > sy (wood grain, brushed
    metal).
    """
    amp = _amplitude(tuple(shape), float(beta), float(cutoff), (float(stretch[0]), float(stretch[1])))
    re = rng.standard_normal(amp.shape, dtype=np.float32)
    im = rng.standard_normal(amp.shape, dtype=np.float32)
    out = np.fft.irfft2((re + 1j * im) * amp, s=shape).astype(np.float32)
    return (out - out.mean()) / max(float(out.std()), 1e-12)


@lru_cache(maxsize=64)
def _amplitude(shape: tuple[int, int], beta: float, cutoff: float, stretch: tuple[float, float]) -> np.ndarray:
    h, w = shape
    fy = np.fft.fftfreq(h)[:, None] * h * stretch[0]
    fx = np.fft.rfftfreq(w)[None, :] * w * stretch[1]
    f = np.hypot(fx, fy)
    f[0, 0] = 1.0
    amp = f ** (-beta / 2) * np.exp(-((f / cutoff) ** 2))
    amp[0, 0] = 0.0
    amp.flags.writeable = False
    return amp.astype(np.float32)


def unit(field: np.ndarray) -> np.ndarray:
    """Map a field to 0..1 by its own min and max."""
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / max(hi - lo, 1e-12)


def blend(t: np.ndarray, c0, c1) -> np.ndarray:
    """Per-pixel mix of two RGB colours (0..255) by weights t (HxW, 0..1) -> float32 HxWx3."""
    t = np.clip(t, 0.0, 1.0, dtype=np.float32)[..., None]
    c0 = np.asarray(c0, np.float32)
    return c0 + t * (np.asarray(c1, np.float32) - c0)


def to_uint8(img: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)
