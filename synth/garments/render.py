"""Draw a garment spec: shape layers, prints and shading, anti-aliased down to
the output size. Deterministic: the same spec and size give the same pixels."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wildcat.synth.garments.accessory import draw_accessory
from wildcat.synth.garments.canvas import CLOTH, Layers, downsample
from wildcat.synth.garments.drape import draw_drape
from wildcat.synth.garments.lower import draw_legged, draw_skirt
from wildcat.synth.garments.prints import print_masks
from wildcat.synth.garments.profiles import PROFILES
from wildcat.synth.garments.spec import GarmentSpec
from wildcat.synth.garments.upper import draw_upper

DRAWERS = {
    "upper": draw_upper,
    "coat": draw_upper,
    "skirt": draw_skirt,
    "legged": draw_legged,
    "drape": draw_drape,
    "accessory": draw_accessory,
}
SHIRT = (240, 240, 236)  # what shows under a coat's lapels, a bindi card


@dataclass
class Garment:
    """A drawn garment: straight-alpha RGBA and the visible area of each part (bool, output size)."""

    spec: GarmentSpec
    rgba: np.ndarray
    parts: dict[str, np.ndarray]

    def on_white(self, shadow: bool = True) -> np.ndarray:
        """The catalog shot: the garment on white with a faint drop shadow."""
        a = self.rgba[..., 3:].astype(np.float32) / 255.0
        base = np.full(self.rgba.shape[:2] + (3,), 255.0, np.float32)
        if shadow:
            size = self.rgba.shape[0]
            k = max(3, (size // 40) | 1)
            off = max(1, size // 100)
            blur = cv2.GaussianBlur(np.roll(a[..., 0], (off, off), axis=(0, 1)), (k, k), 0)
            base *= 1.0 - 0.12 * blur[..., None]
        rgb = self.rgba[..., :3].astype(np.float32) * a + base * (1 - a)
        return np.clip(rgb + 0.5, 0, 255).astype(np.uint8)


def draw_layers(spec: GarmentSpec, size: int, scale: float = 1.0, offset: tuple[float, float] = (0.0, 0.0)) -> Layers:
    layers = Layers(size, scale, offset)
    DRAWERS[PROFILES[spec.shape].family](spec, layers)
    return layers


def draw_garment(spec: GarmentSpec, size: int, scale: float = 1.0, offset: tuple[float, float] = (0.0, 0.0)) -> Garment:
    """Draw `spec` on a `size` x `size` canvas; `scale`/`offset` place it (normalised units)."""
    layers = draw_layers(spec, size, scale, offset)
    rgb, alpha = paint(spec, layers)
    pre = cv2.resize(rgb * alpha[..., None], (size, size), interpolation=cv2.INTER_AREA)
    a = downsample((alpha * 255).astype(np.uint8), size)
    out = np.where(a[..., None] > 1e-3, pre / np.maximum(a[..., None], 1e-3), 0.0)
    rgba = np.dstack([np.clip(out + 0.5, 0, 255), np.clip(a * 255 + 0.5, 0, 255)]).astype(np.uint8)
    sil = layers.silhouette()
    parts = {"silhouette": downsample(sil, size) > 0.5}
    for name in CLOTH:
        if name in layers.masks:
            parts[name] = downsample(np.minimum(_visible(layers, name), sil), size) > 0.5
    return Garment(spec, rgba, parts)


def _visible(layers: Layers, name: str) -> np.ndarray:
    """A part as seen: later parts (border, trim, detail) paint over earlier ones."""
    mask = layers.masks[name].copy()
    for later in CLOTH[CLOTH.index(name) + 1 :]:
        if later in layers.masks:
            mask[layers.masks[later] > 0] = 0
    return mask


def paint(spec: GarmentSpec, layers: Layers) -> tuple[np.ndarray, np.ndarray]:
    """RGB (0..255 float) and alpha (0..1) at the supersampled size."""
    side = layers.side
    axis = (np.arange(side) + 0.5) / side
    gx = ((axis - layers.offset[0]) / layers.scale)[None, :]
    gy = ((axis - layers.offset[1]) / layers.scale)[:, None]
    rgb = np.empty((side, side, 3), np.float32)
    rgb[:] = spec.body
    m1, m2 = print_masks(spec.print_kind, gx, gy, spec.print_scale, spec.print_phase)
    _fill(rgb, np.broadcast_to(m1, (side, side)), spec.print_color)
    _fill(rgb, np.broadcast_to(m2, (side, side)), spec.accent)
    masks = layers.masks
    if "under" in masks:  # beneath the cloth: a shirt under lapels, a bindi card
        u = masks["under"] > 0
        if "body" in masks:
            u &= masks["body"] == 0
        rgb[u] = SHIRT
    if "pallu" in masks:  # the pallu: darker, densely worked in the border colour
        p = masks["pallu"] > 0
        rgb[p] = np.asarray(spec.body, np.float32) * 0.8
        work, dots = print_masks("embroidery", gx, gy, spec.print_scale * 0.8, spec.print_phase)
        _fill(rgb, p & np.broadcast_to(work, (side, side)), spec.border_color)
        _fill(rgb, p & np.broadcast_to(dots, (side, side)), spec.print_color)
    if "border" in masks:
        b = masks["border"] > 0
        rgb[b] = spec.border_color
        zari, _ = print_masks("embroidery", gx, gy, spec.print_scale * 0.5, spec.print_phase)
        _fill(rgb, b & np.broadcast_to(zari, (side, side)), _mix(spec.border_color, spec.print_color, 0.5))
    if "trim" in masks:
        t = masks["trim"] > 0
        rgb[t] = spec.accent
        if spec.print_kind == "embroidery":
            _fill(rgb, t & np.broadcast_to(m1, (side, side)), spec.print_color)
    if "detail" in masks:
        rgb[masks["detail"] > 0] = np.asarray(spec.accent, np.float32) * 0.7
    sil = layers.silhouette()
    rgb *= _shading(layers, sil)[..., None]
    alpha = sil.astype(np.float32) / 255.0
    if spec.sheer > 0:
        cloth = (masks.get("body", sil) > 0) & (masks.get("border", np.zeros_like(sil)) == 0)
        alpha[cloth] *= 1.0 - spec.sheer
    return np.clip(rgb, 0, 255), alpha


def _shading(layers: Layers, sil: np.ndarray) -> np.ndarray:
    """Fold lines, soft darkening toward the edges, light from above: multiplies the colour."""
    side = layers.side
    k = (side // 64) | 1
    shade = np.ones((side, side), np.float32)
    if "shade" in layers.masks:
        shade -= 0.35 * cv2.GaussianBlur(layers.masks["shade"].astype(np.float32) / 255.0, (k, k), 0)
    big = (side // 16) | 1
    inside = cv2.GaussianBlur(sil.astype(np.float32) / 255.0, (big, big), 0)
    shade *= 0.85 + 0.15 * inside
    shade *= np.linspace(1.04, 0.94, side, dtype=np.float32)[:, None]
    return shade


def _fill(rgb: np.ndarray, mask: np.ndarray, colour) -> None:
    rgb[mask] = colour


def _mix(a, b, t: float) -> tuple[float, float, float]:
    return tuple(float(x) * (1 - t) + float(y) * t for x, y in zip(a, b, strict=False))
