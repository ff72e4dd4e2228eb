"""Procedural scenes behind wild-style garment photos, one sampler per
background kind a locale pack may list (wildcat.core.locales.BACKGROUND_KINDS).

Each sampler takes an explicit rng and returns a float32 RGB image (0..255).
They are stand-ins for real street photos: enough clutter, colour and
structure that a model cannot rely on a white background.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

Background = Callable[[np.random.Generator, int], np.ndarray]


def _colour(rng: np.random.Generator, lo: int = 40, hi: int = 230) -> tuple[float, float, float]:
    return tuple(float(v) for v in rng.integers(lo, hi, 3))


def _clouds(rng: np.random.Generator, size: int, cells: int = 6, amp: float = 18.0) -> np.ndarray:
    """Low-frequency brightness noise, so flat areas are never perfectly flat."""
    small = rng.normal(0.0, 1.0, (cells, cells)).astype(np.float32)
    return cv2.resize(small, (size, size), interpolation=cv2.INTER_CUBIC)[..., None] * amp


def _rect(img: np.ndarray, x0: float, y0: float, x1: float, y1: float, colour) -> None:
    s = img.shape[0]
    cv2.rectangle(img, (int(x0 * s), int(y0 * s)), (int(x1 * s), int(y1 * s)), colour, -1)


def _sky_and_ground(rng: np.random.Generator, size: int, horizon: float, ground) -> np.ndarray:
    img = np.empty((size, size, 3), np.float32)
    top, low = np.array(_colour(rng, 150, 240)) * (0.8, 0.9, 1.0), np.array((225.0, 225.0, 230.0))
    t = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    img[:] = top * (1 - t) + low * t
    _rect(img, 0, horizon, 1, 1, ground)
    return img


def street(rng: np.random.Generator, size: int) -> np.ndarray:
    horizon = float(rng.uniform(0.45, 0.6))
    img = _sky_and_ground(rng, size, horizon, (120.0, 118.0, 115.0))
    x = -0.05
    while x < 1.0:  # building fronts with rows of windows and a shop sign
        w, top = float(rng.uniform(0.12, 0.3)), float(rng.uniform(0.02, horizon - 0.15))
        wall = _colour(rng, 70, 235)
        _rect(img, x, top, x + w, horizon, wall)
        for wy in np.arange(top + 0.04, horizon - 0.08, 0.08):
            for wx in np.arange(x + 0.02, x + w - 0.04, 0.06):
                _rect(img, wx, wy, wx + 0.03, wy + 0.04, tuple(c * 0.45 for c in wall))
        _rect(img, x + 0.01, horizon - 0.07, x + w - 0.01, horizon - 0.04, _colour(rng))
        x += w
    _rect(img, 0, horizon + 0.02, 1, horizon + 0.06, (175.0, 170.0, 160.0))  # pavement kerb
    for lx in np.arange(float(rng.uniform(0, 0.2)), 1.0, 0.25):
        _rect(img, lx, 0.85, lx + 0.12, 0.87, (235.0, 235.0, 225.0))
    return img + _clouds(rng, size)


def market(rng: np.random.Generator, size: int) -> np.ndarray:
    img = np.empty((size, size, 3), np.float32)
    img[:] = _colour(rng, 60, 140)
    stripe_a, stripe_b = _colour(rng, 120, 255), _colour(rng, 150, 255)
    awning = float(rng.uniform(0.15, 0.3))
    n = int(rng.integers(6, 12))
    for i in range(n):  # striped awnings with a scalloped edge
        _rect(img, i / n, 0, (i + 1) / n, awning, stripe_a if i % 2 else stripe_b)
        cv2.circle(
            img, (int((i + 0.5) / n * size), int(awning * size)), int(size / n / 2), stripe_a if i % 2 else stripe_b, -1
        )
    for _ in range(int(rng.integers(40, 90))):  # goods piled on the stalls
        cx, cy = float(rng.uniform(0, 1)), float(rng.uniform(awning + 0.1, 1))
        cv2.circle(
            img, (int(cx * size), int(cy * size)), int(rng.uniform(0.01, 0.04) * size), _colour(rng, 30, 255), -1
        )
    for _ in range(int(rng.integers(2, 5))):  # passers-by, blurred later by the camera
        cx = float(rng.uniform(0, 1))
        _rect(img, cx - 0.04, 0.35, cx + 0.04, 1.0, _colour(rng, 20, 200))
        cv2.circle(img, (int(cx * size), int(0.3 * size)), int(0.04 * size), (90.0, 65.0, 50.0), -1)
    return img + _clouds(rng, size, amp=25.0)


def home(rng: np.random.Generator, size: int) -> np.ndarray:
    img = np.empty((size, size, 3), np.float32)
    img[:] = _colour(rng, 150, 235)
    floor = float(rng.uniform(0.65, 0.8))
    wood = np.array(_colour(rng, 90, 170))
    _rect(img, 0, floor, 1, 1, tuple(wood))
    for y in np.arange(floor, 1, 0.04):
        _rect(img, 0, y, 1, y + 0.004, tuple(wood * 0.7))
    wx = float(rng.uniform(0.0, 0.6))
    _rect(img, wx, 0.1, wx + 0.3, 0.45, (235.0, 240.0, 245.0))  # a bright window
    _rect(img, wx + 0.145, 0.1, wx + 0.155, 0.45, (120.0, 100.0, 80.0))
    sx = float(rng.uniform(0.0, 0.5))
    _rect(img, sx, floor - 0.2, sx + 0.5, floor + 0.02, _colour(rng, 40, 200))  # a sofa
    return img + _clouds(rng, size)


def shop(rng: np.random.Generator, size: int) -> np.ndarray:
    img = np.empty((size, size, 3), np.float32)
    img[:] = _colour(rng, 170, 240)
    for y in np.arange(0.15, 0.95, 0.2):  # shelves of folded cloth
        _rect(img, 0, y, 1, y + 0.015, (110.0, 90.0, 70.0))
        x = float(rng.uniform(-0.05, 0))
        while x < 1:
            w = float(rng.uniform(0.05, 0.1))
            _rect(img, x, y - float(rng.uniform(0.05, 0.12)), x + w - 0.005, y, _colour(rng, 30, 255))
            x += w
    return img + _clouds(rng, size, amp=12.0)


def park(rng: np.random.Generator, size: int) -> np.ndarray:
    horizon = float(rng.uniform(0.35, 0.55))
    img = _sky_and_ground(rng, size, horizon, (70.0, 140.0, 60.0))
    for _ in range(int(rng.integers(3, 8))):
        x, r = float(rng.uniform(0, 1)), float(rng.uniform(0.06, 0.15))
        _rect(img, x - 0.012, horizon - 0.1, x + 0.012, horizon + 0.02, (80.0, 55.0, 35.0))
        cv2.circle(img, (int(x * size), int((horizon - 0.1 - r * 0.6) * size)), int(r * size), _leaf(rng), -1)
    return img + _clouds(rng, size, cells=10, amp=22.0)


def _leaf(rng: np.random.Generator) -> tuple[float, float, float]:
    g = float(rng.uniform(60, 140))
    return (g * 0.45, g, g * 0.4)


def wall(rng: np.random.Generator, size: int) -> np.ndarray:
    img = np.empty((size, size, 3), np.float32)
    base = np.array(_colour(rng, 110, 230))
    img[:] = base
    if rng.random() < 0.5:  # brick courses
        brick = max(4, size // 16)
        for row, y in enumerate(range(0, size, brick)):
            cv2.line(img, (0, y), (size, y), tuple(base * 0.75), max(1, size // 128))
            for x in range((row % 2) * brick, size, brick * 2):
                cv2.line(img, (x, y), (x, y + brick), tuple(base * 0.75), max(1, size // 128))
    return img + _clouds(rng, size, amp=20.0)


BACKGROUNDS: dict[str, Background] = {
    "street": street,
    "market": market,
    "home": home,
    "shop": shop,
    "park": park,
    "wall": wall,
}


def draw_background(kind: str, rng: np.random.Generator, size: int) -> np.ndarray:
    if kind not in BACKGROUNDS:
        raise KeyError(f"no background kind '{kind}'; kinds: {', '.join(BACKGROUNDS)}")
    return np.clip(BACKGROUNDS[kind](rng, size), 0, 255)
