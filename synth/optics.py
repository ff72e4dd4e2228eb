"""Pure maths of cameras and light that every generator shares: camera and
light poses, directions on a sphere, and the colour of a black body.

The wild-query generator (synth/procedural/wild) shares only this maths with
the training generators; it keeps its own samplers and its own photo pipeline
on purpose, so that test photos do not come from the training generator.
"""

from __future__ import annotations

import numpy as np

UP = np.array([0.0, 1.0, 0.0])
#: the up vector for a view within about 2.6 degrees of vertical, where UP no longer fixes the camera's roll
_UP_WHEN_VERTICAL = np.array([0.0, 0.0, -1.0])


def direction(azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """Unit vector from a target towards a viewer (or light) at this azimuth (0 = +Z, 90 = +X) and elevation."""
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    return np.array([np.cos(el) * np.sin(az), np.sin(el), np.cos(el) * np.cos(az)])


def look_at(eye, target, roll_deg: float = 0.0) -> np.ndarray:
    """4x4 camera-to-world pose of an OpenGL camera (or spot/directional light) at `eye` whose -Z axis
    points at `target`, with +Y as near world up as it can be, turned by `roll_deg` about the view axis."""
    eye = np.asarray(eye, dtype=float)
    back = _unit(eye - np.asarray(target, dtype=float))
    up = UP if abs(back[1]) < 0.999 else _UP_WHEN_VERTICAL
    right = _unit(_cross(up, back))
    true_up = _cross(back, right)
    c, s = np.cos(np.radians(roll_deg)), np.sin(np.radians(roll_deg))
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = c * right + s * true_up, c * true_up - s * right, back, eye
    return pose


def kelvin_to_rgb(kelvin: float) -> np.ndarray:
    """Colour of a black body at `kelvin` as RGB (3,) with the brightest channel at 1.

    Tanner Helland's fit to the CIE 1964 10-degree colour-matching data, valid
    1000-40000 K; 6600 K comes out white.
    """
    t = float(np.clip(kelvin, 1000.0, 40000.0)) / 100.0
    if t <= 66:
        r = 255.0
        g = 99.4708025861 * np.log(t) - 161.1195681661
        b = 0.0 if t <= 19 else 138.5177312231 * np.log(t - 10) - 305.0447927307
    else:
        r = 329.698727446 * (t - 60) ** -0.1332047592
        g = 288.1221695283 * (t - 60) ** -0.0755148492
        b = 255.0
    rgb = np.clip([r, g, b], 0.0, 255.0) / 255.0
    return rgb / rgb.max()


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # np.cross costs ~20x more than this on 3-vectors, and a view calls it a dozen times.
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.sqrt(v @ v)
