"""Garments hung from the shoulders: top, tunic, kurti, dress, anarkali (family
"upper") and the long coats, sherwani and frock coat (family "coat").

The cues drawn: length, side slits, neckline (round, V, boat, mandarin collar,
keyhole, placket), sleeves, a waist seam and flare for dresses and anarkalis,
lapels and buttons for coats.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.garments.canvas import Layers, bezier, mirror
from wildcat.synth.garments.spec import GarmentSpec

NECK_Y = 0.08  # top of the garment at the neck
SHOULDER_Y = 0.1
ARMPIT_Y = 0.24
WAIST_Y = {"dress": 0.36, "anarkali": 0.30, "frock_coat": 0.44}  # garments with a waist seam
NECK_HALF = 0.055
SLEEVES = {"short": (0.10, 52.0), "three_quarter": (0.24, 28.0), "long": (0.34, 22.0)}  # length, angle from vertical


def hem_half_width(spec: GarmentSpec) -> float:
    base = spec.width * (0.86 if spec.shape in WAIST_Y else 1.0)
    return base * spec.flare


def left_outline(spec: GarmentSpec) -> np.ndarray:
    """The left side from the neck to the hem centre; the right side is its mirror image."""
    cw, hw, hem = spec.width, hem_half_width(spec), spec.length
    sleeveless = spec.sleeve == "none"
    sw = cw - 0.025 if sleeveless else cw + 0.02
    pts = [(0.5 - NECK_HALF, NECK_Y), (0.5 - sw, SHOULDER_Y + 0.01)]
    if sleeveless:  # the armhole curves in below the strap
        pts += list(bezier((0.5 - sw, SHOULDER_Y + 0.01), (0.5 - sw + 0.01, ARMPIT_Y - 0.03), (0.5 - cw, ARMPIT_Y), 8))
    else:
        pts.append((0.5 - cw, ARMPIT_Y))
    waist = WAIST_Y.get(spec.shape)
    if waist is not None:
        ww = cw * 0.86
        pts.append((0.5 - ww, waist))
        bulge = (0.5 - (ww + hw) / 2 - 0.04 * (spec.flare - 1), (waist + hem) / 2)
        pts += list(bezier((0.5 - ww, waist), bulge, (0.5 - hw, hem), 12))[1:]
    else:
        pts.append((0.5 - hw, hem))
    pts.append((0.5, hem + 0.012 * spec.flare))  # hems dip a little in the middle
    return np.asarray(pts)


def sleeve_polygon(spec: GarmentSpec, side: int = -1) -> np.ndarray | None:
    """The sleeve on `side` (-1 left, +1 right) as a quad, or None when sleeveless."""
    if spec.sleeve not in SLEEVES:
        return None
    length, angle = SLEEVES[spec.sleeve]
    d = np.array([side * np.sin(np.radians(angle)), np.cos(np.radians(angle))])
    shoulder = np.array([0.5 + side * (spec.width + 0.02), SHOULDER_Y + 0.01])
    armpit = np.array([0.5 + side * spec.width, ARMPIT_Y])
    inner = max(length - 0.075, 0.02)
    return np.array([shoulder, shoulder + d * length, armpit + d * inner, armpit])


def hand_points(spec: GarmentSpec) -> list[tuple[float, float]]:
    """Where hands come out of the sleeves (or hang beside a sleeveless body)."""
    out = []
    for side in (-1, 1):
        quad = sleeve_polygon(spec, side)
        if quad is None:
            out.append((0.5 + side * (spec.width + 0.04), 0.52))
        else:
            cuff = (quad[1] + quad[2]) / 2
            d = (quad[1] - quad[0]) / np.linalg.norm(quad[1] - quad[0])
            tip = cuff + d * max(0.0, 0.37 - np.linalg.norm(quad[1] - quad[0]))
            out.append((float(tip[0]), float(tip[1])))
    return out


def draw_upper(spec: GarmentSpec, layers: Layers) -> None:
    left = left_outline(spec)
    body = np.vstack([left, mirror(left)[1:]])
    layers.poly("body", body)
    for side in (-1, 1):
        quad = sleeve_polygon(spec, side)
        if quad is not None:
            layers.poly("body", quad)
            if spec.border > 0 or spec.shape in ("sherwani",):
                layers.line("trim" if spec.shape == "sherwani" else "border", [quad[1], quad[2]], 0.02)
    _neckline(spec, layers)
    if spec.border > 0:
        layers.hem_border(spec.border)
    if spec.slit > 0:
        _slits(spec, layers)
    waist = WAIST_Y.get(spec.shape)
    if waist is not None:
        ww, hw = spec.width * 0.86, hem_half_width(spec)
        layers.line("shade", [(0.5 - ww, waist), (0.5 + ww, waist)], 0.006)
        panels = {"anarkali": 12, "dress": 4}.get(spec.shape, 1)
        for i in range(1, panels):
            t = i / panels
            layers.line(
                "shade", [(0.5 - ww + 2 * ww * t, waist + 0.01), (0.5 - hw + 2 * hw * t, spec.length - 0.01)], 0.004
            )
    if spec.shape in ("sherwani", "frock_coat"):
        _coat_front(spec, layers)


def _neckline(spec: GarmentSpec, layers: Layers) -> None:
    kind, c = spec.neckline, (0.5, NECK_Y)
    if kind == "round":
        layers.ellipse("cut", c, (NECK_HALF, 0.05))
    elif kind == "v":
        layers.poly("cut", [(0.5 - NECK_HALF, NECK_Y - 0.01), (0.5 + NECK_HALF, NECK_Y - 0.01), (0.5, 0.2)])
    elif kind == "boat":
        layers.ellipse("cut", c, (NECK_HALF + 0.035, 0.025))
    elif kind == "mandarin":  # a stand collar closing at the front
        layers.ellipse("cut", c, (NECK_HALF * 0.85, 0.02))
        layers.poly(
            "trim",
            [
                (0.5 - NECK_HALF, NECK_Y - 0.022),
                (0.5 + NECK_HALF, NECK_Y - 0.022),
                (0.5 + NECK_HALF, NECK_Y + 0.012),
                (0.5 - NECK_HALF, NECK_Y + 0.012),
            ],
        )
        layers.line("cut", [(0.5, NECK_Y - 0.022), (0.5, NECK_Y + 0.012)], 0.004)
    elif kind == "keyhole":
        layers.ellipse("cut", c, (NECK_HALF * 0.8, 0.035))
        layers.poly("cut", [(0.492, NECK_Y), (0.508, NECK_Y), (0.5, NECK_Y + 0.11)])
        layers.line(
            "trim",
            [(0.5 - NECK_HALF * 0.8, NECK_Y + 0.004), (0.5, NECK_Y + 0.115), (0.5 + NECK_HALF * 0.8, NECK_Y + 0.004)],
            0.01,
        )
    elif kind == "round_placket":
        layers.ellipse("cut", c, (NECK_HALF * 0.9, 0.04))
        layers.poly("trim", [(0.486, NECK_Y + 0.035), (0.514, NECK_Y + 0.035), (0.514, 0.24), (0.486, 0.24)])
        for y in (0.15, 0.19, 0.23):
            layers.circle("detail", (0.5, y - 0.02), 0.006)


def _slits(spec: GarmentSpec, layers: Layers) -> None:
    """Side slits: a wedge cut up from the hem, leaving the back panel's edge outside it."""
    hw, hem = hem_half_width(spec), spec.length
    top = hem - spec.slit
    t = (top - ARMPIT_Y) / max(hem - ARMPIT_Y, 1e-6)
    side_top = spec.width + (hw - spec.width) * t
    for s in (-1, 1):
        wedge = [
            (0.5 + s * (side_top - 0.012), top),
            (0.5 + s * (hw - 0.012), hem + 0.02),
            (0.5 + s * (hw - 0.04), hem + 0.02),
        ]
        layers.poly("cut", wedge)


