"""A living room: textured floor and walls, a window, furniture blocks, rugs."""

from __future__ import annotations

import numpy as np

from wildcat.synth.backgrounds import textures as tx
from wildcat.synth.backgrounds.camera import Camera
from wildcat.synth.backgrounds.lighting import indoor_lights
from wildcat.synth.backgrounds.mesh import MeshBuilder
from wildcat.synth.backgrounds.scene import SceneSpec, Support
from wildcat.synth.optics import look_at

TEX = 256


def build_room(rng: np.random.Generator, size: int) -> SceneSpec:
    w, d, h = rng.uniform(3.5, 6.0), rng.uniform(3.5, 7.0), rng.uniform(2.4, 3.0)
    mb = MeshBuilder()
    floor_kind = rng.choice(["wood", "tile", "carpet"], p=[0.55, 0.25, 0.2])
    floor_tex = {
        "wood": lambda: tx.wood(rng, TEX),
        "tile": lambda: tx.tiles(rng, TEX),
        "carpet": lambda: tx.plaster(rng, TEX, tx.pick(rng, tx.WALL_COLORS) * rng.uniform(0.5, 0.9)),
    }[floor_kind]()
    mb.material("floor", floor_tex, roughness=0.6)
    wall = tx.stripes(rng, TEX) if rng.random() < 0.2 else tx.plaster(rng, TEX, tx.pick(rng, tx.WALL_COLORS))
    mb.material("wall", wall)
    mb.material("ceiling", tx.plaster(rng, TEX, (240, 240, 238)))
    mb.material("skirting", None, color=(0.9, 0.9, 0.88))
    floor_scale = rng.uniform(0.6, 1.2)
    front = 1.5  # the room extends behind the camera a little
    mb.quad("floor", (-w / 2, 0, front), (w, 0, 0), (0, 0, -d - front), floor_scale, facing=(0, 1, 0))
    mb.quad("ceiling", (-w / 2, h, front), (w, 0, 0), (0, 0, -d - front), 0.5, facing=(0, 0, 0))
    walls = [
        ((-w / 2, 0, -d), (w, 0, 0)),
        ((-w / 2, 0, front), (0, 0, -d - front)),
        ((w / 2, 0, -d), (0, 0, d + front)),
    ]
    for origin, run in walls:
        mb.quad("wall", origin, run, (0, h, 0), 0.7, facing=(0, 1, 0))
        o = np.asarray(origin, float)
        mb.quad("skirting", o + 0.01 * _inward(run), run, (0, 0.08, 0), None, facing=(0, 1, 0))
    _window(mb, rng, w, d, h)
    supports = [Support("floor", np.array([-w / 2, 0, front]), np.array([w, 0, 0]), np.array([0, 0, -d - front]))]
    for k in range(int(rng.integers(0, 3))):
        _rug(mb, rng, w, d, k)
    for _ in range(int(rng.integers(1, 4))):
        supports += _furniture(mb, rng, w, d)
    eye = np.array([rng.uniform(-w / 4, w / 4), rng.uniform(0.5, 1.6), rng.uniform(-0.3, 0.6)])
    target = np.array([eye[0] + rng.uniform(-1.0, 1.0), rng.uniform(0.0, 0.6), -rng.uniform(1.2, min(3.5, d - 0.3))])
    cam = Camera(np.radians(rng.uniform(50, 70)), size, size, look_at(eye, target))
    lights, ambient = indoor_lights(rng, h, center=(0, h, -d / 2), window_dir=(0.3, -0.6, 1.0))
    return SceneSpec("room", "room", mb, cam, supports, lights, ambient, (0.8, 0.8, 0.8), {"floor": str(floor_kind)})


def _inward(run) -> np.ndarray:
    run = np.asarray(run, float)
    n = np.cross(run, (0, 1, 0))
    return -n / np.linalg.norm(n)


