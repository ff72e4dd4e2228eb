"""The look of one composite, drawn before any pixel is touched: how pasted
edges are blended, how pasted objects take the scene's colour, and whether
objects cast contact shadows. Pure sampling (an explicit generator in, a
frozen record out); `Composer` and the lineage read it."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import numpy as np

from wildcat.synth.compose.config import ComposeConfig


def choose(rng: np.random.Generator, weights: dict[str, float]) -> str:
    """One key of `weights` with probability proportional to its weight (zero weights never)."""
    keys = sorted(k for k, v in weights.items() if v > 0)
    cum = list(itertools.accumulate(weights[k] for k in keys))  # what np.cumsum gives, without numpy's overhead
    return keys[min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(keys) - 1)]


@dataclass(frozen=True)
class Look:
    blend: str  # edge blend mode (config.BLEND_MODES)
    blend_params: dict[str, float]  # feather / gaussian px, motion length px, motion angle deg
    harmonize: str  # colour harmonisation mode
    harm_params: dict[str, float]  # strength, colour strength, FDA beta
    shadows: bool  # objects cast contact shadows
    shadow_opacity: float  # 0..1


def draw_look(rng: np.random.Generator, cfg: ComposeConfig) -> Look:
    """Every look parameter, in a fixed order (the order is part of the byte-for-byte contract)."""
    b, h = cfg.blend, cfg.harmonize
    blend = choose(rng, b.weights)
    blend_params = {
        "feather": float(rng.uniform(*b.feather_px)),
        "gaussian": float(rng.uniform(*b.gaussian_px)),
        "motion": int(rng.integers(b.motion_px[0], b.motion_px[1] + 1)),
        "angle": float(rng.uniform(0, 180)),
    }
    harmonize = choose(rng, h.weights)
    harm_params = {
        "strength": float(rng.uniform(*h.strength)),
        "color": float(rng.uniform(*h.color_strength)),
        "beta": float(rng.uniform(*h.fda_beta)),
    }
    shadows = bool(rng.random() < cfg.shadow.prob)
    return Look(blend, blend_params, harmonize, harm_params, shadows, float(rng.uniform(*cfg.shadow.opacity)))
