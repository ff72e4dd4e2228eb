"""Shoes: a lofted sole and upper along the foot (toe towards +X), with painted panels.

The sole is a rounded-rectangle section swept along the footprint; the upper
is an arch over the same footprint whose height follows the shoe type, with a
dip and a dark lining where the foot goes in. Catalog cameras look from +Z,
so they see the shoe's side, as shop photos do.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from wildcat.synth.procedural import prints, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import NEUTRALS, VIVID, pick, shade
from wildcat.synth.procedural.geometry import loft
from wildcat.synth.procedural.noise import to_uint8

SECTIONS, AROUND = 48, 32
# type -> (heights of the upper at t = 0 .. 1 along the foot (m), collar opening t-span, has laces)
SHOE_TYPES = {
    "sneaker": ((0.065, 0.068, 0.066, 0.075, 0.07, 0.05, 0.035, 0.015), (0.03, 0.4), True),
    "boot": ((0.15, 0.152, 0.15, 0.13, 0.095, 0.06, 0.04, 0.015), (0.02, 0.3), True),
    "loafer": ((0.055, 0.055, 0.05, 0.05, 0.055, 0.045, 0.03, 0.012), (0.03, 0.5), False),
    "runner": ((0.07, 0.072, 0.068, 0.08, 0.072, 0.05, 0.035, 0.018), (0.03, 0.4), True),
}
T = np.linspace(0, 1, SECTIONS)


def shoe(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(list(SHOE_TYPES)))
    heights, opening, laced = SHOE_TYPES[kind]
    L, W = rng.uniform(0.25, 0.29), rng.uniform(0.09, 0.105)
    half_w = _footprint(W)
    sole_t = np.full_like(T, rng.uniform(0.02, 0.035) if kind in ("sneaker", "runner") else 0.012)
    if kind in ("boot", "loafer"):  # a heel block under the back
        sole_t += rng.uniform(0.01, 0.025) / (1 + np.exp((T - 0.28) / 0.02))
    spring = rng.uniform(0.01, 0.025) * np.clip((T - 0.75) / 0.25, 0, 1) ** 2
    h = np.interp(T, np.linspace(0, 1, len(heights)), heights) * rng.uniform(0.92, 1.08)
    x = (T - 0.5) * L
    (main_name, main_rgb), (accent_name, accent_rgb) = pick(rng, VIVID + NEUTRALS, k=2)
    sole_rgb = {"sneaker": (242, 242, 238), "runner": (242, 242, 238), "boot": (60, 45, 35), "loafer": (50, 35, 25)}[
        kind
    ]
    if kind in ("sneaker", "runner") and rng.random() < 0.3:
        sole_rgb = (195, 150, 95)  # gum sole
    leathery = kind in ("boot", "loafer") or rng.random() < 0.3
    upper_tex = _upper_texture(rng, kind, main_rgb, accent_rgb, opening, laced, leathery)
    pieces = [
        Piece(
            _sole(x, half_w, sole_t, spring),
            Material("sole", _sole_texture(rng, sole_rgb, accent_rgb, kind), roughness=0.8),
        ),
        Piece(
            _upper(x, half_w * 0.94, sole_t - 0.002, h, spring, opening),
            Material("upper", upper_tex, roughness=0.45 if leathery else 0.85),
        ),
    ]
    brand = prints.brand_name(rng)
    return Product3D(
        pieces,
        f"{brand} {main_name} {kind}",
        {"kind": kind, "main": main_name, "accent": accent_name, "leather": bool(leathery), "brand": brand},
    )


def _footprint(width: float) -> np.ndarray:
    """Half-width (m) along the foot: narrow heel, widest at the ball, rounded toe."""
    ball = 0.78 + 0.22 * np.exp(-(((T - 0.68) / 0.25) ** 2))
    k = np.where(T < 0.5, 4.0, 2.2)  # square-ish heel, rounder toe
    ends = np.clip(1 - np.abs(2 * T - 1) ** k, 0, 1) ** (1 / k)
    return width / 2 * ball * ends


def _sole(x, half_w, thickness, spring):
    psi = np.linspace(0, 2 * np.pi, AROUND + 1)
    c, s = np.cos(psi), np.sin(psi)
    zs = np.sign(c) * np.abs(c) ** (2 / 6)  # a rounded rectangle (superellipse)
    ys = np.sign(s) * np.abs(s) ** (2 / 6)
    sections = np.stack(
        [
            np.broadcast_to(x[:, None], (SECTIONS, AROUND + 1)),
            spring[:, None] + thickness[:, None] * (0.5 + 0.5 * ys[None]),
            half_w[:, None] * zs[None],
        ],
        -1,
    )
    return loft(sections)


def _upper(x, half_w, base, heights, spring, opening):
    theta = np.linspace(0, np.pi, AROUND + 1)
    arch = np.sin(theta) ** 0.6
    o0, o1 = opening
    in_opening = np.clip(np.minimum(T - o0, o1 - T) / 0.08, 0, 1)  # 0 outside the collar, 1 inside
    dip = 0.3 * heights * in_opening
    y = spring[:, None] + base[:, None] + heights[:, None] * arch[None] - dip[:, None] * np.sin(theta)[None] ** 8
    z = half_w[:, None] * np.cos(theta)[None]
    return loft(np.stack([np.broadcast_to(x[:, None], y.shape), y, z], -1))


def _upper_texture(rng, kind, main, accent, opening, laced, leathery) -> np.ndarray:
    """Length along x (toe on the right), around the arch along y (top of the shoe in the middle row)."""
    h, w = 256, 512
    tex = (textures.leather if leathery else textures.fabric)(rng, (h, w), main)
    im, draw = prints.canvas(tex)
    if kind in ("sneaker", "runner"):
        draw.rectangle((int(w * 0.82), 0, w, h), fill=tuple(shade(main, 0.85)))  # toe cap
        draw.rectangle((0, 0, int(w * 0.14), h), fill=tuple(accent))  # heel counter
        for side in (0.22, 0.78):  # the brand mark on both sides: a sweeping band
            xs = np.linspace(0.3, 0.72, 20) * w
            ys = (side + (0.06 if side < 0.5 else -0.06) * np.sin(np.linspace(0, np.pi, 20))) * h
            draw.line(list(zip(xs, ys, strict=False)), fill=tuple(accent), width=int(h * 0.06))
    if laced:
        x0, x1 = opening[1] * w, (opening[1] + 0.3) * w
        draw.rectangle((x0, h * 0.43, x1, h * 0.57), fill=tuple(shade(main, 0.7)))
        for xi in np.linspace(x0 + 6, x1 - 6, 6):
            draw.line((xi, h * 0.44, xi + 10, h * 0.56), fill=(245, 245, 240), width=3)
            draw.line((xi + 10, h * 0.44, xi, h * 0.56), fill=(245, 245, 240), width=3)
    o0, o1 = opening
    draw.ellipse((o0 * w, h * 0.3, o1 * w, h * 0.7), fill=tuple(shade(main, 0.25)))
    for v in (0.06, 0.94):  # stitching above the sole
        for xi in range(4, w - 4, 10):
            draw.line((xi, v * h, xi + 5, v * h), fill=tuple(shade(main, 0.55)), width=1)
    return np.asarray(im)


def _sole_texture(rng, rgb, accent, kind) -> np.ndarray:
    """Around the section: side wall in v 0..0.5 (top at 0.25), tread underneath (v about 0.75)."""
    h, w = 128, 256
    base = np.broadcast_to(np.asarray(rgb, np.float32), (h, w, 3)).copy()
    v = 1 - np.arange(h) / h
    tread = np.abs(v - 0.75) < 0.2
    yy, xx = np.mgrid[:h, :w]
    pattern = (np.sin(xx * 0.5) * np.sin(yy * 0.9) > 0.2)[tread]
    base[tread] = np.where(pattern[..., None], base[tread] * 0.55, base[tread] * 0.8)
    if kind in ("sneaker", "runner"):
        stripe = np.abs(v - 0.12) < 0.025
        base[stripe] = accent
        base[np.abs(v - 0.37) < 0.025] = accent
    return to_uint8(gaussian_filter(base, (0.6, 0.6, 0)))
