"""Wild-style photos of a garment: worn by a figure or laid down, draped and
warped, on a market or street background, under changed light, through a
cheap camera. A sampler: every choice comes from the rng it is given and is
returned, so the photo can be explained and regenerated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from wildcat.synth.garments.backgrounds import draw_background
from wildcat.synth.garments.canvas import Layers
from wildcat.synth.garments.figure import SKIN_TONES, draw_figure, paint_figure, wearable
from wildcat.synth.garments.palettes import PALETTES
from wildcat.synth.garments.profiles import PROFILES
from wildcat.synth.garments.render import draw_garment
from wildcat.synth.garments.spec import GarmentSpec
from wildcat.synth.garments.wild_ops import (
    camera,
    composite,
    folds,
    lighting,
    over,
    perspective,
    smooth_field,
    to_premul,
    warp,
)


def make_wild(
    spec: GarmentSpec, rng: np.random.Generator, size: int, kinds: Sequence[str]
) -> tuple[np.ndarray, dict[str, Any]]:
    """An RGB uint8 wild-style photo of `spec` and the parameters that made it."""
    kind = str(kinds[int(rng.integers(len(kinds)))])
    bg = draw_background(kind, rng, size)
    worn = wearable(spec) and bool(rng.random() < 0.75)
    scale, offset = _placement(spec, worn, rng)
    layer = to_premul(draw_garment(spec, size, scale, offset).rgba)
    info: dict[str, Any] = {"background": kind, "worn": worn, "scale": scale, "offset": offset}
    if worn:
        colours = _figure_colours(rng)
        figure_layers = Layers(size, scale, offset)
        draw_figure(spec, figure_layers)
        layer = over(layer, to_premul(paint_figure(figure_layers, colours)))
        info["skin"] = colours["skin"]
    amp = float(rng.uniform(0.005, 0.025)) * size
    layer = warp(layer, smooth_field(rng.normal(0.0, amp, (2, 4, 4)), size))
    fold = (
        float(rng.uniform(0, np.pi)),
        float(rng.uniform(0.08, 0.2)) * size,
        float(rng.uniform(0, 2 * np.pi)),
        float(rng.uniform(0.0, 0.3)),
    )
    layer = folds(layer, *fold)
    corners = _corners(rng, size)
    layer = perspective(layer, corners)
    shadow_offset = (int(rng.integers(1, 4)) * size // 100, int(rng.integers(-3, 4)) * size // 100)
    img = composite(bg, layer, float(rng.uniform(0.1, 0.4)), shadow_offset)
    if rng.random() < 0.25:
        info["occluder"] = _occlude(img, rng)
    gain, white = float(rng.uniform(0.6, 1.25)), rng.uniform(0.85, 1.15, 3).astype(np.float32)
    gradient = np.array([*rng.normal(0, 1, 2), rng.uniform(0, 0.6)], np.float32)
    img = lighting(img, gain, white, gradient)
    blur = float(rng.uniform(0.0, 1.2)) * size / 256
    noise = rng.normal(0.0, float(rng.uniform(1.0, 7.0)), img.shape).astype(np.float32)
    img = camera(img, blur, noise)
    info.update(
        warp_px=round(amp, 2),
        folds=[round(v, 3) for v in fold],
        corners=corners.round(1).tolist(),
        gain=round(gain, 3),
        white=white.round(3).tolist(),
        gradient=gradient.round(3).tolist(),
        blur_px=round(blur, 3),
        jpeg_quality=int(rng.integers(55, 92)),
    )
    return (img + 0.5).astype(np.uint8), info


def _placement(spec: GarmentSpec, worn: bool, rng: np.random.Generator) -> tuple[float, tuple[float, float]]:
    family = PROFILES[spec.shape].family
    if family == "accessory":
        scale = float(rng.uniform(0.35, 0.65))
    elif worn:
        scale = float(rng.uniform(0.55, 0.8))
    else:
        scale = float(rng.uniform(0.5, 0.85))
    ox = 0.5 - 0.5 * scale + float(rng.uniform(-0.12, 0.12))
    if worn and family in ("skirt", "legged"):
        oy = float(rng.uniform(0.1, 0.25))  # the head may leave the frame, as in street shots
    elif worn:
        oy = float(rng.uniform(0.05, 0.12))
    else:
        oy = 0.5 - 0.5 * scale + float(rng.uniform(-0.1, 0.1))
    return round(scale, 4), (round(ox, 4), round(oy, 4))


def _figure_colours(rng: np.random.Generator) -> dict[str, tuple[int, int, int]]:
    others = [c for pal in ("western", "undyed", "indian") for c in PALETTES[pal].values()]
    return {
        "skin": SKIN_TONES[int(rng.integers(len(SKIN_TONES)))],
        "under": others[int(rng.integers(len(others)))],
        "hair": (25, 20, 18),
        "shoe": PALETTES["leather"][("tan", "brown", "black")[int(rng.integers(3))]],
    }


def _corners(rng: np.random.Generator, size: int) -> np.ndarray:
    """Corners after a small rotation and perspective tilt (pixels)."""
    angle = np.radians(float(rng.uniform(-10, 10)))
    c, s = np.cos(angle), np.sin(angle)
    base = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])
    rot = base @ np.array([[c, s], [-s, c]])
    jitter = rng.uniform(-0.06, 0.06, (4, 2))
    return (rot + jitter + 0.5) * size


def _occlude(img: np.ndarray, rng: np.random.Generator) -> list[float]:
    """Something in front: a pole, a bag, a passer-by's arm (a rounded bar)."""
    import cv2

    size = img.shape[0]
    x0, y0 = rng.uniform(0, 1, 2)
    x1, y1 = x0 + rng.uniform(-0.3, 0.3), y0 + rng.uniform(0.3, 0.7)
    width = int(rng.uniform(0.04, 0.12) * size)
    colour = tuple(float(v) for v in rng.integers(20, 220, 3))
    cv2.line(img, (int(x0 * size), int(y0 * size)), (int(x1 * size), int(y1 * size)), colour, width)
    return [round(float(v), 3) for v in (x0, y0, x1, y1)]
