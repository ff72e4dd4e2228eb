"""Garments from the waist: skirts (skirt, maxi skirt, lehenga, lungi, sarong;
family "skirt") and legged garments (trousers, salwar, dhoti; family "legged").

Cues: length and flare, a wide embroidered border on lehengas, a straight
checked tube for lungis, a side knot and uneven hem for sarongs, a ballooning
leg gathered into an ankle cuff for salwars, front pleats and a contrast
border for dhotis.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.garments.canvas import Layers, bezier, mirror
from wildcat.synth.garments.spec import GarmentSpec

WAIST_Y = 0.1


def draw_skirt(spec: GarmentSpec, layers: Layers) -> None:
    ww, hem = spec.width, spec.length
    hw = ww * spec.flare
    bulge = (0.5 - (ww + hw) / 2 - 0.015 * spec.flare, (WAIST_Y + hem) / 2)
    side = bezier((0.5 - ww, WAIST_Y), bulge, (0.5 - hw, hem), 14)
    left = np.vstack([side, [(0.5, hem + 0.01 * spec.flare)]])
    if spec.shape == "sarong":
        _sarong(spec, layers, side)
    else:
        layers.poly("body", np.vstack([left, mirror(left)[1:]]))
    if spec.shape == "lungi":  # the tucked, rolled waist and the overlap of the tube
        layers.poly(
            "shade",
            [(0.5 - ww, WAIST_Y), (0.5 + ww, WAIST_Y), (0.5 + ww, WAIST_Y + 0.03), (0.5 - ww, WAIST_Y + 0.03)],
            value=120,
        )
        layers.line("shade", [(0.5 + ww * 0.35, WAIST_Y + 0.03), (0.5 + hw * 0.35, hem)], 0.005)
    else:
        layers.poly(
            "trim",
            [
                (0.5 - ww, WAIST_Y - 0.02),
                (0.5 + ww, WAIST_Y - 0.02),
                (0.5 + ww, WAIST_Y + 0.015),
                (0.5 - ww, WAIST_Y + 0.015),
            ],
        )
    if spec.border > 0:
        layers.hem_border(spec.border)
    pleats = {"lehenga": 14, "maxi_skirt": 6, "skirt": 4}.get(spec.shape, 0)
    for i in range(1, pleats):
        t = i / pleats
        layers.line("shade", [(0.5 - ww + 2 * ww * t, WAIST_Y + 0.02), (0.5 - hw + 2 * hw * t, hem - 0.01)], 0.004)
    for tier in range(spec.variant if spec.shape == "maxi_skirt" else 0):
        y = WAIST_Y + (hem - WAIST_Y) * (tier + 1) / (spec.variant + 1)
        w = ww + (hw - ww) * (y - WAIST_Y) / (hem - WAIST_Y) + 0.01
        layers.line("shade", [(0.5 - w, y), (0.5 + w, y)], 0.006)


def _sarong(spec: GarmentSpec, layers: Layers, side: np.ndarray) -> None:
    """A wrap: hem dropping from right to left, an open front edge, a knot at the left hip."""
    ww, hem = spec.width, spec.length
    right = mirror(side)  # from the right hem up to the waist
    right[0, 1] -= 0.12  # the right-hand hem is shorter: the wrap is tied at an angle
    layers.poly("body", np.vstack([side, [(0.58, hem - 0.06)], right]))
    layers.poly("cut", [(0.6, 0.42), (0.56, hem + 0.02), (0.66, hem + 0.02)])
    knot = (0.5 - ww + 0.02, WAIST_Y + 0.02)
    layers.ellipse("body", knot, (0.035, 0.03))
    layers.poly(
        "body",
        [
            (knot[0] - 0.02, knot[1]),
            (knot[0] + 0.01, knot[1]),
            (knot[0] - 0.03, knot[1] + 0.2),
            (knot[0] - 0.07, knot[1] + 0.18),
        ],
    )
    layers.line("shade", [knot, (0.6, 0.42)], 0.005)


def draw_legged(spec: GarmentSpec, layers: Layers) -> None:
    if spec.shape == "salwar":
        _salwar(spec, layers)
    elif spec.shape == "dhoti":
        _dhoti(spec, layers)
    else:
        _trousers(spec, layers)


def _leg_pair(layers: Layers, part: str, left_leg: np.ndarray) -> None:
    layers.poly(part, left_leg, mirror(left_leg))


def _waistband(layers: Layers, ww: float, part: str = "trim") -> None:
    layers.poly(
        part,
        [
            (0.5 - ww, WAIST_Y - 0.025),
            (0.5 + ww, WAIST_Y - 0.025),
            (0.5 + ww, WAIST_Y + 0.01),
            (0.5 - ww, WAIST_Y + 0.01),
        ],
    )


def _trousers(spec: GarmentSpec, layers: Layers) -> None:
    ww, hem = spec.width, spec.length
    legw = 0.11 * spec.flare
    leg = np.array(
        [
            (0.5, WAIST_Y),
            (0.5 - ww, WAIST_Y),
            (0.5 - ww - 0.012, 0.24),
            (0.5 - 0.018 - legw, hem),
            (0.5 - 0.018, hem),
            (0.5, 0.34),
        ]
    )
    _leg_pair(layers, "body", leg)
    _waistband(layers, ww)
    layers.line("shade", [(0.5, WAIST_Y + 0.01), (0.5, 0.3)], 0.004)  # fly
    for s in (-1, 1):
        x_top, x_hem = 0.5 + s * ww * 0.55, 0.5 + s * (0.018 + legw / 2)
        layers.line("shade", [(x_top, 0.2), (x_hem, hem - 0.01)], 0.003)  # crease
        layers.line("shade", [(0.5 + s * ww * 0.9, WAIST_Y + 0.02), (0.5 + s * ww * 0.45, 0.17)], 0.004)  # pocket


def _salwar(spec: GarmentSpec, layers: Layers) -> None:
    ww, hem = spec.width, spec.length
    cuff_w = 0.05
    outer = bezier((0.5 - ww, WAIST_Y), (0.5 - ww * spec.flare, 0.55), (0.5 - 0.02 - cuff_w, hem - 0.04), 16)
    inner = bezier((0.5 - 0.02, hem - 0.04), (0.5 - 0.02, 0.6), (0.5, 0.46), 12)
    _leg_pair(layers, "body", np.vstack([[(0.5, WAIST_Y)], outer, inner]))
    for s in (-1, 1):  # ankle cuffs
        x0, x1 = sorted((0.5 + s * 0.02, 0.5 + s * (0.02 + cuff_w)))
        layers.poly("trim", [(x0, hem - 0.045), (x1, hem - 0.045), (x1, hem), (x0, hem)])
        for i in range(5):  # gathers at the waist
            x = 0.5 + s * ww * (0.15 + 0.17 * i)
            layers.line("shade", [(x, WAIST_Y + 0.015), (x + s * 0.03, 0.3)], 0.004)
        layers.line(
            "shade",
            [(0.5 + s * (0.02 + cuff_w * 0.5), hem - 0.15), (0.5 + s * (0.02 + cuff_w * 0.5), hem - 0.05)],
            0.004,
        )
    _waistband(layers, ww * 0.8)
    layers.line("detail", [(0.5, WAIST_Y), (0.49, WAIST_Y + 0.09)], 0.004)  # drawstring
    layers.line("detail", [(0.505, WAIST_Y), (0.515, WAIST_Y + 0.08)], 0.004)


def _dhoti(spec: GarmentSpec, layers: Layers) -> None:
    ww, hem = spec.width, spec.length
    leg = np.array(
        [
            (0.5, WAIST_Y),
            (0.5 - ww, WAIST_Y),
            (0.5 - ww - 0.03, 0.4),
            (0.5 - 0.16, hem),
            (0.5 - 0.03, hem - 0.02),
            (0.5, 0.56),
        ]
    )
    _leg_pair(layers, "body", leg)
    fan = np.array([(0.47, WAIST_Y + 0.02), (0.53, WAIST_Y + 0.02), (0.57, hem - 0.03), (0.43, hem - 0.01)])
    layers.poly("body", fan)  # the pleats hanging in front, between the legs
    b = spec.border
    layers.poly(
        "border", [(0.47, WAIST_Y + 0.02), (0.47 + b * 0.6, WAIST_Y + 0.02), (0.43 + b, hem - 0.01), (0.43, hem - 0.01)]
    )
    for i in range(1, 6):
        t = i / 6
        layers.line("shade", [(0.47 + 0.06 * t, WAIST_Y + 0.03), (0.43 + 0.14 * t, hem - 0.03)], 0.004)
    layers.hem_border(b)
    _waistband(layers, ww, part="body")
    layers.line("shade", [(0.5 - ww, WAIST_Y + 0.012), (0.5 + ww, WAIST_Y + 0.012)], 0.005)
    layers.ellipse("shade", (0.5, WAIST_Y + 0.01), (0.025, 0.015), value=160)
