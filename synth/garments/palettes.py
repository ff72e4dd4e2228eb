"""Named colours per market: saturated dyes and gold for Indian wear, neutrals
and denim for Western wear. A colour name ends up in the product title."""

from __future__ import annotations

PALETTES: dict[str, dict[str, tuple[int, int, int]]] = {
    "indian": {
        "saffron": (240, 130, 30),
        "turmeric": (230, 180, 30),
        "magenta": (200, 30, 120),
        "maroon": (120, 20, 40),
        "emerald": (20, 130, 80),
        "peacock blue": (10, 100, 140),
        "indigo": (40, 50, 120),
        "parrot green": (110, 190, 50),
        "rani pink": (230, 60, 140),
        "vermilion": (215, 50, 35),
        "mustard": (200, 150, 40),
        "teal": (20, 120, 120),
    },
    "western": {
        "navy": (30, 40, 80),
        "black": (30, 30, 35),
        "charcoal": (70, 70, 75),
        "beige": (210, 190, 160),
        "denim": (70, 100, 150),
        "olive": (110, 110, 60),
        "burgundy": (110, 30, 50),
        "cream": (235, 225, 200),
        "sky blue": (130, 170, 220),
        "blush": (225, 170, 170),
        "camel": (180, 130, 80),
        "white": (240, 240, 238),
    },
    "formal": {
        "black": (28, 28, 32),
        "navy": (30, 40, 80),
        "charcoal": (65, 65, 70),
        "burgundy": (100, 25, 45),
        "camel": (170, 125, 80),
        "bottle green": (25, 70, 45),
    },
    "festive": {
        "crimson": (170, 15, 40),
        "deep red": (150, 20, 30),
        "magenta": (180, 20, 100),
        "royal blue": (30, 50, 150),
        "bottle green": (20, 90, 50),
        "purple": (90, 30, 110),
    },
    "undyed": {"white": (245, 243, 235), "cream": (240, 230, 205), "off-white": (235, 232, 220)},
    "metal": {"gold": (212, 170, 60), "antique gold": (180, 140, 60), "silver": (200, 200, 205)},
    "leather": {"tan": (170, 110, 60), "brown": (100, 60, 35), "black": (30, 28, 28)},
}

#: Contrast border colours for sarees, dhotis, lehengas.
BORDER_COLOURS = {
    **PALETTES["metal"],
    "red": (190, 25, 30),
    "green": (20, 120, 60),
    "maroon": (110, 20, 35),
    "black": (25, 25, 25),
    "royal blue": (30, 50, 150),
}
