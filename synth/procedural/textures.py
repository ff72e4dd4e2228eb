"""Material textures (HxWx3 uint8): wood, fabric, leather, glaze, metal, fruit skin, paper.

Each takes the generator for its noise and the colours to use; all are
tileable, so they wrap round lathed shapes without a seam.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural.colors import shade
from wildcat.synth.procedural.noise import blend, spectral_noise, to_uint8, unit


def wood(rng: np.random.Generator, shape: tuple[int, int], base, grain_strength: float = 0.5) -> np.ndarray:
    """Wood with its grain running along x (texture u)."""
    h, w = shape
    warp = spectral_noise(rng, shape, beta=3.0, cutoff=12, stretch=(1.0, 6.0))
    y = np.linspace(0, 1, h, endpoint=False)[:, None]
    rings = 0.5 + 0.5 * np.sin(2 * np.pi * (y * rng.uniform(6, 14) + 0.6 * warp))
    fibres = unit(spectral_noise(rng, shape, beta=1.0, cutoff=90, stretch=(1.0, 12.0)))
    t = grain_strength * (0.65 * rings**3 + 0.35 * fibres)
    return to_uint8(blend(t, shade(base, 1.08), shade(base, 0.55)))


def fabric(rng: np.random.Generator, shape: tuple[int, int], color, period: float = 4.0) -> np.ndarray:
    """Woven cloth: a fine over-under thread pattern with slubs."""
    h, w = shape
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    weave = np.sin(2 * np.pi * xx / period) * np.sin(2 * np.pi * yy / period)
    slubs = spectral_noise(rng, shape, beta=1.5, cutoff=60, stretch=(1.0, 4.0))
    t = 0.5 + 0.18 * weave + 0.12 * slubs
    return to_uint8(blend(t, shade(color, 1.12), shade(color, 0.72)))


def leather(rng: np.random.Generator, shape: tuple[int, int], color) -> np.ndarray:
    """Pebbled leather: dark creases between grains, soft tone variation."""
    grain = np.abs(spectral_noise(rng, shape, beta=1.2, cutoff=70))
    creases = np.clip(1.0 - grain / 0.6, 0, 1) ** 2
    tone = spectral_noise(rng, shape, beta=3.0, cutoff=8)
    t = 0.35 + 0.4 * creases + 0.08 * tone
    return to_uint8(blend(t, shade(color, 1.15), shade(color, 0.6)))


def glaze(rng: np.random.Generator, shape: tuple[int, int], top, bottom, specks: float = 0.0) -> np.ndarray:
    """Ceramic glaze: a vertical blend from `bottom` to `top` with pooling and optional dark specks."""
    h, w = shape
    y = np.linspace(1, 0, h)[:, None] * np.ones((1, w))
    pooling = spectral_noise(rng, shape, beta=2.5, cutoff=20, stretch=(3.0, 1.0))
    img = blend(y + 0.08 * pooling, bottom, top)
    if specks > 0:
        dots = spectral_noise(rng, shape, beta=0.0, cutoff=400) > (3.2 - specks)
        img[dots] *= 0.45
    return to_uint8(img)


def metal(rng: np.random.Generator, shape: tuple[int, int], color) -> np.ndarray:
    """Brushed metal: fine streaks along x."""
    streaks = spectral_noise(rng, shape, beta=1.0, cutoff=120, stretch=(1.0, 20.0))
    return to_uint8(blend(0.5 + 0.12 * streaks, shade(color, 1.1), shade(color, 0.8)))


def skin(rng: np.random.Generator, shape: tuple[int, int], base, blush, pores: float = 0.5) -> np.ndarray:
    """Fruit skin: mottled blush over the base colour, streaks along v, lenticels or pores."""
    mottle = unit(spectral_noise(rng, shape, beta=3.0, cutoff=10))
    streaks = spectral_noise(rng, shape, beta=1.5, cutoff=40, stretch=(8.0, 1.0))
    img = blend(np.clip(1.6 * mottle - 0.3 + 0.1 * streaks, 0, 1), base, blush)
    fine = spectral_noise(rng, shape, beta=0.3, cutoff=300)
    img *= (1.0 - 0.05 * pores * np.clip(fine, 0, None))[..., None]
    dots = spectral_noise(rng, shape, beta=0.0, cutoff=500) > 3.0
    img[dots] = img[dots] * 0.6 + 0.4 * np.asarray(shade(base, 1.4), np.float32)
    return to_uint8(img)


def paper(rng: np.random.Generator, shape: tuple[int, int], color) -> np.ndarray:
    """Paper or linen lamp-shade stock: faint fibres."""
    fibres = spectral_noise(rng, shape, beta=1.0, cutoff=150, stretch=(2.0, 1.0))
    return to_uint8(blend(0.5 + 0.1 * fibres, shade(color, 1.06), shade(color, 0.88)))


def solid(shape: tuple[int, int], color) -> np.ndarray:
    return np.broadcast_to(np.asarray(color, np.uint8), (*shape, 3)).copy()
