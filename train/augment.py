"""Batched augmentation on the training device: random resized crop, flip and
colour jitter for a whole uint8 batch in a few tensor ops.

`sample_params` draws every random number from a numpy Generator (so step s
of a run is reproducible anywhere); `apply` is deterministic given them. One
`grid_sample` does crop, flip and resize together, which is far cheaper on 2
CPU cores than per-image PIL transforms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from wildcat.train.config import AugmentConfig


@dataclass
class AugmentParams:
    """Per image: crop centre (cx, cy) and half-size (w, h) in [-1, 1] image coordinates,
    flip sign, brightness/contrast/saturation factors, and the colour cast: log-gain of
    red against blue (`cast`, 0 = none)."""

    cx: np.ndarray
    cy: np.ndarray
    w: np.ndarray
    h: np.ndarray
    flip: np.ndarray
    brightness: np.ndarray
    contrast: np.ndarray
    saturation: np.ndarray
    cast: np.ndarray

    @classmethod
    def identity(cls, n: int) -> AugmentParams:
        zeros, ones = np.zeros(n), np.ones(n)
        return cls(
            zeros, zeros.copy(), ones, ones.copy(), ones.copy(), ones.copy(), ones.copy(), ones.copy(), zeros.copy()
        )


def sample_params(rng: np.random.Generator, active: np.ndarray, cfg: AugmentConfig) -> AugmentParams:
    """Parameters for a batch; images where `active` is False keep the identity."""
    n = len(active)
    p = AugmentParams.identity(n)
    area = rng.uniform(cfg.crop_scale_min, 1.0, n)
    log_ratio = rng.uniform(np.log(cfg.crop_ratio[0]), np.log(cfg.crop_ratio[1]), n)
    ratio = np.exp(log_ratio)
    w = np.minimum(np.sqrt(area * ratio), 1.0)
    h = np.minimum(np.sqrt(area / ratio), 1.0)
    cx = rng.uniform(-1.0, 1.0, n) * (1.0 - w)
    cy = rng.uniform(-1.0, 1.0, n) * (1.0 - h)
    flip = np.where(rng.random(n) < 0.5, -1.0, 1.0) if cfg.flip else np.ones(n)
    jitter = [rng.uniform(1.0 - a, 1.0 + a, n) for a in (cfg.brightness, cfg.contrast, cfg.saturation)]
    for name, value in zip(
        ("cx", "cy", "w", "h", "flip", "brightness", "contrast", "saturation"),
        (cx, cy, w, h, flip, *jitter),
        strict=False,
    ):
        getattr(p, name)[active] = value[active]
    if cfg.white_balance > 0:  # drawn last, so runs without it keep every other draw
        p.cast[active] = rng.uniform(-cfg.white_balance, cfg.white_balance, n)[active]
    return p


def apply(batch: torch.Tensor, params: AugmentParams, out_size: int) -> torch.Tensor:
    """[N, S, S, 3] uint8 -> [N, 3, out, out] float in [0, 1], augmented."""
    x = batch.permute(0, 3, 1, 2).float().div_(255.0)
    x = crop_resize(x, params, out_size)
    return color_jitter(x, params)


def crop_resize(x: torch.Tensor, p: AugmentParams, out_size: int) -> torch.Tensor:
    """Crop each image to its box, flip it, resize to out_size (bilinear), in one grid_sample."""
    n = x.shape[0]
    theta = np.zeros((n, 2, 3), dtype=np.float32)
    theta[:, 0, 0] = p.w * p.flip
    theta[:, 0, 2] = p.cx
    theta[:, 1, 1] = p.h
    theta[:, 1, 2] = p.cy
    theta_t = torch.from_numpy(theta).to(x.device)
    grid = F.affine_grid(theta_t, [n, 3, out_size, out_size], align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def color_jitter(x: torch.Tensor, p: AugmentParams) -> torch.Tensor:
    """Colour cast, brightness, then contrast (around the image's mean grey), then saturation
    (around each pixel's grey), as in torchvision's ColorJitter with a fixed order."""

    def per_image(v: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(v.astype(np.float32)).to(x.device).view(-1, 1, 1, 1)

    if p.cast.any():  # off: no work, the same bytes
        x = white_balance(x, per_image(p.cast))
    x = x * per_image(p.brightness)
    grey = _grey(x)
    x = (x - grey.mean(dim=(2, 3), keepdim=True)) * per_image(p.contrast) + grey.mean(dim=(2, 3), keepdim=True)
    grey = _grey(x)
    x = (x - grey) * per_image(p.saturation) + grey
    return x.clamp_(0.0, 1.0)


def white_balance(x: torch.Tensor, cast: torch.Tensor) -> torch.Tensor:
    """A camera's white-balance error: red times exp(cast), blue times exp(-cast), green kept
    (cast > 0 warm, as under store and home lights; < 0 cool, as in shade). Moves the mean
    colour of a batch, which the first batch-norm layer otherwise takes as fixed."""
    gains = torch.cat([cast.exp(), torch.ones_like(cast), (-cast).exp()], dim=1)
    return x * gains


def _grey(x: torch.Tensor) -> torch.Tensor:
    return 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]
