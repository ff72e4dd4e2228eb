"""Things in front of products in store photos: price tags, crate and shelf
bars, leaves, and the translucent plastic bag. Each returns a Patch sprite
(anchor at its centre; the bag's at its top-left corner)."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.compose.patch import Patch

OCCLUDER_TYPES = ("tag", "bar", "leaf")


def price_tag(w: int, h: int, rng: np.random.Generator) -> Patch:
    """A white or yellow shelf label with a price and a few lines of text."""
    w, h = max(w, 6), max(h, 4)
    paper = np.array([250, 250, 245] if rng.random() < 0.7 else [250, 215, 40], np.float32)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = paper
    ink = np.array([200, 20, 20] if rng.random() < 0.4 else [20, 20, 20], np.float32)
    rgb[int(h * 0.2) : int(h * 0.65), int(w * 0.45) : int(w * 0.92)] = ink  # the big price
    for k in range(3):
        y = int(h * (0.2 + 0.2 * k))
        rgb[y : y + max(1, h // 14), int(w * 0.06) : int(w * rng.uniform(0.2, 0.4))] = (60, 60, 60)
    rgb *= rng.uniform(0.85, 1.0)
    return Patch(rgb.astype(np.uint8), np.full((h, w), 255, np.uint8), (w / 2, h / 2))


def bar(length: int, thickness: int, rng: np.random.Generator) -> Patch:
    """A horizontal crate edge or shelf rail (rotate the sprite for vertical ones)."""
    length, thickness = max(length, 4), max(thickness, 2)
    color = np.array(
        [(30, 30, 32), (20, 90, 40), (30, 60, 140), (160, 130, 90), (220, 220, 220)][int(rng.integers(5))], np.float32
    )
    rgb = np.empty((thickness, length, 3), np.float32)
    rgb[:] = color * rng.uniform(0.85, 1.1)
    rgb[: max(1, thickness // 6)] *= 1.35  # lit top edge
    rgb[-max(1, thickness // 6) :] *= 0.7
    if rng.random() < 0.5:  # slots of a plastic crate
        step = max(4, thickness * 2)
        for x in range(int(rng.integers(0, step)), length, step):
            rgb[thickness // 3 : 2 * thickness // 3, x : x + step // 2] *= 0.4
    return Patch(
        np.clip(rgb, 0, 255).astype(np.uint8), np.full((thickness, length), 255, np.uint8), (length / 2, thickness / 2)
    )


def leaf(size: int, rng: np.random.Generator) -> Patch:
    """A green leaf (lettuce, leek tops, decoration in produce displays)."""
    size = max(size, 6)
    alpha = np.zeros((size, size), np.uint8)
    c = size // 2
    cv2.ellipse(
        alpha,
        (c, c),
        (size // 2 - 1, max(2, int(size * rng.uniform(0.15, 0.3)))),
        float(rng.uniform(0, 180)),
        0,
        360,
        255,
        -1,
        cv2.LINE_AA,
    )
    green = np.array([rng.uniform(40, 90), rng.uniform(110, 170), rng.uniform(30, 70)], np.float32)
    rgb = np.empty((size, size, 3), np.float32)
    rgb[:] = green
    shade = cv2.GaussianBlur(alpha, (0, 0), max(1.0, size / 12)).astype(np.float32) / 255
    rgb *= (0.7 + 0.35 * shade)[..., None]
    return Patch(np.clip(rgb, 0, 255).astype(np.uint8), alpha, (size / 2, size / 2))


def occluder(kind: str, extent: float, across: float, rng: np.random.Generator) -> Patch:
    """An occluder `extent` pixels deep into the product and `across` pixels along its side (horizontal)."""
    if kind == "tag":
        return price_tag(int(across * rng.uniform(0.5, 0.9)), int(extent), rng)
    if kind == "bar":
        return bar(int(across * 3), int(extent), rng)
    return leaf(int(min(max(extent, across * 0.3), 3 * extent)), rng)


def bag(width: int, height: int, rng: np.random.Generator) -> Patch:
    """A thin plastic bag: faint milky film, wrinkles, and bright specular streaks; top-left anchored."""
    w, h = max(width, 8), max(height, 8)
    body = np.zeros((h, w), np.float32)
    t = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    r = 1 + 0.05 * np.sin(3 * t + rng.uniform(0, 6)) + 0.04 * rng.normal(size=40)
    pts = np.stack([w / 2 + np.cos(t) * r * w * 0.49, h / 2 + np.sin(t) * r * h * 0.49], 1)
    cv2.fillPoly(body, [np.round(pts).astype(np.int32)], 1.0, lineType=cv2.LINE_AA)
    film = body * rng.uniform(0.12, 0.3)
    streaks = np.zeros((h, w), np.float32)
    for _ in range(int(rng.integers(3, 9))):
        p = np.cumsum(rng.normal(0, min(w, h) * 0.08, (6, 2)), axis=0) + [rng.uniform(0, w), rng.uniform(0, h)]
        cv2.polylines(
            streaks,
            [np.round(p).astype(np.int32)],
            False,
            float(rng.uniform(0.4, 0.9)),
            int(rng.integers(1, 4)),
            cv2.LINE_AA,
        )
    streaks = cv2.GaussianBlur(streaks, (0, 0), 1.2) * body
    tint = np.array([240, 240, 240], np.float32) if rng.random() < 0.7 else rng.uniform(200, 250, 3).astype(np.float32)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = tint
    alpha = np.clip(film + streaks, 0, 0.95)
    return Patch(rgb.astype(np.uint8), (alpha * 255).astype(np.uint8), (0.0, 0.0))
