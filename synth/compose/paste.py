"""Pure paste maths: alpha-over, clipping a patch to the frame, occlusion (the patch itself: patch.py).

Everything here is deterministic numpy/OpenCV on uint8 images (straight, not
premultiplied, alpha) so it can be tested on tiny arrays with known answers.
Blending is integer: a patch keeps its colour premultiplied by alpha and its
inverse alpha (8 bits each, made once: pile copies are pasted many times), and
pasting is one multiply and one add into the frame, in place. The canvas
pastes with the compiled equivalent (`kernels.paste_into`, same bytes), which
also marks the instance-id map in the same pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wildcat.synth.compose.patch import SOLID, Patch, alpha_box, blend_layers
from wildcat.synth.compose.warp import make_patch


def over(frame: np.ndarray, layers: tuple[np.ndarray, np.ndarray], ps=None) -> None:
    """Blend in place: frame = premultiplied + frame * (255 - a) / 255 (rounded; `frame` may be a view).
    `ps`: the slices of the layers that cover `frame`."""
    premul, inverse = layers if ps is None else (layers[0][ps], layers[1][ps])
    cv2.add(cv2.multiply(frame, inverse, scale=1 / 255), premul, dst=frame)


def alpha_over(bg: np.ndarray, fg: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """fg over bg with straight alpha: fg * a/255 + bg * (1 - a/255), each term rounded, uint8."""
    out = np.array(bg, np.uint8, copy=True, order="C")
    over(out, blend_layers(fg, alpha))
    return out


def clip(patch_shape: tuple[int, int], top_left: tuple[int, int], frame_shape: tuple[int, int]):
    """(frame slices, patch slices) of the overlap of a patch placed with its corner at `top_left`, or None."""
    ph, pw = patch_shape
    fh, fw = frame_shape[:2]
    x0, y0 = top_left
    fx0, fy0, fx1, fy1 = max(x0, 0), max(y0, 0), min(x0 + pw, fw), min(y0 + ph, fh)
    if fx0 >= fx1 or fy0 >= fy1:
        return None
    return (slice(fy0, fy1), slice(fx0, fx1)), (slice(fy0 - y0, fy1 - y0), slice(fx0 - x0, fx1 - x0))


def top_left_for(patch: Patch, xy: tuple[float, float]) -> tuple[int, int]:
    """Integer corner that puts the patch anchor on `xy` (patches are never resampled for sub-pixel shifts)."""
    return int(round(xy[0] - patch.anchor[0])), int(round(xy[1] - patch.anchor[1]))


def occluded_fraction(full: np.ndarray, visible: np.ndarray) -> float:
    """Share of an object's pixels (`full`, boolean) that are not `visible` (boolean, same frame)."""
    total = int(np.count_nonzero(full))
    return 0.0 if total == 0 else 1.0 - int(np.count_nonzero(full & visible)) / total


@dataclass
class PasteResult:
    image: np.ndarray  # the composite, RGB uint8
    alpha: np.ndarray  # where the object now is, full frame, uint8
    box: tuple[int, int, int, int] | None  # (x, y, w, h) of the visible object, None if it fell outside
    truncated: float  # share of the object's pixels that fell outside the frame


def paste(
    fg_rgba: np.ndarray,
    bg_rgb: np.ndarray,
    xy: tuple[float, float],
    scale: float = 1.0,
    angle: float = 0.0,
    anchor: str = "center",
) -> PasteResult:
    """Paste an RGBA cutout onto an RGB background: scaled, rotated (degrees, counter-clockwise) and
    placed with its centre (anchor="center") or bottom centre (anchor="base") at `xy`."""
    rgba = np.asarray(fg_rgba)
    size = max(1, round(max(rgba.shape[:2]) * scale))
    patch = make_patch(rgba, size, angle=angle, anchor=anchor)
    out = bg_rgb.copy()
    full = np.zeros(bg_rgb.shape[:2], np.uint8)
    where = clip(patch.shape, top_left_for(patch, xy), bg_rgb.shape)
    if where is not None:
        (fs, ps) = where
        over(out[fs], patch.layers(), ps)
        full[fs] = patch.alpha[ps]
    inside = int(np.count_nonzero(full >= SOLID))
    total = patch.solid()
    return PasteResult(out, full, alpha_box(full), 0.0 if total == 0 else 1 - inside / total)
