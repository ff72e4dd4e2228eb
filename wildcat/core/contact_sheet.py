"""Contact sheets: a grid of images with captions, for a person to look at."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from wildcat.core.imageio import save_image

CHECKER = 8  # pixels per checkerboard square behind transparent images


def contact_sheet(
    images: Sequence[np.ndarray],
    captions: Sequence[str] | None = None,
    tile: int = 128,
    columns: int = 8,
) -> np.ndarray:
    """An RGB grid of `images` (RGB or RGBA uint8), each fitted in a `tile` square; RGBA over a checkerboard."""
    n = max(len(images), 1)
    cols = min(columns, n)
    rows = (n + cols - 1) // cols
    cap_h = 14 if captions else 0
    sheet = Image.new("RGB", (cols * tile, rows * (tile + cap_h)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for i, arr in enumerate(images):
        x, y = (i % cols) * tile, (i // cols) * (tile + cap_h)
        sheet.paste(_fit(arr, tile), (x, y))
        if captions:
            draw.text((x + 2, y + tile + 1), str(captions[i])[: tile // 6], fill=(0, 0, 0))
    return np.asarray(sheet)


def save_contact_sheet(
    path: str | Path, images: Sequence[np.ndarray], captions: Sequence[str] | None = None, **kw
) -> Path:
    return save_image(path, contact_sheet(images, captions, **kw))


def _fit(arr: np.ndarray, tile: int) -> Image.Image:
    im = Image.fromarray(arr)
    im.thumbnail((tile, tile))
    if im.mode == "RGBA":
        yy, xx = np.mgrid[: im.height, : im.width]
        checker = np.where(((yy // CHECKER + xx // CHECKER) % 2)[..., None] == 0, 235, 200).astype(np.uint8)
        base = Image.fromarray(np.repeat(checker, 3, axis=2)).convert("RGBA")
        im = Image.alpha_composite(base, im)
    canvas = Image.new("RGB", (tile, tile), (255, 255, 255))
    canvas.paste(im.convert("RGB"), ((tile - im.width) // 2, (tile - im.height) // 2))
    return canvas
