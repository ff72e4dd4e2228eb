"""From surfaces and materials to a textured trimesh scene and GLB bytes.

A product is built as pieces (a surface plus its material). Pieces sharing a
material are merged into one mesh, so a chair with eight wooden parts holds
one wood texture, not eight copies of it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wildcat.core.imageio import encode_jpeg
from wildcat.synth.procedural.geometry import Surface, merge, smooth_normals

FACE_RANGE = (2_000, 12_000)  # triangles per product this package aims for
TEXTURE_JPEG_QUALITY = 92  # of the texture handed to trimesh (which re-encodes it at 75 in the GLB)


@dataclass(eq=False)
class Material:
    """A PBR material with a base-colour texture (HxWx3 uint8)."""

    name: str
    texture: np.ndarray
    roughness: float = 0.6
    metallic: float = 0.0


@dataclass
class Piece:
    surface: Surface
    material: Material


@dataclass
class Product3D:
    """A generated product: its pieces, a human title and what was sampled."""

    pieces: list[Piece]
    title: str
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def faces(self) -> int:
        return int(sum(len(p.surface.faces) for p in self.pieces))


def to_scene(product: Product3D):
    """A trimesh.Scene (Y up, metres, front +Z, resting on y = 0) with one mesh per material."""
    import trimesh

    groups: dict[int, tuple[Material, list[Surface]]] = {}
    for piece in product.pieces:
        groups.setdefault(id(piece.material), (piece.material, []))[1].append(piece.surface)
    scene = trimesh.Scene()
    for material, surfaces in groups.values():
        surface = merge(surfaces)
        pbr = trimesh.visual.material.PBRMaterial(
            name=material.name,
            baseColorTexture=_jpeg_image(material.texture),
            metallicFactor=material.metallic,
            roughnessFactor=material.roughness,
        )
        mesh = trimesh.Trimesh(
            surface.vertices,
            surface.faces,
            vertex_normals=smooth_normals(surface),
            visual=trimesh.visual.TextureVisuals(uv=surface.uv, material=pbr),
            process=False,
        )
        scene.add_geometry(mesh, geom_name=material.name, node_name=material.name)
    scene.metadata.update({"title": product.title, **product.attributes})
    return scene


def _jpeg_image(texture: np.ndarray):
    """The texture as a Pillow image that remembers it is a JPEG.

    trimesh writes such images into the GLB as JPEG (quality 75) instead of
    PNG: several times faster to write and to read, and smaller, with no
    visible loss at catalog resolution.
    """
    from PIL import Image

    return Image.open(io.BytesIO(encode_jpeg(texture, quality=TEXTURE_JPEG_QUALITY)))


def glb_bytes(scene) -> bytes:
    """The scene as binary glTF (Y up by the glTF specification)."""
    return scene.export(file_type="glb")


def rest_on_ground(pieces: list[Piece]) -> list[Piece]:
    """Pieces moved so the lowest vertex is at y = 0 and the footprint is centred on x = z = 0."""
    v = np.concatenate([p.surface.vertices for p in pieces])
    lo, hi = v.min(axis=0), v.max(axis=0)
    shift = np.array([-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2])
    return [Piece(Surface(p.surface.vertices + shift, p.surface.faces, p.surface.uv), p.material) for p in pieces]
