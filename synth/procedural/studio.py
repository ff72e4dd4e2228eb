"""Fallback catalog photographer: white background, soft studio light, front three-quarter view.

`build_default_catalog` uses this when no `render_catalog_image` is given
(the render stage's catalog preset is the usual one). It is deliberately
minimal: one camera at a fixed pose, a key, a fill and a top light, and an
ambient term that keeps shadows light, as in a shop's packshot.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wildcat.synth.gl import ensure_platform, ordered_scene
from wildcat.synth.optics import direction, look_at
from wildcat.synth.procedural.gl_scene import fit_distance, renderer, scene_meshes

AZIMUTH_DEG = 20.0  # turned a little off the front, so depth shows
ELEVATION_DEG = 12.0  # slightly above
YFOV = np.radians(30.0)
FILL = 0.82  # of the frame the product's bounding box fills
AMBIENT = 0.45
# (azimuth relative to the camera, elevation, intensity) of the directional lights
LIGHTS = ((-40.0, 40.0, 2.6), (55.0, 20.0, 1.2), (0.0, 85.0, 1.0))


def render_catalog_image(glb_path: str | Path, size: int = 256) -> np.ndarray:
    """The catalog image (size x size RGB uint8) of the model in `glb_path`."""
    import trimesh

    return render_scene(trimesh.load(str(glb_path), force="scene"), size)


def render_scene(scene, size: int = 256) -> np.ndarray:
    """The catalog image of a trimesh.Scene already in memory."""
    ensure_platform()
    import pyrender

    bounds = scene.bounds
    target = bounds.mean(axis=0)
    view = direction(AZIMUTH_DEG, ELEVATION_DEG)
    corners = np.array([[x, y, z] for x in bounds[:, 0] for y in bounds[:, 1] for z in bounds[:, 2]])
    distance = fit_distance(corners, target, view, YFOV, 1.0, FILL)
    world = ordered_scene(ambient_light=np.full(3, AMBIENT), bg_color=[1.0, 1.0, 1.0, 1.0])
    for mesh, pose in scene_meshes(scene):
        world.add(mesh, pose=pose)
    world.add(
        pyrender.PerspectiveCamera(yfov=YFOV, aspectRatio=1.0, znear=distance * 0.05, zfar=distance * 10),
        pose=look_at(target + distance * view, target),
    )
    for az, el, intensity in LIGHTS:
        src = target + direction(AZIMUTH_DEG + az, el)
        world.add(pyrender.DirectionalLight(color=np.ones(3), intensity=intensity), pose=look_at(src, target))
    color, _ = renderer(size, size).render(world)
    return np.ascontiguousarray(color[..., :3])
