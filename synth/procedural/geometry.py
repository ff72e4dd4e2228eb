"""Pure mesh builders: parametric grids with texture coordinates.

Every builder returns a `Surface`: vertices (N,3), triangles (M,3) wound
counter-clockwise seen from outside, and UVs (N,2) in trimesh's convention
(v = 1 is the top row of the texture image). Surfaces are grids, so seams and
poles duplicate vertices; `smooth_normals` shares normals across them so the
seams do not show. Units are metres, Y up, the product's front faces +Z.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Surface:
    vertices: np.ndarray
    faces: np.ndarray
    uv: np.ndarray


def grid_surface(points: np.ndarray, uv: np.ndarray, flip: bool = False) -> Surface:
    """Triangulate a (rows, cols, 3) grid of points; zero-area triangles (poles, closed ends) are dropped.

    With rows along a and cols along b, triangles face along d(a) x d(b);
    `flip` turns them the other way.
    """
    rows, cols = points.shape[:2]
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (r * cols + c).ravel()
    b, d = a + cols, a + 1  # next row, next column
    faces = np.concatenate([np.stack([a, b, b + 1], 1), np.stack([a, b + 1, d], 1)])
    if flip:
        faces = faces[:, ::-1]
    vertices = points.reshape(-1, 3).astype(np.float64)
    return Surface(vertices, _drop_degenerate(vertices, faces), uv.reshape(-1, 2).astype(np.float64))


def _drop_degenerate(v: np.ndarray, f: np.ndarray) -> np.ndarray:
    cross = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    return f[np.linalg.norm(cross, axis=1) > 1e-14]


def arc_fraction(points: np.ndarray) -> np.ndarray:
    """Cumulative arc length along a polyline (K,D), scaled to 0..1."""
    seg = np.linalg.norm(np.diff(points, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    return s / max(s[-1], 1e-12)


def lathe(
    radius: np.ndarray, height: np.ndarray, segments: int, outline: tuple[np.ndarray, np.ndarray] | None = None
) -> Surface:
    """Surface of revolution of the profile (radius[i], height[i]) about +Y.

    The profile runs from bottom to top along the outside (a radius of 0 closes
    the surface there). u goes round (u = 0.5 faces +Z, the front), v follows
    the profile's arc length from 0 (first point) to 1 (last). `outline`
    (ox, oz), arrays of segments+1 values, replaces the unit circle, e.g. for
    oval bottles.
    """
    u = np.linspace(0.0, 1.0, segments + 1)
    phi = 2 * np.pi * (u - 0.5)
    ox, oz = outline if outline is not None else (np.sin(phi), np.cos(phi))
    r = np.asarray(radius, float)[:, None]
    y = np.repeat(np.asarray(height, float)[:, None], len(u), axis=1)
    pts = np.stack([r * ox[None], y, r * oz[None]], -1)
    v = arc_fraction(np.stack([radius, height], 1))
    uv = np.stack(np.meshgrid(u, v), -1)
    return grid_surface(pts, uv, flip=True)


def tube(path: np.ndarray, radius: float | np.ndarray, sides: int = 12, cap: bool = True) -> Surface:
    """A tube of circular section swept along `path` (K,3), with flat-ish closed ends.

    Frames are carried along the path by parallel transport so the tube does
    not twist. u follows the path, v goes round.
    """
    path = np.asarray(path, float)
    radius = np.broadcast_to(np.asarray(radius, float), (len(path),)).copy()
    tangents = np.gradient(path, axis=0)
    tangents /= np.linalg.norm(tangents, axis=1, keepdims=True)
    if cap:  # repeat the end points with radius 0 to close the ends
        path, tangents = (np.concatenate([a[:1], a, a[-1:]]) for a in (path, tangents))
        radius = np.concatenate([[0.0], radius, [0.0]])
    normals = _transport_frames(tangents)
    binormals = np.cross(tangents, normals)
    ang = np.linspace(0, 2 * np.pi, sides + 1)
    ring = np.cos(ang)[None, :, None] * normals[:, None] + np.sin(ang)[None, :, None] * binormals[:, None]
    pts = path[:, None] + radius[:, None, None] * ring
    uv = np.stack(np.meshgrid(arc_fraction(path), np.linspace(0, 1, sides + 1), indexing="ij"), -1)
    return grid_surface(pts, uv, flip=True)


def _transport_frames(tangents: np.ndarray) -> np.ndarray:
    ref = np.array([0.0, 1.0, 0.0]) if abs(tangents[0, 1]) < 0.9 else np.array([1.0, 0.0, 0.0])
    n = np.cross(tangents[0], ref)
    n /= np.linalg.norm(n)
    out = [n]
    for t in tangents[1:]:
        n = n - t * np.dot(n, t)
        n /= max(np.linalg.norm(n), 1e-12)
        out.append(n)
    return np.asarray(out)


def loft(sections: np.ndarray, flip: bool = False) -> Surface:
    """A surface through (S, K, 3) cross-sections; u follows the sections, v each section's points."""
    s, k = sections.shape[:2]
    uv = np.stack(np.meshgrid(np.linspace(0, 1, s), np.linspace(0, 1, k), indexing="ij"), -1)
    return grid_surface(sections, uv, flip=flip)


def merge(surfaces: list[Surface]) -> Surface:
    """Concatenate surfaces into one (vertex indices offset)."""
    offset, faces = 0, []
    for s in surfaces:
        faces.append(s.faces + offset)
        offset += len(s.vertices)
    return Surface(
        np.concatenate([s.vertices for s in surfaces]), np.concatenate(faces), np.concatenate([s.uv for s in surfaces])
    )


def transformed(surface: Surface, matrix: np.ndarray) -> Surface:
    """The surface moved by a 4x4 rigid or scaling transform (winding kept for positive determinants)."""
    v = surface.vertices @ matrix[:3, :3].T + matrix[:3, 3]
    faces = surface.faces if np.linalg.det(matrix[:3, :3]) > 0 else surface.faces[:, ::-1]
    return Surface(v, faces, surface.uv)


def smooth_normals(surface: Surface, crease_deg: float = 50.0) -> np.ndarray:
    """Area-weighted vertex normals shared by coincident vertices whose normals differ by less than `crease_deg`."""
    v, f = surface.vertices, surface.faces
    fn = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    acc = np.zeros_like(v)
    for i in range(3):
        np.add.at(acc, f[:, i], fn)
    own = _unit(acc)
    key = np.round(v / 1e-7).astype(np.int64)
    _, group, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    order = np.argsort(group.ravel(), kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)])
    out = own.copy()
    cos_limit = np.cos(np.radians(crease_deg))
    for g in np.flatnonzero(counts > 1):  # seams and poles: few vertices each
        idx = order[starts[g] : starts[g + 1]]
        agree = own[idx] @ own[idx].T > cos_limit
        out[idx] = _unit(agree.astype(float) @ acc[idx])
    return out


def _unit(a: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(a, axis=-1, keepdims=True)
    return np.where(n > 1e-20, a / np.maximum(n, 1e-20), np.array([0.0, 1.0, 0.0]))
