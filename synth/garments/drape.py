"""Unstitched cloth: saree (draped: pleated skirt, blouse, pallu over the
shoulder, contrast border on hem and pallu), dupatta (long, sheer, narrow
border, tassels) and scarf (shorter, fringed, no border)."""

from __future__ import annotations

import numpy as np

from wildcat.synth.garments.canvas import Layers
from wildcat.synth.garments.spec import GarmentSpec

SAREE_WAIST = 0.34


def draw_drape(spec: GarmentSpec, layers: Layers) -> None:
    if spec.shape == "saree":
        _saree(spec, layers)
    else:
        _stole(spec, layers)


def _saree(spec: GarmentSpec, layers: Layers) -> None:
    hem, b = spec.length, spec.border
    # the blouse (choli): short sleeves, ends above the waist
    layers.poly(
        "trim",
        [
            (0.45, 0.08),
            (0.55, 0.08),
            (0.65, 0.11),
            (0.71, 0.2),
            (0.66, 0.23),
            (0.62, 0.18),
            (0.61, 0.27),
            (0.39, 0.27),
            (0.38, 0.18),
            (0.34, 0.23),
            (0.29, 0.2),
            (0.35, 0.11),
        ],
    )
    skirt = [
        (0.5 - spec.width, SAREE_WAIST),
        (0.5 + spec.width, SAREE_WAIST),
        (0.5 + spec.width + 0.07, hem),
        (0.5 - spec.width - 0.07, hem),
    ]
    layers.poly("body", skirt)
    layers.hem_border(b, of=layers.mask("body"))  # the skirt's hem, not the blouse's
    for i in range(7):  # front pleats
        x0, x1 = 0.42 + 0.018 * i, 0.38 + 0.03 * i
        layers.line("shade", [(x0, SAREE_WAIST + 0.04), (x1, hem - 0.01)], 0.004)
    # the pallu: from the right hip up across the chest over the left shoulder, then down the back
    across = np.array([(0.6, SAREE_WAIST + 0.08), (0.7, SAREE_WAIST + 0.02), (0.42, 0.07), (0.31, 0.09)])
    fall = np.array([(0.31, 0.09), (0.42, 0.07), (0.37, 0.72), (0.23, 0.7)])
    layers.poly("pallu", across, fall)
    for edge in ((across[0], across[3]), (across[1], across[2]), (fall[1], fall[2]), (fall[0], fall[3])):
        layers.line("border", edge, b * 0.7)
    layers.line("border", [fall[3], fall[2]], b * 1.4)
    layers.clip_to("border", np.maximum(layers.mask("pallu"), layers.mask("body")))


def _stole(spec: GarmentSpec, layers: Layers) -> None:
    hw, top, bottom = spec.width, 1.0 - spec.length, spec.length
    ys = np.linspace(top, bottom, 24)
    wave = 0.012 * np.sin(ys * 18.0) if spec.shape == "dupatta" else np.zeros_like(ys)
    left = np.stack([0.5 - hw + wave, ys], axis=1)
    right = np.stack([0.5 + hw + wave, ys], axis=1)[::-1]
    layers.poly("body", np.vstack([left, right]))
    if spec.border > 0:
        layers.line("border", left, spec.border * 2)
        layers.line("border", right, spec.border * 2)
        layers.line("border", [(0.5 - hw + wave[-1], bottom), (0.5 + hw + wave[-1], bottom)], spec.border * 2)
        layers.clip_to("border", layers.mask("body"))
    if spec.shape == "dupatta":  # tassels on short strings below the hem
        for x in np.linspace(0.5 - hw + 0.02, 0.5 + hw - 0.02, 6):
            layers.line("detail", [(x + wave[-1], bottom), (x + wave[-1], bottom + 0.025)], 0.004)
            layers.circle("detail", (x + wave[-1], bottom + 0.03), 0.008)
    else:  # fringe at both ends
        for x in np.linspace(0.5 - hw + 0.01, 0.5 + hw - 0.01, 12):
            layers.line("body", [(x, top), (x, top - 0.035)], 0.004)
            layers.line("body", [(x, bottom), (x, bottom + 0.035)], 0.004)
