"""Pure framing maths: which square window of a background becomes the output,
so that an object of known size at a known point appears at the wanted size.

A window (x0, y0, side) in background pixels maps to the output square of
`out` pixels by q = (p - (x0, y0)) * out / side.
"""

from __future__ import annotations

import numpy as np

Window = tuple[float, float, float]


def clamp(x, lo, hi):
    """`np.clip` of one number (the same value; without numpy's per-call overhead, several per sample)."""
    return min(max(x, lo), hi)


def window_around(
    anchor: tuple[float, float],
    obj_px: float,
    want_px: float,
    out: int,
    image_wh: tuple[int, int],
    zoom_max: float,
    rel: tuple[float, float],
) -> Window:
    """The window that shows an object of `obj_px` background pixels at `want_px` output pixels,
    with the anchor at relative position `rel` of the window where the image allows.

    The window side is clamped to [largest / zoom_max, largest], so the
    background is never magnified past `zoom_max` nor the window past the image:
    the object's size then follows the background's scale, not the wish.
    """
    w, h = image_wh
    largest = float(min(w, h))
    side = obj_px * out / max(want_px, 1e-6)
    side = float(clamp(side, largest / zoom_max, largest))
    x0 = float(clamp(anchor[0] - rel[0] * side, 0, w - side))
    y0 = float(clamp(anchor[1] - rel[1] * side, 0, h - side))
    return x0, y0, side


def random_window(rng: np.random.Generator, image_wh: tuple[int, int], zoom_max: float) -> Window:
    """A random square crop between the largest window and `zoom_max` magnification of it."""
    w, h = image_wh
    largest = float(min(w, h))
    side = largest / rng.uniform(1.0, zoom_max)
    return float(rng.uniform(0, w - side)), float(rng.uniform(0, h - side)), side


def to_out(p, window: Window, out: int) -> np.ndarray:
    x0, y0, side = window
    return (np.asarray(p, float) - (x0, y0)) * (out / side)


def to_bank(q, window: Window, out: int) -> np.ndarray:
    x0, y0, side = window
    return np.asarray(q, float) * (side / out) + (x0, y0)


def affine(window: Window, out: int) -> np.ndarray:
    """The 2x3 matrix for cv2.warpAffine from the background to the output."""
    x0, y0, side = window
    z = out / side
    return np.float32([[z, 0, -x0 * z], [0, z, -y0 * z]])
