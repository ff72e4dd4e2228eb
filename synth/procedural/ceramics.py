"""Home ceramics: mugs and vases, lathed as walls with real thickness and glazed or printed."""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import labels, prints, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import NEUTRALS, VIVID, nearest, pick, shade
from wildcat.synth.procedural.geometry import lathe, tube
from wildcat.synth.procedural.profiles import rows, smooth_profile, texture_shape, v_at

SEGMENTS = 64
MUG_SHAPES = ("straight", "tapered", "barrel", "espresso")
MUG_DECOR = ("plain", "stripes", "dipped", "print", "dots")
# vase shape -> outer radius (fraction of the widest) at heights 0, ..., 1
VASE_SHAPES = {
    "bulb": (0.55, 0.95, 1.0, 0.7, 0.32, 0.38),
    "amphora": (0.5, 0.85, 1.0, 0.8, 0.5, 0.62),
    "cylinder": (0.96, 1.0, 1.0, 1.0, 0.98, 0.96),
    "trumpet": (0.62, 0.45, 0.42, 0.5, 0.7, 1.0),
    "bottle": (0.7, 1.0, 0.95, 0.3, 0.22, 0.28),
}


def _walled_profile(
    outer_r: np.ndarray, outer_y: np.ndarray, wall: float, floor: float, depth: float
) -> tuple[list, int, int]:
    """Control points of a vessel: outside up from the bottom centre, over the rim, inside down to its floor.

    Returns the points and the index range of the outside wall (for artwork).
    """
    top_r, top_y = outer_r[-1], outer_y[-1]
    inner_floor = max(floor, top_y - depth)
    pts = [(0.0, 0.0), (outer_r[0] * 0.9, 0.0)] + list(zip(outer_r, outer_y, strict=False))
    first_wall, last_wall = 2, len(pts) - 1
    pts += [(top_r - wall / 2, top_y + wall * 0.4), (top_r - wall, top_y)]
    inner_r = np.interp(inner_floor + 0.01, outer_y, outer_r) - wall
    pts += [
        (min(top_r - wall, inner_r), inner_floor + 0.01),
        (max(inner_r - 0.01, 0.0) * 0.8, inner_floor),
        (0.0, inner_floor),
    ]
    return pts, first_wall, last_wall


def mug(rng: np.random.Generator) -> Product3D:
    shape = str(rng.choice(MUG_SHAPES))
    decor = str(rng.choice(MUG_DECOR))
    R, H = (0.03, 0.065) if shape == "espresso" else (rng.uniform(0.036, 0.045), rng.uniform(0.085, 0.105))
    y = np.linspace(0.004, H, 8)
    t = y / H
    r = {
        "straight": np.full_like(t, R),
        "tapered": R * (0.82 + 0.18 * t),
        "barrel": R * (1 + 0.08 * np.sin(np.pi * t)),
        "espresso": R * (0.85 + 0.15 * t),
    }[shape]
    pts, w0, w1 = _walled_profile(r, y, wall=0.004, floor=0.008, depth=H)
    n_rows = 56
    pr, py = smooth_profile(pts, n_rows, smooth=1.0)
    (glaze_name, glaze_rgb), (accent_name, accent_rgb) = pick(rng, VIVID + NEUTRALS, k=2)
    th, tw = texture_shape(pr, py)
    tex = textures.glaze(rng, (th, tw), glaze_rgb, shade(glaze_rgb, 0.9), specks=float(rng.uniform(0, 0.6)))
    wall = rows(*_wall_v(pr, py, pts[w0], pts[w1]), th)
    _decorate(rng, tex, wall, decor, glaze_rgb, accent_rgb)
    body = Material("glaze", tex, roughness=0.25)
    ring = np.linspace(-0.5 * np.pi, 0.5 * np.pi, 20)
    y0, y1 = 0.25 * H, 0.8 * H
    reach = rng.uniform(0.02, 0.03)
    path = np.stack(
        [
            np.interp((y0 + y1) / 2, y, r) - 0.003 + reach * np.cos(ring),
            (y0 + y1) / 2 + (y1 - y0) / 2 * np.sin(ring),
            np.zeros_like(ring),
        ],
        1,
    )
    handle = Material(
        "handle", textures.solid((16, 16), glaze_rgb if decor != "dipped" else accent_rgb), roughness=0.25
    )
    pieces = [Piece(lathe(pr, py, SEGMENTS), body), Piece(tube(path, rng.uniform(0.005, 0.007), sides=12), handle)]
    return Product3D(
        pieces,
        f"{glaze_name} {decor} {shape} mug",
        {"shape": shape, "decor": decor, "glaze": glaze_name, "accent": accent_name},
    )


