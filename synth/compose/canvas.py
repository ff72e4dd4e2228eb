"""The image being composed, plus an instance-id map that tracks which pasted
object owns each pixel, so every instance's visible box, occluded share and
truncated share come out exactly at the end (one pass, no per-instance masks)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wildcat.synth.compose.blend import poisson_paste
from wildcat.synth.compose.kernels import MUL, NO_IDS, id_boxes, paste_into
from wildcat.synth.compose.paste import clip, top_left_for
from wildcat.synth.compose.patch import SOLID, Patch

_NO_MASK = np.zeros(0, np.uint8)


@dataclass
class Instance:
    """One pasted object and how it ended up; serialised into the sample's lineage."""

    product: str
    source: int  # index into the sample's list of foreground files
    role: str  # hero, pile, facing, distractor, neighbour, held, bagged
    x: float  # anchor position in the output (pixels)
    y: float
    size: float  # largest side of the object (pixels)
    angle: float = 0.0  # degrees, counter-clockwise
    flip: bool = False
    variant: int = -1  # index of the shared rotated copy used (piles), -1 = made for this instance
    full: int = 0  # object pixels, inside the frame or not
    inside: int = 0  # object pixels inside the frame
    visible: int = 0  # object pixels still on top at the end
    box: tuple[int, int, int, int] | None = None  # (x, y, w, h) of the visible pixels

    @property
    def truncated(self) -> float:
        return 0.0 if self.full == 0 else 1 - self.inside / self.full

    @property
    def occluded(self) -> float:
        """Share of the in-frame object hidden by things pasted over it."""
        return 0.0 if self.inside == 0 else 1 - self.visible / self.inside

    def to_dict(self) -> dict:
        return {
            "product": self.product,
            "source": self.source,
            "role": self.role,
            "x": round(self.x, 1),
            "y": round(self.y, 1),
            "size": round(self.size, 1),
            "angle": round(self.angle, 1),
            "flip": self.flip,
            "variant": self.variant,
            "occluded": round(self.occluded, 3),
            "truncated": round(self.truncated, 3),
            "box": list(self.box) if self.box else None,
        }


@dataclass
class Canvas:
    image: np.ndarray  # RGB uint8, composed in place
    ids: np.ndarray = field(init=False)  # int32: 1 + index of the instance owning each pixel, 0 = none
    instances: list[Instance] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = np.ascontiguousarray(self.image)  # the paste kernel indexes it flat
        self.ids = np.zeros(self.image.shape[:2], np.int32)

    @property
    def size(self) -> int:
        return self.image.shape[0]

    def paste(self, patch: Patch, xy: tuple[float, float], inst: Instance, poisson: bool = False) -> Instance:
        """Paste an object and record it; with `poisson`, seamless-clone it where possible."""
        self.instances.append(inst)
        inst.full = patch.solid()
        where = clip(patch.shape, top_left_for(patch, xy), self.image.shape)
        if where is None:
            return inst
        cloned = poisson_paste(self.image, patch, xy) if poisson else None
        if cloned is None:
            inst.inside = self._blend(patch, where, len(self.instances), patch.mask)
            return inst
        self.image[:] = cloned
        fs, ps = where
        mask = patch.object_mask()[ps]
        inst.inside = int(np.count_nonzero(mask))
        np.copyto(self.ids[fs], len(self.instances), where=mask)
        return inst

    def _blend(self, patch: Patch, where, label: int, mask: np.ndarray | None) -> int:
        """Blend the patch over the frame where it overlaps it and mark its object pixels (`mask`, or
        alpha >= SOLID if None) as `label` in the id map (not at all if NO_IDS). Returns their count."""
        (fys, fxs), (pys, pxs) = where
        m = _NO_MASK if mask is None else np.ascontiguousarray(mask).view(np.uint8).reshape(-1)
        alpha = np.ascontiguousarray(patch.alpha).reshape(-1)
        if patch.interleaved is not None:  # colour from the RGBA buffer (`rgb` may be a view of it)
            colour, step = patch.interleaved.reshape(-1), (4, 1)
        else:
            colour, step = np.ascontiguousarray(patch.rgb).reshape(-1), (3, 1)
        args = (fys.start, fxs.start, pys.start, pxs.start, fys.stop - fys.start, fxs.stop - fxs.start)
        pw = patch.shape[1]
        return paste_into(self.image, self.ids, colour, alpha, step, pw, m, *args, label, SOLID, MUL)

    def cover(self, patch: Patch, xy: tuple[float, float], hides: bool = True) -> float:
        """Paste an occluder (hand, tag, bag); where it is solid and `hides`, objects below stop being visible.
        Returns the share of the frame it covers."""
        where = clip(patch.shape, top_left_for(patch, xy), self.image.shape)
        if where is None:
            return 0.0
        return self._blend(patch, where, 0 if hides else NO_IDS, None) / self.ids.size

    def hidden_share(self, patch: Patch, xy: tuple[float, float], mine: np.ndarray) -> float:
        """What share of the pixels in `mine` (see `owned_by`) `patch` would hide, without pasting it."""
        where = clip(patch.shape, top_left_for(patch, xy), self.image.shape)
        total = int(np.count_nonzero(mine))
        if where is None or total == 0:
            return 0.0
        fs, ps = where
        return int(np.count_nonzero(mine[fs] & (patch.alpha[ps] >= SOLID))) / total

    def owned_by(self, instance_ids: list[int]) -> np.ndarray:
        """Boolean map of the pixels the given instances still show."""
        lut = np.zeros(len(self.instances) + 1, bool)
        lut[np.asarray(instance_ids, int) + 1] = True
        return lut.take(self.ids)  # = lut[self.ids], several times faster

    def finish(self) -> list[Instance]:
        """Fill every instance's visible pixel count and visible box."""
        counts, boxes = id_boxes(self.ids, len(self.instances))
        for inst, n, (x0, y0, x1, y1) in zip(self.instances, counts[1:].tolist(), boxes[1:].tolist(), strict=False):
            inst.visible = n
            inst.box = (x0, y0, x1 - x0, y1 - y0) if n else None
        return self.instances
