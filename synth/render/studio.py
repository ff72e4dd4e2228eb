"""Studio lighting for the catalog preset: soft, neutral, from the front.

A key light above-left of the camera, a fill at half its strength from the
right, a weak top light for the rim, all at 6000 K, with a high ambient so
shadows stay light, as in product photography.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.optics import direction, kelvin_to_rgb
from wildcat.synth.render.lights import Lighting, LightParams

STUDIO_KELVIN = 6000.0
STUDIO_AMBIENT = 0.45
# (azimuth relative to the camera, elevation, intensity) of each light
STUDIO_LIGHTS = ((-35.0, 40.0, 2.4), (40.0, 15.0, 1.2), (180.0, 70.0, 0.8))


def studio_lighting(camera_azimuth_deg: float, target: np.ndarray) -> Lighting:
    color = tuple(float(c) for c in kelvin_to_rgb(STUDIO_KELVIN))
    lights = []
    for az, el, intensity in STUDIO_LIGHTS:
        position = np.asarray(target) + 4.0 * direction(camera_azimuth_deg + az, el)
        lights.append(
            LightParams(
                "directional", STUDIO_KELVIN, color, intensity, tuple(map(float, position)), tuple(map(float, target))
            )
        )
    return Lighting(STUDIO_AMBIENT, lights)