def _wall_v(pr: np.ndarray, py: np.ndarray, start: tuple, end: tuple) -> tuple[float, float]:
    """Texture v of the resampled profile points nearest the outside wall's first and last control points."""
    d = lambda p: int(np.argmin(np.hypot(pr - p[0], py - p[1])))  # noqa: E731
    return v_at(pr, py, d(start)), v_at(pr, py, d(end))


def _decorate(rng: np.random.Generator, tex: np.ndarray, wall: slice, decor: str, base, accent) -> None:
    """Paint the outside wall rows of a vessel texture, in place."""
    h = wall.stop - wall.start
    w = tex.shape[1]
    if decor == "stripes":
        n = int(rng.integers(2, 6))
        ys = np.arange(h)[:, None] / h
        band = (np.sin(2 * np.pi * ys * n) > rng.uniform(0.3, 0.8)).repeat(w, 1)
        tex[wall][band] = accent
    elif decor == "dipped":
        level = rng.uniform(0.35, 0.6)
        wave = level + 0.04 * np.sin(np.linspace(0, 2 * np.pi * int(rng.integers(2, 6)), w))
        below = (np.arange(h)[:, None] / h) > 1 - wave[None]
        tex[wall][below] = accent
    elif decor == "dots":
        k = int(rng.integers(8, 16))
        yy, xx = np.mgrid[:h, :w]
        dots = ((xx * k / w) % 1 - 0.5) ** 2 + ((yy * k / w) % 1 - 0.5) ** 2 < 0.06
        tex[wall][dots] = accent
    elif decor == "print":
        art = labels.wrap_label(
            rng,
            (h, w),
            {"background": ("", base), "accent": ("", accent), "ink": ("", shade(accent, 0.4))},
            prints.brand_name(rng),
            "split",
            str(rng.choice(prints.LOGO_SHAPES)),
        )
        tex[wall] = art


def vase(rng: np.random.Generator) -> Product3D:
    shape = str(rng.choice(list(VASE_SHAPES)))
    R, H = rng.uniform(0.05, 0.09), rng.uniform(0.18, 0.34)
    fractions = np.asarray(VASE_SHAPES[shape]) * rng.uniform(0.93, 1.07, 6)
    y = np.linspace(0.0, H, len(fractions))
    pts, w0, w1 = _walled_profile(R * fractions, y, wall=0.006, floor=0.01, depth=0.3 * H)
    pr, py = smooth_profile(pts, 72, smooth=2.0)
    finish = str(rng.choice(["glossy", "matte", "speckled", "banded"]))
    (top_name, top_rgb), (bottom_name, bottom_rgb) = pick(rng, VIVID + NEUTRALS, k=2)
    if rng.random() < 0.5:
        bottom_rgb, bottom_name = shade(top_rgb, 0.6), top_name
    th, tw = texture_shape(pr, py)
    tex = textures.glaze(rng, (th, tw), top_rgb, bottom_rgb, specks=0.8 if finish == "speckled" else 0.0)
    wall = rows(*_wall_v(pr, py, pts[w0], pts[w1]), th)
    if finish == "banded":
        _decorate(rng, tex, wall, "stripes", top_rgb, shade(bottom_rgb, 0.7))
    material = Material("glaze", tex, roughness={"glossy": 0.15, "matte": 0.85}.get(finish, 0.4))
    colour = nearest(tex[wall].reshape(-1, 3).mean(axis=0))  # what the outside looks like overall
    return Product3D(
        [Piece(lathe(pr, py, SEGMENTS), material)],
        f"{colour} {finish} {shape} vase",
        {"shape": shape, "finish": finish, "top": top_name, "bottom": bottom_name},
    )
