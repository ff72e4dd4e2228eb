"""`alpha`: images that already carry their cutout in an alpha channel."""

from __future__ import annotations

import numpy as np

from wildcat.segment.errors import SegmentError
from wildcat.segment.matte import Matte
from wildcat.segment.quality import FIXES, NO_ALPHA

#: An alpha channel whose every value is at least this is just opaque, not a cutout.
OPAQUE = 250


def has_cutout_alpha(image: np.ndarray) -> bool:
    """Whether `image` is RGBA with some transparency (an all-opaque channel says nothing)."""
    return image.ndim == 3 and image.shape[2] == 4 and int(image[..., 3].min()) < OPAQUE


class AlphaBackend:
    name = "alpha"
    model = "alpha-channel"
    version = "1"

    def __call__(self, image: np.ndarray) -> Matte:
        if image.ndim != 3 or image.shape[2] != 4:
            raise SegmentError(None, NO_ALPHA, FIXES[NO_ALPHA])
        alpha = image[..., 3].astype(np.float32) / 255.0
        return Matte(alpha=alpha, foreground=np.ascontiguousarray(image[..., :3]), info={})
