"""Rendering an asset's views: sampled camera, lights and materials per view, one scene per asset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from wildcat.core.seeding import sample_rng
from wildcat.synth.render.asset import Asset
from wildcat.synth.render.camera import sample_camera
from wildcat.synth.render.config import RenderConfig
from wildcat.synth.render.lights import sample_lighting
from wildcat.synth.render.materials import NO_JITTER, sample_material_jitter
from wildcat.synth.render.renderer import draw
from wildcat.synth.render.stage import Stage
from wildcat.synth.render.studio import studio_lighting

STREAM = "render"


@dataclass
class View:
    index: int
    rgba: np.ndarray  # (H, W, 4) uint8; alpha is 255 exactly where depth > 0, else 0
    depth: np.ndarray  # (H, W) float32 distance along the view axis (scene units), 0 = background
    params: dict[str, Any]  # camera pose, lights, materials, seed: everything to redo it

    @property
    def mask(self) -> np.ndarray:
        return self.depth > 0

    @property
    def box(self) -> list[int] | None:
        """[x0, y0, x1, y1] of the asset in pixels (x1, y1 exclusive), None when nothing is visible."""
        return mask_box(self.mask)


def mask_box(mask: np.ndarray) -> list[int] | None:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return [int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1]


def render_views(
    asset: Asset, n: int, seed: int, config: RenderConfig | None = None, key: str | None = None
) -> list[View]:
    """`n` views of `asset`; view i draws from `sample_rng(seed, key, i, "render")` (key defaults to the asset name).

    The same seed, key and config give identical pixels, whatever else was
    rendered before in the process.
    """
    cfg = config or RenderConfig()
    key = key if key is not None else asset.name
    stage = Stage(asset, cfg.max_texture, cfg.background)
    return [
        render_view(stage, cfg, sample_rng(seed, key, i, STREAM), i, {"seed": int(seed), "key": key}) for i in range(n)
    ]


def render_view(stage: Stage, cfg: RenderConfig, rng: np.random.Generator, index: int, origin: dict) -> View:
    """Sample one view's parameters from `rng`, put them on stage, draw."""
    camera_cfg = cfg.camera if stage.asset.kind == "model" else cfg.proxy_camera
    camera = sample_camera(rng, camera_cfg, stage.centre)
    if cfg.preset == "catalog":
        lighting, jitter = studio_lighting(camera.azimuth_deg, np.asarray(camera.target)), NO_JITTER
    else:
        lighting = sample_lighting(rng, cfg.lights, camera.azimuth_deg, np.asarray(camera.target))
        jitter = sample_material_jitter(rng, cfg.material)
    materials = stage.set_view(camera, lighting, jitter, cfg.material)
    rgba, depth = draw(stage.scene, cfg.size, cfg.antialias, cfg.background, cfg.shader)
    params = {
        **origin,
        "index": index,
        "preset": cfg.preset,
        "size": cfg.size,
        "shader": cfg.shader,
        "camera": camera.as_dict(),
        "lighting": lighting.as_dict(),
        "material_jitter": jitter.as_dict(),
        "materials": materials,
        "box": mask_box(depth > 0),
    }
    return View(index, rgba, depth, params)
