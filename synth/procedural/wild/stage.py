"""One wild scene in pyrender: environment, clutter and product built once, then photographed
from many views (camera, lights and the product's turn change; the geometry stays).

Each view returns the rendered frame, its depth, and the product's visible
mask: pixels where the product, rendered alone, lies at the depth of the
full scene (so what stands in front of it is cut out).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wildcat.synth.gl import ensure_platform, ordered_scene
from wildcat.synth.procedural.gl_scene import centred, pyrender_mesh, scene_meshes
from wildcat.synth.procedural.wild.cameras import CameraView
from wildcat.synth.procedural.wild.environments import Placed, at
from wildcat.synth.procedural.wild.lighting import Lighting, pyrender_lights
from wildcat.synth.procedural.wild.shapes import atlas_mesh, contact_blob

DEPTH_TOL = (0.004, 0.004)  # metres, plus this fraction of the depth: "the same surface"
DARK = (0.03, 0.03, 0.035)  # background where no geometry is, indoors


@dataclass
class View:
    color: np.ndarray  # HxWx3 uint8
    depth: np.ndarray  # HxW metres, 0 = nothing
    mask: np.ndarray  # HxW bool, the product's visible pixels
    silhouette: int  # pixels the product would cover with nothing in front of it


class Stage:
    def __init__(self, items: list[Placed], product, support_y: float, sky) -> None:
        ensure_platform()
        import pyrender

        self.scene = ordered_scene(ambient_light=np.zeros(3), bg_color=list(sky or DARK) + [1.0])
        self.others = []
        # pyrender's cost is per primitive (Python per draw call), so plain-coloured geometry
        # becomes one mesh, and so do the contact shadows (they share one texture)
        solids = [item for item in items if isinstance(item.mesh, tuple)]
        shadows = [item for item in items if item.role == "shadow"]
        for item in items:
            if not isinstance(item.mesh, tuple) and item.role != "shadow":
                self.others += self._add(item)
        if solids:
            self.others.append(self._add_centred(merge_solids(solids), np.eye(4)))
        if shadows:
            self.others.append(self._add_centred(merge_decals(shadows), np.eye(4)))
        self.support_y = support_y
        self.product_root = pyrender.Node(matrix=at(0, support_y, 0))
        self.scene.add_node(self.product_root)
        self.product_nodes = [
            self.scene.add(mesh, pose=pose, parent_node=self.product_root) for mesh, pose in scene_meshes(product)
        ]
        # its contact shadow turns with it, but is not part of it (hidden with the others for the mask)
        (lo, hi) = product.bounds
        blob = contact_blob(max(hi[0] - lo[0], 0.02) * 0.6, max(hi[2] - lo[2], 0.02) * 0.6)
        self.others.append(self._add_centred(blob, at(0, 0.0015, 0), self.product_root))
        self.blobs = [n for n in self.others if n.mesh.is_transparent]
        self._view_nodes = []

    def _add(self, item: Placed) -> list:
        if hasattr(item.mesh, "graph"):  # a trimesh.Scene: several meshes under the item's pose
            return [self.scene.add(mesh, pose=item.pose @ pose) for mesh, pose in scene_meshes(item.mesh)]
        return [self._add_centred(item.mesh, item.pose)]

    def _add_centred(self, mesh, pose: np.ndarray, parent=None):
        moved, offset = centred(mesh)
        return self.scene.add(pyrender_mesh(moved), pose=pose @ offset, parent_node=parent)

    def set_view(self, camera: CameraView, lighting: Lighting, product_yaw_deg: float, aspect: float = 1.0) -> None:
        import pyrender

        for node in self._view_nodes:
            self.scene.remove_node(node)
        self.scene.set_pose(self.product_root, at(0, self.support_y, 0, product_yaw_deg))
        self.scene.ambient_light = np.asarray(lighting.ambient)
        cam = pyrender.PerspectiveCamera(yfov=np.radians(camera.yfov_deg), aspectRatio=aspect, znear=0.02, zfar=60.0)
        self._view_nodes = [self.scene.add(cam, pose=camera.pose())]
        centre = np.array([0.0, self.support_y + 0.1, 0.0])
        self._view_nodes += [self.scene.add(light, pose=pose) for light, pose in pyrender_lights(lighting, centre)]

    def render(self, renderer, shadows: bool) -> View:
        """The current view: colour and depth of the scene, and the product's visible mask."""
        import pyrender

        flags = pyrender.RenderFlags.SHADOWS_DIRECTIONAL if shadows else pyrender.RenderFlags.NONE
        # with real shadows the baked contact shadows go: pyrender would cast their quads' square shadows
        self._show(self.blobs, not shadows)
        try:
            color, depth = renderer.render(self.scene, flags=flags)
        finally:
            self._show(self.blobs, True)
        self._show(self.others, False)
        try:
            alone = renderer.render(self.scene, flags=pyrender.RenderFlags.DEPTH_ONLY)
        finally:
            self._show(self.others, True)
        return View(np.ascontiguousarray(color[..., :3]), depth, visible_mask(depth, alone), int((alone > 0).sum()))

    @staticmethod
    def _show(nodes: list, visible: bool) -> None:
        for node in nodes:
            node.mesh.is_visible = visible


def merge_solids(items: list[Placed]):
    """Plain-coloured meshes (`shapes.solid`) moved to their poses and joined, colours kept per vertex."""
    import trimesh

    meshes = []
    for item in items:
        mesh, material = item.mesh
        mesh = mesh.copy()
        mesh.apply_transform(item.pose)
        rgba = np.round(np.asarray(material.baseColorFactor) * 255).astype(np.uint8)
        mesh.visual = trimesh.visual.ColorVisuals(mesh, vertex_colors=np.tile(rgba, (len(mesh.vertices), 1)))
        meshes.append(mesh)
    return trimesh.util.concatenate(meshes)


def merge_decals(items: list[Placed]):
    """Textured quads that share one texture (`shapes.contact_blob`), moved to their poses and joined."""
    parts = [
        (item.mesh.vertices @ item.pose[:3, :3].T + item.pose[:3, 3], item.mesh.faces, item.mesh.visual.uv)
        for item in items
    ]
    return atlas_mesh(parts, np.asarray(items[0].mesh.visual.material.baseColorTexture), roughness=1.0)


def visible_mask(full: np.ndarray, alone: np.ndarray) -> np.ndarray:
    """Pixels where the product alone is at the depth of the whole scene: it is what the camera sees there."""
    tol = DEPTH_TOL[0] + DEPTH_TOL[1] * alone
    return (alone > 0) & (full > 0) & (np.abs(full - alone) <= tol)
