"""Reading a query or gallery image the way evaluation sees it, with the
optional crop to the object's box (the seed paper found 16 px of padding best)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wildcat.core.imageio import load_array
from wildcat.core.manifest import Sample

#: Lineage key that holds an object box [x0, y0, x1, y1] in pixels of the full image.
BOX_KEY = "box"


def crop_to_box(image: np.ndarray, box: Sequence[float], padding: int) -> np.ndarray:
    """`image` cropped to `box` (x0, y0, x1, y1, pixels) grown by `padding` pixels, clipped to the image."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = (float(v) for v in box)
    left, top = max(0, int(np.floor(x0)) - padding), max(0, int(np.floor(y0)) - padding)
    right, bottom = min(w, int(np.ceil(x1)) + padding), min(h, int(np.ceil(y1)) + padding)
    if right <= left or bottom <= top:  # a box outside the image: keep the whole photo
        return image
    return image[top:bottom, left:right]


def sample_box(sample: Sample) -> list[float] | None:
    """The object box a sample's lineage carries, if any."""
    box = sample.lineage.get(BOX_KEY)
    if isinstance(box, (list, tuple)) and len(box) == 4:
        return [float(v) for v in box]
    return None


def crop_variant(sample: Sample, padding: int | None) -> str:
    """What `load_eval_image` does to a sample's pixels; part of the embedding cache key."""
    box = sample_box(sample) if padding is not None else None
    return "full" if box is None else f"box{box}+{padding}px"


def load_eval_image(sample: Sample, padding: int | None = None) -> np.ndarray:
    """The sample's image as HxWx3 uint8 RGB, cropped to its box when `padding` is set and it has one."""
    image = load_array(sample.path, mode="RGB")
    box = sample_box(sample) if padding is not None else None
    return crop_to_box(image, box, int(padding)) if box is not None else image
