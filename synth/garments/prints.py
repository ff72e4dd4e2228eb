"""Fabric prints as pure functions of position: block prints, paisley, madras
checks, stripes, florals, butis, embroidery, batik.

Each returns two coverage masks (motif, second colour) over the garment's
normalised coordinates, so a print keeps its scale whatever the output size
and is drawn with no randomness of its own (the spec holds scale and phase).
"""

from __future__ import annotations

import numpy as np

Masks = tuple[np.ndarray, np.ndarray]


def _cells(gx: np.ndarray, gy: np.ndarray, scale: float, phase: tuple[float, float], half_drop: bool = True):
    """Cell-local coordinates in -0.5..0.5 of a repeat `scale` wide (half-drop: odd columns shifted down)."""
    u = gx / scale + phase[0]
    v = gy / scale + phase[1]
    if half_drop:
        v = v + 0.5 * (np.floor(u) % 2)
    return u - np.floor(u) - 0.5, v - np.floor(v) - 0.5, u, v


def solid(gx, gy, scale, phase) -> Masks:
    z = np.zeros_like(gx, dtype=bool)
    return z, z


def block(gx, gy, scale, phase) -> Masks:
    """A hand-block motif: a four-petal flower with a dot, diamonds at the cell corners."""
    fu, fv, _, _ = _cells(gx, gy, scale, phase)
    r, t = np.hypot(fu, fv), np.arctan2(fv, fu)
    petals = r < 0.3 * (0.55 + 0.45 * np.abs(np.cos(2 * t)))
    corners = (np.abs(fu) + np.abs(fv)) > 0.88
    return petals | corners, r < 0.08


def paisley(gx, gy, scale, phase) -> Masks:
    """Teardrops with a curled tip and an inner drop in the second colour."""
    fu, fv, _, _ = _cells(gx, gy, scale * 1.3, phase)
    outer = _drop(fu, fv, 1.0)
    inner = _drop(fu, fv, 0.55)
    return outer & ~inner, inner & (np.hypot(fu, fv - 0.1) < 0.08) | (inner & ~_drop(fu, fv, 0.4))


def _drop(x: np.ndarray, y: np.ndarray, s: float) -> np.ndarray:
    x, y = x / s, (y - 0.05) / s
    head = np.hypot(x, y - 0.1) < 0.22
    t = np.clip((y + 0.38) / 0.48, 0.0, 1.0)
    tail = (
        (y > -0.38) & (y < 0.1) & (x > -0.22 * np.sqrt(t) + 0.14 * (1 - t)) & (x < 0.22 * t**2 + 0.14 * (1 - t) + 0.02)
    )
    return head | tail


def checks(gx, gy, scale, phase) -> Masks:
    """Madras checks: wide and narrow bands both ways, the second colour across."""
    _, _, u, v = _cells(gx, gy, scale * 1.6, phase, half_drop=False)
    fu, fv = u - np.floor(u), v - np.floor(v)
    vert = (fu < 0.22) | (np.abs(fu - 0.6) < 0.05)
    horiz = (fv < 0.22) | (np.abs(fv - 0.6) < 0.05)
    return vert, horiz


def stripes(gx, gy, scale, phase) -> Masks:
    _, _, u, _ = _cells(gx, gy, scale, phase, half_drop=False)
    fu = u - np.floor(u)
    return fu < 0.3, np.abs(fu - 0.65) < 0.05


def floral(gx, gy, scale, phase) -> Masks:
    fu, fv, _, _ = _cells(gx, gy, scale * 1.2, phase)
    r, t = np.hypot(fu, fv), np.arctan2(fv, fu)
    flower = r < 0.26 * (0.55 + 0.45 * np.cos(5 * t))
    leaf = np.hypot((fu - 0.25) * 1.8, fv + 0.25) < 0.14
    return flower, leaf | (r < 0.06)


def dots(gx, gy, scale, phase) -> Masks:
    """Butis: small scattered dots on a half-drop grid."""
    fu, fv, _, _ = _cells(gx, gy, scale * 0.8, phase)
    r = np.hypot(fu, fv)
    return r < 0.12, r < 0.05


def embroidery(gx, gy, scale, phase) -> Masks:
    """Dense small diamonds and a lattice, as zari work catches the light."""
    fu, fv, _, _ = _cells(gx, gy, scale * 0.5, phase)
    diamond = (np.abs(fu) + np.abs(fv)) < 0.22
    lattice = (np.abs(np.abs(fu) - np.abs(fv)) < 0.05) & (np.hypot(fu, fv) > 0.3)
    return diamond | lattice, np.hypot(fu, fv) < 0.06


def batik(gx, gy, scale, phase) -> Masks:
    """Wavy wax-resist bands with crackle circles."""
    _, _, u, v = _cells(gx, gy, scale * 1.5, phase, half_drop=False)
    wave = np.sin(2 * np.pi * (u + 0.35 * np.sin(2 * np.pi * v * 0.7))) > 0.55
    fu, fv = u - np.floor(u) - 0.5, v - np.floor(v) - 0.5
    ring = np.abs(np.hypot(fu, fv) - 0.3) < 0.05
    return wave, ring & ~wave


PRINTS = {
    "solid": solid,
    "block": block,
    "paisley": paisley,
    "checks": checks,
    "stripes": stripes,
    "floral": floral,
    "dots": dots,
    "embroidery": embroidery,
    "batik": batik,
}


def print_masks(kind: str, gx: np.ndarray, gy: np.ndarray, scale: float, phase: tuple[float, float]) -> Masks:
    if kind not in PRINTS:
        raise KeyError(f"unknown print '{kind}'; prints: {', '.join(PRINTS)}")
    return PRINTS[kind](gx, gy, scale, phase)
