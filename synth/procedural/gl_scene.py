"""Small pyrender helpers shared by the studio fallback and the wild scenes.

`ensure_platform()` runs before pyrender is imported anywhere in here.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.gl import create_renderer, ensure_platform

_RENDERERS: dict[tuple[int, int, int], object] = {}


def renderer(width: int, height: int, samples: int = 4):
    """This process's renderer of that size, created on first use (a context costs far more than a frame)."""
    key = (width, height, samples)
    if key not in _RENDERERS:
        _RENDERERS[key] = create_renderer(width, height, samples=samples)
    return _RENDERERS[key]


def pyrender_mesh(mesh, **kwargs):
    """pyrender.Mesh.from_trimesh with its bounds filled in.

    pyrender 0.1.45 computes mesh bounds with `np.infty`, which NumPy 2 removed;
    the scene needs those bounds for shadow maps, so they are set here from the
    primitives instead.
    """
    ensure_platform()
    import pyrender

    out = pyrender.Mesh.from_trimesh(mesh, **kwargs)
    lo = np.min([p.bounds[0] for p in out.primitives], axis=0)
    hi = np.max([p.bounds[1] for p in out.primitives], axis=0)
    out._bounds = np.stack([lo, hi])
    return out


def scene_meshes(scene) -> list[tuple[object, np.ndarray]]:
    """(pyrender mesh, 4x4 pose) for every geometry instance of a trimesh.Scene, each posed at its own centre."""
    out = []
    for node in sorted(scene.graph.nodes_geometry):
        transform, name = scene.graph[node]
        mesh, offset = centred(scene.geometry[name])
        out.append((pyrender_mesh(mesh), np.asarray(transform, float) @ offset))
    return out


def centred(mesh):
    """(a copy of the mesh moved to have its bounding-box centre at the origin, the 4x4 move back).

    pyrender draws nodes sorted by the distance of their pose from the
    camera, ties in the order of a Python set (different in every process).
    Where two nodes touch (a can's label and its lid), the first drawn wins the
    pixels they share, so tied poses would make renders differ between runs;
    a pose at each mesh's own centre makes the order, and the bytes, repeatable.
    """
    centre = np.asarray(mesh.bounds, float).mean(axis=0)
    moved = mesh.copy()
    moved.apply_translation(-centre)
    back = np.eye(4)
    back[:3, 3] = centre
    return moved, back


def fit_distance(
    corners: np.ndarray, target: np.ndarray, view_dir: np.ndarray, yfov: float, aspect: float, fill: float
) -> float:
    """Distance from `target` along `view_dir` at which all `corners` fit in `fill` of the frame."""
    forward = -view_dir / np.linalg.norm(view_dir)
    right = np.cross(forward, (0.0, 1.0, 0.0))
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    p = corners - target
    t_y = np.tan(yfov / 2) * fill
    t_x = t_y * aspect
    need = np.maximum(np.abs(p @ right) / t_x, np.abs(p @ up) / t_y) - p @ forward
    return float(need.max())
