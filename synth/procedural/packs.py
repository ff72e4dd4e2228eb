"""Groceries in packaging: cans, bottles and cartons with printed artwork."""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import boxes, labels, prints, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import shade
from wildcat.synth.procedural.geometry import lathe, loft
from wildcat.synth.procedural.profiles import rows, smooth_profile, texture_shape, v_at

SEGMENTS = 64  # around a lathed pack

# kind -> (radius, height) in metres
CAN_KINDS = {
    "soda can": (0.033, 0.122),
    "slim can": (0.029, 0.155),
    "food tin": (0.042, 0.108),
    "tall tin": (0.037, 0.118),
}
# kind -> (radius m, height m, relative size spread, neck radius m, shoulder height span, label height span)
# (fractions of the height)
BOTTLE_SHAPES = {
    "wine bottle": (0.037, 0.30, 0.05, 0.0125, (0.55, 0.66), (0.18, 0.5)),
    "beer bottle": (0.031, 0.23, 0.05, 0.0125, (0.5, 0.6), (0.15, 0.45)),
    "water bottle": (0.034, 0.24, 0.1, 0.014, (0.65, 0.75), (0.3, 0.6)),
    "sauce bottle": (0.03, 0.19, 0.1, 0.016, (0.7, 0.8), (0.15, 0.6)),
    "shampoo bottle": (0.03, 0.2, 0.1, 0.015, (0.78, 0.86), (0.2, 0.7)),
}
BOTTLE_KINDS = tuple(BOTTLE_SHAPES)
CARTON_KINDS = ("milk carton", "juice brick", "cereal box", "tea box", "pasta box")


def _artwork(rng: np.random.Generator) -> tuple[dict, str, str, str]:
    palette = labels.sample_palette(rng)
    brand = prints.brand_name(rng)
    style = str(rng.choice(labels.LABEL_STYLES))
    logo = str(rng.choice(prints.LOGO_SHAPES))
    return palette, brand, style, logo


def can(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(list(CAN_KINDS)))
    r0, h0 = CAN_KINDS[kind]
    R, H = r0 * rng.uniform(0.94, 1.06), h0 * rng.uniform(0.94, 1.06)
    tin = "tin" in kind
    palette, brand, style, logo = _artwork(rng)
    if tin:  # rolled rims at both ends, ribbed body under a paper label
        bottom = [(0, 0.002), (0.93 * R, 0.002), (0.985 * R, 0.0), (R, 0.005)]
        y = np.linspace(0.005, H - 0.005, 40)
        body_r = R * (1 - 0.008 * (np.sin(2 * np.pi * (y - 0.005) / (H - 0.01) * 6) ** 2))
        top = [(R, H - 0.005), (0.985 * R, H), (0.93 * R, H - 0.002), (0, H - 0.002)]
        metal_rgb = (200, 185, 150) if rng.random() < 0.5 else (205, 205, 210)
    else:  # domed bottom, necked top
        bottom = [(0, 0.007), (0.6 * R, 0.002), (0.78 * R, 0.0), (0.9 * R, 0.002), (R, 0.012)]
        y = np.linspace(0.012, H - 0.016, 24)
        body_r = np.full_like(y, R)
        top = [
            (R, H - 0.016),
            (0.86 * R, H - 0.003),
            (0.87 * R, H),
            (0.82 * R, H - 0.001),
            (0.8 * R, H - 0.004),
            (0, H - 0.004),
        ]
        metal_rgb = (205, 205, 212)
    metal = Material("metal", textures.metal(rng, (64, 256), metal_rgb), roughness=0.3, metallic=0.9)
    th, tw = texture_shape(body_r, y)
    art = Material(
        "label",
        labels.wrap_label(rng, (th, tw), palette, brand, style, logo),
        roughness=0.7 if tin else 0.35,
        metallic=0.0 if tin else 0.4,
    )
    pieces = [
        Piece(lathe(*smooth_profile(bottom, 10, smooth=0.6), SEGMENTS), metal),
        Piece(lathe(body_r, y, SEGMENTS), art),
        Piece(lathe(*smooth_profile(top, 12, smooth=0.6), SEGMENTS), metal),
    ]
    return Product3D(
        pieces,
        f"{brand} {palette['background'][0]} {kind}",
        {"kind": kind, "brand": brand, "style": style, "logo": logo},
    )


def _bottle_shape(
    kind: str, rng: np.random.Generator
) -> tuple[list[tuple[float, float]], float, float, tuple[float, float]]:
    """Profile control points (outside, bottom centre to the lip), neck radius, height, label span (fractions of the
    height)."""
    radius, height, spread, neck, shoulder_span, label = BOTTLE_SHAPES[kind]
    R, H = radius * rng.uniform(1 - spread, 1 + spread), height * rng.uniform(1 - spread, 1 + spread)
    shoulder = rng.uniform(*shoulder_span)
    neck_start = shoulder + (1 - shoulder) * (0.45 if kind in ("wine bottle", "beer bottle") else 0.7)
    pts = [
        (0, 0.004),
        (0.85 * R, 0.0),
        (R, 0.012),
        (R, shoulder * H),
        (neck * 1.05, neck_start * H),
        (neck, 0.97 * H),
        (neck * 1.15, 0.98 * H),
        (neck * 1.1, H),
        (0, H),
    ]
    return pts, neck, H, label


