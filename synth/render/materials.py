"""Material jitter: base colour, roughness and metallic varied per view within bounds.

The jitter is relative to each material's own values (a red mug stays red, a
metal part stays metal), then clipped to the bounds; where a texture holds the
values, the factors multiply it (glTF semantics).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from pydantic import Field

from wildcat.core.config import Config
from wildcat.synth.render.spans import Span, uniform


class MaterialConfig(Config):
    brightness: Span = Field((0.85, 1.15), description="multiplies the base colour factor (ratio)")
    tint: float = Field(
        0.06, ge=0, le=0.5, description="largest change of each base colour channel, on top of brightness (fraction)"
    )
    roughness_delta: float = Field(0.25, ge=0, le=1, description="largest change of the roughness factor (0-1 units)")
    metallic_delta: float = Field(0.05, ge=0, le=1, description="largest change of the metallic factor (0-1 units)")
    roughness_bounds: Span = Field((0.15, 1.0), description="roughness factor stays within these bounds (0-1)")
    metallic_bounds: Span = Field((0.0, 1.0), description="metallic factor stays within these bounds (0-1)")


@dataclass(frozen=True)
class MaterialJitter:
    """One view's change, applied to every material of the asset."""

    brightness: float
    tint: tuple[float, float, float]
    roughness_delta: float
    metallic_delta: float

    def as_dict(self) -> dict:
        return asdict(self)


NO_JITTER = MaterialJitter(1.0, (0.0, 0.0, 0.0), 0.0, 0.0)


def sample_material_jitter(rng: np.random.Generator, cfg: MaterialConfig) -> MaterialJitter:
    brightness = uniform(rng, cfg.brightness)
    tint = tuple(float(t) for t in rng.uniform(-cfg.tint, cfg.tint, 3))
    dr = uniform(rng, (-cfg.roughness_delta, cfg.roughness_delta))
    dm = uniform(rng, (-cfg.metallic_delta, cfg.metallic_delta))
    return MaterialJitter(brightness, tint, dr, dm)


def jittered(
    base: tuple[np.ndarray, float, float], jitter: MaterialJitter, cfg: MaterialConfig
) -> tuple[np.ndarray, float, float]:
    """(base colour RGBA, roughness, metallic) after `jitter`, within the config's bounds."""
    color, roughness, metallic = base
    rgb = np.clip(color[:3] * jitter.brightness * (1.0 + np.asarray(jitter.tint)), 0.0, 1.0)
    r = float(np.clip(roughness + jitter.roughness_delta, *cfg.roughness_bounds))
    m = float(np.clip(metallic + jitter.metallic_delta, *cfg.metallic_bounds))
    return np.append(rgb, 1.0), r, m
