"""Named colours: products get a colour a person can name in the title, with small
shade jitter so two "teal" mugs are not the same teal."""

from __future__ import annotations

import colorsys

import numpy as np

#: name -> RGB (0..255)
NAMED: dict[str, tuple[int, int, int]] = {
    "red": (200, 32, 40),
    "crimson": (150, 20, 45),
    "coral": (240, 110, 90),
    "orange": (240, 130, 30),
    "amber": (230, 170, 40),
    "yellow": (245, 215, 50),
    "lime": (150, 200, 60),
    "green": (40, 140, 70),
    "olive": (110, 115, 50),
    "teal": (30, 130, 135),
    "sky blue": (100, 170, 225),
    "blue": (35, 85, 190),
    "navy": (25, 35, 85),
    "purple": (110, 55, 150),
    "magenta": (190, 40, 130),
    "pink": (240, 160, 185),
    "brown": (110, 65, 35),
    "tan": (200, 160, 110),
    "beige": (225, 210, 180),
    "cream": (245, 238, 215),
    "white": (240, 240, 238),
    "grey": (140, 142, 145),
    "charcoal": (55, 58, 62),
    "black": (22, 22, 24),
}
NEUTRALS = ("white", "cream", "beige", "grey", "charcoal", "black")
VIVID = tuple(n for n in NAMED if n not in NEUTRALS)


def jitter(rgb: tuple[int, int, int], rng: np.random.Generator, amount: float = 0.06) -> tuple[int, int, int]:
    """The colour with hue, saturation and value nudged by up to `amount` (fractions)."""
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    h = (h + rng.uniform(-amount, amount) * 0.5) % 1.0
    s = float(np.clip(s + rng.uniform(-amount, amount), 0, 1))
    v = float(np.clip(v + rng.uniform(-amount, amount), 0, 1))
    return tuple(int(round(c * 255)) for c in colorsys.hsv_to_rgb(h, s, v))  # type: ignore[return-value]


def pick(
    rng: np.random.Generator, names: tuple[str, ...] = tuple(NAMED), k: int = 1
) -> list[tuple[str, tuple[int, int, int]]]:
    """`k` distinct named colours from `names`, each jittered."""
    chosen = rng.choice(len(names), size=k, replace=False)
    return [(names[i], jitter(NAMED[names[i]], rng)) for i in chosen]


def shade(rgb, factor: float) -> tuple[int, int, int]:
    """Darker (factor < 1) or lighter (> 1, towards white) version of a colour."""
    c = np.asarray(rgb, float)
    out = c * factor if factor <= 1 else c + (255 - c) * (factor - 1)
    return tuple(int(x) for x in np.clip(np.rint(out), 0, 255))  # type: ignore[return-value]


def nearest(rgb) -> str:
    """The name of the named colour closest to `rgb` (plain RGB distance)."""
    c = np.asarray(rgb, float)
    return min(NAMED, key=lambda n: float(np.sum((np.asarray(NAMED[n], float) - c) ** 2)))
