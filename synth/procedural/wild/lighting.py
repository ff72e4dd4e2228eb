"""Lighting setups of the wild photos: daylight, overcast, warm lamps, store strip lights,
spot-lit displays, low light and night streets, each with colour temperatures.

Only direct sun casts shadow maps (pyrender's directional shadows work under
Mesa EGL but cost a 2048^2 depth pass); diffuse setups (overcast, strip
lights, lamps) rely on the baked contact shadows under each object, which is
what their soft shadows look like anyway.

Irradiance figures are in pyrender units (about 3 lights a white surface
fully); point and spot intensities are derived from the distance so a setup
delivers the same irradiance at the product wherever the lamp stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wildcat.synth.optics import direction, kelvin_to_rgb, look_at

SETUPS = ("daylight", "overcast", "warm lamps", "strip lights", "spot display", "low light", "night street")
# environment -> weights over SETUPS
WEIGHTS = {
    "room": (0.25, 0.05, 0.35, 0.1, 0.1, 0.15, 0.0),
    "store": (0.0, 0.0, 0.1, 0.55, 0.25, 0.1, 0.0),
    "street": (0.4, 0.3, 0.0, 0.0, 0.0, 0.1, 0.2),
}


@dataclass
class Lamp:
    kind: str  # directional, point, spot
    kelvin: float
    irradiance: float  # at the product (pyrender units)
    azimuth_deg: float
    elevation_deg: float
    distance: float = 0.0  # m from the product (point, spot)
    cone_deg: float = 0.0  # spot outer cone half-angle


@dataclass
class Lighting:
    setup: str
    ambient: tuple[float, float, float]
    lamps: list[Lamp] = field(default_factory=list)
    shadows: bool = False  # directional lights cast shadow maps

    def lineage(self) -> dict:
        return {
            "setup": self.setup,
            "ambient": [round(a, 4) for a in self.ambient],
            "shadows": self.shadows,
            "lamps": [
                {k: (round(v, 3) if isinstance(v, float) else v) for k, v in vars(lamp).items()} for lamp in self.lamps
            ],
        }


def sample_lighting(rng: np.random.Generator, environment: str, camera_azimuth: float) -> Lighting:
    setup = SETUPS[int(rng.choice(len(SETUPS), p=np.asarray(WEIGHTS[environment]) / sum(WEIGHTS[environment])))]
    side = lambda: camera_azimuth + rng.uniform(-120, 120)  # noqa: E731 - lights stay mostly on the camera's half
    if setup == "daylight":
        k = rng.uniform(5000, 6500)
        return Lighting(
            setup,
            _tint(rng.uniform(0.3, 0.45), 9000),
            [Lamp("directional", k, rng.uniform(3.0, 4.5), side(), rng.uniform(25, 65))],
            True,
        )
    if setup == "overcast":
        return Lighting(
            setup,
            _tint(rng.uniform(0.55, 0.75), 7000),
            [Lamp("directional", rng.uniform(6500, 7500), rng.uniform(0.8, 1.5), side(), rng.uniform(55, 85))],
            False,
        )
    if setup == "warm lamps":
        lamps = [
            Lamp(
                "point",
                rng.uniform(2600, 3300),
                rng.uniform(1.5, 3.0) / (i + 1),
                side(),
                rng.uniform(25, 60),
                rng.uniform(1.2, 2.5),
            )
            for i in range(int(rng.integers(1, 4)))
        ]
        return Lighting(setup, _tint(rng.uniform(0.12, 0.25), 3000), lamps, False)
    if setup == "strip lights":
        lamps = [
            Lamp(
                "point",
                rng.uniform(4000, 6000),
                rng.uniform(1.0, 1.8),
                side(),
                rng.uniform(50, 80),
                rng.uniform(1.5, 2.5),
            )
            for _ in range(int(rng.integers(2, 4)))
        ]
        return Lighting(
            setup, _tint(rng.uniform(0.3, 0.45), 5000), lamps + [Lamp("directional", 5000, 0.6, side(), 80)], False
        )
    if setup == "spot display":
        lamps = [
            Lamp(
                "spot",
                rng.uniform(2900, 4000),
                rng.uniform(3.0, 5.0),
                side(),
                rng.uniform(35, 70),
                rng.uniform(1.0, 2.0),
                rng.uniform(18, 35),
            )
            for _ in range(int(rng.integers(1, 3)))
        ]
        return Lighting(setup, _tint(rng.uniform(0.08, 0.18), 4000), lamps, False)
    if setup == "low light":
        return Lighting(
            setup,
            _tint(rng.uniform(0.03, 0.08), 2800),
            [
                Lamp(
                    "point",
                    rng.uniform(2300, 3000),
                    rng.uniform(0.5, 1.0),
                    side(),
                    rng.uniform(10, 50),
                    rng.uniform(1.0, 2.5),
                )
            ],
            False,
        )
    lamps = [
        Lamp(
            "point",
            float(rng.choice([rng.uniform(2000, 2600), rng.uniform(4500, 6000)])),
            rng.uniform(1.2, 2.5),
            side(),
            rng.uniform(40, 70),
            rng.uniform(3.0, 5.0),
        )
    ]
    return Lighting(setup, _tint(rng.uniform(0.04, 0.1), 12000), lamps, False)


def _tint(level: float, kelvin: float) -> tuple[float, float, float]:
    return tuple(float(x) for x in level * kelvin_to_rgb(kelvin))


def pyrender_lights(lighting: Lighting, centre: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """(pyrender light, pose) for each lamp, aimed at `centre`."""
    import pyrender

    out = []
    for lamp in lighting.lamps:
        colour = kelvin_to_rgb(lamp.kelvin)
        src = centre + max(lamp.distance, 1.0) * direction(lamp.azimuth_deg, lamp.elevation_deg)
        pose = look_at(src, centre)
        if lamp.kind == "directional":
            light = pyrender.DirectionalLight(color=colour, intensity=lamp.irradiance)
        elif lamp.kind == "point":
            light = pyrender.PointLight(color=colour, intensity=lamp.irradiance * lamp.distance**2)
        else:
            cone = np.radians(lamp.cone_deg)
            light = pyrender.SpotLight(
                color=colour,
                intensity=lamp.irradiance * lamp.distance**2,
                innerConeAngle=cone * 0.6,
                outerConeAngle=cone,
            )
        out.append((light, pose))
    return out
