"""Fixtures for the rendering tests: small generated assets and cutouts, written by the tests."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

RED, BLUE = (220, 30, 30), (30, 30, 220)
SIZE = 64  # render size for tests (pixels)


def two_tone(width: int = 32, height: int = 32) -> np.ndarray:
    """An RGB texture: red top half, blue bottom half."""
    arr = np.empty((height, width, 3), dtype=np.uint8)
    arr[: height // 2] = RED
    arr[height // 2 :] = BLUE
    return arr


def tall_cylinder(up: str = "z"):
    """A textured cylinder 1.5 tall and 0.5 wide standing along `up` (red top half, blue bottom half), centred at 0."""
    import trimesh

    mesh = trimesh.creation.cylinder(radius=0.25, height=1.5, sections=24)
    v = mesh.vertices
    uv = np.stack([np.arctan2(v[:, 1], v[:, 0]) / (2 * np.pi) + 0.5, (v[:, 2] + 0.75) / 1.5], axis=1)
    mesh.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.fromarray(two_tone()))
    if up == "y":
        mesh.apply_transform(np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1.0]]))
    return mesh


def write_asset(folder, mesh, fmt: str):
    """Write `mesh` as `fmt` (obj, gltf, glb, ply, stl) into its own folder; returns the model path."""
    import trimesh

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"model.{fmt}"
    if fmt == "gltf":
        for name, data in trimesh.exchange.gltf.export_gltf(trimesh.Scene(mesh), merge_buffers=True).items():
            (folder / name).write_bytes(data)  # model.gltf + its buffer
    elif fmt == "ply":  # trimesh writes the UVs but not the texture's name
        data = mesh.export(file_type="ply")
        head, body = data.split(b"end_header\n", 1)
        path.write_bytes(head + b"comment TextureFile texture.png\nend_header\n" + body)
        mesh.visual.material.image.save(folder / "texture.png")
    else:
        mesh.export(path)
    return path


@pytest.fixture
def assets(tmp_path):
    """The Z-up textured cylinder in each format, one folder each: {fmt: path}."""
    mesh = tall_cylinder("z")
    return {fmt: write_asset(tmp_path / fmt, mesh, fmt) for fmt in ("obj", "gltf", "glb", "ply", "stl")}


def cutout(shape: str, width: int = 40, height: int = 80) -> np.ndarray:
    """An RGBA cutout (red top half, blue bottom half) of `shape`: rect, bottle, disc, on a transparent margin."""
    h, w, m = height, width, 6
    rgba = np.zeros((h + 2 * m, w + 2 * m, 4), dtype=np.uint8)
    rgba[m : m + h, m : m + w, :3] = two_tone(w, h)
    yy, xx = np.mgrid[:h, :w]
    if shape == "rect":
        inside = np.ones((h, w), bool)
    elif shape == "bottle":  # a neck a third as wide over the top quarter, straight body below
        inside = (yy >= h // 4) | (abs(xx - w / 2 + 0.5) < w / 6)
    elif shape == "disc":
        inside = ((xx - w / 2 + 0.5) / (w / 2)) ** 2 + ((yy - h / 2 + 0.5) / (h / 2)) ** 2 <= 1
    else:
        raise ValueError(shape)
    rgba[m : m + h, m : m + w, 3] = inside * 255
    return rgba
