"""Studio-like composites with known alpha: an object on a white, light grey or
light textured backdrop, with a soft shadow, soft edges and JPEG noise.

They are the ground truth the benchmark scores backends against and what the
matting network learns from. Deterministic pieces (`composite`,
`drop_shadow`) take every parameter; `sample_composite` draws them from an
explicit `rng`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

BACKDROPS = ("white", "grey", "textured")


@dataclass
class Composite:
    image: np.ndarray  # HxWx3 uint8
    alpha: np.ndarray  # HxW float32 ground truth in [0, 1]
    backdrop: str  # white | grey | textured
    shadow: float  # shadow strength (0 = none)


def composite(fg: np.ndarray, alpha: np.ndarray, backdrop: np.ndarray, shadow: np.ndarray | None = None) -> np.ndarray:
    """Float RGB in [0, 1]: `fg` over `backdrop` darkened by `shadow` (HxW, 0 = no shadow)."""
    bg = backdrop if shadow is None else backdrop * (1.0 - shadow[..., None])
    a = alpha[..., None]
    return fg * a + bg * (1.0 - a)


def drop_shadow(alpha: np.ndarray, offset: tuple[int, int], blur: float, strength: float, squash: float) -> np.ndarray:
    """A soft shadow cast by `alpha`: shifted by `offset` (dy, dx px), squashed vertically
    towards the object's base by `squash` (0-1), blurred (sigma px), scaled to `strength`."""
    h, w = alpha.shape
    ys = np.nonzero(alpha.max(axis=1) > 0.05)[0]
    base = float(ys.max()) if ys.size else h / 2
    # Squash about the base line so the shadow lies on the floor behind the object.
    m = np.float32([[1, 0, offset[1]], [0, squash, (1 - squash) * base + offset[0]]])
    cast = cv2.warpAffine(alpha.astype(np.float32), m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    if blur > 0:
        cast = cv2.GaussianBlur(cast, (0, 0), blur)
    return np.clip(cast * strength, 0.0, 1.0)


def backdrop_image(kind: str, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A light studio backdrop, float RGB in [0, 1]: white, light grey, or light with a faint texture."""
    h, w = shape
    if kind == "white":
        level = rng.uniform(0.96, 1.0)
    elif kind == "grey":
        level = rng.uniform(0.8, 0.93)
    else:
        level = rng.uniform(0.86, 0.98)
    tint = rng.normal(0.0, 0.008, 3)
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    # A gentle light falloff, as under studio lamps.
    fall = rng.uniform(0.0, 0.05) * ((xx / w - rng.uniform(0, 1)) ** 2 + (yy / h - rng.uniform(0, 1)) ** 2)
    img = np.clip(level + tint[None, None, :] - fall[..., None], 0, 1)
    if kind == "textured":
        noise = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), rng.uniform(1.0, 3.0))
        img = img + (0.02 * noise / (noise.std() + 1e-6))[..., None]
    return np.clip(img, 0, 1).astype(np.float32)


def jpeg(rgb: np.ndarray, quality: int) -> np.ndarray:
    """Round-trip through JPEG, as catalog images usually have been."""
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=int(quality))
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def procedural_object(size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A product-like object (float RGB, alpha) in a `size` square: a union of
    ellipses, boxes and polygons, painted with one or two colours (sometimes very
    light ones), stripes or a gradient, with anti-aliased, sometimes blurred edges."""
    ss = 4  # supersampling for anti-aliased edges
    big = size * ss
    mask = np.zeros((big, big), np.uint8)
    for _ in range(int(rng.integers(1, 4))):
        _draw_shape(mask, big, rng)
    alpha = cv2.resize(mask.astype(np.float32), (size, size), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.3:
        alpha = cv2.GaussianBlur(alpha, (0, 0), rng.uniform(0.6, 1.6))
    return _paint(size, rng), np.clip(alpha, 0, 1)


def sample_composite(
    rng: np.random.Generator,
    size: int,
    sources: Sequence[np.ndarray] = (),
    backdrop: str | None = None,
    shadow_prob: float = 0.6,
) -> Composite:
    """One studio composite at `size` x `size`; objects from `sources` (RGBA uint8) when given, else procedural."""
    kind = backdrop or str(rng.choice(BACKDROPS))
    bg = backdrop_image(kind, (size, size), rng)
    obj = int(size * rng.uniform(0.45, 0.8))
    if sources:
        fg, a = _fit_source(sources[int(rng.integers(len(sources)))], obj)
    else:
        fg, a = procedural_object(obj, rng)
    full_fg, full_a = _place(fg, a, size, rng)
    strength = float(rng.uniform(0.15, 0.45)) if rng.random() < shadow_prob else 0.0
    shadow = None
    if strength > 0:
        off = (int(rng.integers(-2, size // 16 + 1)), int(rng.integers(-size // 12, size // 12 + 1)))
        shadow = drop_shadow(
            full_a, off, float(rng.uniform(1.0, max(1.5, size / 25))), strength, float(rng.uniform(0.15, 1.0))
        )
    img = composite(full_fg, full_a, bg, shadow)
    rgb = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        rgb = jpeg(rgb, int(rng.integers(80, 97)))
    return Composite(rgb, full_a.astype(np.float32), kind, strength)


def _draw_shape(mask: np.ndarray, big: int, rng: np.random.Generator) -> None:
    c = (int(big * rng.uniform(0.35, 0.65)), int(big * rng.uniform(0.35, 0.65)))
    kind = rng.integers(3)
    if kind == 0:
        axes = (int(big * rng.uniform(0.15, 0.45)), int(big * rng.uniform(0.15, 0.45)))
        cv2.ellipse(mask, c, axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    elif kind == 1:
        hw = (big * rng.uniform(0.12, 0.4), big * rng.uniform(0.15, 0.45))
        box = cv2.boxPoints(((c[0], c[1]), (2 * hw[0], 2 * hw[1]), float(rng.uniform(-20, 20))))
        cv2.fillPoly(mask, [np.int32(box)], 1)
    else:
        n = int(rng.integers(5, 9))
        ang = np.sort(rng.uniform(0, 2 * np.pi, n))
        rad = big * rng.uniform(0.18, 0.45, n)
        pts = np.stack([c[0] + rad * np.cos(ang), c[1] + rad * np.sin(ang)], 1)
        cv2.fillPoly(mask, [np.int32(np.clip(pts, 0, big - 1))], 1)


def _paint(size: int, rng: np.random.Generator) -> np.ndarray:
    light = rng.random() < 0.25  # pale products are the hard case on a white backdrop
    lo = 0.75 if light else 0.0
    c1, c2 = rng.uniform(lo, 1.0, 3), rng.uniform(lo, 1.0, 3)
    yy, xx = np.mgrid[:size, :size].astype(np.float32) / size
    style = rng.integers(3)
    if style == 0:
        t = np.zeros_like(xx)
    elif style == 1:
        t = (np.sin((xx * rng.uniform(-1, 1) + yy) * rng.uniform(6, 30)) > 0).astype(np.float32)
    else:
        t = np.clip(xx * rng.uniform(-1, 1) + yy * rng.uniform(-1, 1) + 0.5, 0, 1)
    img = c1 * (1 - t[..., None]) + c2 * t[..., None]
    shade = 1.0 - 0.25 * np.clip((xx - 0.5) * rng.uniform(-1, 1) + (yy - 0.5) * rng.uniform(-1, 1), -1, 1)[..., None]
    noise = rng.normal(0, 0.02, img.shape)
    return np.clip(img * shade + noise, 0, 1).astype(np.float32)


def _fit_source(rgba: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """An RGBA image cropped to its object and scaled to fit a `size` square."""
    a = rgba[..., 3]
    ys, xs = np.nonzero(a > 8)
    if ys.size == 0:
        raise ValueError("source image has an empty alpha channel")
    crop = rgba[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    scale = size / max(crop.shape[:2])
    out = cv2.resize(
        crop, (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale))), interpolation=cv2.INTER_AREA
    )
    return out[..., :3].astype(np.float32) / 255.0, out[..., 3].astype(np.float32) / 255.0


def _place(fg: np.ndarray, alpha: np.ndarray, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`fg` and `alpha` pasted at a random position inside a `size` canvas, with a margin."""
    h, w = alpha.shape
    margin = max(1, size // 20)
    y = int(rng.integers(margin, max(margin + 1, size - h - margin + 1)))
    x = int(rng.integers(margin, max(margin + 1, size - w - margin + 1)))
    h, w = min(h, size - y), min(w, size - x)
    canvas_fg = np.zeros((size, size, 3), np.float32)
    canvas_a = np.zeros((size, size), np.float32)
    canvas_fg[y : y + h, x : x + w] = fg[:h, :w]
    canvas_a[y : y + h, x : x + w] = alpha[:h, :w]
    return canvas_fg, canvas_a
