"""3D proxies from one catalog cutout, for products with no 3D model.

`make_proxy(kind, rgba)` turns an RGBA cutout into an `Asset` in the render
frame: a box/carton, a cylinder (can, bottle, jar) or an ellipsoid (fruit,
vegetables), each textured with the cutout on its front so that rendering it
under new viewpoints and lights adds perspective and shading variation.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.render.asset import Asset, from_meshes
from wildcat.synth.render.errors import CutoutError
from wildcat.synth.render.proxies.box import build_box
from wildcat.synth.render.proxies.choose import PROXY_KINDS, ProxyConfig, kind_for_category, kind_for_shape
from wildcat.synth.render.proxies.cylinder import build_cylinder
from wildcat.synth.render.proxies.ellipsoid import build_ellipsoid
from wildcat.synth.render.proxies.silhouette import prepare

__all__ = ["PROXY_KINDS", "ProxyConfig", "make_proxy", "kind_for_category", "kind_for_shape"]


def make_proxy(kind: str, rgba: np.ndarray, config: ProxyConfig | None = None, name: str = "cutout") -> Asset:
    """A proxy Asset of `kind` ("box", "cylinder", "ellipsoid", or "auto" = by the cutout's shape)."""
    cfg = config or ProxyConfig()
    sil = prepare(np.asarray(rgba), cfg.texture_px, name)
    features: dict[str, float] = {}
    if kind == "auto":
        kind, features = kind_for_shape(sil.mask, cfg)
    if kind == "box":
        mesh = build_box(sil, cfg.rows, cfg.box_depth)
    elif kind == "cylinder":
        mesh = build_cylinder(sil, cfg.rows, cfg.segments, cfg.cylinder_depth, cfg.wrap)
    elif kind == "ellipsoid":
        mesh = build_ellipsoid(sil, cfg.rows, cfg.segments, cfg.ellipsoid_depth, cfg.wrap)
    else:
        raise CutoutError(name, f"unknown proxy kind {kind!r}", f"use one of {', '.join(PROXY_KINDS)} or auto")
    asset = from_meshes([mesh], name=name, source=name, up_axis="y", kind=kind)
    asset.up_reason = "proxies are built Y-up"
    asset.base_material = (cfg.roughness, cfg.metallic)
    asset.double_sided = False  # closed by construction, outward faces
    if features:
        asset.details["shape"] = {k: round(v, 4) for k, v in features.items()}
    return asset
