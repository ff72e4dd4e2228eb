"""A supermarket: shelf units stocked with packages, produce crates on tilted
display tables, tiled floor and ceiling lights, seen from three kinds of view:

- aisle: standing in an aisle between two shelf units (shelf lines, floor);
- shelf: facing one shelf unit from arm's length (shelf lines);
- bins:  looking down into produce crates (bin areas), as shoppers photograph fruit.
"""

from __future__ import annotations

import numpy as np
import trimesh

from wildcat.synth.backgrounds import textures as tx
from wildcat.synth.backgrounds.camera import Camera, orbit_eye
from wildcat.synth.backgrounds.lighting import store_lights
from wildcat.synth.backgrounds.mesh import MeshBuilder
from wildcat.synth.backgrounds.scene import SceneSpec, Support
from wildcat.synth.optics import look_at

TEX = 256
VIEWS = ("aisle", "shelf", "bins")
#: Offset that keeps surfaces of different materials out of one plane (metres).
GAP = 0.001
SHELF_COLORS = [(235, 235, 235), (200, 200, 205), (60, 60, 65), (225, 220, 205)]


def build_store(rng: np.random.Generator, size: int, view: str) -> SceneSpec:
    mb = MeshBuilder()
    mb.material("floor", tx.tiles(rng, TEX, n=int(rng.integers(2, 4))), roughness=0.4)
    mb.material("ceiling", tx.plaster(rng, 64, (235, 235, 235)))
    mb.material("panel", None, color=(1.0, 1.0, 0.97), emissive=True)
    mb.material("wall", tx.plaster(rng, TEX, tx.pick(rng, tx.WALL_COLORS)))
    _stock_materials(mb, rng)
    mb.quad("floor", (-8, 0, 4), (16, 0, 0), (0, 0, -16), 0.8, facing=(0, 1, 0))
    mb.quad("ceiling", (-8, 3.2, 4), (16, 0, 0), (0, 0, -16), 0.5, facing=(0, 0, 0))
    mb.quad("wall", (-8, 0, -12), (16, 0, 0), (0, 3.2, 0), 0.5, facing=(0, 1, 0))
    for x in np.arange(-6, 6, 2.0):
        for z in np.arange(-10, 3, 2.5):
            mb.quad("panel", (x, 3.19, z), (1.2, 0, 0), (0, 0, -0.3), None, facing=(0, 0, 0))
    build = {"aisle": _aisle, "shelf": _shelf_view, "bins": _bins_view}[view]
    supports, eye, target = build(mb, rng)
    cam = Camera(np.radians(rng.uniform(50, 68)), size, size, look_at(eye, target))
    lights, ambient = store_lights(rng, 3.2, 4.0)
    return SceneSpec("store", view, mb, cam, supports + [_floor()], lights, ambient, (0.9, 0.9, 0.9))


def _floor() -> Support:
    return Support("floor", np.array([-8.0, 0, 4]), np.array([16.0, 0, 0]), np.array([0, 0, -16.0]))


def _stock_materials(mb: MeshBuilder, rng) -> None:
    mb.material("atlas", tx.package_atlas(rng, 512, cells=4), roughness=0.5)
    mb.material("shelf", None, color=tuple(tx.pick(rng, SHELF_COLORS) / 255))
    mb.material("back", tx.plaster(rng, 64, tx.pick(rng, SHELF_COLORS)))
    mb.material("rail", tx.price_strip(rng, 128))


def _rot_y(deg: float, translate=(0, 0, 0)) -> np.ndarray:
    t = np.radians(deg)
    m = np.eye(4)
    m[:3, :3] = [[np.cos(t), 0, np.sin(t)], [0, 1, 0], [-np.sin(t), 0, np.cos(t)]]
    m[:3, 3] = translate
    return m


def _to_world(mb: MeshBuilder, s: Support) -> Support:
    return Support(
        s.kind,
        mb.to_world(s.origin),
        mb.dir_to_world(s.e1),
        None if s.e2 is None else mb.dir_to_world(s.e2),
        mb.dir_to_world(s.normal),
    )


