"""Small accessories shown on their own: bangles (a stack of rings), bindis
(a card of dots), juttis (a pair of pointed, embroidered shoes), belt, handbag."""

from __future__ import annotations

import numpy as np

from wildcat.synth.garments.canvas import Layers, bezier
from wildcat.synth.garments.spec import GarmentSpec


def draw_accessory(spec: GarmentSpec, layers: Layers) -> None:
    {"bangles": _bangles, "bindi": _bindi, "juttis": _juttis, "belt": _belt, "handbag": _handbag}[spec.shape](
        spec, layers
    )


def _bangles(spec: GarmentSpec, layers: Layers) -> None:
    n = max(spec.variant, 1)
    for i in range(n):  # a stack seen at an angle: overlapping ellipses
        x = 0.5 + (i - (n - 1) / 2) * 0.045
        part = "body" if i % 2 == 0 else "trim"
        layers.ellipse(part, (x, 0.5), (0.075, 0.28), width=0.03)
        layers.ellipse("detail", (x, 0.5), (0.075, 0.28), width=0.004)


def _bindi(spec: GarmentSpec, layers: Layers) -> None:
    n = max(spec.variant, 2)
    layers.poly("under", [(0.22, 0.18), (0.78, 0.18), (0.78, 0.82), (0.22, 0.82)])  # the card
    for r in range(n):
        for c in range(n):
            x, y = 0.22 + 0.56 * (c + 0.5) / n, 0.18 + 0.64 * (r + 0.5) / n
            size = 0.03 + 0.02 * r / max(n - 1, 1)
            if (r + c) % 2:
                layers.ellipse("body", (x, y), (size * 0.7, size * 1.4))  # teardrop-ish
            else:
                layers.circle("body", (x, y), size)
            layers.circle("detail", (x, y), size * 0.25)


def _juttis(spec: GarmentSpec, layers: Layers) -> None:
    for dy, dx in ((0.3, -0.04), (0.64, 0.04)):
        heel, toe = 0.2 + dx, 0.82 + dx
        sole = np.vstack(
            [bezier((heel, dy + 0.1), (0.5 + dx, dy + 0.14), (toe, dy + 0.06), 12), [(toe + 0.03, dy + 0.0)]]
        )
        upper = np.vstack(
            [
                [(heel, dy + 0.1)],
                [(heel, dy - 0.03)],
                bezier((heel + 0.04, dy - 0.02), (0.45 + dx, dy + 0.03), (0.6 + dx, dy - 0.05), 8),
                sole[::-1],
            ]
        )
        layers.poly("body", upper)
        layers.line("detail", sole, 0.018)
        layers.poly(
            "trim", [(0.55 + dx, dy - 0.045), (0.68 + dx, dy - 0.02), (0.74 + dx, dy + 0.05), (0.58 + dx, dy + 0.06)]
        )


def _belt(spec: GarmentSpec, layers: Layers) -> None:
    layers.poly("body", [(0.16, 0.46), (0.88, 0.46), (0.92, 0.5), (0.88, 0.54), (0.16, 0.54)])
    layers.poly("detail", [(0.08, 0.42), (0.18, 0.42), (0.18, 0.58), (0.08, 0.58)])
    layers.poly("cut", [(0.1, 0.445), (0.16, 0.445), (0.16, 0.555), (0.1, 0.555)])
    layers.line("detail", [(0.11, 0.5), (0.2, 0.5)], 0.008)
    for x in (0.66, 0.71, 0.76, 0.81):
        layers.circle("cut", (x, 0.5), 0.008)


def _handbag(spec: GarmentSpec, layers: Layers) -> None:
    layers.ellipse("body", (0.5, 0.44), (0.17, 0.17), width=0.025)
    layers.poly("body", [(0.26, 0.45), (0.74, 0.45), (0.8, 0.8), (0.2, 0.8)])
    layers.poly("trim", [(0.26, 0.45), (0.74, 0.45), (0.72, 0.56), (0.5, 0.62), (0.28, 0.56)])
    layers.circle("detail", (0.5, 0.6), 0.018)
