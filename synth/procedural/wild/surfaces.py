"""Tileable textures for the places where wild photos are taken: floors, walls, pavements, brick.

Each returns HxWx3 uint8 covering one tile; the scene sets how many metres a
tile spans.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import textures
from wildcat.synth.procedural.colors import jitter, shade
from wildcat.synth.procedural.noise import blend, spectral_noise, to_uint8, unit

SIZE = 128  # texels per tile: tiles repeat every metre or so, photos are 128-256 px

FLOOR_WOODS = ((170, 120, 75), (120, 80, 50), (200, 170, 130), (90, 60, 40))
WALL_PAINTS = ((235, 230, 220), (215, 225, 230), (230, 215, 190), (200, 210, 190), (180, 185, 195), (240, 205, 180))
TILE_COLOURS = ((225, 222, 215), (200, 200, 198), (190, 175, 160), (235, 235, 235))


def planks(rng: np.random.Generator) -> np.ndarray:
    """Wooden floor boards: four boards per tile with staggered end joints."""
    tex = textures.wood(rng, (SIZE, SIZE), jitter(FLOOR_WOODS[int(rng.integers(len(FLOOR_WOODS)))], rng), 0.5).astype(
        np.float32
    )
    board = SIZE // 4
    for i in range(4):
        tex[i * board : i * board + 2] *= 0.45
        joint = int(rng.integers(0, SIZE - 3))
        tex[i * board : (i + 1) * board, joint : joint + 2] *= 0.5
        tex[i * board : (i + 1) * board] *= rng.uniform(0.88, 1.08)
    return to_uint8(tex)


def carpet(rng: np.random.Generator) -> np.ndarray:
    base = jitter(((150, 60, 50), (60, 80, 120), (120, 120, 110), (90, 110, 80))[int(rng.integers(4))], rng, 0.1)
    return textures.fabric(rng, (SIZE, SIZE), base, period=2.0)


def plaster(rng: np.random.Generator) -> np.ndarray:
    paint = jitter(WALL_PAINTS[int(rng.integers(len(WALL_PAINTS)))], rng, 0.04)
    n = spectral_noise(rng, (SIZE, SIZE), beta=2.5, cutoff=40)
    return to_uint8(blend(0.5 + 0.04 * n, shade(paint, 1.03), shade(paint, 0.92)))


def tiles(rng: np.random.Generator, count: int = 2) -> np.ndarray:
    """`count` x `count` square tiles with grout lines."""
    colour = jitter(TILE_COLOURS[int(rng.integers(len(TILE_COLOURS)))], rng, 0.04)
    n = spectral_noise(rng, (SIZE, SIZE), beta=2.0, cutoff=30)
    tex = blend(0.5 + 0.06 * n, shade(colour, 1.04), shade(colour, 0.9))
    step = SIZE // count
    for k in range(count):
        tex[k * step : k * step + 2] = shade(colour, 0.7)
        tex[:, k * step : k * step + 2] = shade(colour, 0.7)
    return to_uint8(tex)


def concrete(rng: np.random.Generator, slabs: int = 2) -> np.ndarray:
    n = spectral_noise(rng, (SIZE, SIZE), beta=1.6, cutoff=80)
    grey = rng.uniform(130, 175)
    tex = blend(unit(n), (grey * 1.08,) * 3, (grey * 0.85,) * 3)
    step = SIZE // slabs
    for k in range(slabs):
        tex[k * step : k * step + 2] *= 0.6
        tex[:, k * step : k * step + 2] *= 0.6
    return to_uint8(tex)


def asphalt(rng: np.random.Generator) -> np.ndarray:
    n = spectral_noise(rng, (SIZE, SIZE), beta=0.5, cutoff=200)
    grey = rng.uniform(55, 80)
    return to_uint8(blend(unit(n), (grey * 0.75,) * 3, (grey * 1.3,) * 3))


def brick(rng: np.random.Generator) -> np.ndarray:
    """Running-bond brick: 8 courses per tile, per-brick colour variation, pale mortar."""
    base = jitter(((150, 70, 50), (170, 110, 80), (120, 60, 45), (190, 160, 120))[int(rng.integers(4))], rng, 0.05)
    tex = np.empty((SIZE, SIZE, 3), np.float32)
    course, length = SIZE // 8, SIZE // 4
    for c in range(8):
        offset = (c % 2) * length // 2
        for b in range(-1, 5):
            x0 = max(b * length + offset, 0)
            tex[c * course : (c + 1) * course, x0 : max(x0, (b + 1) * length + offset)] = shade(
                base, rng.uniform(0.8, 1.1)
            )
        tex[c * course : c * course + 2] = (200, 195, 185)
        for b in range(5):
            x = (b * length + offset) % SIZE
            tex[c * course : (c + 1) * course, x : x + 2] = (200, 195, 185)
    tex *= (0.92 + 0.08 * unit(spectral_noise(rng, (SIZE, SIZE), beta=1.0, cutoff=100)))[..., None]
    return to_uint8(tex)
