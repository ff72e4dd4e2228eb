"""The 3D places a wild photo is taken in: a room, a store aisle, a street.

Each builder lays out real geometry round a product spot at x = z = 0 on a
support surface (floor, table, shelf board, bench, pavement) and says from
which side a camera may look (the open side, +Z). Sizes are metres.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wildcat.synth.procedural.colors import jitter
from wildcat.synth.procedural.wild import surfaces
from wildcat.synth.procedural.wild.shapes import cylinder, solid, tiled_box
from wildcat.synth.procedural.wild.shelves import stock_mesh

ENVIRONMENTS = ("room", "store", "street")


@dataclass
class Placed:
    mesh: object  # a trimesh.Trimesh, or (trimesh, pyrender material) from `shapes.solid`
    pose: np.ndarray
    role: str = "environment"  # environment, clutter or shadow


@dataclass
class Environment:
    kind: str
    items: list[Placed]
    support_y: float  # height of the surface under the product (m)
    free: tuple[float, float, float]  # where clutter may stand on the support: |x| <= [0], [1] <= z <= [2] (m)
    max_clutter_height: float  # tallest object that fits on the support (shelf gap) (m)
    azimuth_deg: tuple[float, float]  # camera azimuths that look from the open side
    sky: tuple[float, float, float] | None = None  # background colour where no geometry is (0..1); None = dark
    params: dict = field(default_factory=dict)


def at(x: float, y: float, z: float, yaw_deg: float = 0.0) -> np.ndarray:
    pose = np.eye(4)
    a = np.radians(yaw_deg)
    pose[[0, 0, 2, 2], [0, 2, 0, 2]] = [np.cos(a), np.sin(a), -np.sin(a), np.cos(a)]
    pose[:3, 3] = (x, y, z)
    return pose


def _box_on(
    items: list[Placed], half, texture, tile, x, y_bottom, z, yaw=0.0, role="environment", roughness=0.8
) -> None:
    items.append(Placed(tiled_box(half, texture, tile, roughness), at(x, y_bottom + half[1], z, yaw), role))


def _solid_box(items: list[Placed], half, rgb, x, y_bottom, z, yaw=0.0, role="environment") -> None:
    import trimesh

    items.append(
        Placed(solid(trimesh.creation.box(extents=2 * np.asarray(half)), rgb), at(x, y_bottom + half[1], z, yaw), role)
    )


def build(kind: str, product_height: float, product_radius: float, rng: np.random.Generator) -> Environment:
    return {"room": room, "store": store, "street": street}[kind](product_height, product_radius, rng)


def room(product_height: float, product_radius: float, rng: np.random.Generator) -> Environment:
    items: list[Placed] = []
    floor_kind = str(rng.choice(["planks", "carpet", "tiles"]))
    floor = {"planks": surfaces.planks, "carpet": surfaces.carpet, "tiles": surfaces.tiles}[floor_kind](rng)
    _box_on(items, (5, 0.01, 5), floor, 1.2 if floor_kind == "planks" else 0.8, 0, -0.02, -1)
    on_table = product_height < 0.55
    if on_table:  # the table holds the product: it stands between the table's middle and its front edge
        tw, td = rng.uniform(0.5, 0.8), max(rng.uniform(0.3, 0.45), product_radius + 0.08)
        tz = -rng.uniform(0.0, td - product_radius - 0.04)
        wall_z = tz - td - rng.uniform(0.02, 0.8)
    else:
        wall_z = -(product_radius + rng.uniform(0.3, 1.4))
    wall = surfaces.plaster(rng)
    _box_on(items, (5, 1.4, 0.05), wall, 1.5, 0, 0, wall_z - 0.05)
    _solid_box(items, (5, 0.05, 0.012), (245, 245, 240), 0, 0, wall_z + 0.012)  # skirting board
    if rng.random() < 0.6:  # a side wall
        side = float(rng.choice([-1, 1])) * rng.uniform(1.0, 2.5)
        _box_on(items, (0.05, 1.4, 5), wall, 1.5, side + np.sign(side) * 0.05, 0, -1)
    if rng.random() < 0.6:  # a window: a bright pane in the back wall
        wx = rng.uniform(-1.5, 1.5)
        _solid_box(items, (0.5, 0.6, 0.02), (250, 250, 255), wx, 1.0, wall_z + 0.02)
        _solid_box(items, (0.55, 0.04, 0.05), (240, 240, 235), wx, 0.95, wall_z + 0.05)
    if rng.random() < 0.5:  # a picture
        _box_on(
            items,
            (0.3, 0.22, 0.015),
            surfaces.brick(rng) if rng.random() < 0.2 else surfaces.carpet(rng),
            0.6,
            rng.uniform(-1.2, 1.2),
            1.3,
            wall_z + 0.015,
        )
    support_y, free = 0.0, (1.0, wall_z + 0.05, 0.8)
    if on_table:
        support_y = _table(items, rng, tw, td, tz)
        free = (tw - 0.05, tz - td + 0.02, tz + td - 0.02)
    _furniture(items, rng, wall_z)
    return Environment(
        "room",
        items,
        support_y,
        free,
        0.6 if on_table else 1.2,
        (-65.0, 65.0),
        None,
        {"floor": floor_kind, "on_table": bool(on_table), "wall_distance": round(-wall_z, 3)},
    )


def _table(items: list[Placed], rng: np.random.Generator, half_w: float, half_d: float, z: float) -> float:
    """A wooden table centred on x = 0, z = `z`; returns the height of its top."""
    top = rng.uniform(0.7, 0.78)
    wood = surfaces.planks(rng)
    _box_on(items, (half_w, 0.02, half_d), wood, 1.0, 0, top - 0.04, z)
    leg_rgb = tuple(int(c) for c in wood.reshape(-1, 3).mean(axis=0))
    for sx in (-1, 1):
        for sz in (-1, 1):
            _solid_box(
                items, (0.025, (top - 0.04) / 2, 0.025), leg_rgb, sx * (half_w - 0.05), 0, z + sz * (half_d - 0.05)
            )
    return top


def _furniture(items: list[Placed], rng: np.random.Generator, wall_z: float) -> None:
    """A sofa or a cabinet against the back wall, off to one side."""
    x = float(rng.choice([-1, 1])) * rng.uniform(0.9, 1.8)
    colour = jitter(((120, 90, 70), (70, 90, 120), (150, 150, 140), (90, 110, 80))[int(rng.integers(4))], rng, 0.08)
    if rng.random() < 0.5:
        fabric = surfaces.carpet(rng)
        _box_on(items, (0.9, 0.22, 0.42), fabric, 0.5, x, 0.0, wall_z + 0.45, role="clutter")
        _box_on(items, (0.9, 0.25, 0.1), fabric, 0.5, x, 0.44, wall_z + 0.12, role="clutter")
    else:
        _solid_box(items, (0.45, 0.42, 0.22), colour, x, 0.0, wall_z + 0.23, role="clutter")


def store(product_height: float, product_radius: float, rng: np.random.Generator) -> Environment:
    items: list[Placed] = []
    _box_on(items, (5, 0.01, 5), surfaces.tiles(rng, 2), 1.2, 0, -0.02, -1)
    on_shelf = product_height < 0.42
    depth = max(0.42, 2 * product_radius + 0.16)  # the board holds the whole footprint
    back_z = -(product_radius + 0.12) if on_shelf else -(product_radius + rng.uniform(0.5, 1.0))
    gap = max(0.34, product_height + rng.uniform(0.08, 0.15))
    levels = [0.12 + k * gap for k in range(int(1.9 // gap) + 1)]
    level = int(rng.integers(1, min(4, len(levels)))) if on_shelf else 0
    support_y = levels[level] if on_shelf else 0.0
    metal = (225, 225, 222) if rng.random() < 0.7 else (60, 62, 66)
    width = 3.0
    _solid_box(items, (width, 1.0, 0.02), metal, 0, 0, back_z - 0.02)
    for x in (-width, width):
        _solid_box(items, (0.03, 1.0, depth / 2), metal, x, 0, back_z + depth / 2)
    front = back_z + depth
    segments = []
    for k, y in enumerate(levels):
        _solid_box(items, (width, 0.012, depth / 2), metal, 0, y - 0.024, back_z + depth / 2)
        _solid_box(
            items,
            (width, 0.018, 0.004),
            (250, 250, 245) if rng.random() < 0.6 else (250, 220, 60),
            0,
            y - 0.04,
            front + 0.004,
        )
        if k == level and on_shelf:  # leave a gap for the product
            segments += [(y, -width, -product_radius - 0.22), (y, product_radius + 0.22, width)]
        elif y + 0.1 < 2.0:
            segments.append((y, -width, width))
    goods = stock_mesh(rng, segments, back_z, depth, gap)
    if goods is not None:
        items.append(Placed(goods, np.eye(4), "clutter"))
    free = (product_radius + 0.2, back_z + 0.02, front - 0.02) if on_shelf else (1.0, front + 0.05, 0.8)
    return Environment(
        "store",
        items,
        support_y,
        free,
        gap - 0.05 if on_shelf else 1.0,
        (-50.0, 50.0) if on_shelf else (-65.0, 65.0),
        None,
        {"on_shelf": bool(on_shelf), "shelf_level": level, "shelf_gap": round(gap, 3)},
    )


def street(product_height: float, product_radius: float, rng: np.random.Generator) -> Environment:
    items: list[Placed] = []
    _box_on(items, (6, 0.01, 6), surfaces.concrete(rng), 1.2, 0, -0.02, -2)
    facade_behind = rng.random() < 0.6
    on_bench = product_height < 0.55 and rng.random() < 0.7  # else on the pavement
    bench_half_z = max(0.2, product_radius + 0.06)
    bench_z = -rng.uniform(0.0, bench_half_z - product_radius - 0.03)
    wall_z = -(product_radius + rng.uniform(0.4, 2.5))
    if on_bench:
        wall_z = min(wall_z, bench_z - bench_half_z - 0.05)
    if facade_behind:
        _box_on(
            items,
            (6, 2.5, 0.1),
            surfaces.brick(rng) if rng.random() < 0.6 else surfaces.plaster(rng),
            1.0,
            0,
            0,
            wall_z - 0.1,
        )
        for wx in rng.uniform(-3, 3, int(rng.integers(1, 4))):  # windows and doors: dark panes in the facade
            _solid_box(items, (0.45, 0.6, 0.02), (35, 45, 55), wx, rng.choice([0.0, 1.0]), wall_z + 0.02)
    else:  # the kerb, the road, and buildings across it
        _solid_box(items, (6, 0.06, 0.1), (160, 160, 155), 0, 0, wall_z)
        _box_on(items, (8, 0.01, 4), surfaces.asphalt(rng), 1.5, 0, -0.1, wall_z - 4.1)
        _box_on(items, (10, 4, 0.2), surfaces.brick(rng), 1.4, 0, -0.1, wall_z - 9)
        _car(items, rng, wall_z - rng.uniform(1.2, 2.0))
    support_y, free, max_h = 0.0, (1.2, wall_z + 0.05, 1.0), 1.2
    params = {"facade_behind": bool(facade_behind), "wall_distance": round(-wall_z, 3)}
    if on_bench:  # a bench or a low wall
        support_y = rng.uniform(0.42, 0.5)
        bench = surfaces.planks(rng) if rng.random() < 0.5 else surfaces.concrete(rng, 1)
        bx, half_x = rng.uniform(-0.3, 0.3), rng.uniform(0.7, 1.2)
        _box_on(items, (half_x, support_y / 2, bench_half_z), bench, 0.8, bx, 0, bench_z)
        free, max_h, params["on_bench"] = (
            (half_x - abs(bx) - 0.05, bench_z - bench_half_z + 0.02, bench_z + bench_half_z - 0.02),
            0.5,
            True,
        )
    for _ in range(int(rng.integers(1, 3))):  # bollards and bins, off to the sides
        r = rng.uniform(0.06, 0.25)
        x = float(rng.choice([-1, 1])) * rng.uniform(0.7, 2.5)
        mesh = cylinder(r, rng.uniform(0.6, 1.0))
        items.append(
            Placed(
                solid(mesh, (50, 55, 60) if r < 0.12 else (40, 90, 60)),
                at(x, 0.0, rng.uniform(wall_z + r + 0.05, 1.5)),
                "clutter",
            )
        )
    return Environment("street", items, support_y, free, max_h, (-70.0, 70.0), (0.62, 0.72, 0.85), params)


def _car(items: list[Placed], rng: np.random.Generator, z: float) -> None:
    colour = jitter(
        ((180, 30, 30), (30, 60, 140), (200, 200, 205), (30, 30, 32), (240, 240, 240))[int(rng.integers(5))], rng, 0.05
    )
    x = rng.uniform(-2.5, 2.5)
    _solid_box(items, (2.0, 0.35, 0.85), colour, x, 0.25, z)
    _solid_box(items, (1.1, 0.3, 0.8), (60, 70, 80), x - 0.2, 0.95, z)
