"""Small images for grids, tables and chart tooltips, decoded through the safe
loader and re-encoded as JPEG so a page of thumbnails stays light."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
from PIL import Image

from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_jpeg, load_array

GREEN = (40, 170, 60)
GREY = (200, 200, 200)


def square(image: np.ndarray, side: int, fill: int = 255) -> np.ndarray:
    """`image` scaled (down or up) to fit a side x side tile, aspect kept, centred on `fill`: grids line up."""
    h, w = image.shape[:2]
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resample = Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC
    small = Image.fromarray(np.ascontiguousarray(image[..., :3])).resize(size, resample)
    tile = Image.new("RGB", (side, side), (fill, fill, fill))
    tile.paste(small, ((side - size[0]) // 2, (side - size[1]) // 2))
    return np.asarray(tile)


def read_rgb(path: str | Path) -> np.ndarray:
    """HxWx3 uint8; raises ImageLoadError (a WildcatError) naming the file."""
    return load_array(path, mode="RGB")


def thumbnail(path: str | Path, side: int = 160, quality: int = 85) -> bytes:
    """JPEG bytes of the image at `path` as a side x side tile; a grey tile when it cannot be read."""
    try:
        return encode_jpeg(square(read_rgb(path), side), quality)
    except (WildcatError, OSError):
        return encode_jpeg(placeholder(side), quality)


def placeholder(side: int) -> np.ndarray:
    """A grey square with a cross: an image that could not be read."""
    tile = np.full((side, side, 3), 235, np.uint8)
    idx = np.arange(side)
    tile[idx, idx] = tile[idx, side - 1 - idx] = GREY
    return tile


def data_uri(path: str | Path, side: int = 64) -> str:
    """A data: URI of the thumbnail (for chart tooltips, which cannot fetch files)."""
    return "data:image/jpeg;base64," + base64.b64encode(thumbnail(path, side, quality=80)).decode("ascii")


def framed(image: np.ndarray, color: tuple[int, int, int] = GREEN, width: int = 4) -> np.ndarray:
    """`image` with a coloured frame drawn inside its border (marks the right product)."""
    out = np.array(image, copy=True)
    w = max(1, min(width, min(out.shape[:2]) // 4))
    out[:w], out[-w:], out[:, :w], out[:, -w:] = color, color, color, color
    return out
