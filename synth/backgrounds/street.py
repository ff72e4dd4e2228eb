"""A street: road, kerb, pavement, building facades with windows and doors, poles, trees, sky."""

from __future__ import annotations

import numpy as np
import trimesh

from wildcat.synth.backgrounds import textures as tx
from wildcat.synth.backgrounds.camera import Camera
from wildcat.synth.backgrounds.lighting import street_lights
from wildcat.synth.backgrounds.mesh import MeshBuilder
from wildcat.synth.backgrounds.scene import SceneSpec, Support
from wildcat.synth.optics import look_at

TEX = 256
LENGTH = 60.0  # metres of street built along -z


def build_street(rng: np.random.Generator, size: int) -> SceneSpec:
    mb = MeshBuilder()
    road_w, walk_w = rng.uniform(5, 10), rng.uniform(2.0, 4.5)
    # Pavement on the right (x in [0, walk_w]), road on the left, facades at x = walk_w.
    mb.material("road", tx.asphalt(rng, TEX), roughness=0.95)
    paving = (
        tx.tiles(rng, TEX, n=int(rng.integers(2, 5)), offset=rng.random() < 0.5)
        if rng.random() < 0.6
        else tx.concrete(rng, TEX)
    )
    mb.material("pavement", paving, roughness=0.9)
    mb.material("kerb", tx.concrete(rng, 64))
    mb.material("marking", None, color=(0.9, 0.9, 0.85))
    mb.quad("road", (-road_w, 0, 5), (road_w, 0, 0), (0, 0, -LENGTH), 0.4, facing=(0, 1, 0))
    mb.quad("pavement", (0, 0.12, 5), (walk_w, 0, 0), (0, 0, -LENGTH), rng.uniform(0.5, 1.2), facing=(0, 1, 0))
    mb.quad("kerb", (0, 0, 5), (0, 0.12, 0), (0, 0, -LENGTH), 2.0, facing=(-1, 1, 0))
    for z in np.arange(4, -LENGTH, -6.0):  # centre line dashes
        mb.quad("marking", (-road_w / 2 - 0.06, 0.003, z), (0.12, 0, 0), (0, 0, -3.0), None, facing=(0, 1, 0))
    mb.quad("pavement", (-road_w - walk_w, 0.12, 5), (walk_w, 0, 0), (0, 0, -LENGTH), 0.8, facing=(0, 1, 0))
    _facades(mb, rng, x=walk_w, side=-1)
    _facades(mb, rng, x=-road_w - walk_w, side=1)
    _street_furniture(mb, rng, walk_w)
    mb.material("sky", tx.sky(rng, 128), emissive=True)
    mb.quad("sky", (-200, -20, -150), (400, 0, 0), (0, 140, 0), None, facing=(0, 0, 0))
    supports = [
        Support("pavement", np.array([0.0, 0.12, 5.0]), np.array([walk_w, 0, 0]), np.array([0, 0, -LENGTH])),
        Support("road", np.array([-road_w, 0.0, 5.0]), np.array([road_w, 0, 0]), np.array([0, 0, -LENGTH])),
    ]
    eye = np.array([rng.uniform(0.3, walk_w - 0.3), rng.uniform(0.4, 1.7), rng.uniform(0, 3)])
    yaw = rng.uniform(-50, 35)  # negative looks toward the facades
    dist = rng.uniform(1.5, 5.0)
    target = eye + np.array([-np.sin(np.radians(yaw)) * dist, 0, -np.cos(np.radians(yaw)) * dist])
    target[1] = rng.uniform(0.0, 0.6)
    cam = Camera(np.radians(rng.uniform(50, 70)), size, size, look_at(eye, target))
    lights, ambient = street_lights(rng)
    return SceneSpec(
        "street", "street", mb, cam, supports, lights, ambient, (0.75, 0.82, 0.92), {"road_w": round(road_w, 2)}
    )


def _facades(mb: MeshBuilder, rng, x: float, side: int) -> None:
    """A row of buildings along the street, their fronts at `x`, facing +x (side=-1: on the right)."""
    z = 5.0
    face_x = -side  # direction the facade faces
    while z > -LENGTH:
        width, height = rng.uniform(6, 16), rng.uniform(6, 18)
        key = f"facade{len(mb.materials)}"
        tex = tx.brick(rng, TEX) if rng.random() < 0.4 else tx.plaster(rng, TEX, tx.pick(rng, tx.FACADE_COLORS))
        mb.material(key, tex)
        mb.quad(key, (x, 0.12, z), (0, 0, -width), (0, height, 0), 0.4, facing=(x + face_x, 1, z))
        _windows(mb, rng, x + face_x * 0.02, z, width, height, face_x)
        z -= width


def _windows(mb: MeshBuilder, rng, x, z0, width, height, face_x) -> None:
    glass = f"glass{len(mb.materials)}"
    g = tx.sky(rng, 64) * rng.uniform(0.35, 0.6)
    mb.material(glass, g.astype(np.uint8), roughness=0.2)
    floors = int(height // 3)
    cols = max(1, int(width // 2.5))
    for f in range(floors):
        for c in range(cols):
            if f == 0 and rng.random() < 0.4:  # a shop window or door at street level
                ww, wh, y = rng.uniform(1.2, 2.2), rng.uniform(2.0, 2.6), 0.15
            else:
                ww, wh, y = rng.uniform(0.8, 1.4), rng.uniform(1.0, 1.6), f * 3 + 1.0
            zc = z0 - (c + 0.5) * width / cols
            mb.quad(glass, (x, y, zc + ww / 2), (0, 0, -ww), (0, wh, 0), None, facing=(x + face_x, y, zc))


def _street_furniture(mb: MeshBuilder, rng, walk_w: float) -> None:
    mb.material("metal", None, color=tuple(rng.uniform(0.15, 0.5, 3)))
    mb.material("leaves", None, color=tuple(tx.jitter_color(rng, (60, 110, 45), 15) / 255))
    for z in np.arange(rng.uniform(-2, 2), -LENGTH, -rng.uniform(8, 20)):
        if rng.random() < 0.5:
            mb.box("metal", (0.35, 2.0, z), (0.08, 4.0, 0.08), None)  # lamp pole
        else:
            mb.box("metal", (0.5, 1.0, z), (0.15, 2.0, 0.15), None)  # tree trunk
            crown = trimesh.creation.icosphere(subdivisions=1, radius=rng.uniform(1.0, 1.8))
            pose = np.eye(4)
            pose[:3, 3] = (0.5, 2.6, z)
            mb.add_instances(crown, "leaves", pose[None])
