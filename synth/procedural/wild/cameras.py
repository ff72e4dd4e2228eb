"""Camera models of the wild photos: normal, wide-angle with barrel distortion, telephoto,
tilted (top-down or from the ground, dutch angle) and handheld (roll, off-centre).

`sample_camera` draws one; `barrel_maps` and `distort` are the pure lens maths.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import cv2
import numpy as np

from wildcat.synth.optics import direction, look_at

CAMERA_MODELS = ("normal", "wide", "telephoto", "tilted", "handheld")
# model -> (vertical fov deg, fill of the frame by the product's bounding sphere, elevation deg, |roll| deg)
RANGES = {
    "normal": ((40, 55), (0.5, 0.85), (5, 30), (0, 2)),
    "wide": ((70, 90), (0.5, 0.8), (10, 40), (0, 3)),
    "telephoto": ((12, 22), (0.45, 0.8), (0, 20), (0, 2)),
    "tilted": ((40, 60), (0.45, 0.75), (45, 72), (8, 25)),
    "handheld": ((45, 60), (0.4, 0.8), (8, 35), (3, 10)),
}


@dataclass(frozen=True)
class CameraView:
    model: str
    yfov_deg: float
    azimuth_deg: float
    elevation_deg: float
    distance: float  # m, from the look-at point
    target: tuple[float, float, float]
    roll_deg: float
    k1: float = 0.0  # barrel distortion (wide only)
    k2: float = 0.0

    def pose(self) -> np.ndarray:
        eye = np.asarray(self.target) + self.distance * direction(self.azimuth_deg, self.elevation_deg)
        return look_at(eye, np.asarray(self.target), self.roll_deg)

    def lineage(self) -> dict:
        return {
            k: (round(v, 4) if isinstance(v, float) else [round(x, 4) for x in v] if isinstance(v, tuple) else v)
            for k, v in asdict(self).items()
        }


def sample_camera(
    rng: np.random.Generator,
    model: str,
    centre: np.ndarray,
    radius: float,
    azimuth_range: tuple[float, float],
    floor_y: float = 0.0,
) -> CameraView:
    """A camera of `model` aimed near `centre` so the product's bounding sphere (`radius`, m) fills part of the
    frame."""
    fov_r, fill_r, elev_r, roll_r = RANGES[model]
    yfov = rng.uniform(*fov_r)
    fill = rng.uniform(*fill_r)
    elevation = rng.uniform(*elev_r)
    if model == "tilted" and rng.random() < 0.3:  # shot from near the ground instead of from above
        elevation = rng.uniform(-4, 6)
    roll = rng.uniform(*roll_r) * rng.choice([-1, 1])
    distance = radius / np.sin(np.radians(yfov) * fill / 2)
    azimuth = rng.uniform(*azimuth_range)
    # aim off the product's centre: people rarely centre what they photograph
    slack = (1 - fill) * 0.45 * distance * np.tan(np.radians(yfov) / 2)
    target = np.asarray(centre, float) + rng.uniform(-slack, slack, 3) * [1, 0.6, 1]
    eye_y = target[1] + distance * np.sin(np.radians(elevation))
    if eye_y < floor_y + 0.05:  # never below the floor
        elevation = float(np.degrees(np.arcsin(np.clip((floor_y + 0.05 - target[1]) / distance, -1, 1))))
    k1, k2 = (rng.uniform(0.08, 0.25), rng.uniform(0.0, 0.05)) if model == "wide" else (0.0, 0.0)
    return CameraView(
        model,
        float(yfov),
        float(azimuth),
        float(elevation),
        float(distance),
        tuple(float(t) for t in target),
        float(roll),
        float(k1),
        float(k2),
    )


@lru_cache(maxsize=16)
def barrel_maps(size: int, k1: float, k2: float) -> tuple[np.ndarray, np.ndarray]:
    """cv2.remap maps: output pixel -> pixel of the undistorted render, with corners kept on corners.

    A point at normalised radius r (1 at the edge centres) comes from radius
    r (1 + k1 r^2 + k2 r^4) / s, with s the factor at the corners, so the
    centre is magnified and straight lines bow outwards: barrel distortion.
    """
    c = (size - 1) / 2
    yy, xx = np.mgrid[:size, :size].astype(np.float32)
    x, y = (xx - c) / c, (yy - c) / c
    r2 = x * x + y * y
    s = 1 + k1 * 2 + k2 * 4
    f = (1 + k1 * r2 + k2 * r2 * r2) / s
    return (x * f * c + c).astype(np.float32), (y * f * c + c).astype(np.float32)


def distort(image: np.ndarray, k1: float, k2: float, nearest: bool = False) -> np.ndarray:
    """`image` (square) through the barrel maps; `nearest` for masks and depth."""
    if k1 == 0 and k2 == 0:
        return image
    mx, my = barrel_maps(image.shape[0], round(k1, 6), round(k2, 6))
    return cv2.remap(image, mx, my, cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