def _window(mb: MeshBuilder, rng, w, d, h) -> None:
    """A bright window on the back wall with a frame; the view is an emissive sky/outdoor picture."""
    view = tx.sky(rng, 128)
    view[80:] = tx.plaster(rng, 128, (70, 110, 60))[80:]  # distant greenery below the horizon
    mb.material("window", view, color=(1.0, 1.0, 1.0), emissive=True)
    mb.material("frame", None, color=(0.95, 0.95, 0.95))
    ww, wh = rng.uniform(0.8, 2.0), rng.uniform(1.0, 1.6)
    x0, y0 = rng.uniform(-w / 2 + 0.3, w / 2 - ww - 0.3), rng.uniform(0.6, h - wh - 0.2)
    z = -d + 0.01
    mb.quad("window", (x0, y0, z), (ww, 0, 0), (0, wh, 0), None, facing=(0, 0, 0))
    t = 0.06
    for o, e1, e2 in [
        ((x0 - t, y0 - t, z + 0.01), (ww + 2 * t, 0, 0), (0, t, 0)),
        ((x0 - t, y0 + wh, z + 0.01), (ww + 2 * t, 0, 0), (0, t, 0)),
        ((x0 - t, y0, z + 0.01), (t, 0, 0), (0, wh, 0)),
        ((x0 + ww, y0, z + 0.01), (t, 0, 0), (0, wh, 0)),
        ((x0 + ww / 2 - t / 4, y0, z + 0.012), (t / 2, 0, 0), (0, wh, 0)),
    ]:
        mb.quad("frame", o, e1, e2, None, facing=(0, 0, 0))


def _rug(mb: MeshBuilder, rng, w, d, k: int) -> None:
    # Rugs may overlap; each lies 2 mm above the one before, never in the same
    # plane, so which one shows does not depend on the draw order.
    key = f"rug{len(mb.materials)}"
    mb.material(key, tx.stripes(rng, 128))
    rw, rd = rng.uniform(1.0, 2.5), rng.uniform(0.8, 2.0)
    x0, z0 = rng.uniform(-w / 2, w / 2 - rw), rng.uniform(-d + 0.2, -0.2)
    mb.quad(key, (x0, 0.004 + 0.002 * k, z0), (rw, 0, 0), (0, 0, -rd), None, facing=(0, 1, 0))


def _furniture(mb: MeshBuilder, rng, w, d) -> list[Support]:
    """A sofa, table or cabinet against a wall; a table top is a support."""
    key = f"furn{len(mb.materials)}"
    tex = (
        tx.wood(rng, 128, planks=2)
        if rng.random() < 0.5
        else tx.plaster(rng, 128, tx.jitter_color(rng, rng.uniform(40, 200, 3), 10))
    )
    mb.material(key, tex)
    kind = rng.choice(["sofa", "table", "cabinet"])
    x = rng.uniform(-w / 2 + 0.6, w / 2 - 0.6)
    z = rng.uniform(-d + 0.5, -1.2)
    if kind == "sofa":
        sw, sd = rng.uniform(1.4, 2.2), rng.uniform(0.8, 1.0)
        mb.box(key, (x, 0.22, z), (sw, 0.44, sd), 1.5)
        mb.box(key, (x, 0.6, z - sd / 2 + 0.1), (sw, 0.55, 0.2), 1.5)
        for side in (-1, 1):
            mb.box(key, (x + side * (sw / 2 - 0.1), 0.35, z), (0.2, 0.7, sd), 1.5)
        return []
    if kind == "table":
        tw, td, th = rng.uniform(0.8, 1.6), rng.uniform(0.6, 1.0), rng.uniform(0.45, 0.78)
        mb.box(key, (x, th - 0.02, z), (tw, 0.04, td), 1.0)
        for sx in (-1, 1):
            for sz in (-1, 1):
                mb.box(
                    key,
                    (x + sx * (tw / 2 - 0.05), (th - 0.04) / 2, z + sz * (td / 2 - 0.05)),
                    (0.05, th - 0.04, 0.05),
                    1.0,
                )
        return [Support("table", np.array([x - tw / 2, th, z + td / 2]), np.array([tw, 0, 0]), np.array([0, 0, -td]))]
    cw, ch, cd = rng.uniform(0.6, 1.5), rng.uniform(0.5, 1.9), rng.uniform(0.35, 0.5)
    mb.box(key, (x, ch / 2, -d + cd / 2 + 0.01), (cw, ch, cd), 1.0)
    return [Support("table", np.array([x - cw / 2, ch, -d + cd + 0.01]), np.array([cw, 0, 0]), np.array([0, 0, -cd]))]
