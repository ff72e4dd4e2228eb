"""Pure geometric transforms of RGBA cutouts: tidy up, scale, flip, rotate, perspective warp."""

from __future__ import annotations

import cv2
import numpy as np

from synth.compose.paste import SOLID, Patch, resize_rgba


def prepare_rgba(rgba: np.ndarray, max_side: int | None = None, margin: int = 1) -> np.ndarray:
    """Crop to the alpha's extent, fill the colour under transparent pixels from the object's edge
    (so resizing does not bleed the old background into the rim), and shrink to `max_side`."""
    alpha = rgba[..., 3]
    ys, xs = np.nonzero(alpha > 0)
    if len(xs) == 0:
        raise ValueError("the alpha channel is empty")
    y0, y1 = max(ys.min() - margin, 0), min(ys.max() + 1 + margin, rgba.shape[0])
    x0, x1 = max(xs.min() - margin, 0), min(xs.max() + 1 + margin, rgba.shape[1])
    rgba = np.ascontiguousarray(rgba[y0:y1, x0:x1])
    h, w = rgba.shape[:2]
    if max_side and max(h, w) > max_side:
        s = max_side / max(h, w)
        rgba = _bleed(rgba)
        rgba = resize_rgba(rgba, (max(1, round(w * s)), max(1, round(h * s))))
    return _bleed(rgba)


def _bleed(rgba: np.ndarray) -> np.ndarray:
    """Replace colour where alpha is 0 by a blur of nearby object colour (normalised convolution)."""
    a = rgba[..., 3:4].astype(np.float32) / 255
    k = max(3, (max(rgba.shape[:2]) // 16) | 1)
    num = cv2.blur(rgba[..., :3].astype(np.float32) * a, (k, k))
    den = cv2.blur(a, (k, k))[..., None]
    fill = np.where(den > 1e-3, num / np.maximum(den, 1e-3), rgba[..., :3])
    out = rgba.copy()
    hole = rgba[..., 3] == 0
    out[..., :3][hole] = np.clip(fill[hole], 0, 255).astype(np.uint8)
    return out


def make_patch(
    rgba: np.ndarray,
    size_px: int,
    angle: float = 0.0,
    flip: bool = False,
    persp: np.ndarray | None = None,
    anchor: str = "center",
) -> Patch:
    """A Patch whose object's largest side is `size_px`, mirrored, rotated by `angle` degrees
    (counter-clockwise) and warped by `persp` ((4, 2) corner shifts, fraction of the size).

    anchor: "center" (middle of the patch) or "base" (bottom centre of the object: it stands there).
    """
    h, w = rgba.shape[:2]
    s = size_px / max(h, w)
    img = resize_rgba(rgba, (max(1, round(w * s)), max(1, round(h * s))))
    if flip:
        img = img[:, ::-1]
    if angle or persp is not None:
        img = _warp(np.ascontiguousarray(img), angle, persp)
    img = np.ascontiguousarray(img)
    patch = Patch(img[..., :3], img[..., 3], (img.shape[1] / 2, img.shape[0] / 2))
    if anchor == "base":
        patch.anchor = base_point(patch.alpha)
    return patch


def _warp(img: np.ndarray, angle: float, persp: np.ndarray | None) -> np.ndarray:
    h, w = img.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = src.copy()
    if persp is not None:
        dst += np.asarray(persp, np.float32) * max(w, h)
    c = dst.mean(axis=0)
    t = np.radians(angle)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]], np.float32)  # y points down: CCW on screen
    dst = (dst - c) @ rot.T + c
    lo = np.floor(dst.min(axis=0))
    dst -= lo
    size = (int(np.ceil(dst[:, 0].max())) + 1, int(np.ceil(dst[:, 1].max())) + 1)
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    return cv2.warpPerspective(
        img, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0)
    )


def base_point(alpha: np.ndarray) -> tuple[float, float]:
    """Bottom centre of the solid object: the point that touches the surface it stands on."""
    rows = np.flatnonzero(alpha.max(axis=1) >= SOLID)
    cols = np.flatnonzero(alpha.max(axis=0) >= SOLID)
    if len(rows) == 0:
        return alpha.shape[1] / 2, float(alpha.shape[0])
    return (cols[0] + cols[-1] + 1) / 2, float(rows[-1] + 1)


def pad(patch: Patch, margin: int) -> Patch:
    """The same patch with `margin` transparent pixels around it (room for blur and shadows)."""
    if margin <= 0:
        return patch
    rgb = cv2.copyMakeBorder(patch.rgb, margin, margin, margin, margin, cv2.BORDER_REPLICATE)
    alpha = cv2.copyMakeBorder(patch.alpha, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    mask = None if patch.mask is None else np.pad(patch.mask, margin)
    return Patch(rgb, alpha, (patch.anchor[0] + margin, patch.anchor[1] + margin), mask)


def rotate_into(patch: Patch, angle: float, centre: tuple[float, float], size: int) -> Patch:
    """The patch rotated by `angle` degrees (counter-clockwise) about its anchor, which lands on `centre`
    of a `size` x `size` frame; paste the result at (0, 0). One warp, whatever the sprite's length."""
    m = cv2.getRotationMatrix2D((float(patch.anchor[0]), float(patch.anchor[1])), angle, 1.0)
    m[:, 2] += (centre[0] - patch.anchor[0], centre[1] - patch.anchor[1])
    rgb = cv2.warpAffine(patch.rgb, m, (size, size), borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(patch.alpha, m, (size, size))
    return Patch(rgb, alpha, (0.0, 0.0))
