"""Camera on a sphere shell around the asset: config, sampler, and the pose maths.

Angles follow the render frame: azimuth 0 looks at the asset's front (the
camera sits on +Z), 90 degrees puts it on +X; elevation 0 is level with the
look-at point, 90 straight above.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from pydantic import Field

from wildcat.core.config import Config
from wildcat.synth.optics import direction, look_at
from wildcat.synth.render.spans import Span, uniform


class CameraConfig(Config):
    azimuth_deg: Span = Field(
        (-180.0, 180.0), description="camera azimuth around the up axis, 0 = in front of the asset (degrees)"
    )
    elevation_deg: Span = Field((-5.0, 45.0), description="camera elevation above the look-at point (degrees)")
    fov_deg: Span = Field((30.0, 50.0), description="vertical field of view (degrees)")
    distance_scale: Span = Field(
        (1.05, 1.5),
        description="distance as a multiple of the distance at which the asset's unit bounding sphere just fills the "
        "frame height (ratio)",
    )
    look_at_jitter: float = Field(
        0.08,
        ge=0,
        description="largest offset of the look-at point from the asset centre, per axis (scene units; the asset fits "
        "a unit sphere)",
    )
    roll_deg: Span = Field((-8.0, 8.0), description="rotation of the camera about its viewing axis (degrees)")


@dataclass(frozen=True)
class CameraParams:
    """One camera, everything needed to reproduce it."""

    azimuth_deg: float
    elevation_deg: float
    fov_deg: float
    distance: float  # scene units, from the look-at point
    target: tuple[float, float, float]  # look-at point (scene units)
    roll_deg: float

    def eye(self) -> np.ndarray:
        return np.asarray(self.target) + self.distance * direction(self.azimuth_deg, self.elevation_deg)

    def pose(self) -> np.ndarray:
        """4x4 camera-to-world transform (OpenGL camera: looks down its -Z, +Y up)."""
        return look_at(self.eye(), np.asarray(self.target), self.roll_deg)

    def as_dict(self) -> dict:
        return asdict(self) | {"pose": self.pose().round(6).tolist()}


def sample_camera(rng: np.random.Generator, cfg: CameraConfig, centre: np.ndarray) -> CameraParams:
    """A camera looking at `centre` (the asset's bounding-box centre) with the config's ranges."""
    azimuth = uniform(rng, cfg.azimuth_deg)
    elevation = uniform(rng, cfg.elevation_deg)
    fov = uniform(rng, cfg.fov_deg)
    distance = fit_distance(fov) * uniform(rng, cfg.distance_scale)
    target = np.asarray(centre, dtype=float) + rng.uniform(-cfg.look_at_jitter, cfg.look_at_jitter, 3)
    roll = uniform(rng, cfg.roll_deg)
    return CameraParams(azimuth, elevation, fov, distance, tuple(float(t) for t in target), roll)


def fit_distance(fov_deg: float, radius: float = 1.0) -> float:
    """Distance at which a sphere of `radius` just fills a vertical field of view of `fov_deg`."""
    return radius / np.sin(np.radians(fov_deg) / 2)
