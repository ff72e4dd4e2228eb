"""Pure mask operations for the whitebg backend: floods from seeds, geodesic
growth, thin-part extraction and speck removal (bool HxW arrays in, out)."""

from __future__ import annotations

import cv2
import numpy as np


def flood(passable: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """What the seeds reach through `passable`, not slipping through 1-2 px gaps of an outline."""
    reached = reached_from(erode(passable, 1), seeds)
    return grow_within(reached, passable, 1)  # undo the erosion


def reached_from(passable: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """The connected parts of `passable` that hold a seed."""
    n, labels = cv2.connectedComponents(passable.astype(np.uint8), connectivity=4)
    ids = np.unique(labels[seeds & passable])
    return np.isin(labels, ids[ids > 0])


def grow_within(seed: np.ndarray, allowed: np.ndarray, steps: int) -> np.ndarray:
    """Geodesic dilation: `seed` grown by up to `steps` px, never outside `allowed`."""
    cur = seed.astype(np.uint8)
    kernel = np.ones((3, 3), np.uint8)
    allowed8 = allowed.astype(np.uint8)
    for _ in range(steps):
        nxt = cv2.dilate(cur, kernel) & allowed8
        if np.array_equal(nxt, cur):
            break
        cur = nxt
    return cur.astype(bool) | seed


def erode(mask: np.ndarray, r: int) -> np.ndarray:
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.erode(mask.astype(np.uint8), kernel, borderType=cv2.BORDER_REPLICATE).astype(bool)


def thin_parts(candidates: np.ndarray, width: int) -> np.ndarray:
    """The parts of `candidates` narrower than about 2 * `width` px.

    Next to an outline, JPEG ringing makes a thin textured band of
    background colour; a white panel of a package is background-coloured and
    textured too, but wide. A morphological opening keeps the wide parts.
    """
    r = max(1, width)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    wide = cv2.morphologyEx(candidates.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    wide = grow_within(wide, candidates, r + 1)
    return candidates & ~wide


def long_border_contact(region: np.ndarray, ring: np.ndarray, min_share: float) -> np.ndarray:
    """The components of `region` that cover at least `min_share` of the border ring."""
    n, labels = cv2.connectedComponents(region.astype(np.uint8), connectivity=4)
    contact = np.bincount(labels[ring], minlength=n)
    keep = contact >= min_share * ring.sum()
    keep[0] = False
    return keep[labels]


def drop_specks(mask: np.ndarray, min_fraction: float) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= max(2, min_fraction * mask.size)
    keep[0] = False
    return keep[labels]