def bottle(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(BOTTLE_KINDS))
    palette, brand, style, logo = _artwork(rng)
    pts, rn, H, (l0, l1) = _bottle_shape(kind, rng)
    r, y = smooth_profile(pts, 72, smooth=1.2)
    glass = {
        "wine bottle": ("green glass", (30, 60, 35)),
        "beer bottle": ("amber glass", (90, 50, 20)),
        "water bottle": ("clear", (175, 205, 225)),
    }.get(kind)
    body_name, body_rgb = glass or labels.neutral_or_vivid(rng, 0.4)
    th, tw = texture_shape(r, y)
    tex = textures.glaze(rng, (th, tw), shade(body_rgb, 1.15), shade(body_rgb, 0.85))
    i0, i1 = (int(np.argmax(y >= f * H)) for f in (l0, l1))
    band = rows(v_at(r, y, i0), v_at(r, y, i1), th)
    lab_h = band.stop - band.start
    art = labels.wrap_label(rng, (lab_h, tw), palette, brand, style, logo)
    wrap = kind in ("water bottle", "sauce bottle")
    cols = slice(0, tw) if wrap else slice(int(tw * 0.3), int(tw * 0.7))
    tex[band, cols] = art[:, cols] if wrap else _front_label(art, cols, tw)
    outline = None
    if kind == "shampoo bottle":  # oval section, wider across the front
        phi = 2 * np.pi * (np.linspace(0, 1, SEGMENTS + 1) - 0.5)
        outline = (1.35 * np.sin(phi), 0.7 * np.cos(phi))
    body = Material("body", tex, roughness=0.12 if glass else 0.4)
    cap_rgb = labels.neutral_or_vivid(rng, 0.5)[1] if kind != "wine bottle" else shade(palette["accent"][1], 0.6)
    cap_h = 0.022 if kind != "wine bottle" else 0.045
    cr, cy = smooth_profile(
        [(0, H - 0.006), (rn * 1.35, H - 0.006), (rn * 1.35, H + cap_h - 0.006), (0, H + cap_h - 0.006)], 16, smooth=0.7
    )
    cap = Material(
        "cap", textures.metal(rng, (64, 128), cap_rgb), roughness=0.5, metallic=0.6 if kind == "wine bottle" else 0.0
    )
    pieces = [Piece(lathe(r, y, SEGMENTS, outline), body), Piece(lathe(cr, cy, 32), cap)]
    return Product3D(
        pieces,
        f"{brand} {body_name} {kind}",
        {"kind": kind, "brand": brand, "style": style, "logo": logo, "label": palette["background"][0]},
    )


def _front_label(art: np.ndarray, cols: slice, width: int) -> np.ndarray:
    """The centre of a wrap label with a thin border: a label glued on the front only."""
    out = art[:, cols].copy()
    out[:2], out[-2:], out[:, :2], out[:, -2:] = 235, 235, 235, 235
    return out


def carton(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(CARTON_KINDS))
    dims = {
        "milk carton": (0.075, 0.075, 0.2),
        "juice brick": (0.065, 0.042, 0.13),
        "cereal box": (0.19, 0.065, 0.27),
        "tea box": (0.13, 0.075, 0.075),
        "pasta box": (0.085, 0.055, 0.2),
    }[kind]
    w, d, h = (x * rng.uniform(0.9, 1.1) for x in dims)
    half = np.array([w / 2, h / 2, d / 2])
    palette, brand, style, logo = _artwork(rng)
    sizes = {f: boxes.face_size(half, f) for f in boxes.FACES}
    panels = labels.carton_panels(rng, sizes, palette, brand, style, logo)
    surface = boxes.rounded_box(tuple(half), radius=0.0025, cells=14, round_cells=2)
    surface.vertices[:, 1] += h / 2
    printed = Material("print", boxes.atlas(panels), roughness=0.55)
    pieces = [Piece(surface, printed)]
    if kind == "milk carton":
        pieces.append(
            Piece(
                _gable(w, d, h, 0.3 * d),
                Material("gable", textures.solid((32, 32), palette["background"][1]), roughness=0.55),
            )
        )
    return Product3D(
        pieces,
        f"{brand} {palette['background'][0]} {kind}",
        {"kind": kind, "brand": brand, "style": style, "logo": logo},
    )


def _gable(w: float, d: float, base: float, rise: float):
    """The gable top of a milk carton: a ridge along x, closed at both ends, with a sealing fin."""
    tri = np.array(
        [
            [0, 0, d / 2],
            [0, rise, 0.0015],
            [0, rise + 0.012, 0.0015],
            [0, rise + 0.012, -0.0015],
            [0, rise, -0.0015],
            [0, 0, -d / 2],
            [0, 0, d / 2],
        ]
    )
    xs = np.array([-w / 2, -w / 2 + 0.001, w / 2 - 0.001, w / 2])
    centre = np.array([0, rise / 3, 0])
    sections = []
    for i, x in enumerate(xs):
        sec = tri + np.array([x, base, 0])
        if i in (0, len(xs) - 1):  # collapse the end sections onto their centre to close the prism
            sec = np.repeat((centre + np.array([x, base, 0]))[None], len(tri), 0)
        sections.append(sec)
    return loft(np.asarray(sections))
