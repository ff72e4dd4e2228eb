"""Failure galleries: a query photo next to the top 5 products of each run.

Each row is one query: its photo, then each run's top five products, each shown
by the gallery image it scored with for that query (the ranking takes a
product's best image), framed green when it is the right product, red when not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import load_image

TILE = 96
BORDER = 4
TOP = 5
GREEN, RED, GREY = (40, 170, 60), (210, 40, 40), (200, 200, 200)


@dataclass
class GalleryRow:
    query_path: str
    product_id: str
    caption: str  # shown under the query photo
    tops: Sequence[Sequence[str]]  # per run: product ids, best first
    top_images: Sequence[Sequence[str]]  # per run: the gallery image each of those products scored with


def _tile(path: str | None, frame: tuple[int, int, int] | None) -> np.ndarray:
    try:
        im = load_image(path, mode="RGB") if path else None
    except (WildcatError, OSError):
        im = None
    if im is None:  # an unreadable thumbnail should not cost the whole gallery
        im = Image.new("RGB", (TILE, TILE), GREY)
    inner = TILE - 2 * BORDER
    im = ImageOps.pad(im, (inner, inner), color=(255, 255, 255))
    im = ImageOps.expand(im, BORDER, fill=frame or (255, 255, 255))
    return np.asarray(im)


def save_failure_gallery(rows: Sequence[GalleryRow], path: str | Path, run_names: Sequence[str]) -> Path:
    """Write the gallery as a contact sheet (one row per query, TOP tiles per run)."""
    images, captions = [], []
    for row in rows:
        images.append(_tile(row.query_path, None))
        captions.append(row.caption)
        for name, top, shown in zip(run_names, row.tops, row.top_images, strict=False):
            padded = list(zip(top[:TOP], shown[:TOP], strict=False)) + [("", "")] * (TOP - len(top[:TOP]))
            for j, (pid, image) in enumerate(padded):
                frame = None if not pid else GREEN if pid == row.product_id else RED
                images.append(_tile(image, frame))
                captions.append(f"{name[:1]}{j + 1} {pid}" if pid else "")  # e.g. "a1 Oatly-Oat-Milk"
    if not images:
        images, captions = [np.full((TILE, TILE, 3), 255, np.uint8)], ["no queries to show"]
    return save_contact_sheet(path, images, captions, tile=TILE, columns=1 + TOP * len(run_names))
