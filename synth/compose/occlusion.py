"""Generic occluders over the hero: a price tag, a crate or shelf bar, a leaf,
intruding from one side to hide a target share of it, pulled back until the
hero is at most `max_fraction` hidden. The share actually hidden is measured
on the canvas and recorded per instance."""

from __future__ import annotations

import numpy as np

from wildcat.synth.compose.composer import Composer
from wildcat.synth.compose.occluders import OCCLUDER_TYPES, occluder
from wildcat.synth.compose.patch import transposed

SIDES = ("top", "bottom", "left", "right")


def occlude(c: Composer) -> None:
    occ = c.cfg.occlusion
    if c.rng.random() >= occ.prob or not c.hero_ids:
        return
    mine = c.canvas.owned_by(c.hero_ids)
    rows, cols = np.flatnonzero(mine.any(axis=1)), np.flatnonzero(mine.any(axis=0))
    if len(rows) == 0:
        return
    box = (int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1))
    kind = OCCLUDER_TYPES[int(c.rng.integers(len(OCCLUDER_TYPES)))]
    side = SIDES[int(c.rng.integers(4))]
    target = float(c.rng.uniform(*occ.fraction))
    x0, y0, w, h = box
    vertical = side in ("top", "bottom")
    extent = max(2.0, target * (h if vertical else w))
    sprite = occluder(kind, extent, w if vertical else h, c.rng)
    if not vertical:
        sprite = transposed(sprite)
    depth = sprite.alpha.shape[0] if vertical else sprite.alpha.shape[1]
    along = float(c.rng.uniform(0.2, 0.8))
    share = 0.0
    for _ in range(5):
        xy = _position(side, box, extent, depth, along)
        share = c.canvas.hidden_share(sprite, xy, mine)
        if share <= occ.max_fraction:
            break
        extent *= 0.6
    c.canvas.cover(sprite, xy)
    c.occluders.append({"type": kind, "side": side, "target": round(target, 3), "hidden": round(share, 3)})


def _position(side: str, box, extent: float, depth: float, along: float) -> tuple[float, float]:
    """Centre of a sprite `depth` deep whose inner edge reaches `extent` into the box from `side`."""
    x0, y0, w, h = box
    if side == "bottom":
        return x0 + along * w, y0 + h - extent + depth / 2
    if side == "top":
        return x0 + along * w, y0 + extent - depth / 2
    if side == "right":
        return x0 + w - extent + depth / 2, y0 + along * h
    return x0 + extent - depth / 2, y0 + along * h
