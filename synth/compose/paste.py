"""Pure paste maths: alpha-over, clipping a patch to the frame, boxes and occlusion.

Everything here is deterministic numpy on uint8 images (straight, not
premultiplied, alpha) so it can be tested on tiny arrays with known answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

#: Alpha at or above which a pixel counts as belonging to the object (boxes, occlusion).
SOLID = 128


@dataclass
class Patch:
    """An RGBA sprite and the point in it that is put at the target position."""

    rgb: np.ndarray  # (h, w, 3) uint8, straight colour
    alpha: np.ndarray  # (h, w) uint8
    anchor: tuple[float, float]  # (x, y) in patch pixels placed on the target point
    mask: np.ndarray | None = (
        None  # (h, w) bool: the object itself when alpha also holds a shadow; None = alpha >= SOLID
    )
    _solid: int | None = field(default=None, repr=False)
    _weights: np.ndarray | None = field(default=None, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return self.alpha.shape[:2]

    def object_mask(self) -> np.ndarray:
        if self.mask is None:  # computed once: pile copies are pasted many times
            self.mask = self.alpha >= SOLID
        return self.mask

    def solid(self) -> int:
        """Pixels that count as the object, wherever the patch lands (for truncation and occlusion)."""
        if self._solid is None:
            self._solid = int(np.count_nonzero(self.object_mask()))
        return self._solid

    def weights(self) -> np.ndarray:
        """alpha / 255 as float32, for blending (cached)."""
        if self._weights is None:
            self._weights = self.alpha.astype(np.float32) * np.float32(1 / 255)
        return self._weights


def alpha_over(bg: np.ndarray, fg: np.ndarray, alpha: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """fg over bg with straight alpha: round(fg * a/255 + bg * (1 - a/255)), uint8 (`weights` = a/255 if known)."""
    w = alpha.astype(np.float32) * np.float32(1 / 255) if weights is None else weights
    return cv2.blendLinear(np.ascontiguousarray(fg), np.ascontiguousarray(bg), np.ascontiguousarray(w), 1 - w)


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


def alpha_box(alpha: np.ndarray, threshold: int = SOLID) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the pixels at or above `threshold`, or None if there are none."""
    ys, xs = np.nonzero(alpha >= threshold)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


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
    from synth.compose.warp import make_patch

    rgba = np.asarray(fg_rgba)
    size = max(1, round(max(rgba.shape[:2]) * scale))
    patch = make_patch(rgba, size, angle=angle, anchor=anchor)
    out = bg_rgb.copy()
    full = np.zeros(bg_rgb.shape[:2], np.uint8)
    where = clip(patch.shape, top_left_for(patch, xy), bg_rgb.shape)
    if where is not None:
        (fs, ps) = where
        out[fs] = alpha_over(out[fs], patch.rgb[ps], patch.alpha[ps])
        full[fs] = patch.alpha[ps]
    inside = int(np.count_nonzero(full >= SOLID))
    total = patch.solid()
    return PasteResult(out, full, alpha_box(full), 0.0 if total == 0 else 1 - inside / total)


def resize_rgba(rgba: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize RGBA to (w, h): area filter when shrinking more than 2x (no aliasing), else linear
    (area is several times slower at fractional ratios, and within 2x linear does not alias)."""
    h, w = rgba.shape[:2]
    interp = cv2.INTER_AREA if size[0] * 2 < w or size[1] * 2 < h else cv2.INTER_LINEAR
    return cv2.resize(rgba, size, interpolation=interp)
