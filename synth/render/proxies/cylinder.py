"""Cylinder proxy (can, bottle, jar): a lathe whose radius follows the cutout's width row by row.

A straight can gives a cylinder; a bottle keeps its neck and shoulders. The
cutout is laid on the front half as the camera saw it (column = centre +
r sin(theta), partly spread evenly near the sides: `wrap`), so the front view
reproduces the photo; the back half blends from the right-edge colour to the
left-edge colour.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.render.proxies.parts import RIM_TEXTURE, Part, assemble, place, wrapped
from wildcat.synth.render.proxies.silhouette import EDGE_INSET, Silhouette, edge_colours, row_spans
from wildcat.synth.render.proxies.texture import build_atlas


def build_cylinder(sil: Silhouette, rows: int, segments: int, depth_ratio: float, wrap: float):
    """Mesh of a lathe proxy; `depth_ratio` = front-to-back radius / half-width (1 = round); `wrap` see `wrapped`."""
    ys, left, right = row_spans(sil.mask, rows)
    atlas = build_atlas(sil, ys, *edge_colours(sil, ys, left, right))
    centre, radius = (left + right) / 2, (right - left) / 2
    half = max(segments // 2, 2)
    front = np.radians(np.linspace(-90.0, 90.0, half + 1))[None, :]
    back = np.radians(np.linspace(90.0, 270.0, half + 1))[None, :]
    c, r, y = centre[:, None], radius[:, None], ys[:, None]
    front_x = c + r * RIM_TEXTURE * np.sign(front) * wrapped(np.abs(front), wrap)
    parts = [
        _shell(front, c, r, y, depth_ratio, sil.size, atlas.front_uv(*np.broadcast_arrays(front_x, y))),
        _shell(
            back, c, r, y, depth_ratio, sil.size, atlas.back_uv(*np.broadcast_arrays(1 - (back - np.pi / 2) / np.pi, y))
        ),
        _cap(centre[0], radius[0], ys[0], ys[0] + EDGE_INSET, depth_ratio, segments, atlas, sil.size, 1),
        _cap(centre[-1], radius[-1], ys[-1], ys[-1] - EDGE_INSET, depth_ratio, segments, atlas, sil.size, 2),
    ]
    return assemble(parts, centre=np.array([0.0, 0.5, 0.0]), texture=atlas.image)


def _shell(theta, c, r, y, depth_ratio, size, uv) -> Part:
    """The lathe surface over angles `theta` (one smooth group, so front and back meet without a crease)."""
    x, z = c + r * np.sin(theta), depth_ratio * r * np.cos(theta)
    x, y, z = np.broadcast_arrays(x, y, z)
    return Part(place(x, y, z, size), uv.reshape(-1, 2), x.shape[0], x.shape[1], 0)


def _cap(
    cx: float, r: float, y: float, colour_y: float, depth_ratio: float, segments: int, atlas, size, group: int
) -> Part:
    """A flat disc at row `y` (centre row + rim row), coloured by the cutout row at `colour_y`."""
    th = np.radians(np.linspace(-180.0, 180.0, segments + 1))
    x = np.concatenate([np.full_like(th, cx), cx + r * np.sin(th)])
    z = np.concatenate([np.zeros_like(th), depth_ratio * r * np.cos(th)])
    return Part(place(x, np.full_like(x, y), z, size), atlas.front_uv(x, np.full_like(x, colour_y)), 2, len(th), group)
