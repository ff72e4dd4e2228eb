"""Rounded boxes whose six faces map to the cells of a texture atlas (cartons, bags, seats).

Each face is a grid whose rows crowd into the rounded edges, so a radius of a
few millimetres still looks round; its UVs cover one cell of a 3 x 2 atlas,
oriented so that a panel painted upright appears upright on the box.
"""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.procedural.geometry import Surface, grid_surface, merge

#: face -> (outward normal, texture right, texture up); each triple is right-handed (right x up = normal).
FACES: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {
    "front": ((0, 0, 1), (1, 0, 0), (0, 1, 0)),
    "right": ((1, 0, 0), (0, 0, -1), (0, 1, 0)),
    "back": ((0, 0, -1), (-1, 0, 0), (0, 1, 0)),
    "left": ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),
    "top": ((0, 1, 0), (1, 0, 0), (0, 0, -1)),
    "bottom": ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
}
#: atlas cell (column, row from the top) of each face in a 3 x 2 grid
CELLS = {"front": (0, 0), "right": (1, 0), "back": (2, 0), "left": (0, 1), "top": (1, 1), "bottom": (2, 1)}
INSET = 2 / 256  # keep UVs this far (of a cell) from the cell border so neighbours do not bleed in


def cell_rect(face: str) -> tuple[float, float, float, float]:
    """(u0, v0, u1, v1) of a face's atlas cell, inset a little."""
    col, row = CELLS[face]
    u0, v1 = col / 3, 1 - row / 2
    return (u0 + INSET / 3, v1 - 0.5 + INSET / 2, u0 + 1 / 3 - INSET / 3, v1 - INSET / 2)


def face_size(half: np.ndarray, face: str) -> tuple[float, float]:
    """(width, height) of a face in metres, as a panel painted for it should be proportioned."""
    _, right, up = (np.abs(np.asarray(a)) for a in FACES[face])
    return float(2 * half @ right), float(2 * half @ up)


def rounded_box(half: tuple[float, float, float], radius: float, cells: int = 10, round_cells: int = 3) -> Surface:
    """A box of half-extents `half` (metres) with edges rounded to `radius`, centred on the origin."""
    h = np.asarray(half, float)
    radius = float(np.clip(radius, 1e-4, 0.999 * h.min()))
    return merge([_face(h, radius, name, cells, round_cells) for name in FACES])


def _face(h: np.ndarray, radius: float, name: str, cells: int, round_cells: int) -> Surface:
    normal, right, up = (np.asarray(a, float) for a in FACES[name])
    hr, hu, hn = float(h @ np.abs(right)), float(h @ np.abs(up)), float(h @ np.abs(normal))
    a, b = _coords(hr, radius, cells, round_cells), _coords(hu, radius, cells, round_cells)
    aa, bb = np.meshgrid(a, b, indexing="ij")
    flat = normal * hn + aa[..., None] * right + bb[..., None] * up
    inner = np.clip(flat, -(h - radius), h - radius)
    offset = flat - inner
    pts = inner + radius * offset / np.linalg.norm(offset, axis=-1, keepdims=True)
    u0, v0, u1, v1 = cell_rect(name)
    uv = np.stack([u0 + (aa + hr) / (2 * hr) * (u1 - u0), v0 + (bb + hu) / (2 * hu) * (v1 - v0)], -1)
    # rows run along `right`, columns along `up`: right x up = normal, outward
    return grid_surface(pts, uv)


def _coords(half: float, radius: float, cells: int, round_cells: int) -> np.ndarray:
    """Grid coordinates across a face: even in the flat part, at even angles in the rounded edges."""
    flat = np.linspace(-(half - radius), half - radius, cells + 1)
    edge = (half - radius) + radius * np.tan(np.linspace(0, np.pi / 4, round_cells + 1)[1:])
    return np.concatenate([-edge[::-1], flat, edge])


def atlas(panels: dict[str, np.ndarray], cell: int = 256) -> np.ndarray:
    """The 3 x 2 atlas image (RGB uint8) with each face's panel stretched into its cell."""
    out = np.zeros((2 * cell, 3 * cell, 3), np.uint8)
    for name, (col, row) in CELLS.items():
        out[row * cell : (row + 1) * cell, col * cell : (col + 1) * cell] = cv2.resize(
            panels[name], (cell, cell), interpolation=cv2.INTER_AREA
        )
    return out
