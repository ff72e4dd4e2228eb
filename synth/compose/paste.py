"""Pure paste maths: alpha-over, clipping a patch to the frame, boxes and occlusion.

Everything here is deterministic numpy/OpenCV on uint8 images (straight, not
premultiplied, alpha) so it can be tested on tiny arrays with known answers.
Blending is integer: a patch keeps its colour premultiplied by alpha and its
inverse alpha (8 bits each, made once: pile copies are pasted many times), and
pasting is one multiply and one add into the frame, in place. The canvas
pastes with the compiled equivalent (`kernels.paste_into`, same bytes), which
also marks the instance-id map in the same pass.
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
    #: (h, w, 4) C-contiguous RGBA holding the same colour and alpha (`rgb` may be a view of it), or None
    interleaved: np.ndarray | None = field(default=None, repr=False)
    _solid: int | None = field(default=None, repr=False)
    _layers: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def from_rgba(cls, rgba: np.ndarray, anchor: tuple[float, float]) -> Patch:
        """A patch on one RGBA array (colour not copied, alpha copied out: masks and counts read it often);
        resizing it is one resize, not one for colour and one for alpha."""
        rgba = np.ascontiguousarray(rgba)
        return cls(rgba[..., :3], cv2.extractChannel(rgba, 3), anchor, interleaved=rgba)

    def rgba(self) -> np.ndarray:
        """The patch as one (h, w, 4) RGBA array (made once)."""
        if self.interleaved is None:
            self.interleaved = cv2.insertChannel(self.alpha, cv2.cvtColor(self.rgb, cv2.COLOR_RGB2RGBA), 3)
        return self.interleaved

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

    def layers(self) -> tuple[np.ndarray, np.ndarray]:
        """(colour premultiplied by alpha, 255 - alpha), both (h, w, 3) uint8 (cached)."""
        if self._layers is None:
            self._layers = blend_layers(self.rgb, self.alpha)
        return self._layers


def transposed(patch: Patch) -> Patch:
    """The patch mirrored about its diagonal (x and y swapped, anchor too). OpenCV's transpose:
    numpy's copy of a transposed 3-channel array is some 20 times slower."""
    return Patch(cv2.transpose(patch.rgb), cv2.transpose(patch.alpha), (patch.anchor[1], patch.anchor[0]))


def blend_layers(rgb: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a3 = cv2.merge([np.ascontiguousarray(alpha)] * 3)
    return cv2.multiply(np.ascontiguousarray(rgb), a3, scale=1 / 255), cv2.bitwise_not(a3)


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


def alpha_box(alpha: np.ndarray, threshold: int = SOLID) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the pixels at or above `threshold`, or None if there are none."""
    box = cv2.boundingRect((np.asarray(alpha) >= threshold).view(np.uint8))
    return None if box[2] == 0 else tuple(int(v) for v in box)


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
        over(out[fs], patch.layers(), ps)
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
