"""Rendering 3D product models (and 3D proxies made from one catalog cutout)
under sampled viewpoints, lights and materials, headless, with exact alpha.

Public API:
    load_asset(path, up_axis=None) -> Asset
    make_proxy(kind, rgba, config=None, name="cutout") -> Asset
    render_views(asset, n, seed, config=None, key=None) -> list[View]
    render_catalog(catalog, out_dir, config, seed, cutouts_dir=None, progress=True) -> BatchSummary
    regenerate(sample_id, dataset_dir) -> bytes  (one view's PNG, identical to the file)
    RenderConfig, preset_config(name, **overrides)
"""

from __future__ import annotations

from wildcat.synth.render.asset import Asset, load_asset
from wildcat.synth.render.batch import render_catalog
from wildcat.synth.render.config import PRESETS, RenderConfig, preset_config
from wildcat.synth.render.errors import AssetError, CutoutError, UnsafeAssetError
from wildcat.synth.render.proxies import PROXY_KINDS, ProxyConfig, make_proxy
from wildcat.synth.render.regenerate import regenerate
from wildcat.synth.render.views import View, render_views

__all__ = [
    "Asset",
    "AssetError",
    "CutoutError",
    "PRESETS",
    "PROXY_KINDS",
    "ProxyConfig",
    "RenderConfig",
    "UnsafeAssetError",
    "View",
    "load_asset",
    "make_proxy",
    "preset_config",
    "regenerate",
    "render_catalog",
    "render_views",
]
