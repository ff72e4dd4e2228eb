"""The image being composed, plus an instance-id map that tracks which pasted
object owns each pixel, so every instance's visible box, occluded share and
truncated share come out exactly at the end (one pass, no per-instance masks)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from synth.compose.blend import poisson_paste
from synth.compose.paste import SOLID, Patch, clip, over, top_left_for


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
        fs, ps = where
        mask = patch.object_mask()[ps]
        whole = mask.shape == patch.shape
        inst.inside = inst.full if whole else int(np.count_nonzero(mask))
        cloned = poisson_paste(self.image, patch, xy) if poisson else None
        if cloned is not None:
            self.image[:] = cloned
        else:
            over(self.image[fs], patch.layers(), ps)
        np.copyto(self.ids[fs], len(self.instances), where=mask)
        return inst

    def cover(self, patch: Patch, xy: tuple[float, float], hides: bool = True) -> float:
        """Paste an occluder (hand, tag, bag); where it is solid and `hides`, objects below stop being visible.
        Returns the share of the frame it covers."""
        where = clip(patch.shape, top_left_for(patch, xy), self.image.shape)
        if where is None:
            return 0.0
        fs, ps = where
        over(self.image[fs], patch.layers(), ps)
        solid = patch.alpha[ps] >= SOLID
        if hides:
            np.copyto(self.ids[fs], 0, where=solid)
        return float(np.count_nonzero(solid)) / self.ids.size

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
        return lut[self.ids]

    def finish(self) -> list[Instance]:
        """Fill every instance's visible pixel count and visible box."""
        counts = np.bincount(self.ids.ravel(), minlength=len(self.instances) + 1)
        boxes = ndimage.find_objects(self.ids, max_label=len(self.instances))
        for i, inst in enumerate(self.instances):
            inst.visible = int(counts[i + 1])
            sl = boxes[i]
            inst.box = (
                None if sl is None else (sl[1].start, sl[0].start, sl[1].stop - sl[1].start, sl[0].stop - sl[0].start)
            )
        return self.instances
