"""Scene building blocks: textured quads and boxes collected per material.

Scenes are made of a few hundred quads; putting every quad that shares a
material into one pyrender primitive keeps draw calls (and render time) low.
UVs are in metres times `uv_per_m`, so textures tile at a physical size.
pyrender is imported only in `build`, after the OpenGL platform is chosen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np


@dataclass
class MaterialSpec:
    texture: np.ndarray | None = None  # uint8 RGB
    color: tuple[float, float, float] = (1.0, 1.0, 1.0)  # base colour factor (0-1)
    emissive: bool = False  # lit by itself (windows, sky, ceiling lights)
    roughness: float = 0.85


@dataclass
class _Batch:
    positions: list = field(default_factory=list)
    normals: list = field(default_factory=list)
    uvs: list = field(default_factory=list)


class MeshBuilder:
    def __init__(self) -> None:
        self.materials: dict[str, MaterialSpec] = {}
        self.batches: dict[str, _Batch] = {}
        self.instanced: list[tuple[object, str, np.ndarray]] = []  # (trimesh, material key, poses)
        self.transform = np.eye(4)  # applied to everything added (see `at`)

    @contextlib.contextmanager
    def at(self, transform: np.ndarray) -> Iterator[None]:
        """Add parts in a local frame: `transform` maps local to the current frame."""
        saved = self.transform
        self.transform = saved @ transform
        try:
            yield
        finally:
            self.transform = saved

    def to_world(self, point) -> np.ndarray:  # for supports built in a local frame
        return self.transform[:3, :3] @ np.asarray(point, float) + self.transform[:3, 3]

    def dir_to_world(self, vector) -> np.ndarray:
        return self.transform[:3, :3] @ np.asarray(vector, float)

    def material(
        self,
        key: str,
        texture: np.ndarray | None = None,
        color=(1.0, 1.0, 1.0),
        emissive: bool = False,
        roughness: float = 0.85,
    ) -> str:
        self.materials[key] = MaterialSpec(texture, tuple(float(c) for c in color), emissive, roughness)
        return key

    def quad(
        self, key: str, origin, e1, e2, uv_per_m: float | None = 1.0, uv_rect=(0.0, 0.0, 1.0, 1.0), facing=None
    ) -> None:
        """The parallelogram origin + s*e1 + t*e2 (s, t in [0, 1]).

        uv_per_m: texture repeats per metre; None stretches `uv_rect` over the quad once.
        facing: a point the normal should face (default: e1 x e2).
        """
        o, e1, e2 = (np.asarray(v, float) for v in (origin, e1, e2))
        n = _cross(e1, e2)
        n /= max(float(np.sqrt(n @ n)), 1e-12)
        if facing is not None and (np.asarray(facing, float) - (o + 0.5 * e1 + 0.5 * e2)) @ n < 0:
            n = -n
        corners = np.stack([o, o + e1, o + e1 + e2, o + e2])[None]
        uv = _uvs(uv_per_m, uv_rect, np.array([np.sqrt(e1 @ e1)]), np.array([np.sqrt(e2 @ e2)]))
        self._add(key, corners, n[None], uv)

    def box(
        self,
        key: str,
        center,
        size,
        uv_per_m: float | None = 1.0,
        uv_rect=(0.0, 0.0, 1.0, 1.0),
        skip=(),
        top_key: str | None = None,
    ) -> None:
        """An axis-aligned box (in the local frame); `skip` names faces to leave out (front, back, left, right, top,
        bottom)."""
        size = np.asarray(size, float)
        lo = np.asarray(center, float) - size / 2
        for k, names in (
            (key, [f for f in _FACES if f not in skip and not (top_key and f == "top")]),
            (top_key, ["top"] if top_key and "top" not in skip else []),
        ):
            if not names:
                continue
            o, a, b, n = (np.stack([_FACES[f][i] for f in names]) for i in range(4))
            corners = lo + np.stack([o, o + a, o + a + b, o + b], axis=1) * size
            la, lb = np.linalg.norm(a * size, axis=1), np.linalg.norm(b * size, axis=1)
            self._add(k, corners, n, _uvs(uv_per_m, uv_rect, la, lb))

    def _add(self, key: str, corners: np.ndarray, normals: np.ndarray, uvs: np.ndarray) -> None:
        """Quads as (Q, 4, 3) local corners, (Q, 3) local normals, (Q, 4, 2) uvs; stored in the world frame."""
        rot, shift = self.transform[:3, :3], self.transform[:3, 3]
        tri = [0, 1, 2, 0, 2, 3]
        b = self.batches.setdefault(key, _Batch())
        b.positions.append((corners[:, tri] @ rot.T + shift).reshape(-1, 3))
        b.normals.append(np.repeat(normals @ rot.T, 6, axis=0))
        b.uvs.append(uvs[:, tri].reshape(-1, 2))

    def add_instances(self, mesh, key: str, poses: np.ndarray) -> None:
        """Many copies of a trimesh (produce in a crate) drawn in one call."""
        self.instanced.append((mesh, key, self.transform @ np.asarray(poses, np.float64)))

    def build(self) -> list:
        import pyrender

        mats = {k: _material(pyrender, m) for k, m in self.materials.items()}
        meshes = []
        for key, b in self.batches.items():
            prim = pyrender.Primitive(
                positions=np.concatenate(b.positions).astype(np.float32),
                normals=np.concatenate(b.normals).astype(np.float32),
                texcoord_0=np.concatenate(b.uvs).astype(np.float32),
                material=mats[key],
                mode=4,
            )
            meshes.append(pyrender.Mesh([prim]))
        for mesh, key, poses in self.instanced:
            meshes.append(pyrender.Mesh.from_trimesh(mesh, material=mats[key], poses=poses))
        return meshes


def _material(pyrender, m: MaterialSpec):
    tex = None
    if m.texture is not None:
        tex = pyrender.Texture(source=np.ascontiguousarray(m.texture), source_channels="RGB")
    color = list(m.color) + [1.0]
    if m.emissive:
        return pyrender.MetallicRoughnessMaterial(
            baseColorFactor=[0.0, 0.0, 0.0, 1.0],
            emissiveTexture=tex,
            emissiveFactor=m.color,
            metallicFactor=0.0,
            doubleSided=True,
        )
    return pyrender.MetallicRoughnessMaterial(
        baseColorTexture=tex, baseColorFactor=color, metallicFactor=0.0, roughnessFactor=m.roughness, doubleSided=True
    )


# Unit-box faces: origin, first edge, second edge, outward normal (box corner at 0, size 1).
_FACES = {
    name: tuple(np.array(v, float) for v in vecs)
    for name, vecs in {
        "front": ((0, 0, 1), (1, 0, 0), (0, 1, 0), (0, 0, 1)),
        "back": ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, 0, -1)),
        "left": ((0, 0, 0), (0, 0, 1), (0, 1, 0), (-1, 0, 0)),
        "right": ((1, 0, 1), (0, 0, -1), (0, 1, 0), (1, 0, 0)),
        "top": ((0, 1, 1), (1, 0, 0), (0, 0, -1), (0, 1, 0)),
        "bottom": ((0, 0, 0), (1, 0, 0), (0, 0, 1), (0, -1, 0)),
    }.items()
}


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def _uvs(uv_per_m: float | None, uv_rect, len_a: np.ndarray, len_b: np.ndarray) -> np.ndarray:
    """(Q, 4, 2) texture coordinates for Q quads with edge lengths len_a, len_b (metres)."""
    if uv_per_m is None:
        u0, v0, u1, v1 = uv_rect
        one = np.array([(u0, v1), (u1, v1), (u1, v0), (u0, v0)], float)
        return np.broadcast_to(one, (len(len_a), 4, 2))
    su, sv = len_a * uv_per_m, len_b * uv_per_m
    z = np.zeros_like(su)
    return np.stack([np.stack([z, sv], 1), np.stack([su, sv], 1), np.stack([su, z], 1), np.stack([z, z], 1)], axis=1)
