"""Scene primitives for the wild scenes: tiled boxes, atlas-textured box sets, flat-coloured solids and
contact-shadow decals, as trimesh meshes ready for `gl_scene.pyrender_mesh`."""

from __future__ import annotations

import numpy as np

from wildcat.synth.gl import ensure_platform
from wildcat.synth.procedural.boxes import FACES
from wildcat.synth.procedural.noise import to_uint8


def _textured(vertices: np.ndarray, faces: np.ndarray, uv: np.ndarray, texture: np.ndarray, roughness: float = 0.8):
    import trimesh
    from PIL import Image

    material = trimesh.visual.material.PBRMaterial(
        baseColorTexture=Image.fromarray(texture), metallicFactor=0.0, roughnessFactor=roughness
    )
    return trimesh.Trimesh(
        vertices, faces, visual=trimesh.visual.TextureVisuals(uv=uv, material=material), process=False
    )


def box_arrays(half, uv_of) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices, triangles and UVs of a box centred on the origin.

    uv_of(a, b, width, height) gives the UV of the face corner (a, b) in
    {-1, 1}^2 of a face `width` x `height` metres.
    """
    h = np.asarray(half, float)
    verts, uvs, faces = [], [], []
    for normal, right, up in FACES.values():
        n, r, u = (np.asarray(a, float) for a in (normal, right, up))
        hr, hu = float(h @ np.abs(r)), float(h @ np.abs(u))
        centre = n * float(h @ np.abs(n))
        base = len(verts)
        for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            verts.append(centre + a * hr * r + b * hu * u)
            uvs.append(uv_of(a, b, 2 * hr, 2 * hu))
        faces += [(base, base + 1, base + 2), (base, base + 2, base + 3)]
    return np.asarray(verts), np.asarray(faces), np.asarray(uvs, float)


def tiled_box(half: tuple[float, float, float], texture: np.ndarray, tile: float, roughness: float = 0.8):
    """A box centred on the origin whose texture repeats every `tile` metres on every face."""
    v, f, uv = box_arrays(half, lambda a, b, w, h: ((a + 1) * w / 2 / tile, (b + 1) * h / 2 / tile))
    return _textured(v, f, uv, texture, roughness)


def atlas_mesh(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], texture: np.ndarray, roughness: float = 0.7):
    """One textured mesh from several (vertices, triangles, uvs) sharing one atlas image: one draw call."""
    offset, faces = 0, []
    for v, f, _ in parts:
        faces.append(f + offset)
        offset += len(v)
    return _textured(
        np.concatenate([p[0] for p in parts]),
        np.concatenate(faces),
        np.concatenate([p[2] for p in parts]),
        texture,
        roughness,
    )


def solid(mesh, rgb, roughness: float = 0.7, metallic: float = 0.0):
    """(mesh, pyrender material) for an untextured mesh of one colour (0..255)."""
    ensure_platform()
    import pyrender

    color = [c / 255 for c in rgb] + [1.0]
    return mesh, pyrender.MetallicRoughnessMaterial(
        baseColorFactor=color, roughnessFactor=roughness, metallicFactor=metallic
    )


def contact_blob(radius_x: float, radius_z: float, darkness: float = 0.65):
    """A horizontal quad with a soft dark ellipse: the baked contact shadow under an object (lies on y = 0)."""
    size = 64
    yy, xx = np.mgrid[:size, :size]
    d = np.hypot((xx - size / 2 + 0.5) / (size / 2), (yy - size / 2 + 0.5) / (size / 2))
    alpha = darkness * np.clip(1 - d, 0, 1) ** 1.6
    rgba = np.zeros((size, size, 4), np.float32)
    rgba[..., 3] = alpha * 255
    verts = np.array(
        [[-radius_x, 0, -radius_z], [radius_x, 0, -radius_z], [radius_x, 0, radius_z], [-radius_x, 0, radius_z]], float
    )
    faces = np.array([[0, 2, 1], [0, 3, 2]])
    uv = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], float)
    return _textured(verts, faces, uv, to_uint8(rgba), roughness=1.0)


def cylinder(radius: float, height: float, sections: int = 20):
    """An upright closed cylinder standing on y = 0 (trimesh's own is centred and along Z)."""
    import trimesh

    mesh = trimesh.creation.cylinder(radius=radius, height=height, sections=sections)
    mesh.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
    mesh.apply_translation([0, height / 2, 0])
    return mesh
