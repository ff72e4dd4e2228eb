"""Lighting: ambient plus 1-3 directional / point / spot lights, with colour temperatures.

Light 0 is the key light; the others are fills at a fraction of its
intensity. Intensities are given as the irradiance they deliver at the asset
(pyrender units: a white matte surface facing the light renders at about 0.3x
the intensity), so a point light far away is as bright at the asset as a near
one; the candela figure pyrender wants is derived from the distance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
from pydantic import Field, field_validator

from wildcat.core.config import Config
from wildcat.synth.optics import direction, kelvin_to_rgb
from wildcat.synth.render.spans import IntSpan, Span, uniform

LIGHT_KINDS = ("directional", "point", "spot")


class LightConfig(Config):
    ambient: Span = Field((0.15, 0.4), description="ambient light, added as this fraction of the base colour (0-1)")
    count: IntSpan = Field((1, 3), description="number of lights besides the ambient one (lights)")
    kinds: dict[str, float] = Field(
        {"directional": 0.5, "point": 0.25, "spot": 0.25},
        description="relative probability of each light kind (weights)",
    )
    key_intensity: Span = Field(
        (2.5, 4.5),
        description="irradiance of the key light at the asset (pyrender units, ~3 lights a white surface fully)",
    )
    fill_ratio: Span = Field(
        (0.15, 0.5), description="intensity of each other light as a fraction of the key light (ratio)"
    )
    kelvin: Span = Field((3000.0, 7500.0), description="colour temperature of each light (kelvin)")
    azimuth_deg: Span = Field(
        (-110.0, 110.0), description="light direction around the up axis, relative to the camera's azimuth (degrees)"
    )
    elevation_deg: Span = Field((5.0, 75.0), description="light elevation above the asset centre (degrees)")
    distance: Span = Field(
        (2.5, 5.0), description="distance of point and spot lights from the asset centre (scene units)"
    )
    spot_cone_deg: Span = Field((25.0, 50.0), description="outer half-angle of a spot light's cone (degrees)")

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = set(v) - set(LIGHT_KINDS)
        if unknown or not v or sum(v.values()) <= 0 or min(v.values()) < 0:
            raise ValueError(f"kinds must give non-negative weights, not all zero, to some of {LIGHT_KINDS}")
        return v


@dataclass(frozen=True)
class LightParams:
    kind: str
    kelvin: float
    color: tuple[float, float, float]  # linear RGB, max channel 1
    intensity: float  # irradiance at the asset centre (pyrender units)
    position: tuple[float, float, float]  # scene units; directional lights: a point on their direction
    target: tuple[float, float, float]
    cone_deg: float = 0.0  # spot lights only

    @property
    def candela(self) -> float:
        """pyrender's intensity for point/spot lights: irradiance x distance squared."""
        return self.intensity * float(np.sum((np.asarray(self.position) - self.target) ** 2))


@dataclass(frozen=True)
class Lighting:
    ambient: float
    lights: list[LightParams] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def sample_lighting(
    rng: np.random.Generator, cfg: LightConfig, camera_azimuth_deg: float, target: np.ndarray
) -> Lighting:
    """Ambient and lights placed relative to the camera, all aimed at `target`."""
    ambient = uniform(rng, cfg.ambient)
    n = int(rng.integers(cfg.count[0], cfg.count[1] + 1))
    names = list(cfg.kinds)
    weights = np.array([cfg.kinds[k] for k in names], dtype=float)
    key = uniform(rng, cfg.key_intensity)
    lights = []
    for i in range(n):
        kind = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        intensity = key if i == 0 else key * uniform(rng, cfg.fill_ratio)
        kelvin = uniform(rng, cfg.kelvin)
        way = direction(camera_azimuth_deg + uniform(rng, cfg.azimuth_deg), uniform(rng, cfg.elevation_deg))
        position = np.asarray(target) + way * uniform(rng, cfg.distance)
        cone = uniform(rng, cfg.spot_cone_deg) if kind == "spot" else 0.0
        lights.append(LightParams(kind, kelvin, _t(kelvin_to_rgb(kelvin)), intensity, _t(position), _t(target), cone))
    return Lighting(ambient, lights)


def _t(v) -> tuple[float, float, float]:
    return tuple(float(x) for x in v)
