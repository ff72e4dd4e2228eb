"""Randomised lights: colour temperature, direction and strength for indoor, store and street scenes."""

from __future__ import annotations

import numpy as np

from wildcat.synth.backgrounds.scene import Light
from wildcat.synth.optics import look_at

# Approximate RGB of light sources from warm (2700 K) to cool daylight (7500 K).
TEMPERATURES = np.array([[1.0, 0.78, 0.55], [1.0, 0.87, 0.72], [1.0, 0.95, 0.9], [0.95, 0.97, 1.0], [0.85, 0.9, 1.0]])


def light_color(rng: np.random.Generator, warm: float = 0.0, cool: float = 1.0) -> tuple[float, float, float]:
    """A colour between the warm and cool ends of TEMPERATURES (0 = 2700 K, 1 = 7500 K)."""
    t = rng.uniform(warm, cool) * (len(TEMPERATURES) - 1)
    i = min(int(t), len(TEMPERATURES) - 2)
    c = TEMPERATURES[i] * (1 - (t - i)) + TEMPERATURES[i + 1] * (t - i)
    return tuple(float(v) for v in c)


def _directional(rng, color, intensity, direction) -> Light:
    d = np.asarray(direction, float)
    return Light("directional", color, intensity, look_at(np.zeros(3) - d, np.zeros(3)))


def _point(color, intensity, position) -> Light:
    pose = np.eye(4)
    pose[:3, 3] = position
    return Light("point", color, intensity, pose)


def indoor_lights(
    rng: np.random.Generator, ceiling: float, center, window_dir
) -> tuple[list[Light], tuple[float, float, float]]:
    color = light_color(rng, 0.0, 0.6)
    lamp = _point(
        color, rng.uniform(4, 18), (center[0] + rng.uniform(-1, 1), ceiling - 0.3, center[2] + rng.uniform(-1, 1))
    )
    sun = _directional(
        rng, light_color(rng, 0.5, 1.0), rng.uniform(0.5, 3.0), np.asarray(window_dir) + rng.normal(0, 0.3, 3)
    )
    amb = rng.uniform(0.15, 0.45)
    return [lamp, sun], tuple(float(amb * c) for c in color)


def store_lights(
    rng: np.random.Generator, ceiling: float, extent: float
) -> tuple[list[Light], tuple[float, float, float]]:
    """Bright, diffuse, mostly overhead light of a supermarket."""
    color = light_color(rng, 0.3, 1.0)
    lights = [_directional(rng, color, rng.uniform(1.5, 4.0), (rng.normal(0, 0.3), -1.0, rng.normal(0, 0.3)))]
    for _ in range(int(rng.integers(1, 4))):
        pos = (rng.uniform(-extent, extent), ceiling - 0.2, rng.uniform(-extent, extent / 2))
        lights.append(_point(color, rng.uniform(5, 25), pos))
    amb = rng.uniform(0.35, 0.7)
    return lights, tuple(float(amb * c) for c in color)


def street_lights(rng: np.random.Generator) -> tuple[list[Light], tuple[float, float, float]]:
    """Sun (or overcast sky) plus bluish sky fill."""
    elevation = np.radians(rng.uniform(15, 70))
    azimuth = rng.uniform(0, 2 * np.pi)
    direction = (-np.cos(elevation) * np.cos(azimuth), -np.sin(elevation), -np.cos(elevation) * np.sin(azimuth))
    overcast = rng.random() < 0.35
    sun = _directional(
        rng, light_color(rng, 0.2, 0.8), rng.uniform(1.0, 2.0) if overcast else rng.uniform(2.5, 6.0), direction
    )
    amb = rng.uniform(0.45, 0.75) if overcast else rng.uniform(0.25, 0.5)
    sky = light_color(rng, 0.7, 1.0)
    return [sun], tuple(float(amb * c) for c in sky)
