"""Render one procedural background (room, street, store) with its support geometry.

One OpenGL renderer per process and size, created on first use: context
creation costs far more than a frame.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.backgrounds.geometry import Geometry
from wildcat.synth.backgrounds.room import build_room
from wildcat.synth.backgrounds.scene import SceneSpec, render, support_regions
from wildcat.synth.backgrounds.store import build_store
from wildcat.synth.backgrounds.street import build_street

PROCEDURAL_KINDS = ("room", "street", "store")

_RENDERERS: dict[tuple[int, int], object] = {}


def build_scene(kind: str, rng: np.random.Generator, size: int, store_views: dict[str, float]) -> SceneSpec:
    if kind == "room":
        return build_room(rng, size)
    if kind == "street":
        return build_street(rng, size)
    if kind == "store":
        names = sorted(store_views)
        weights = np.array([store_views[n] for n in names], float)
        view = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        return build_store(rng, size, view)
    raise ValueError(f"unknown procedural background kind {kind!r}; use one of {PROCEDURAL_KINDS}")


def renderer(size: int):
    if (size, size) not in _RENDERERS:
        from wildcat.synth.gl import create_renderer

        _RENDERERS[(size, size)] = create_renderer(size, size)
    return _RENDERERS[(size, size)]


def render_background(
    kind: str, rng: np.random.Generator, size: int, store_views: dict[str, float]
) -> tuple[np.ndarray, Geometry, SceneSpec]:
    """RGB uint8 (size, size, 3), its support geometry, and the scene that made it."""
    spec = build_scene(kind, rng, size, store_views)
    color, depth = render(spec, renderer(size))
    return color, support_regions(spec.camera, spec.supports, depth), spec