def _coat_front(spec: GarmentSpec, layers: Layers) -> None:
    if spec.shape == "sherwani":  # closed to the collar: a placket with one line of buttons
        layers.poly(
            "trim", [(0.488, NECK_Y + 0.012), (0.512, NECK_Y + 0.012), (0.512, spec.length), (0.488, spec.length)]
        )
        for y in np.arange(0.12, 0.5, 0.055):
            layers.circle("detail", (0.5, float(y)), 0.008)
        return
    # frock coat: lapels over a shirt, double-breasted buttons, a waist seam with pocket flaps
    shirt = [(0.5 - NECK_HALF, NECK_Y - 0.005), (0.5 + NECK_HALF, NECK_Y - 0.005), (0.5, 0.3)]
    layers.poly("body", shirt, value=0)  # the coat is open there: the shirt shows
    layers.poly("under", shirt)
    layers.line("detail", [(0.5, NECK_Y + 0.02), (0.5, 0.26)], 0.014)  # a tie
    for s in (-1, 1):
        layers.poly(
            "trim",
            [
                (0.5 + s * NECK_HALF, NECK_Y - 0.005),
                (0.5 + s * (NECK_HALF + 0.05), 0.16),
                (0.5, 0.3),
                (0.5 + s * 0.02, 0.3),
            ],
        )
        for y in (0.33, 0.38, 0.43):
            layers.circle("detail", (0.5 + s * 0.04, y), 0.008)
    layers.line("shade", [(0.5 - 0.12, 0.47), (0.5 - 0.05, 0.47)], 0.006)
    layers.line("shade", [(0.5 + 0.05, 0.47), (0.5 + 0.12, 0.47)], 0.006)
