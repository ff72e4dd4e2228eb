"""The per-process renderer and one frame: RGBA with alpha exactly the depth mask, and depth.

Creating an OpenGL context costs far more than a frame, so each worker
process keeps its renderers in a module-level cache (one per size and
sampling) and reuses them for every asset it renders.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.gl import create_renderer
from wildcat.synth.render.shading import use_shader

_RENDERERS: dict[tuple[int, int, int, str], object] = {}
MSAA_SAMPLES = 4


def get_renderer(width: int, height: int, antialias: bool, shader: str = "lean"):
    """This process's renderer for the size, sampling and shader, created on first use."""
    samples = MSAA_SAMPLES if antialias else 0
    key = (width, height, samples, shader)
    if key not in _RENDERERS:
        renderer = create_renderer(width, height, samples=samples)
        use_shader(renderer, shader)
        _RENDERERS[key] = renderer
    return _RENDERERS[key]


def draw(
    scene, size: int, antialias: bool, background: tuple[int, int, int], shader: str = "lean"
) -> tuple[np.ndarray, np.ndarray]:
    """(rgba uint8 (H,W,4), depth float32 (H,W), 0 where empty) of `scene` from its camera.

    The scene's clear colour must be `background` with alpha 0.
    """
    import pyrender

    renderer = get_renderer(size, size, antialias, shader)
    color, depth = renderer.render(scene, flags=pyrender.RenderFlags.RGBA)
    return compose_rgba(color, depth, background, antialias), np.ascontiguousarray(depth, dtype=np.float32)


def compose_rgba(color: np.ndarray, depth: np.ndarray, background: tuple[int, int, int], antialias: bool) -> np.ndarray:
    """RGBA whose alpha is 255 exactly where depth > 0 and whose colour outside is `background`.

    With multisampling, edge pixels hold a coverage-weighted mix of object and
    background; the mix is undone with the coverage in the rendered alpha so
    edge colours are the object's own.
    """
    mask = depth > 0
    if not antialias:
        # Without multisampling every pixel is all object or all clear colour
        # (the scene's background), so only the alpha channel changes.
        out = np.array(color, dtype=np.uint8, order="C", copy=True)
        out[..., 3] = mask.view(np.uint8) * np.uint8(255)
        return out
    rgb = color[..., :3].astype(np.float32)
    bg = np.asarray(background, dtype=np.float32)
    cover = color[..., 3:4].astype(np.float32) / 255.0
    partial = mask & (cover[..., 0] > 0) & (cover[..., 0] < 1)
    unmixed = (rgb - (1 - cover) * bg) / np.maximum(cover, 1e-3)
    rgb[partial] = unmixed[partial]
    rgb[~mask] = bg
    return np.dstack([np.clip(rgb + 0.5, 0, 255).astype(np.uint8), np.where(mask, 255, 0).astype(np.uint8)])
