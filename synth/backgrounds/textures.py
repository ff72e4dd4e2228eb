"""Procedural textures for the background scenes: wood, tile, brick, plaster,
asphalt, fabric stripes, crate plastic, package fronts, sky.

Each function takes the generator that decides its look and returns a square
uint8 RGB image; the scenes tile them over surfaces by physical size. They are
deliberately cheap (a few ms) because every background gets fresh ones.
"""

from __future__ import annotations

import cv2
import numpy as np

Rng = np.random.Generator


def value_noise(rng: Rng, size: int, cells: int = 4, octaves: int = 4) -> np.ndarray:
    """Fractal value noise in [0, 1], float32 (size, size); `cells` = features across at the coarsest octave."""
    out = np.zeros((size, size), np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        n = max(2, cells * 2**o)
        grid = rng.random((n + 1, n + 1), dtype=np.float32)
        grid[-1, :], grid[:, -1] = grid[0, :], grid[:, 0]  # seamless tiling
        layer = cv2.resize(grid, (size + size // n, size + size // n), interpolation=cv2.INTER_CUBIC)[:size, :size]
        out += amp * layer
        total += amp
        amp *= 0.5
    out /= total
    return np.clip((out - out.min()) / max(float(np.ptp(out)), 1e-6), 0, 1)


def _tint(base: np.ndarray, shade: np.ndarray) -> np.ndarray:
    """Colour `base` (3,) modulated per pixel by `shade` (H, W) around 1."""
    return np.clip(shade[..., None] * np.asarray(base, np.float32)[None, None], 0, 255).astype(np.uint8)


def jitter_color(rng: Rng, color, amount: float = 20) -> np.ndarray:
    return np.clip(np.asarray(color, np.float32) + rng.normal(0, amount, 3), 0, 255)


def plaster(rng: Rng, size: int, color) -> np.ndarray:
    n = value_noise(rng, size, cells=3, octaves=5)
    return _tint(color, 0.9 + 0.15 * n)


def concrete(rng: Rng, size: int) -> np.ndarray:
    grey = rng.uniform(120, 190)
    n = value_noise(rng, size, cells=6, octaves=5)
    speck = rng.random((size, size), dtype=np.float32) < 0.02
    shade = 0.8 + 0.3 * n - 0.15 * speck
    return _tint(jitter_color(rng, (grey, grey, grey * rng.uniform(0.92, 1.05)), 6), shade)


def asphalt(rng: Rng, size: int) -> np.ndarray:
    grey = rng.uniform(50, 95)
    grain = rng.random((size, size), dtype=np.float32)
    n = value_noise(rng, size, cells=3, octaves=4)
    return _tint((grey, grey, grey * 1.03), 0.75 + 0.25 * n + 0.25 * (grain - 0.5))


def wood(rng: Rng, size: int, planks: int = 4) -> np.ndarray:
    """Floor boards: planks along x, each with its own tint and grain."""
    base = jitter_color(rng, rng.choice([(150, 105, 65), (190, 150, 100), (110, 72, 45), (205, 175, 130)]), 12)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    n = value_noise(rng, size, cells=2, octaves=3)
    grain = 0.5 + 0.5 * np.sin(xx / size * rng.uniform(20, 50) + 12 * n + yy * 0.05)
    plank = (yy * planks / size).astype(int)
    tints = rng.uniform(0.8, 1.15, planks + 1).astype(np.float32)
    shade = tints[plank] * (0.85 + 0.2 * grain)
    edge = (yy * planks / size) % 1.0
    shade[(edge < 0.025) | (edge > 0.985)] *= 0.55  # gaps between boards
    seams = rng.uniform(0, size, planks + 1)
    for p in range(planks):  # board ends at staggered positions
        rows = plank == p
        shade[rows & (np.abs(xx - seams[p]) < 1.0)] *= 0.6
    return _tint(base, shade)


def tiles(rng: Rng, size: int, n: int | None = None, color=None, grout=None, offset: bool = False) -> np.ndarray:
    """Square tiles (or staggered pavers with `offset`) with grout lines and per-tile colour jitter."""
    n = n or int(rng.integers(2, 6))
    color = jitter_color(
        rng,
        color
        if color is not None
        else rng.choice([(225, 225, 220), (200, 195, 185), (170, 170, 175), (235, 230, 215)]),
        10,
    )
    grout = np.asarray(grout if grout is not None else color * rng.uniform(0.6, 0.85), np.float32)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    row = (yy * n / size).astype(int)
    shift = np.where(row % 2 == 1, 0.5, 0.0) if offset else 0.0
    u, v = (xx * n / size + shift) % 1.0, (yy * n / size) % 1.0
    tile_id = row * (n + 1) + (xx * n / size + shift).astype(int)
    gains = rng.uniform(0.9, 1.08, (n + 1) * (n + 2)).astype(np.float32)
    shade = gains[tile_id % len(gains)] * (0.94 + 0.1 * value_noise(rng, size, cells=8, octaves=2))
    img = _tint(color, shade).astype(np.float32)
    g = 0.035 * rng.uniform(0.6, 1.4)
    mask = (u < g) | (v < g)
    img[mask] = grout
    return img.astype(np.uint8)


def brick(rng: Rng, size: int) -> np.ndarray:
    rows = int(rng.integers(6, 10))
    base = jitter_color(rng, rng.choice([(150, 70, 50), (170, 95, 70), (120, 60, 45), (190, 160, 120)]), 12)
    mortar = jitter_color(rng, (190, 185, 175), 10)
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    h = size / rows
    row = (yy / h).astype(int)
    x = xx / (2 * h) + np.where(row % 2 == 1, 0.5, 0.0)
    u, v = x % 1.0, (yy / h) % 1.0
    gains = rng.uniform(0.75, 1.15, (rows + 1) * 64).astype(np.float32)
    shade = gains[(row * 64 + x.astype(int)) % len(gains)] * (0.85 + 0.25 * value_noise(rng, size, cells=10, octaves=2))
    img = _tint(base, shade)
    img[(u < 0.04) | (v < 0.08)] = mortar.astype(np.uint8)
    return img


def stripes(rng: Rng, size: int) -> np.ndarray:
    """Rugs, wallpaper, fabric: bands of a small random palette, sometimes crossed (checks)."""
    palette = rng.uniform(30, 235, (int(rng.integers(2, 5)), 3)).astype(np.float32)
    widths = rng.integers(4, 40, 24)
    bands = np.repeat(np.arange(len(widths)) % len(palette), widths)[:size]
    bands = np.pad(bands, (0, max(0, size - len(bands))), mode="wrap")
    img = palette[bands][None, :, :].repeat(size, axis=0)
    if rng.random() < 0.4:
        img = 0.5 * img + 0.5 * img.transpose(1, 0, 2)
    shade = 0.85 + 0.2 * value_noise(rng, size, cells=16, octaves=2)
    return np.clip(img * shade[..., None], 0, 255).astype(np.uint8)


def crate(rng: Rng, size: int, color=None) -> np.ndarray:
    """Plastic produce crate wall: a saturated colour with a grid of slots."""
    color = jitter_color(
        rng,
        color
        if color is not None
        else rng.choice([(30, 30, 32), (20, 90, 40), (30, 60, 140), (150, 30, 30), (160, 130, 90)]),
        8,
    )
    img = plaster(rng, size, color).astype(np.float32)
    nx, ny = int(rng.integers(4, 9)), int(rng.integers(2, 4))
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    u, v = (xx * nx / size) % 1.0, (yy * ny / size) % 1.0
    slots = (u > 0.2) & (u < 0.8) & (v > 0.25) & (v < 0.75)
    img[slots] *= 0.35
    return img.astype(np.uint8)


def package_atlas(rng: Rng, size: int, cells: int = 4) -> np.ndarray:
    """A grid of `cells` x `cells` invented package fronts (band, label, text lines, logo) for shelf stock."""
    img = np.zeros((size, size, 3), np.uint8)
    c = size // cells
    for i in range(cells):
        for j in range(cells):
            img[i * c : (i + 1) * c, j * c : (j + 1) * c] = package_front(rng, c)
    return img


def package_front(rng: Rng, c: int) -> np.ndarray:
    base = rng.uniform(20, 250, 3)
    if rng.random() < 0.35:
        base = np.array([235.0, 235.0, 230.0])  # dairy cartons are mostly white
    tile = np.empty((c, c, 3), np.float32)
    tile[:] = base
    band = rng.uniform(20, 250, 3)
    y0 = int(rng.uniform(0.1, 0.6) * c)
    tile[y0 : y0 + int(rng.uniform(0.1, 0.35) * c)] = band
    lx, ly = int(rng.uniform(0.1, 0.3) * c), int(rng.uniform(0.1, 0.4) * c)
    tile[ly : ly + c // 4, lx : c - lx] = rng.uniform(180, 255, 3)
    for _ in range(int(rng.integers(2, 6))):  # text lines
        ty = int(rng.uniform(0.05, 0.9) * c)
        tx0, tx1 = sorted(rng.uniform(0.1, 0.9, 2) * c)
        tile[ty : ty + max(1, c // 32), int(tx0) : int(tx1)] = rng.uniform(0, 90, 3)
    cv2.circle(
        tile,
        (int(rng.uniform(0.25, 0.75) * c), int(rng.uniform(0.2, 0.8) * c)),
        int(rng.uniform(0.06, 0.18) * c),
        rng.uniform(0, 255, 3).tolist(),
        -1,
        lineType=cv2.LINE_AA,
    )
    return np.clip(tile, 0, 255).astype(np.uint8)


def price_strip(rng: Rng, size: int) -> np.ndarray:
    """The shelf edge: a coloured rail with white price tags."""
    rail = rng.choice([(235, 235, 235), (40, 40, 45), (20, 70, 150), (200, 40, 40), (230, 200, 40)])
    img = np.empty((size, size, 3), np.uint8)
    img[:] = rail
    n = int(rng.integers(3, 7))
    for k in range(n):
        x0 = int((k + rng.uniform(0.05, 0.3)) * size / n)
        w = int(rng.uniform(0.3, 0.6) * size / n)
        color = (255, 255, 255) if rng.random() < 0.8 else (250, 220, 40)
        img[int(size * 0.15) : int(size * 0.85), x0 : x0 + w] = color
        img[int(size * 0.45) : int(size * 0.6), x0 + w // 6 : x0 + w // 2] = (20, 20, 20)
    return img


def sky(rng: Rng, size: int) -> np.ndarray:
    """A vertical gradient (top = row 0) from sky blue or overcast grey, with soft clouds."""
    top = rng.choice([(90, 140, 210), (150, 170, 200), (190, 195, 205), (120, 160, 220)]).astype(np.float32)
    bottom = np.array([225.0, 230, 238]) * rng.uniform(0.9, 1.05)
    t = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    img = (1 - t) * top + t * bottom
    clouds = value_noise(rng, size, cells=3, octaves=5)[..., None]
    amount = rng.uniform(0, 0.8)
    img = img * (1 - amount * clouds) + 245 * amount * clouds
    return np.clip(img.repeat(size, axis=1) if img.shape[1] == 1 else img, 0, 255).astype(np.uint8)


def produce_skin(rng: Rng, size: int, color) -> np.ndarray:
    """Speckled colour for background produce spheres."""
    n = value_noise(rng, size, cells=6, octaves=3)
    return _tint(color, 0.8 + 0.35 * n)


WALL_COLORS = [
    (236, 232, 222),
    (215, 220, 225),
    (240, 236, 230),
    (196, 210, 190),
    (225, 205, 175),
    (180, 195, 215),
    (245, 245, 240),
]
FACADE_COLORS = [(215, 200, 170), (190, 110, 80), (230, 225, 210), (160, 170, 175), (220, 190, 130), (175, 190, 160)]
PRODUCE_COLORS = [
    (200, 30, 25),
    (230, 180, 30),
    (90, 160, 40),
    (240, 130, 20),
    (120, 40, 80),
    (160, 120, 70),
    (240, 220, 90),
    (60, 110, 40),
    (220, 80, 60),
]


def pick(rng: Rng, colors) -> np.ndarray:
    return jitter_color(rng, colors[int(rng.integers(len(colors)))], 10)
