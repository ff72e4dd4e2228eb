"""Other things near the product: catalog products of other categories and plain boxes and
cylinders, standing on the same support at their own depth, some in front of it."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from wildcat.synth.procedural.colors import NAMED, VIVID, jitter
from wildcat.synth.procedural.wild.environments import Environment, Placed, at
from wildcat.synth.procedural.wild.shapes import contact_blob, cylinder, solid

_MODELS: OrderedDict[str, object] = OrderedDict()  # this process's loaded models, most recent last
_CACHE_SIZE = 48
MAX_TRIES = 30
PLAUSIBLE_M = (0.02, 3.0)  # largest extent of a model already in metres (m)
FALLBACK_SIZE_M = 0.3  # largest extent given to a model that is not (m)


def load_model(path: str, up_axis: str | None = None):
    """A model file as a trimesh.Scene standing on y = 0, centred on x = z = 0, in metres (cached per process).

    glTF is in metres by specification; a model whose largest extent is not a
    plausible size in metres is scaled to FALLBACK_SIZE_M.
    """
    import trimesh

    key = f"{path}|{up_axis}"
    if key not in _MODELS:
        scene = trimesh.load(str(path), force="scene")
        if up_axis == "z":
            scene.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
        lo, hi = scene.bounds
        scene.apply_translation([-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2])
        extent = float((hi - lo).max())
        if (
            not PLAUSIBLE_M[0] <= extent <= PLAUSIBLE_M[1]
        ):  # not in metres (OBJ in cm or mm, say): give it a household size
            scene.apply_scale(FALLBACK_SIZE_M / max(extent, 1e-9))
        _MODELS[key] = scene
        while len(_MODELS) > _CACHE_SIZE:
            _MODELS.popitem(last=False)
    _MODELS.move_to_end(key)
    return _MODELS[key]


def footprint(scene) -> tuple[float, float]:
    """(radius of the footprint circle, height), metres."""
    lo, hi = scene.bounds
    return float(np.hypot(hi[0] - lo[0], hi[2] - lo[2]) / 2), float(hi[1] - lo[1])


def place_clutter(
    rng: np.random.Generator,
    env: Environment,
    product_radius: float,
    product_height: float,
    distractors: list[tuple[str, str, str | None]],
    count: int,
) -> tuple[list[Placed], list[dict]]:
    """Up to `count` objects round the product spot on its support, none overlapping, with contact shadows.

    distractors: (model path, category, up axis) of other catalog products to
    choose from; the rest are boxes and cylinders. Objects that do not fit
    under the support's headroom are skipped.
    """
    placed: list[tuple[float, float, float]] = [(0.0, 0.0, product_radius)]  # (x, z, radius)
    items, lineage = [], []
    fx, z0, z1 = env.free
    in_front = rng.random() < 0.6  # the first object stands between the product and the camera side
    for k in range(count):
        use_product = distractors and rng.random() < 0.6
        if use_product:
            path, cat, up = distractors[int(rng.integers(len(distractors)))]
            obj = load_model(path, up)
            radius, height = footprint(obj)
            name = f"product:{cat}"
        else:
            obj, radius, height, name = _primitive(rng, env.max_clutter_height, product_height)
        if height > env.max_clutter_height or 2 * radius > min(2 * fx, z1 - z0):
            continue
        spot = (
            _front_spot(rng, placed, radius, product_radius, z1)
            if k == 0 and in_front
            else _free_spot(rng, placed, radius, fx, z0, z1)
        )
        if spot is None:
            continue
        x, z = spot
        yaw = float(rng.uniform(-180, 180))
        placed.append((x, z, radius))
        items.append(Placed(obj, at(x, env.support_y, z, yaw), "clutter"))
        items.append(Placed(contact_blob(radius * 1.15, radius * 1.15), at(x, env.support_y + 0.0015, z), "shadow"))
        lineage.append(
            {
                "object": name,
                "source": str(path) if use_product else "primitive",
                "x": round(x, 3),
                "z": round(z, 3),
                "yaw_deg": round(yaw, 1),
                "height": round(height, 3),
            }
        )
    return items, lineage


def _free_spot(
    rng: np.random.Generator, placed, radius: float, fx: float, z0: float, z1: float
) -> tuple[float, float] | None:
    """A position on the support whose circle stays on it and overlaps none placed so far (rejection sampling)."""
    for _ in range(MAX_TRIES):
        x, z = rng.uniform(-fx + radius, fx - radius), rng.uniform(z0 + radius, z1 - radius)
        if all(np.hypot(x - px, z - pz) > radius + pr + 0.01 for px, pz, pr in placed):
            return float(x), float(z)
    return None


def _front_spot(
    rng: np.random.Generator, placed, radius: float, product_radius: float, z1: float
) -> tuple[float, float] | None:
    """A position in front of the product (+Z, towards the cameras), off to one side, so it hides part of it."""
    z = min(product_radius + radius + rng.uniform(0.02, 0.2), z1 - radius)
    x = float(rng.choice([-1, 1])) * rng.uniform(0.2, 0.9) * (product_radius + radius)
    if all(np.hypot(x - px, z - pz) > radius + pr + 0.005 for px, pz, pr in placed):
        return float(x), float(z)
    return None


def _primitive(rng: np.random.Generator, headroom: float, product_height: float):
    """A plain box or cylinder about the size of the product (or furniture-sized when there is room)."""
    import trimesh

    big = headroom > 0.8 and rng.random() < 0.3
    h = rng.uniform(0.3, 0.8) if big else min(product_height * rng.uniform(0.4, 1.2), headroom)
    w = rng.uniform(0.2, 0.5) if big else h * rng.uniform(0.3, 0.9)
    colour = jitter(NAMED[VIVID[int(rng.integers(len(VIVID)))]] if rng.random() < 0.6 else (200, 195, 185), rng, 0.1)
    if rng.random() < 0.5:
        mesh = trimesh.creation.box(extents=(w, h, w * rng.uniform(0.5, 1.0)))
        mesh.apply_translation([0, h / 2, 0])
        return solid(mesh, colour), float(np.hypot(w, w) / 2), float(h), "box"
    return solid(cylinder(w / 2, h), colour), float(w / 2), float(h), "cylinder"
