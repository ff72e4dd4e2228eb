"""Printed graphics for packaging and labels: brand names, logos, fine print, barcodes.

Drawing goes through Pillow's ImageDraw with Pillow's built-in font, so the
same seed gives the same pixels on every machine with the same Pillow.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "zen",
    "ta",
    "vo",
    "no",
    "bel",
    "ri",
    "sa",
    "do",
    "fu",
    "ne",
    "mar",
    "ol",
    "po",
    "ki",
    "lu",
    "ve",
)
WORDS = (
    "fresh",
    "organic",
    "classic",
    "original",
    "light",
    "extra",
    "natural",
    "premium",
    "gold",
    "pure",
    "family",
    "daily",
)
LOGO_SHAPES = ("circle", "ring", "diamond", "star", "leaf", "shield", "sun")


def brand_name(rng: np.random.Generator) -> str:
    """A pronounceable made-up brand ("Kalomi", "Zenta")."""
    n = int(rng.integers(2, 4))
    return "".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), n)).capitalize()


def tagline(rng: np.random.Generator) -> str:
    return WORDS[int(rng.integers(len(WORDS)))].upper()


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=max(6, int(size)))


def text_centered(
    draw: ImageDraw.ImageDraw,
    center: tuple[float, float],
    text: str,
    height: float,
    fill,
    max_width: float | None = None,
) -> None:
    """Draw `text` centred on `center`, about `height` pixels tall, shrunk to fit `max_width`."""
    size = int(height)
    f = font(size)
    if max_width is not None:
        width = draw.textlength(text, font=f)
        if width > max_width:
            f = font(int(size * max_width / width))
    draw.text(center, text, fill=tuple(fill), font=f, anchor="mm")


def logo(draw: ImageDraw.ImageDraw, center: tuple[float, float], radius: float, shape: str, fill, accent) -> None:
    """A simple brand mark: one of LOGO_SHAPES in `fill`, with an `accent` detail."""
    cx, cy = center
    r = radius
    box = (cx - r, cy - r, cx + r, cy + r)
    if shape == "circle":
        draw.ellipse(box, fill=tuple(fill))
        draw.ellipse((cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55), fill=tuple(accent))
    elif shape == "ring":
        draw.ellipse(box, outline=tuple(fill), width=max(2, int(r * 0.25)))
        draw.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), fill=tuple(accent))
    elif shape == "diamond":
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=tuple(fill))
        draw.polygon(
            [(cx, cy - r * 0.45), (cx + r * 0.45, cy), (cx, cy + r * 0.45), (cx - r * 0.45, cy)], fill=tuple(accent)
        )
    elif shape == "star":
        ang = np.linspace(-np.pi / 2, 1.5 * np.pi, 11)[:-1]
        rad = np.where(np.arange(10) % 2 == 0, r, r * 0.45)
        draw.polygon(
            list(zip(cx + rad * np.cos(ang), cy + rad * np.sin(ang), strict=False)),
            fill=tuple(fill),
            outline=tuple(accent),
        )
    elif shape == "leaf":
        draw.ellipse((cx - r * 0.45, cy - r, cx + r * 0.45, cy + r), fill=tuple(fill))
        draw.line((cx, cy - r * 0.9, cx, cy + r * 0.9), fill=tuple(accent), width=max(1, int(r * 0.08)))
    elif shape == "shield":
        draw.polygon(
            [(cx - r * 0.8, cy - r), (cx + r * 0.8, cy - r), (cx + r * 0.8, cy), (cx, cy + r), (cx - r * 0.8, cy)],
            fill=tuple(fill),
        )
        draw.rectangle((cx - r * 0.5, cy - r * 0.6, cx + r * 0.5, cy - r * 0.3), fill=tuple(accent))
    else:  # sun
        for a in np.linspace(0, 2 * np.pi, 13)[:-1]:
            draw.line((cx, cy, cx + r * np.cos(a), cy + r * np.sin(a)), fill=tuple(fill), width=max(1, int(r * 0.12)))
        draw.ellipse((cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), fill=tuple(accent))


def fine_print(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], fill, rng: np.random.Generator, line: float = 5.0
) -> None:
    """Rows of word-like blocks filling `box`: text too small to read, as on real packs."""
    x0, y0, x1, y1 = box
    y = y0
    while y + line * 0.6 <= y1:
        x = x0
        end = x1 - rng.uniform(0, 0.4) * (x1 - x0)
        while x < end:
            word = line * rng.uniform(1.0, 4.0)
            draw.rectangle((x, y, min(x + word, end), y + line * 0.55), fill=tuple(fill))
            x += word + line * 0.6
        y += line * 1.15


def barcode(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], rng: np.random.Generator) -> None:
    x0, y0, x1, y1 = box
    if y1 - y0 < 6 or x1 - x0 < 8:  # too small to print
        return
    draw.rectangle(box, fill=(250, 250, 250))
    x = int(x0) + 2
    while x < x1 - 3:
        bar = int(rng.choice([1, 1, 2, 3]))
        if rng.random() < 0.55:
            draw.rectangle((x, int(y0) + 2, x + bar - 1, int(y1) - 2), fill=(15, 15, 15))
        x += bar


def canvas(array: np.ndarray) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A Pillow image and drawer over a copy of `array` (read back with np.asarray)."""
    im = Image.fromarray(np.ascontiguousarray(array))
    return im, ImageDraw.Draw(im)
