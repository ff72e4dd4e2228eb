"""One asset on stage: its pyrender scene is built once, then each view only moves the
camera, swaps the lights and sets material factors, so a product's views cost one load."""

from __future__ import annotations

import numpy as np

from wildcat.synth.gl import ensure_platform, ordered_scene
from wildcat.synth.optics import look_at
from wildcat.synth.render.asset import Asset
from wildcat.synth.render.camera import CameraParams
from wildcat.synth.render.glmesh import gl_mesh
from wildcat.synth.render.lights import Lighting
from wildcat.synth.render.materials import MaterialConfig, MaterialJitter, jittered

ZNEAR, ZFAR = 0.05, 100.0  # scene units; the asset fits a unit sphere


class Stage:
    def __init__(self, asset: Asset, max_texture: int, background: tuple[int, int, int]) -> None:
        ensure_platform()
        import pyrender

        self.asset = asset
        self.scene = ordered_scene(bg_color=(*(np.asarray(background) / 255.0), 0.0), ambient_light=(0.0, 0.0, 0.0))
        self.primitives = []
        for mesh in asset.meshes:
            gm = gl_mesh(mesh, max_texture, asset.base_material, asset.double_sided)
            self.scene.add(gm)
            self.primitives += gm.primitives
        self.base = [
            (
                np.asarray(p.material.baseColorFactor, dtype=float),
                float(p.material.roughnessFactor),
                float(p.material.metallicFactor),
            )
            for p in self.primitives
        ]
        self.camera = pyrender.PerspectiveCamera(yfov=np.radians(40.0), aspectRatio=1.0, znear=ZNEAR, zfar=ZFAR)
        self.camera_node = self.scene.add(self.camera)
        self.light_nodes: list = []

    @property
    def centre(self) -> np.ndarray:
        """Look-at point: the centre of the asset's bounding box (its unit sphere's centre)."""
        return np.array([0.0, self.asset.height / 2, 0.0])

    def set_view(
        self, camera: CameraParams, lighting: Lighting, jitter: MaterialJitter, cfg: MaterialConfig
    ) -> list[dict]:
        """Put the camera, lights and material factors of one view in place; returns the materials used."""
        self.camera.yfov = float(np.radians(camera.fov_deg))
        self.scene.set_pose(self.camera_node, camera.pose())
        self._set_lights(lighting)
        used = []
        for p, base in zip(self.primitives, self.base, strict=False):
            color, roughness, metallic = jittered(base, jitter, cfg)
            p.material.baseColorFactor = color
            p.material.roughnessFactor = roughness
            p.material.metallicFactor = metallic
            used.append(
                {
                    "base_color": [round(float(c), 5) for c in color],
                    "roughness": round(roughness, 5),
                    "metallic": round(metallic, 5),
                }
            )
        return used

    def _set_lights(self, lighting: Lighting) -> None:
        import pyrender

        for node in self.light_nodes:
            self.scene.remove_node(node)
        self.scene.ambient_light = np.full(3, lighting.ambient)
        self.light_nodes = []
        for light in lighting.lights:
            pose = look_at(np.asarray(light.position), np.asarray(light.target))
            if light.kind == "directional":
                gl_light = pyrender.DirectionalLight(color=light.color, intensity=light.intensity)
            elif light.kind == "point":
                gl_light = pyrender.PointLight(color=light.color, intensity=light.candela)
            else:
                outer = np.radians(light.cone_deg)
                gl_light = pyrender.SpotLight(
                    color=light.color, intensity=light.candela, innerConeAngle=0.6 * outer, outerConeAngle=outer
                )
            self.light_nodes.append(self.scene.add(gl_light, pose=pose))
