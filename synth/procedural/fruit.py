"""Fruit: lathed bodies with dimples, lobes and stems, mottled skins and a shop sticker.

Varieties of one fruit differ in colour, blush and shape the way Gala and
Granny Smith apples do, which is what makes fruit retrieval hard.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import prints, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import jitter, shade
from wildcat.synth.procedural.geometry import lathe, transformed, tube
from wildcat.synth.procedural.profiles import texture_shape

# variety -> (fruit, base colour, blush colour, radius m, height/width ratio)
VARIETIES = {
    "red apple": ("apple", (150, 25, 30), (200, 150, 40), 0.04, 0.9),
    "green apple": ("apple", (120, 180, 60), (170, 200, 80), 0.039, 0.92),
    "yellow apple": ("apple", (225, 195, 70), (210, 120, 50), 0.038, 0.95),
    "pear": ("pear", (180, 190, 70), (160, 120, 50), 0.035, 1.55),
    "orange": ("orange", (240, 130, 20), (230, 150, 40), 0.042, 0.95),
    "lemon": ("lemon", (245, 215, 45), (225, 205, 60), 0.03, 1.4),
    "tomato": ("tomato", (215, 35, 25), (235, 80, 40), 0.037, 0.8),
    "avocado": ("avocado", (50, 70, 30), (30, 45, 25), 0.035, 1.4),
    "peach": ("peach", (240, 170, 80), (210, 60, 50), 0.038, 0.95),
}
ROWS = 48
SEGMENTS = 64


def fruit(rng: np.random.Generator) -> Product3D:
    variety = str(rng.choice(list(VARIETIES)))
    kind, base, blush, radius, aspect = VARIETIES[variety]
    radius *= rng.uniform(0.9, 1.1)
    r, y = _profile(kind, radius, aspect * rng.uniform(0.95, 1.05), rng)
    outline = _outline(kind, rng)
    shape = texture_shape(r, y, width=256, hi=256)
    skin = textures.skin(
        rng, shape, jitter(base, rng, 0.04), jitter(blush, rng, 0.05), pores=2.0 if kind in ("orange", "lemon") else 0.5
    )
    sticker = prints.brand_name(rng)
    _sticker(skin, sticker, rng)
    if kind == "tomato":
        _calyx(skin)
    body = Material("skin", skin, roughness=0.35 if kind in ("apple", "tomato") else 0.6)
    pieces = [Piece(lathe(r, y, SEGMENTS, outline), body)]
    if kind in ("apple", "pear"):
        top = float(y.max())
        path = np.array([[0, top - 0.012, 0], [0.001, top, 0], [0.004, top + 0.012, 0.001]])
        stem = Material("stem", textures.wood(rng, (32, 64), (95, 70, 40)), roughness=0.8)
        pieces.append(Piece(tube(path, 0.0018, sides=8), stem))
    if kind == "lemon":  # lies on its side
        rot = np.array([[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], float)
        pieces = [Piece(transformed(p.surface, rot), p.material) for p in pieces]
    return Product3D(pieces, f"{sticker} {variety}", {"kind": kind, "variety": variety, "sticker": sticker})


def _profile(kind: str, radius: float, aspect: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(radius, height) from the bottom pole to the top pole."""
    theta = np.linspace(0, np.pi, ROWS)
    up = -np.cos(theta)  # -1 at the bottom, +1 at the top
    width = np.sin(theta)
    if kind == "apple":
        width = width * (1 + 0.1 * up)
    elif kind == "pear":
        width = width * (0.5 + 0.5 * (1 - (up + 1) / 2) ** 0.8) ** 1.2 * 1.3
    elif kind in ("lemon", "avocado"):
        width = width ** (1.3 if kind == "lemon" else 1.0) * (1 - 0.2 * up if kind == "avocado" else 1)
    r = radius * width
    y = radius * aspect * (up + 1)
    if kind in ("apple", "tomato", "peach"):  # dimples round the stem and the calyx
        depth = radius * rng.uniform(0.15, 0.25)
        y = y - depth * np.exp(-(((np.pi - theta) / 0.35) ** 2)) + 0.5 * depth * np.exp(-((theta / 0.3) ** 2))
    y = y - y.min()
    return r, y


def _outline(kind: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal section: lobes for tomatoes and apples, a crease for peaches."""
    phi = 2 * np.pi * (np.linspace(0, 1, SEGMENTS + 1) - 0.5)
    scale = np.ones_like(phi)
    if kind == "tomato":
        scale += 0.05 * np.cos(5 * phi + rng.uniform(0, 2 * np.pi))
    elif kind == "apple":
        scale += 0.025 * np.cos(5 * phi + rng.uniform(0, 2 * np.pi))
    elif kind == "peach":
        scale -= 0.06 * np.exp(-(((phi - 0.4) / 0.12) ** 2))
    return scale * np.sin(phi), scale * np.cos(phi)


def _sticker(skin: np.ndarray, text: str, rng: np.random.Generator) -> None:
    """A small oval shop sticker on the front (u = 0.5), in place."""
    h, w = skin.shape[:2]
    im, draw = prints.canvas(skin)
    cx, cy = w * 0.5, h * rng.uniform(0.45, 0.55)
    rx, ry = w * 0.035, h * 0.045
    color = tuple(int(c) for c in rng.choice([(250, 250, 245), (30, 90, 40), (20, 60, 140), (240, 200, 40)]))
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=color, outline=(40, 40, 40))
    ink = (20, 20, 20) if sum(color) > 450 else (245, 245, 245)
    prints.text_centered(draw, (cx, cy), text[:5], ry * 0.6, ink, max_width=rx * 1.7)
    skin[:] = np.asarray(im)


def _calyx(skin: np.ndarray) -> None:
    """The green star of a tomato's calyx round the top pole (v near 1), in place."""
    h, w = skin.shape[:2]
    u = np.linspace(0, 1, w)[None]
    v = 1 - np.arange(h)[:, None] / h
    star = v > 0.88 - 0.08 * np.maximum(np.cos(5 * 2 * np.pi * u), 0)
    skin[star] = shade((60, 120, 40), 1.0)
