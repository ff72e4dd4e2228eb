"""Pure geometric transforms of RGBA cutouts: tidy up, scale, flip, rotate, perspective warp."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.compose.framing import clamp
from wildcat.synth.compose.patch import Patch, alpha_box, resize_rgba


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
    size = (max(1, round(w * s)), max(1, round(h * s)))
    if angle or persp is not None:
        if s < 0.5:  # shrinking far: area filter first (no aliasing), then the warp
            rgba, s = resize_rgba(rgba, size), 1.0
        img = _warp(rgba, s, flip, angle, persp)
    else:
        img = resize_rgba(rgba, size)
        img = cv2.flip(img, 1) if flip else img  # (numpy's copy of a flipped multi-channel array is far slower)
    rgb, alpha = cv2.cvtColor(img, cv2.COLOR_RGBA2RGB), np.ascontiguousarray(img[..., 3])
    patch = Patch(rgb, alpha, (img.shape[1] / 2, img.shape[0] / 2))
    if anchor == "base":
        patch.anchor = base_point(patch.alpha)
    return patch


def _warp(img: np.ndarray, scale: float, flip: bool, angle: float, persp: np.ndarray | None) -> np.ndarray:
    """Scale, mirror, perspective-shift and rotate in one resampling (cheaper and sharper than one per step)."""
    h, w = img.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = src * np.float32(scale)
    if flip:
        dst[:, 0] = w * scale - dst[:, 0]
    if persp is not None:
        dst += np.asarray(persp, np.float32) * max(w, h) * scale
    c = dst.mean(axis=0)
    t = np.radians(angle)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]], np.float32)  # y points down: CCW on screen
    dst = (dst - c) @ rot.T + c
    dst -= np.floor(dst.min(axis=0))
    size = (int(np.ceil(dst[:, 0].max())) + 1, int(np.ceil(dst[:, 1].max())) + 1)
    border = {"borderMode": cv2.BORDER_CONSTANT, "borderValue": (0, 0, 0, 0), "flags": cv2.INTER_LINEAR}
    if persp is None:  # scale and rotation: the affine warp is cheaper than the perspective one
        return cv2.warpAffine(img, cv2.getAffineTransform(src[:3], dst[:3].astype(np.float32)), size, **border)
    return cv2.warpPerspective(img, cv2.getPerspectiveTransform(src, dst.astype(np.float32)), size, **border)


def base_point(alpha: np.ndarray) -> tuple[float, float]:
    """Bottom centre of the solid object: the point that touches the surface it stands on."""
    box = alpha_box(alpha)
    if box is None:
        return alpha.shape[1] / 2, float(alpha.shape[0])
    x, y, w, h = box
    return (2 * x + w) / 2, float(y + h)


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
    of a `size` x `size` frame; paste the result at (0, 0). One warp, whatever the sprite's length,
    into the part of the frame the rotated sprite covers only (a long bar may cross the whole frame)."""
    m = cv2.getRotationMatrix2D((float(patch.anchor[0]), float(patch.anchor[1])), angle, 1.0)
    m[:, 2] += (centre[0] - patch.anchor[0], centre[1] - patch.anchor[1])
    h, w = patch.alpha.shape
    corners = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], float) @ m.T
    x0, y0 = (int(clamp(np.floor(v) - 1, 0, size)) for v in corners.min(axis=0))
    x1, y1 = (int(clamp(np.ceil(v) + 1, 0, size)) for v in corners.max(axis=0))
    if x1 <= x0 or y1 <= y0:  # entirely outside the frame
        return Patch(np.zeros((1, 1, 3), np.uint8), np.zeros((1, 1), np.uint8), (0.0, 0.0))
    m[:, 2] -= (x0, y0)
    rgb = cv2.warpAffine(patch.rgb, m, (x1 - x0, y1 - y0), borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(patch.alpha, m, (x1 - x0, y1 - y0))
    return Patch(rgb, alpha, (-float(x0), -float(y0)))
