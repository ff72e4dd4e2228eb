"""`cut_out`: one image in, an RGBA cutout with its alpha and quality out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wildcat.segment.backends import choose_backend
from wildcat.segment.config import SegmentConfig
from wildcat.segment.quality import TOO_SMALL, Quality, assess, rejected


@dataclass
class Cutout:
    rgba: np.ndarray  # HxWx4 uint8, same size as the input image
    alpha: np.ndarray  # HxW float32 in [0, 1]
    quality: Quality
    backend: str  # the backend that made it (auto's choice, not "auto")
    model: str
    version: str
    info: dict[str, Any] = field(default_factory=dict)  # auto's choice and the backend's own facts

    @property
    def ok(self) -> bool:
        return self.quality.ok

    @property
    def score(self) -> float:
        return self.quality.score

    def cropped(self, margin: float = 0.04) -> np.ndarray:
        """The cutout cropped to its object, with a transparent margin of `margin` x its longest side."""
        return crop_to_object(self.rgba, margin)

    def lineage(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "model": self.model,
            "version": self.version,
            "quality": self.quality.to_dict(),
            **self.info,
        }


def cut_out(image: np.ndarray, backend: str = "auto", config: SegmentConfig | None = None, **opts: Any) -> Cutout:
    """Cut the object out of `image` (uint8 HxWx3 or HxWx4).

    backend: auto | whitebg | rembg | alpha. `opts` override fields of
    `config` (e.g. `model_path=...`, `agree_with="whitebg"`).
    """
    cfg = (config or SegmentConfig()).model_copy(update={"backend": backend, **opts})
    cfg = SegmentConfig.model_validate(cfg.model_dump())  # validate the overrides
    image = _as_uint8(image)
    h, w = image.shape[:2]
    if min(h, w) < cfg.min_side:
        empty = np.zeros((h, w), np.float32)
        return Cutout(
            np.zeros((h, w, 4), np.uint8),
            empty,
            rejected(TOO_SMALL, f"{w}x{h} px, min side {cfg.min_side} px"),
            backend,
            "",
            "",
        )
    chosen, info = choose_backend(cfg.backend, image, cfg)
    matte = chosen(image)
    other = None
    if cfg.agree_with and cfg.agree_with != chosen.name:
        second, _ = choose_backend(cfg.agree_with, image, cfg)
        other = second(image).alpha
        info = {**info, "agree_with": second.name}
    quality = assess(matte.alpha, cfg.quality, other)
    fg = matte.foreground if matte.foreground is not None else image[..., :3]
    rgba = np.dstack([fg, np.clip(matte.alpha * 255 + 0.5, 0, 255).astype(np.uint8)])
    return Cutout(rgba, matte.alpha, quality, chosen.name, chosen.model, chosen.version, {**info, **matte.info})


def crop_to_object(rgba: np.ndarray, margin: float) -> np.ndarray:
    """Crop an RGBA image to where alpha > 0 and pad it with a transparent margin."""
    ys, xs = np.nonzero(rgba[..., 3] > 2)
    if ys.size == 0:
        return rgba
    crop = rgba[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    pad = max(1, round(margin * max(crop.shape[:2])))
    return np.pad(crop, ((pad, pad), (pad, pad), (0, 0)))


def _as_uint8(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    if image.dtype != np.uint8:
        if np.issubdtype(image.dtype, np.floating) and image.max(initial=0) <= 1.0:
            image = image * 255.0
        image = np.clip(image + 0.5 if np.issubdtype(image.dtype, np.floating) else image, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image)
