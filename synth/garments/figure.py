"""A plain figure wearing the garment in wild-style photos: head, hands and
feet in a skin tone, plus the other clothes (legs under a kurti, a top above
a skirt). Drawn in the garment's normalised units, so it lines up with it."""

from __future__ import annotations

import numpy as np

from wildcat.synth.garments.canvas import Layers, downsample
from wildcat.synth.garments.profiles import PROFILES
from wildcat.synth.garments.spec import GarmentSpec
from wildcat.synth.garments.upper import hand_points

SKIN_TONES = ((110, 75, 55), (150, 105, 75), (190, 145, 110), (225, 185, 150), (90, 60, 45))
WORN_FAMILIES = ("upper", "coat", "skirt", "legged")


def wearable(spec: GarmentSpec) -> bool:
    return PROFILES[spec.shape].family in WORN_FAMILIES or spec.shape == "saree"


def draw_figure(spec: GarmentSpec, layers: Layers) -> None:
    """Parts "skin" (head, hands, feet) and "under" (the other clothes) behind the garment."""
    family = PROFILES[spec.shape].family
    if family in ("upper", "coat") or spec.shape == "saree":
        _head(layers, 0.0)
        hands = hand_points(spec) if family != "drape" else [(0.3, 0.5), (0.7, 0.5)]
        for hx, hy in hands:
            if spec.shape == "saree":  # bare arms from the blouse sleeves
                layers.line("skin", [(0.5 + np.sign(hx - 0.5) * 0.18, 0.2), (hx, hy)], 0.05)
            layers.circle("skin", (hx, hy), 0.035)
        if spec.shape != "saree":
            for s in (-1, 1):  # legs in other clothes below the hem
                layers.poly(
                    "under",
                    [(0.5 + s * 0.02, 0.45), (0.5 + s * 0.13, 0.45), (0.5 + s * 0.1, 1.22), (0.5 + s * 0.03, 1.22)],
                )
        _feet(layers, 1.22 if spec.shape != "saree" else spec.length)
    else:  # worn from the waist: a plain top above it
        _head(layers, -0.36)
        layers.poly("under", [(0.36, -0.26), (0.64, -0.26), (0.62, 0.14), (0.38, 0.14)])
        for s in (-1, 1):
            layers.line("under", [(0.5 + s * 0.15, -0.24), (0.5 + s * 0.2, 0.05)], 0.06)
            layers.circle("skin", (0.5 + s * 0.205, 0.1), 0.035)
        if spec.length < 0.7:  # bare legs below a short skirt
            for s in (-1, 1):
                layers.poly(
                    "skin",
                    [
                        (0.5 + s * 0.03, spec.length - 0.05),
                        (0.5 + s * 0.1, spec.length - 0.05),
                        (0.5 + s * 0.08, 1.2),
                        (0.5 + s * 0.04, 1.2),
                    ],
                )
            _feet(layers, 1.2)
        else:
            _feet(layers, spec.length + 0.01)


def _head(layers: Layers, top: float) -> None:
    """Neck at y = top + 0.1; the head above it."""
    layers.poly("skin", [(0.47, top + 0.0), (0.53, top + 0.0), (0.53, top + 0.1), (0.47, top + 0.1)])
    layers.ellipse("skin", (0.5, top - 0.03), (0.05, 0.065))
    layers.ellipse("hair", (0.5, top - 0.07), (0.053, 0.035))


def _feet(layers: Layers, y: float) -> None:
    for s in (-1, 1):
        layers.ellipse("shoe", (0.5 + s * 0.07, y + 0.01), (0.045, 0.018))


def paint_figure(layers: Layers, colours: dict[str, tuple[int, int, int]]) -> np.ndarray:
    """Flat-coloured RGBA (uint8, output size) of the figure parts; later parts paint over earlier ones."""
    size = layers.size
    rgb = np.zeros((size, size, 3), np.float32)
    alpha = np.zeros((size, size), np.float32)
    for part in ("under", "skin", "hair", "shoe"):
        if part not in layers.masks:
            continue
        a = downsample(layers.masks[part], size)
        rgb = rgb * (1 - a[..., None]) + np.asarray(colours[part], np.float32) * a[..., None]
        alpha = np.maximum(alpha, a)
    rgb = np.where(alpha[..., None] > 1e-3, rgb / np.maximum(alpha[..., None], 1e-3), 0)
    return np.dstack([np.clip(rgb, 0, 255), alpha * 255]).astype(np.uint8)
