"""Cutout backends by name, and `auto`, which picks one per image and says why."""

from __future__ import annotations

from typing import Any

import numpy as np

from wildcat.segment.alpha import AlphaBackend, has_cutout_alpha
from wildcat.segment.background import fit_background, is_plain_light, to_lab
from wildcat.segment.config import BACKEND_NAMES, SegmentConfig
from wildcat.segment.errors import SegmentError
from wildcat.segment.matte import Backend
from wildcat.segment.whitebg import WhiteBgBackend, downscale

NAMES = BACKEND_NAMES

# Backends built once per process and config (a rembg session is slow to load).
_CACHE: dict[tuple[str, str], Backend] = {}


def create_backend(name: str, config: SegmentConfig) -> Backend:
    """The backend called `name` (not `auto`: use `choose_backend` for that)."""
    key = (name, config.model_dump_json())
    if key not in _CACHE:
        _CACHE[key] = _build(name, config)
    return _CACHE[key]


def _build(name: str, config: SegmentConfig) -> Backend:
    if name == "whitebg":
        return WhiteBgBackend(config.whitebg)
    if name == "alpha":
        return AlphaBackend()
    if name == "rembg":
        from wildcat.segment.rembg_backend import RembgBackend

        return RembgBackend(config.rembg_model, config.model_path)
    if name == "matting":
        from wildcat.segment.own_model import own_model
        from wildcat.segment.rembg_backend import RembgBackend

        backend = RembgBackend("u2net_custom", own_model(config.matting))
        backend.name = "matting"  # wildcat's own model, run through rembg's session
        return backend
    raise SegmentError(None, f"unknown cutout backend '{name}'", f"use one of {', '.join(NAMES)}")


def choose_backend(name: str, image: np.ndarray, config: SegmentConfig) -> tuple[Backend, dict[str, Any]]:
    """The backend to run on `image` and, for `auto`, what it chose and why."""
    if name != "auto":
        return create_backend(name, config), {}
    choice, why = auto_choice(image, config)
    return create_backend(choice, config), {"auto_choice": choice, "auto_reason": why}


def auto_choice(image: np.ndarray, config: SegmentConfig) -> tuple[str, str]:
    """alpha if the image has transparency, else whitebg on a plain light border, else rembg when its model is on
    disk (or named by model_path), else wildcat's own matting model (config.fallback)."""
    if has_cutout_alpha(image):
        return "alpha", "the image has an alpha channel with transparency"
    cfg = config.whitebg
    lab = to_lab(downscale(np.ascontiguousarray(image[..., :3]), cfg.work_size))
    ring = max(1, round(cfg.border_width * min(lab.shape[:2])))
    model = fit_background(lab, ring, inlier_delta=cfg.plain_delta)
    facts = (
        f"{model.border_share:.0%} of the border fits one colour, L*={model.lightness:.0f}, chroma={model.chroma:.0f}"
    )
    if is_plain_light(model, cfg.plain_share, cfg.light_l, cfg.max_chroma):
        return "whitebg", f"plain light border ({facts})"
    if config.fallback == "none" or rembg_on_disk(config):
        return "rembg", f"border not plain and light ({facts})"
    return "matting", f"border not plain and light ({facts}); no rembg model on disk: wildcat's own matting model"


def rembg_on_disk(config: SegmentConfig) -> bool:
    """Whether the rembg backend would find its model file without downloading anything. A model named on purpose
    (--model-path, or another --rembg-model than the default) counts as there: if it is not, the rembg backend's
    own error says which file to put where, instead of a silent fallback."""
    from wildcat.segment.rembg_backend import resolve_model

    if config.model_path is not None or config.rembg_model != SegmentConfig.model_fields["rembg_model"].default:
        return True
    try:
        resolve_model(config.rembg_model, config.model_path)
    except SegmentError:
        return False
    return True


__all__ = ["NAMES", "create_backend", "choose_backend", "auto_choice"]
