"""trimesh meshes to pyrender meshes, with materials made opaque and glTF-correct.

Renders are opaque (their alpha is the exact depth mask), so base colours
lose their alpha and every material is OPAQUE. Back faces are culled (half
the shading work on a software rasteriser) only where that is safe: a glTF
material not marked double-sided, or a closed (watertight) mesh; open shells
such as plates must not vanish from behind. pyrender's shader reads
roughness from the red and metallic from the green channel, while glTF packs
them in green and blue: the texture is swizzled here. Textures are scaled to
`max_texture` on a side: a 256 px render never needs 2048 px textures.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

DEFAULT_COLOR = (0.7, 0.7, 0.7, 1.0)  # untextured, uncoloured meshes (STL)
DEFAULT_ROUGHNESS = 0.6
GLTF_DEFAULT_FACTOR = 1.0  # glTF: an absent roughness/metallic factor means 1


def gl_mesh(mesh, max_texture: int, base_material: tuple[float, float] | None, double_sided: bool | None = None):
    """A pyrender.Mesh of `mesh`; `base_material` (roughness, metallic) replaces the file's values.

    double_sided: None decides per mesh (see the module notes).
    """
    import pyrender

    kind = mesh.visual.kind
    if kind in ("vertex", "face"):
        gm = pyrender.Mesh.from_trimesh(mesh, smooth=kind == "vertex")
        for p in gm.primitives:
            p.material.roughnessFactor, p.material.metallicFactor = base_material or (DEFAULT_ROUGHNESS, 0.0)
    else:
        gm = pyrender.Mesh.from_trimesh(mesh, material=gl_material(mesh.visual, max_texture, base_material))
    two_sided = needs_two_sides(mesh) if double_sided is None else double_sided
    for p in gm.primitives:
        p.material.alphaMode = "OPAQUE"
        p.material.doubleSided = two_sided
    return gm


def needs_two_sides(mesh) -> bool:
    import trimesh

    mat = getattr(mesh.visual, "material", None)
    if isinstance(mat, trimesh.visual.material.PBRMaterial):
        return bool(mat.doubleSided)  # glTF says so per material (default: one-sided)
    return not mesh.is_watertight


def gl_material(visual, max_texture: int, base_material: tuple[float, float] | None):
    import pyrender
    import trimesh

    mat = getattr(visual, "material", None) if visual.kind == "texture" else None
    args: dict = {"baseColorFactor": DEFAULT_COLOR, "roughnessFactor": DEFAULT_ROUGHNESS, "metallicFactor": 0.0}
    if isinstance(mat, trimesh.visual.material.PBRMaterial):
        args = _pbr_args(mat, max_texture)
    elif isinstance(mat, trimesh.visual.material.SimpleMaterial):
        args = _simple_args(mat, max_texture)
    if base_material is not None:
        args["roughnessFactor"], args["metallicFactor"] = base_material
    return pyrender.MetallicRoughnessMaterial(alphaMode="OPAQUE", **args)


def _pbr_args(mat, max_texture: int) -> dict:
    color = np.asarray(mat.baseColorFactor if mat.baseColorFactor is not None else [255] * 4, dtype=float)
    color = color / 255.0 if color.max() > 1.0 or color.dtype.kind in "iu" else color
    return {
        "baseColorFactor": (*color[:3], 1.0),
        "baseColorTexture": _rgb(mat.baseColorTexture, max_texture),
        "roughnessFactor": _factor(mat.roughnessFactor),
        "metallicFactor": _factor(mat.metallicFactor),
        "metallicRoughnessTexture": _swizzled(mat.metallicRoughnessTexture, max_texture),
        "normalTexture": _rgb(mat.normalTexture, max_texture),
        "occlusionTexture": _rgb(mat.occlusionTexture, max_texture),
        "emissiveTexture": _rgb(mat.emissiveTexture, max_texture),
        "emissiveFactor": mat.emissiveFactor,
    }


def _simple_args(mat, max_texture: int) -> dict:
    # OBJ viewers (and Blender) show map_Kd as is; trimesh writes Kd 0.4 next to it, which would darken it.
    image = _rgb(mat.image, max_texture)
    color = (1.0, 1.0, 1.0, 1.0) if image is not None else (*(np.asarray(mat.diffuse[:3], dtype=float) / 255.0), 1.0)
    glossiness = mat.kwargs.get("Ns", 1.0) if isinstance(mat.kwargs, dict) else 1.0
    glossiness = float(glossiness[0] if isinstance(glossiness, (list, tuple, np.ndarray)) else glossiness)
    return {
        "baseColorFactor": color,
        "baseColorTexture": image,
        "metallicFactor": 0.0,
        "roughnessFactor": float((2.0 / (max(glossiness, 0.0) + 2.0)) ** 0.25),
    }


def _factor(value) -> float:
    return GLTF_DEFAULT_FACTOR if value is None else float(value)


def _rgb(image, max_side: int) -> np.ndarray | None:
    """An RGB uint8 array of `image` no larger than `max_side`, or None."""
    if image is None:
        return None
    im = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))
    im = im.convert("RGB")
    if max(im.size) > max_side:
        scale = max_side / max(im.size)
        im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.Resampling.BILINEAR)
    return np.asarray(im)


def _swizzled(image, max_side: int) -> np.ndarray | None:
    """glTF metallic-roughness (G = roughness, B = metallic) in pyrender's layout (R = roughness, G = metallic)."""
    rgb = _rgb(image, max_side)
    if rgb is None:
        return None
    return np.stack([rgb[..., 1], rgb[..., 2], np.zeros_like(rgb[..., 0])], axis=-1)
