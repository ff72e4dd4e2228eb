"""A procedural scene (meshes, lights, camera, support surfaces), its render,
and the support regions it yields in image space.

Supports are 3D rectangles (floor, table top, bin opening) or segments (shelf
edges). A support pixel is one whose ray meets the rectangle and is not hidden
behind a nearer rendered surface, so an object behind the sofa is never
placed "on the floor" in front of it. The scale of each region comes from its
plane in closed form (`Camera.plane_ppm`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from wildcat.synth.backgrounds.camera import UP, Camera
from wildcat.synth.backgrounds.geometry import AREA, LINE, Geometry, Region
from wildcat.synth.backgrounds.mesh import MeshBuilder
from wildcat.synth.gl import ordered_scene

#: Smallest region kept, as a fraction of the image.
MIN_AREA_FRACTION = 0.004
#: Depth tolerance of the visibility test (metres, plus this fraction of the depth).
DEPTH_TOL = (0.03, 0.01)


@dataclass
class Support:
    kind: str  # floor, table, pavement, road, bin, shelf
    origin: np.ndarray  # a corner of the rectangle, or one end of the segment (world metres)
    e1: np.ndarray  # first edge (or the whole segment)
    e2: np.ndarray | None = None  # second edge of a rectangle; None = a segment
    normal: np.ndarray = field(default_factory=lambda: UP.copy())  # the surface's up


@dataclass
class Light:
    kind: str  # directional, point
    color: tuple[float, float, float]
    intensity: float
    pose: np.ndarray


@dataclass
class SceneSpec:
    kind: str
    view: str
    builder: MeshBuilder
    camera: Camera
    supports: list[Support]
    lights: list[Light]
    ambient: tuple[float, float, float]
    bg_color: tuple[float, float, float]
    params: dict = field(default_factory=dict)  # what was sampled, for lineage


def render(spec: SceneSpec, renderer) -> tuple[np.ndarray, np.ndarray]:
    """RGB uint8 and depth (metres, 0 = nothing) of the scene through `renderer` (sized to the camera)."""
    import pyrender

    scene = ordered_scene(ambient_light=np.asarray(spec.ambient), bg_color=list(spec.bg_color) + [1.0])
    for mesh in spec.builder.build():
        scene.add(mesh)
    scene.add(
        pyrender.PerspectiveCamera(
            yfov=spec.camera.yfov, aspectRatio=spec.camera.width / spec.camera.height, znear=0.05, zfar=400.0
        ),
        pose=spec.camera.pose,
    )
    for light in spec.lights:
        cls = pyrender.DirectionalLight if light.kind == "directional" else pyrender.PointLight
        scene.add(cls(color=np.asarray(light.color), intensity=light.intensity), pose=light.pose)
    color, depth = renderer.render(scene)
    return np.ascontiguousarray(color[..., :3]), depth


def support_regions(camera: Camera, supports: list[Support], depth: np.ndarray) -> Geometry:
    """The geometry of a rendered scene: visible support areas as a label map, shelf lines as segments."""
    h, w = depth.shape
    rays = camera.pixel_rays()
    seen = np.where(depth > 0, depth, np.inf)
    best = np.full((h, w), np.inf)
    label_map = np.zeros((h, w), np.uint8)
    areas: list[tuple[Support, int]] = []
    lines: list[Region] = []
    for s in supports:
        if s.e2 is None:
            region = _line_region(camera, s, seen)
            if region is not None:
                lines.append(region)
            continue
        label = len(areas) + 1
        t = _area_depth(camera, rays, s)
        with np.errstate(invalid="ignore"):  # inf - inf where the ray misses and nothing was drawn
            mine = np.isfinite(t) & (seen >= t - (DEPTH_TOL[0] + DEPTH_TOL[1] * t)) & (t < best)
        label_map[mine] = label
        best[mine] = t[mine]
        areas.append((s, label))
    regions = []
    for s, label in areas:
        mask = label_map == label
        if mask.mean() < MIN_AREA_FRACTION:
            label_map[mask] = 0
            continue
        regions.append(Region(s.kind, AREA, _outline(mask), camera.plane_ppm(s.origin, s.normal), label))
    return Geometry(w, h, regions + lines, label_map)


def _area_depth(camera: Camera, rays: np.ndarray, s: Support) -> np.ndarray:
    """Depth of each pixel's hit on the rectangle (inf where the ray misses it)."""
    eye = camera.pose[:3, 3]
    n = np.cross(s.e1, s.e2)
    denom = rays @ n
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ((s.origin - eye) @ n) / denom
    hit = eye + t[..., None] * rays - s.origin
    u = hit @ s.e1 / (s.e1 @ s.e1)
    v = hit @ s.e2 / (s.e2 @ s.e2)
    ok = (t > 0.05) & (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
    return np.where(ok, t, np.inf)


def _line_region(camera: Camera, s: Support, seen: np.ndarray) -> Region | None:
    """The longest visible, in-frame run of a shelf edge, as a 2-point line region."""
    h, w = seen.shape
    ts = np.linspace(0, 1, 97)
    pts = s.origin + ts[:, None] * s.e1
    uv, depth = camera.project(pts)
    inside = (depth > 0.1) & (uv[:, 0] >= 0) & (uv[:, 0] < w) & (uv[:, 1] >= 0) & (uv[:, 1] < h)
    cols = np.clip(uv[:, 0].astype(int), 0, w - 1)
    rows = np.clip(uv[:, 1].astype(int), 0, h - 1)
    visible = inside & (seen[rows, cols] >= depth - (DEPTH_TOL[0] + DEPTH_TOL[1] * depth) - 0.05)
    run = _longest_run(visible)
    if run is None or run[1] - run[0] < 8:
        return None
    a, b = uv[run[0]], uv[run[1]]
    if np.linalg.norm(b - a) < 0.08 * w:
        return None
    return Region(s.kind, LINE, np.stack([a, b]), camera.plane_ppm(s.origin, s.normal), 0)


def _longest_run(flags: np.ndarray) -> tuple[int, int] | None:
    best, start = None, None
    for i, f in enumerate(list(flags) + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if best is None or i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


def _outline(mask: np.ndarray) -> np.ndarray:
    """A simplified outline of the largest blob of `mask`, for display and JSON."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    c = max(contours, key=cv2.contourArea)
    c = cv2.approxPolyDP(c, 0.01 * cv2.arcLength(c, True), True)
    return c.reshape(-1, 2).astype(np.float64)