def shelf_unit(mb: MeshBuilder, rng, length: float) -> list[Support]:
    """A stocked shelf unit in the local frame: x in [0, length], front at z = 0, facing +z."""
    depth, height = rng.uniform(0.4, 0.6), rng.uniform(1.6, 2.1)
    # The back panel sits 1 mm behind the shelf boards' back faces, and the
    # packages 1 mm above the boards: no two materials share a plane.
    mb.quad("back", (0, 0, -depth - GAP), (length, 0, 0), (0, height, 0), 1.0, facing=(0, 0, 1))
    for x in (0.0, length):
        mb.quad("shelf", (x, 0, 0), (0, 0, -depth), (0, height, 0), None, facing=(length / 2, 1, 0))
    levels = np.sort(rng.uniform(0.15, height - 0.3, int(rng.integers(3, 6))))
    levels = levels[np.concatenate([[True], np.diff(levels) > 0.22])]
    supports = []
    for k, y in enumerate(levels):
        mb.box("shelf", (length / 2, y - 0.015, -depth / 2), (length, 0.03, depth), None)
        mb.quad(
            "rail",
            (0, y - 0.05, 0.01),
            (length, 0, 0),
            (0, 0.05, 0),
            None,
            uv_rect=(0, 0, length / 1.2, 1),
            facing=(0, y, 1),
        )
        top = levels[k + 1] if k + 1 < len(levels) else height
        _stock_board(mb, rng, y, length, depth, clearance=top - y - 0.05)
        supports.append(_to_world(mb, Support("shelf", np.array([0.0, y, -0.04]), np.array([length, 0, 0]))))
    return supports


