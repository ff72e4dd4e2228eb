"""Bags: totes, handbags, backpacks and crossbody bags from rounded boxes and swept straps."""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import boxes, prints, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import NEUTRALS, VIVID, pick, shade
from wildcat.synth.procedural.geometry import Surface, tube

# kind -> (width, height, depth) in metres, top width as a fraction of the bottom
BAG_KINDS = {
    "tote": ((0.38, 0.33, 0.14), 1.12),
    "handbag": ((0.3, 0.22, 0.13), 0.82),
    "backpack": ((0.3, 0.42, 0.15), 0.92),
    "crossbody": ((0.23, 0.16, 0.06), 1.0),
}


def bag(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(list(BAG_KINDS)))
    (w, h, d), taper = BAG_KINDS[kind]
    w, h, d = (s * rng.uniform(0.9, 1.1) for s in (w, h, d))
    (main_name, main_rgb), (trim_name, trim_rgb) = pick(rng, VIVID + NEUTRALS, k=2)
    leathery = kind in ("handbag", "crossbody") or rng.random() < 0.3
    brand = prints.brand_name(rng)
    half = np.array([w / 2, h / 2, d / 2])
    body_mat = Material(
        "body", _panels(rng, half, main_rgb, trim_rgb, leathery, brand, kind), roughness=0.45 if leathery else 0.9
    )
    trim = Material("trim", _trim_atlas(rng, trim_rgb), roughness=0.5)
    body = _tapered(boxes.rounded_box(tuple(half), min(d * 0.35, 0.04), cells=10), h, taper)
    pieces = [Piece(body, body_mat)]
    top = h
    if kind == "tote":
        pieces += [Piece(_handle(w * 0.22, h * 0.55, top, z, 0.008), trim) for z in (d * 0.3, -d * 0.3)]
    elif kind == "handbag":
        pieces.append(Piece(_handle(w * 0.25, h * 0.45, top, 0.0, 0.009), trim))
        clasp = boxes.rounded_box((0.02, 0.012, 0.004), 0.003, cells=2, round_cells=2)
        clasp.vertices += [0, h * 0.72, d / 2]
        pieces.append(
            Piece(
                clasp, Material("clasp", textures.metal(rng, (32, 64), (215, 185, 110)), roughness=0.25, metallic=1.0)
            )
        )
    elif kind == "backpack":
        pocket = _tapered(boxes.rounded_box((w * 0.36, h * 0.2, 0.03), 0.02, cells=6), h * 0.4, 1.0)
        pocket.vertices += [0, h * 0.08, d / 2 + 0.005]
        pieces.append(Piece(pocket, body_mat))
        pieces.append(Piece(_handle(0.04, 0.05, top, -d * 0.2, 0.007), trim))
        for x in (-w * 0.25, w * 0.25):
            path = np.stack(
                [np.full(12, x), np.linspace(h * 0.9, h * 0.1, 12), -d / 2 - 0.045 * np.sin(np.linspace(0, np.pi, 12))],
                1,
            )
            pieces.append(Piece(tube(path, 0.012, sides=8), trim))
    else:  # crossbody: a flap over the front and a long strap
        flap = boxes.rounded_box((w / 2 + 0.003, h * 0.3, 0.004), 0.003, cells=6)
        flap.vertices += [0, h * 0.68, d / 2 + 0.002]
        pieces.append(Piece(flap, trim))
        pieces.append(Piece(_handle(w * 0.45, h * 1.4, top, 0.0, 0.005), trim))
    return Product3D(
        pieces,
        f"{brand} {main_name} {'leather' if leathery else 'canvas'} {kind}",
        {"kind": kind, "main": main_name, "trim": trim_name, "leather": bool(leathery), "brand": brand},
    )


def _trim_atlas(rng: np.random.Generator, rgb) -> np.ndarray:
    """One leather swatch on every face of the atlas (flaps are boxes; straps use any part of it)."""
    swatch = textures.leather(rng, (96, 96), rgb)
    return boxes.atlas({f: swatch for f in boxes.FACES}, cell=96)


def _tapered(surface: Surface, height: float, top_scale: float) -> Surface:
    """The box set on y = 0 (it is built centred) and narrowed or widened towards the top."""
    v = surface.vertices.copy()
    v[:, 1] += height / 2
    v[:, 0] *= 1 + (top_scale - 1) * np.clip(v[:, 1] / height, 0, 1)
    return Surface(v, surface.faces, surface.uv)


def _handle(half_span: float, rise: float, top: float, z: float, radius: float) -> Surface:
    """A strap arching over the top between x = -half_span and +half_span, ends sunk into the bag."""
    a = np.linspace(0, np.pi, 24)
    path = np.stack([half_span * np.cos(a), top - 0.01 + rise * np.sin(a), np.full_like(a, z)], 1)
    return tube(path, radius, sides=10)


def _panels(rng, half, main, trim, leathery, brand, kind) -> np.ndarray:
    """The body's atlas: material everywhere, stitched edges, a logo patch on the front, a zip on top."""
    sizes = {f: boxes.face_size(half, f) for f in boxes.FACES}
    base = (textures.leather if leathery else textures.fabric)(rng, (256, 256), main)
    panels = {}
    for face, (fw, _) in sizes.items():
        im, draw = prints.canvas(base)
        inset = 8
        for x in range(inset, 256 - inset, 9):  # stitching along the top and bottom edges
            for y in (inset, 256 - inset):
                draw.line((x, y, x + 4, y), fill=tuple(shade(main, 0.5)), width=2)
        if face == "front":
            pw = 256 * min(0.5, 0.08 / max(fw, 1e-3))
            draw.rectangle((128 - pw / 2, 150, 128 + pw / 2, 190), fill=tuple(trim))
            prints.text_centered(draw, (128, 170), brand, 24, shade(trim, 0.35), max_width=pw * 0.9)
            if kind == "tote" and not leathery:
                draw.rectangle((0, 40, 256, 70), fill=tuple(trim))
        if face == "top":
            draw.rectangle((20, 120, 236, 136), fill=(40, 40, 40))
        panels[face] = np.asarray(im)
    return boxes.atlas(panels)
