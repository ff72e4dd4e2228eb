"""Building proxy meshes from parts: vertex grids with texture coordinates, assembled
into one textured trimesh with outward faces and normals smoothed within each part."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RIM_TEXTURE = 0.97  # curved proxies read texels at most this far out (of the outline radius): skips matting fringe


def wrapped(angle: np.ndarray, wrap: float) -> np.ndarray:
    """Where a curved surface at `angle` from its front (0..pi/2) reads the cutout, as a fraction of the way to the
    outline.

    wrap=0: sin(angle), the exact orthographic projection (the front view is
    the photo; texels near the outline stretch over the sides); wrap=1:
    angle/(pi/2), texels spread evenly along the surface; between: a blend.
    """
    return (1 - wrap) * np.sin(angle) + wrap * angle / (np.pi / 2)


@dataclass
class Part:
    """A grid of vertices (rows x cols, flattened row-major) with texture coordinates."""

    vertices: np.ndarray  # (rows*cols, 3)
    uv: np.ndarray  # (rows*cols, 2)
    rows: int
    cols: int
    smooth_group: int  # parts in one group share normals where their vertices coincide


def grid_faces(rows: int, cols: int) -> np.ndarray:
    """Two triangles per grid cell of a rows x cols vertex grid."""
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    a = (r * cols + c).ravel()
    b, d = a + 1, a + cols
    return np.concatenate([np.stack([a, d, b], 1), np.stack([b, d, d + 1], 1)])


def assemble(parts: list[Part], centre: np.ndarray, texture: np.ndarray):
    """One trimesh: faces turned to face away from `centre`, degenerate ones dropped, normals per smooth group.

    Turning each face outward assumes the surface is star-shaped about
    `centre`, which holds for the boxes, lathes and blobs built here.
    """
    import trimesh
    from PIL import Image

    vertices, uv, faces, groups, offset = [], [], [], [], 0
    for p in parts:
        vertices.append(p.vertices)
        uv.append(p.uv)
        faces.append(grid_faces(p.rows, p.cols) + offset)
        groups.append(np.full(len(p.vertices), p.smooth_group))
        offset += len(p.vertices)
    v, f = np.concatenate(vertices), np.concatenate(faces)
    f = _outward(v, _nondegenerate(v, f), centre)
    normals = _smooth_normals(v, f, np.concatenate(groups))
    visual = trimesh.visual.TextureVisuals(uv=np.concatenate(uv), image=Image.fromarray(texture))
    return trimesh.Trimesh(v, f, vertex_normals=normals, visual=visual, process=False)


def _nondegenerate(v: np.ndarray, f: np.ndarray) -> np.ndarray:
    area = np.linalg.norm(np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]]), axis=1)
    return f[area > 1e-12]


def _outward(v: np.ndarray, f: np.ndarray, centre: np.ndarray) -> np.ndarray:
    tri = v[f]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    inward = np.einsum("ij,ij->i", normal, tri.mean(axis=1) - centre) < 0
    f = f.copy()
    f[inward] = f[inward][:, ::-1]
    return f


def _smooth_normals(v: np.ndarray, f: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals, shared by vertices at one position within one smooth group."""
    key = np.concatenate([np.round(v, 6), groups[:, None]], axis=1)
    _, same = np.unique(key, axis=0, return_inverse=True)
    same = same.ravel()
    face_n = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])  # length = 2x area: the weight
    acc = np.zeros((same.max() + 1, 3))
    for corner in range(3):
        np.add.at(acc, same[f[:, corner]], face_n)
    n = acc[same]
    length = np.linalg.norm(n, axis=1, keepdims=True)
    return np.divide(n, length, out=np.tile([0.0, 0.0, 1.0], (len(n), 1)), where=length > 0)


def place(x: np.ndarray, y: np.ndarray, z: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Object coordinates (Y up, front +Z, height 1) of cutout pixel positions (x right, y down) and depth z
    (pixels)."""
    h, w = size
    return np.stack([(np.asarray(x) - w / 2) / h, (h - np.asarray(y)) / h, np.asarray(z) / h], axis=-1).reshape(-1, 3)
