"""Box / carton proxy: the cutout on the front face of a prism whose outline follows the cutout's rows.

A rectangular cutout gives a plain box; a carton's gable top or a tub's
rounded corners narrow the prism the same way. The sides take the colour just
inside the cutout's left and right edges (smoothed down the rows), the top and
bottom its first and last rows, the back a blend of the two side colours.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.render.proxies.parts import Part, assemble, place
from wildcat.synth.render.proxies.silhouette import EDGE_INSET, Silhouette, convex_hull, edge_colours, row_spans
from wildcat.synth.render.proxies.texture import build_atlas


def build_box(sil: Silhouette, rows: int, depth_ratio: float):
    """Mesh of a box proxy; `depth_ratio` = depth / widest row."""
    h, w = sil.size
    ys, left, right = row_spans(convex_hull(sil.mask), rows)  # cartons are convex; holes are matting errors
    atlas = build_atlas(sil, ys, *edge_colours(sil, ys, left, right))
    half = depth_ratio * float((right - left).max()) / 2
    yy = np.repeat(ys, 2)
    front, back = np.full(2 * rows, half), np.full(2 * rows, -half)
    xs = np.stack([left, right], 1).ravel()
    t = np.tile([0.0, 1.0], rows)
    parts = [
        Part(place(xs, yy, front, sil.size), atlas.front_uv(xs, yy), rows, 2, 0),
        Part(place(xs, yy, back, sil.size), atlas.back_uv(t, yy), rows, 2, 1),
        _side(left, 0.0, ys, half, atlas, sil.size, 2),
        _side(right, 1.0, ys, half, atlas, sil.size, 3),
        _cap(left[0], right[0], ys[0], ys[0] + EDGE_INSET, half, atlas, sil.size, 4),
        _cap(left[-1], right[-1], ys[-1], ys[-1] - EDGE_INSET, half, atlas, sil.size, 5),
    ]
    return assemble(parts, centre=np.array([0.0, 0.5, 0.0]), texture=atlas.image)


def _side(x: np.ndarray, t: float, ys: np.ndarray, half: float, atlas, size, group: int) -> Part:
    """A side strip from front to back at outline `x`, coloured by the back strip's column `t` (0 left, 1 right
    edge)."""
    rows = len(ys)
    xx, yy = np.repeat(x, 2), np.repeat(ys, 2)
    zz = np.tile([half, -half], rows)
    uv = atlas.back_uv(np.full(2 * rows, t), yy)
    return Part(place(xx, yy, zz, size), uv, rows, 2, group)


def _cap(x0: float, x1: float, y: float, colour_y: float, half: float, atlas, size, group: int) -> Part:
    """Top or bottom face at row `y`, coloured by the cutout row at `colour_y` stretched front to back."""
    xx = np.array([x0, x1, x0, x1])
    yy = np.full(4, y)
    zz = np.array([half, half, -half, -half])
    uv = atlas.front_uv(xx, np.full(4, colour_y))
    return Part(place(xx, yy, zz, size), uv, 2, 2, group)
