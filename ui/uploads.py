"""Photos people upload: size, format and pixel limits checked before any
decoding (through wildcat.core.imageio's safe loader), and the optional crop."""

from __future__ import annotations

from pathlib import PurePath

import numpy as np

from wildcat.core.errors import ImageLoadError, WildcatError
from wildcat.core.imageio import load_array

MAX_UPLOAD_MB = 20  # largest upload (megabytes); `wildcat ui` also tells the server
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000  # largest decoded photo (pixels): a phone photo is ~12M
UPLOAD_TYPES = ("jpg", "jpeg", "png", "webp")


class UploadError(WildcatError):
    """An uploaded file the query page will not use."""


def read_upload(data: bytes, name: str) -> np.ndarray:
    """The uploaded photo as HxWx3 uint8 RGB, or UploadError/ImageLoadError saying what is wrong and what to do."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise UploadError(
            name, f"the .{suffix or '?'} format is not accepted", f"upload a {', '.join(UPLOAD_TYPES).upper()} photo"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            name,
            f"the file is {len(data) / 1e6:.1f} MB, over the {MAX_UPLOAD_MB} MB limit",
            "downscale or recompress the photo",
        )
    try:
        return load_array(data, mode="RGB", name=name, max_pixels=MAX_UPLOAD_PIXELS)
    except ImageLoadError as exc:
        raise UploadError(name, exc.reason, exc.fix) from exc


def crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """`image` cropped to (left, top, right, bottom) in pixels, clipped to the image; an empty box is an error."""
    h, w = image.shape[:2]
    left, top, right, bottom = (int(v) for v in box)
    left, right = max(0, min(left, w)), max(0, min(right, w))
    top, bottom = max(0, min(top, h)), max(0, min(bottom, h))
    if right - left < 8 or bottom - top < 8:
        raise UploadError(
            None,
            f"the crop box {box} leaves less than 8x8 pixels of the {w}x{h} photo",
            "make right > left and bottom > top by at least 8 pixels",
        )
    return image[top:bottom, left:right]
