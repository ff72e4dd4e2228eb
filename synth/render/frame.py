"""The renderer's frame: Y up, front facing +Z, resting on the y=0 plane, inside a unit sphere.

Pure functions: which axis is up in an asset (auto-detection heuristic), and
the 4x4 transform that brings it into this frame.

Up-axis detection, in order (the catalog's `Product.up_axis` overrides it):
1. glTF/GLB is Y-up by specification.
2. An asset sitting on a coordinate plane (its minimum along Y or Z within 2%
   of zero while centred on the other two axes) is up along that axis: scans
   and CAD exports are usually placed that way.
3. An asset with a flat base (downward-facing faces at its minimum along an
   axis) is up along the axis with clearly more base (1.5x or more), where a
   base counts its area times its footprint's roundness (short side / long
   side): a bottle's cap is a base, the flat strip along a faceted side is not.
4. Otherwise Y-up, the convention of trimesh, glTF and most exporters.
"""

from __future__ import annotations

import numpy as np

UP_AXES = ("y", "z")
_AXIS = {"y": 1, "z": 2}
GLTF_SUFFIXES = (".gltf", ".glb")
REST_TOLERANCE = 0.02  # of the extent along the axis: "sits on the plane"
CENTRE_TOLERANCE = 0.1  # of the largest extent: "centred on the other axes"
BASE_DOMINANCE = 1.5  # how much more base area the winning axis needs

# Z-up to Y-up: (x, y, z) -> (x, z, -y). The front of a Z-up asset (-Y, as in
# Blender's front view) lands on +Z, the front of a Y-up one.
Z_UP_TO_Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], dtype=np.float64)


def detect_up_axis(vertices: np.ndarray, triangles: np.ndarray, suffix: str) -> tuple[str, str]:
    """("y" or "z", why) for an asset with these vertices (N,3) and triangles (M,3,3)."""
    if suffix.lower() in GLTF_SUFFIXES:
        return "y", "glTF is Y-up by specification"
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    resting = [a for a in UP_AXES if _rests_on_plane(lo, hi, _AXIS[a])]
    if len(resting) == 1:
        return resting[0], f"the asset sits on the {resting[0]}=0 plane"
    base = {a: _base_area(triangles, lo, hi, _AXIS[a]) for a in UP_AXES}
    best, other = sorted(UP_AXES, key=lambda a: base[a], reverse=True)
    if base[best] > 0 and base[best] >= BASE_DOMINANCE * base[other]:
        return best, f"its flat base faces -{best}"
    return "y", "no clear evidence; Y-up assumed (the usual convention)"


def _rests_on_plane(lo: np.ndarray, hi: np.ndarray, axis: int) -> bool:
    extent = hi - lo
    centre = (lo + hi) / 2
    others = [i for i in range(3) if i != axis]
    on_plane = abs(lo[axis]) <= REST_TOLERANCE * extent[axis]
    centred = all(abs(centre[i]) <= CENTRE_TOLERANCE * extent.max() for i in others)
    return bool(on_plane and centred)


def _base_area(triangles: np.ndarray, lo: np.ndarray, hi: np.ndarray, axis: int) -> float:
    """Area of the faces that face down along `axis` at its minimum, times their footprint's roundness."""
    cross = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    area = np.linalg.norm(cross, axis=1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        down = -cross[:, axis] / (2 * area)
    near = triangles[:, :, axis].max(axis=1) - lo[axis] <= REST_TOLERANCE * (hi[axis] - lo[axis])
    base = (down > 0.9) & near
    if not base.any():
        return 0.0
    others = [i for i in range(3) if i != axis]
    footprint = np.ptp(triangles[base].reshape(-1, 3)[:, others], axis=0)
    return float(area[base].sum() * footprint.min() / max(footprint.max(), 1e-12))


def normalising_transform(vertices: np.ndarray, up_axis: str) -> np.ndarray:
    """4x4 transform: rotate to Y-up, scale into a unit bounding sphere, stand on y=0, centre on x and z.

    The bounding sphere is the one around the axis-aligned box (radius = half
    its diagonal), so the scale is the same whatever the asset's orientation
    in its file.
    """
    if up_axis not in UP_AXES:
        raise ValueError(f"up_axis must be one of {UP_AXES}, not {up_axis!r}")
    rotate = Z_UP_TO_Y_UP if up_axis == "z" else np.eye(4)
    turned = vertices @ rotate[:3, :3].T
    lo, hi = turned.min(axis=0), turned.max(axis=0)
    radius = np.linalg.norm(hi - lo) / 2
    scale = 1.0 / radius
    shift = -np.array([(lo[0] + hi[0]) / 2, lo[1], (lo[2] + hi[2]) / 2]) * scale
    place = np.eye(4)
    place[:3, :3] *= scale
    place[:3, 3] = shift
    return place @ rotate
