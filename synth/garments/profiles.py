"""How each built-in shape varies: the ranges its spec is sampled from.

The numbers carry the cues people use to tell look-alikes apart: a kurti is
longer than a tunic and has side slits; a saree, dhoti and lehenga carry a
contrast border; a lungi is checked; an anarkali flares far more than a dress.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wildcat.synth.garments.palettes import BORDER_COLOURS, PALETTES
from wildcat.synth.garments.spec import GarmentSpec

Range = tuple[float, float]


@dataclass(frozen=True)
class Profile:
    family: str  # upper, coat, skirt, legged, drape, accessory: which drawer draws it
    palette: tuple[str, ...]  # palettes the body colour comes from
    prints: tuple[str, ...]  # print kinds, repeated entries weigh more
    length: Range = (0.5, 0.5)
    width: Range = (0.16, 0.16)
    flare: Range = (1.0, 1.0)
    sleeves: tuple[str, ...] = ("none",)
    necklines: tuple[str, ...] = ("round",)
    slit: Range = (0.0, 0.0)
    border: Range = (0.0, 0.0)
    border_p: float = 0.0  # probability that it has a contrast border
    sheer: Range = (0.0, 0.0)
    accent: tuple[str, ...] = ("metal",)
    variants: tuple[int, int] = (0, 0)  # inclusive range of `variant`


PROFILES: dict[str, Profile] = {
    "top": Profile(
        "upper",
        ("western",),
        ("solid", "solid", "stripes", "dots", "floral"),
        (0.40, 0.46),
        (0.15, 0.17),
        (1.0, 1.08),
        ("short", "short", "none"),
        ("round", "v", "boat"),
        accent=("western",),
    ),
    "tunic": Profile(
        "upper",
        ("western",),
        ("solid", "stripes", "floral", "dots"),
        (0.56, 0.62),
        (0.15, 0.17),
        (1.08, 1.22),
        ("three_quarter", "long", "short"),
        ("round", "v", "boat"),
        accent=("western",),
    ),
    "kurti": Profile(
        "upper",
        ("indian",),
        ("block", "paisley", "floral", "dots", "solid"),
        (0.76, 0.86),
        (0.15, 0.17),
        (1.05, 1.25),
        ("three_quarter", "long", "short"),
        ("mandarin", "keyhole", "round_placket"),
        slit=(0.13, 0.2),
        border=(0.015, 0.03),
        border_p=0.5,
        accent=("indian", "metal"),
    ),
    "anarkali": Profile(
        "upper",
        ("festive", "indian"),
        ("embroidery", "block", "floral", "solid"),
        (0.88, 0.94),
        (0.14, 0.16),
        (2.6, 3.0),
        ("long", "three_quarter"),
        ("round", "v", "keyhole"),
        border=(0.04, 0.07),
        border_p=1.0,
        accent=("metal",),
    ),
    "dress": Profile(
        "upper",
        ("western",),
        ("solid", "floral", "dots", "stripes"),
        (0.62, 0.70),
        (0.14, 0.16),
        (1.7, 2.1),
        ("none", "short"),
        ("round", "v", "boat"),
        accent=("western",),
    ),
    "sherwani": Profile(
        "coat",
        ("undyed", "festive"),
        ("embroidery", "solid", "embroidery"),
        (0.80, 0.88),
        (0.16, 0.18),
        (1.05, 1.15),
        ("long",),
        ("mandarin",),
        slit=(0.08, 0.13),
        accent=("metal",),
    ),
    "frock_coat": Profile(
        "coat",
        ("formal",),
        ("solid",),
        (0.80, 0.88),
        (0.16, 0.18),
        (1.12, 1.3),
        ("long",),
        ("lapel",),
        accent=("formal",),
    ),
    "skirt": Profile(
        "skirt",
        ("western",),
        ("solid", "floral", "checks", "dots"),
        (0.55, 0.62),
        (0.13, 0.15),
        (1.6, 2.0),
        accent=("western",),
    ),
    "maxi_skirt": Profile(
        "skirt",
        ("western",),
        ("floral", "solid", "stripes", "dots"),
        (0.86, 0.92),
        (0.13, 0.15),
        (2.0, 2.4),
        accent=("western",),
        variants=(0, 2),
    ),
    "lehenga": Profile(
        "skirt",
        ("festive",),
        ("embroidery", "block", "floral"),
        (0.88, 0.94),
        (0.13, 0.15),
        (2.8, 3.3),
        border=(0.07, 0.11),
        border_p=1.0,
        accent=("metal",),
    ),
    "lungi": Profile(
        "skirt",
        ("indian", "western"),
        ("checks", "checks", "checks", "stripes"),
        (0.86, 0.92),
        (0.17, 0.19),
        (1.0, 1.06),
        accent=("indian",),
    ),
    "sarong": Profile(
        "skirt",
        ("western", "indian"),
        ("batik", "floral", "batik"),
        (0.74, 0.84),
        (0.17, 0.2),
        (1.05, 1.2),
        accent=("western",),
    ),
    "trousers": Profile(
        "legged",
        ("western",),
        ("solid", "solid", "checks"),
        (0.88, 0.93),
        (0.16, 0.18),
        (0.9, 1.0),
        accent=("western",),
    ),
    "salwar": Profile(
        "legged",
        ("indian", "undyed"),
        ("solid", "dots", "block"),
        (0.86, 0.92),
        (0.2, 0.23),
        (1.35, 1.6),
        accent=("indian", "metal"),
    ),
    "dhoti": Profile(
        "legged",
        ("undyed",),
        ("solid",),
        (0.80, 0.88),
        (0.19, 0.22),
        (1.0, 1.1),
        border=(0.025, 0.04),
        border_p=1.0,
        accent=("undyed",),
    ),
    "saree": Profile(
        "drape",
        ("indian", "festive"),
        ("solid", "dots", "floral", "block", "paisley"),
        (0.94, 0.96),
        (0.16, 0.18),
        border=(0.035, 0.055),
        border_p=1.0,
        accent=("indian", "festive", "metal"),
    ),
    "dupatta": Profile(
        "drape",
        ("indian",),
        ("dots", "solid", "block"),
        (0.90, 0.95),
        (0.11, 0.14),
        border=(0.01, 0.018),
        border_p=1.0,
        sheer=(0.3, 0.5),
        accent=("metal",),
    ),
    "scarf": Profile(
        "drape", ("western",), ("solid", "checks", "stripes"), (0.72, 0.84), (0.08, 0.11), accent=("western",)
    ),
    "bangles": Profile("accessory", ("metal", "festive", "indian"), ("solid",), accent=("metal",), variants=(4, 8)),
    "bindi": Profile("accessory", ("festive",), ("solid",), accent=("metal",), variants=(3, 4)),
    "juttis": Profile("accessory", ("festive", "indian", "leather"), ("embroidery",), accent=("metal",)),
    "belt": Profile("accessory", ("leather",), ("solid",), accent=("metal",)),
    "handbag": Profile("accessory", ("leather", "western"), ("solid",), accent=("metal",)),
}

SHAPES: tuple[str, ...] = tuple(PROFILES)


def sample_spec(shape: str, rng: np.random.Generator) -> GarmentSpec:
    """Draw every choice for one garment of `shape` from `rng`."""
    if shape not in PROFILES:
        raise KeyError(f"no built-in garment shape '{shape}'; built-in shapes: {', '.join(SHAPES)}")
    p = PROFILES[shape]
    body_name, body = _colour(rng, p.palette)
    _, accent = _colour(rng, p.accent, avoid=body)
    _, print_color = _colour(rng, ("metal", "undyed", *p.palette), avoid=body)
    border_name = _far(rng, BORDER_COLOURS, body)
    has_border = rng.random() < p.border_p
    return GarmentSpec(
        shape=shape,
        body=body,
        body_name=body_name,
        accent=accent,
        border_color=BORDER_COLOURS[border_name],
        print_color=print_color,
        print_kind=str(rng.choice(p.prints)),
        print_scale=float(rng.uniform(0.05, 0.09)),
        print_phase=(float(rng.random()), float(rng.random())),
        length=_uniform(rng, p.length),
        width=_uniform(rng, p.width),
        flare=_uniform(rng, p.flare),
        sleeve=str(rng.choice(p.sleeves)),
        neckline=str(rng.choice(p.necklines)),
        slit=_uniform(rng, p.slit),
        border=_uniform(rng, p.border) if has_border else 0.0,
        sheer=_uniform(rng, p.sheer),
        variant=int(rng.integers(p.variants[0], p.variants[1] + 1)),
    )


def _uniform(rng: np.random.Generator, r: Range) -> float:
    return round(float(rng.uniform(*r)), 4)


def _colour(rng: np.random.Generator, palettes: tuple[str, ...], avoid: tuple[int, int, int] | None = None):
    choices = [(n, c) for pal in palettes for n, c in PALETTES[pal].items()]
    if avoid is not None:  # an accent must differ from the body to be seen
        choices = [nc for nc in choices if _dist(nc[1], avoid) > 80] or choices
    name, colour = choices[int(rng.integers(len(choices)))]
    return name, colour


def _far(rng: np.random.Generator, colours: dict[str, tuple[int, int, int]], body: tuple[int, int, int]) -> str:
    """A colour that contrasts with `body` (a border must stand out from the fabric)."""
    names = [n for n, c in colours.items() if _dist(c, body) > 120] or list(colours)
    return names[int(rng.integers(len(names)))]


def _dist(a, b) -> float:
    return float(np.linalg.norm(np.subtract(a, b, dtype=np.float64)))
