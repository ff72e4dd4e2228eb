"""Lathe profiles: smooth curves through a few control points, and the texture
shape that keeps artwork undistorted on the lathed surface."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from wildcat.synth.procedural.geometry import arc_fraction


def smooth_profile(points: list[tuple[float, float]], n: int, smooth: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """(radius, height) arrays of `n` points evenly spaced along the polyline `points`, corners rounded.

    `smooth` is the rounding in resampled points (a Gaussian sigma); the end
    points stay where they are, so a profile starting or ending on the axis
    stays closed.
    """
    p = np.asarray(points, float)
    s = arc_fraction(p)
    t = np.linspace(0, 1, n)
    out = np.stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])], 1)
    if smooth > 0:
        smoothed = gaussian_filter1d(out, smooth, axis=0, mode="nearest")
        smoothed[0], smoothed[-1] = out[0], out[-1]
        out = smoothed
    out[:, 0] = np.maximum(out[:, 0], 0.0)
    return out[:, 0], out[:, 1]


def creased(points: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """(radius, height) through `points` with every inner point doubled: a sharp edge there.

    The doubled rows make no triangles of their own; they let the two faces
    meeting at the edge keep their own normals (see `geometry.smooth_normals`).
    """
    p = np.asarray(points, float)
    p = np.concatenate([p[:1], np.repeat(p[1:-1], 2, axis=0), p[-1:]])
    return p[:, 0], p[:, 1]


def texture_shape(
    radius: np.ndarray, height: np.ndarray, width: int = 512, lo: int = 64, hi: int = 1024
) -> tuple[int, int]:
    """(h, w) of a texture for a lathe of this profile, so a texel is about square on the widest ring."""
    circumference = 2 * np.pi * float(np.max(radius))
    arc = float(np.sum(np.hypot(np.diff(radius), np.diff(height))))
    return int(np.clip(width * arc / max(circumference, 1e-9), lo, hi)), width


def v_at(radius: np.ndarray, height: np.ndarray, index: int) -> float:
    """The texture v of profile point `index` (arc-length fraction, 0 at the first point)."""
    return float(arc_fraction(np.stack([radius, height], 1))[index])


def rows(v0: float, v1: float, h: int) -> slice:
    """Image rows covering texture v in [v0, v1] (v = 1 is the top row)."""
    a, b = sorted((v0, v1))
    return slice(int(round((1 - b) * h)), max(int(round((1 - a) * h)), int(round((1 - b) * h)) + 1))
