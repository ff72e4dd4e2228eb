"""Goods on store shelves: runs of identical packs on every board, as one textured mesh.

Each run is a box whose front shows its packs side by side; all runs share
one painted atlas (a band per run), so a full gondola costs one draw call.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural.colors import jitter
from wildcat.synth.procedural.noise import to_uint8
from wildcat.synth.procedural.wild.shapes import atlas_mesh, box_arrays

PX_PER_M = 160  # atlas resolution along a run
BAND_PX = 40  # atlas rows per run
PACK_COLOURS = (
    (200, 40, 40),
    (40, 90, 180),
    (240, 200, 50),
    (60, 150, 70),
    (240, 240, 235),
    (150, 70, 150),
    (240, 130, 30),
)


def stock_mesh(
    rng: np.random.Generator, segments: list[tuple[float, float, float]], back_z: float, depth: float, gap: float
):
    """Runs of packs filling each (board height, x0, x1) segment, standing against the back at `back_z`."""
    runs = []
    for y, x0, x1 in segments:
        x = x0
        while x1 - x > 0.1:
            length = min(x1 - x, rng.uniform(0.3, 0.9))
            runs.append(
                (x, length, y, gap * rng.uniform(0.45, 0.85), depth * rng.uniform(0.6, 0.9), rng.uniform(0.06, 0.12))
            )
            x += length
    if not runs:
        return None
    width = int(np.ceil(max(r[1] for r in runs) * PX_PER_M))
    atlas = np.zeros((BAND_PX * len(runs), width, 3), np.float32)
    parts = []
    for i, (x, length, y, h, d, pack) in enumerate(runs):
        band = atlas[i * BAND_PX : (i + 1) * BAND_PX]
        _paint_run(rng, band, length, pack)
        u1, v0, v1 = length * PX_PER_M / width, 1 - (i + 1) * BAND_PX / len(atlas), 1 - i * BAND_PX / len(atlas)
        v, f, uv = box_arrays(
            (length / 2 - 0.005, h / 2, d / 2),
            lambda a, b, w, hh, u1=u1, v0=v0, v1=v1: ((a + 1) / 2 * u1, v0 + (b + 1) / 2 * (v1 - v0)),
        )
        parts.append((v + [x + length / 2, y - 0.012 + h / 2, back_z + 0.02 + d / 2], f, uv))
    return atlas_mesh(parts, to_uint8(atlas))


def _paint_run(rng: np.random.Generator, band: np.ndarray, length: float, pack: float) -> None:
    """Pack fronts along a run, in place: a colour, a printed stripe, dark gaps between packs."""
    h = band.shape[0]
    colour = jitter(PACK_COLOURS[int(rng.integers(len(PACK_COLOURS)))], rng, 0.1)
    band[:] = colour
    band[int(h * rng.uniform(0.2, 0.4)) : int(h * rng.uniform(0.5, 0.7))] = jitter(colour, rng, 0.4)
    step = max(2, int(pack * PX_PER_M))
    band[:, ::step] *= 0.45
