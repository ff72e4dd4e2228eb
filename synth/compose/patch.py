"""A patch: an RGBA sprite with the point that lands on the target, and the
pure helpers on its pixels that paste, warp and the layouts share (object
mask, bounding box of solid alpha, premultiplied layers, resizing).
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


def alpha_box(alpha: np.ndarray, threshold: int = SOLID) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the pixels at or above `threshold`, or None if there are none."""
    box = cv2.boundingRect((np.asarray(alpha) >= threshold).view(np.uint8))
    return None if box[2] == 0 else tuple(int(v) for v in box)


def resize_rgba(rgba: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize RGBA to (w, h): area filter when shrinking more than 2x (no aliasing), else linear
    (area is several times slower at fractional ratios, and within 2x linear does not alias)."""
    h, w = rgba.shape[:2]
    interp = cv2.INTER_AREA if size[0] * 2 < w or size[1] * 2 < h else cv2.INTER_LINEAR
    return cv2.resize(rgba, size, interpolation=interp)