def _stock_board(mb: MeshBuilder, rng, y: float, length: float, depth: float, clearance: float) -> None:
    """Runs of identical packages (atlas cells) with the odd gap, like a real shelf."""
    x = 0.02
    while x < length - 0.05:
        if rng.random() < 0.12:
            x += rng.uniform(0.1, 0.4)
            continue
        w, h = rng.uniform(0.06, 0.25), rng.uniform(0.08, 0.32)
        h = min(h, clearance)
        d = depth * rng.uniform(0.6, 0.95)
        cell = int(rng.integers(16))
        u0, v0 = (cell % 4) / 4, (cell // 4) / 4
        for _ in range(int(rng.integers(1, 6))):
            if x + w > length - 0.02 or h < 0.05:
                break
            mb.box(
                "atlas",
                (x + w / 2, y + GAP + h / 2, -d / 2 - 0.02),
                (w, h, d),
                None,
                uv_rect=(u0, v0, u0 + 0.25, v0 + 0.25),
            )
            x += w + rng.uniform(0.002, 0.02)


def crate(mb: MeshBuilder, rng, w: float, d: float, h: float, fill: float) -> Support:
    """An open crate in the local frame (x in [0, w], z in [-d, 0], y in [0, h]); filled with produce to `fill` of its
    height."""
    key = f"crate{len(mb.materials)}"
    mb.material(key, tx.crate(rng, 128))
    mb.quad(key, (0, 0.01, 0), (w, 0, 0), (0, 0, -d), None, facing=(w / 2, 1, -d / 2))
    for o, e in (((0, 0, 0), (w, 0, 0)), ((0, 0, -d), (w, 0, 0)), ((0, 0, 0), (0, 0, -d)), ((w, 0, 0), (0, 0, -d))):
        mb.quad(key, o, e, (0, h, 0), None, uv_rect=(0, 0, max(1.0, float(np.linalg.norm(e)) / 0.3), 1))
    top = h * fill
    if fill > 0.05:
        _produce(mb, rng, w, d, top)
    return _to_world(
        mb, Support("bin", np.array([0.0, max(top, 0.02), 0.0]), np.array([w, 0, 0]), np.array([0, 0, -d]))
    )


def _produce(mb: MeshBuilder, rng, w: float, d: float, top: float) -> None:
    """A layer of fruit-like spheres whose tops reach `top`."""
    r = rng.uniform(0.025, 0.06)
    key = f"produce{len(mb.materials)}"
    mb.material(key, None, color=tuple(tx.pick(rng, tx.PRODUCE_COLORS) / 255), roughness=0.5)
    xs = np.arange(r, w - r / 2, 1.7 * r)
    zs = np.arange(-r, -d + r / 2, -1.7 * r)
    poses = []
    for x in xs:
        for z in zs:
            s = rng.uniform(0.85, 1.1)
            p = np.diag([s, s * rng.uniform(0.8, 1.1), s, 1.0])
            p[:3, 3] = (x + rng.normal(0, r * 0.15), top - r * s, z + rng.normal(0, r * 0.15))
            poses.append(p)
    if poses:
        mb.add_instances(trimesh.creation.icosphere(subdivisions=2, radius=r), key, np.stack(poses))


def _aisle(mb: MeshBuilder, rng):
    width, length = rng.uniform(1.6, 2.6), rng.uniform(6, 10)
    supports = []
    with mb.at(_rot_y(90, (-width / 2, 0, 2.0))):
        supports += shelf_unit(mb, rng, length)
    with mb.at(_rot_y(-90, (width / 2, 0, 2.0 - length))):
        supports += shelf_unit(mb, rng, length)
    eye = np.array([rng.uniform(-width / 4, width / 4), rng.uniform(1.2, 1.7), 1.5])
    yaw, pitch = np.radians(rng.uniform(-45, 45)), np.radians(rng.uniform(5, 30))
    target = eye + 3 * np.array([np.sin(yaw) * np.cos(pitch), -np.sin(pitch), -np.cos(yaw) * np.cos(pitch)])
    return supports, eye, target


def _shelf_view(mb: MeshBuilder, rng):
    length = rng.uniform(3, 5)
    with mb.at(_rot_y(0, (-length / 2, 0, 0))):
        supports = shelf_unit(mb, rng, length)
    target = np.array([rng.uniform(-0.8, 0.8), rng.uniform(0.25, 1.6), -0.2])
    eye = orbit_eye(target, rng.uniform(0.6, 1.5), rng.uniform(-10, 35), rng.uniform(-20, 20))
    eye[1] = min(eye[1], 1.85)
    return supports, eye, target


def _bins_view(mb: MeshBuilder, rng):
    """A tilted display table of crates; the camera looks down into one of them."""
    cols, rows = int(rng.integers(2, 5)), int(rng.integers(1, 4))
    cw, cd, ch = rng.uniform(0.35, 0.6), rng.uniform(0.3, 0.45), rng.uniform(0.12, 0.3)
    table_h, tilt = rng.uniform(0.55, 0.9), rng.uniform(0, 25)
    mb.material("table", tx.wood(rng, 128, planks=3) if rng.random() < 0.5 else tx.plaster(rng, 64, (60, 60, 60)))
    width, depth = cols * (cw + 0.03), rows * (cd + 0.03)
    mb.box("table", (0, table_h / 2, -depth / 2), (width + 0.1, table_h, depth + 0.1), 1.0)
    tilt_m = np.eye(4)
    t = np.radians(tilt)
    tilt_m[:3, :3] = [[1, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]]  # back edge higher
    tilt_m[:3, 3] = (-width / 2, table_h, 0)
    supports = []
    with mb.at(tilt_m):
        for i in range(rows):
            for j in range(cols):
                fill = rng.uniform(0.5, 1.0) if rng.random() < 0.75 else 0.0
                with mb.at(_rot_y(0, (j * (cw + 0.03), 0, -i * (cd + 0.03)))):
                    supports.append(crate(mb, rng, cw, cd, ch, fill))
    with mb.at(_rot_y(0, (-2.0, 0, -depth - 1.2))):
        shelf_unit(mb, rng, 4.0)  # context behind the display; its shelves are too far to use
    target_support = supports[int(rng.integers(len(supports)))]
    target = target_support.origin + 0.5 * target_support.e1 + 0.5 * target_support.e2
    eye = orbit_eye(target, rng.uniform(0.45, 1.1), rng.uniform(35, 75), rng.uniform(-25, 25))
    return supports, eye, target
