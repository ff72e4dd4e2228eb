"""A hand holding a product: forearm and palm behind it, fingers (or the thumb)
across its front, in a skin tone with rounded shading and nails.

Drawn in the full frame as two layers: `back` goes under the product, `front`
over it. Sizes are physical: a finger is about 18 mm wide, so a hand holding
an apple fills much more of the frame than one holding a milk carton.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from wildcat.synth.compose import smooth
from wildcat.synth.compose.patch import Patch, transposed

FINGER_M = 0.018  # finger width (metres)


@dataclass
class HandPose:
    side: str  # right, left, bottom: where the hand comes from
    grip: float  # where along the product's height (right/left) or width (bottom) the fingers are (fraction)
    cover: float  # how far the fingers reach across the product (fraction of its width)
    arm_angle: float  # direction of the forearm from the palm (degrees below the outward horizontal)
    fingers_front: bool  # fingers across the front (else only the thumb)
    skin: tuple[int, int, int]


def hand_layers(
    size: int, box: tuple[float, float, float, float], finger_px: float, pose: HandPose, rng: np.random.Generator
) -> tuple[Patch, Patch]:
    """(back, front) layers for a product whose box is (x0, y0, x1, y1); paste both at (0, 0)."""
    x0, y0, x1, y1 = box
    if pose.side == "left":
        back, front = hand_layers(size, (size - x1, y0, size - x0, y1), finger_px, _as_right(pose), rng)
        return _mirror(back, size), _mirror(front, size)
    if pose.side == "bottom":
        back, front = hand_layers(size, (y0, x0, y1, x1), finger_px, _as_right(pose), rng)
        return transposed(back), transposed(front)
    return _right_hand(size, box, finger_px, pose, rng)


def _as_right(pose: HandPose) -> HandPose:
    return HandPose("right", pose.grip, pose.cover, pose.arm_angle, pose.fingers_front, pose.skin)


def _right_hand(size, box, fw, pose: HandPose, rng) -> tuple[Patch, Patch]:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    fw = max(2.0, fw)
    yc = y0 + bh * pose.grip
    back = np.zeros((size, size), np.uint8)
    front = np.zeros((size, size), np.uint8)
    palm = (x1 + 1.5 * fw, yc + 0.3 * fw)
    cv2.ellipse(
        back, _pt(palm), (int(2.0 * fw), int(2.7 * fw)), float(rng.uniform(-20, 20)), 0, 360, 255, -1, cv2.LINE_AA
    )
    t = np.radians(pose.arm_angle)
    end = (palm[0] + np.cos(t) * 3 * size, palm[1] + np.sin(t) * 3 * size)
    cv2.line(back, _pt(palm), _pt(end), 255, int(3.4 * fw), cv2.LINE_AA)
    tips, creases = [], []
    if pose.fingers_front:
        reach = pose.cover * bw
        for k, f in enumerate((0.85, 1.0, 0.95, 0.75)):
            y = yc + (k - 1.5) * fw
            start = (x1 + 0.6 * fw, y)
            tip = (x1 - reach * f, y + rng.uniform(-0.15, 0.15) * fw)
            cv2.line(front, _pt(start), _pt(tip), 255, int(fw), cv2.LINE_AA)
            tips.append((tip, np.pi))
            if k:  # the gap to the previous finger, as far as the shorter one reaches
                edge = max(tip[0], tips[-2][0][0]) + 0.4 * fw
                creases.append(((start[0], y - fw / 2), (edge, y - fw / 2)))
    else:
        start = (x1 + 0.3 * fw, yc - 2.0 * fw)
        tip = (x1 - pose.cover * bw * 0.8, yc - 3.0 * fw)
        cv2.line(front, _pt(start), _pt(tip), 255, int(1.15 * fw), cv2.LINE_AA)
        tips.append((tip, np.arctan2(tip[1] - start[1], tip[0] - start[0])))
    skin = np.asarray(pose.skin, np.float32) * rng.uniform(0.9, 1.08)
    return _skin(back, skin, fw, rng, [], []), _skin(front, skin, fw, rng, tips, creases)


def _pt(p) -> tuple[int, int]:
    return int(round(p[0])), int(round(p[1]))


def _skin(mask: np.ndarray, skin: np.ndarray, fw: float, rng, tips, creases) -> Patch:
    """Colour a silhouette like skin: darker toward its edges, lit from above, nails at the tips.
    Only the silhouette's bounding box is shaded (a hand covers a fraction of the frame)."""
    bx, by, bw, bh = cv2.boundingRect(mask)
    if bw == 0:
        return Patch(np.zeros((1, 1, 3), np.uint8), np.zeros((1, 1), np.uint8), (0.0, 0.0))
    m = int(np.ceil(fw)) + 2
    x0, y0 = max(bx - m, 0), max(by - m, 0)
    x1, y1 = min(bx + bw + m, mask.shape[1]), min(by + bh + m, mask.shape[0])
    mask = np.ascontiguousarray(mask[y0:y1, x0:x1])
    shift = np.array([x0, y0], float)
    soft = smooth.gaussian(mask, max(1.0, fw * 0.35)).astype(np.float32)
    ramp = np.linspace(1.06, 0.92, mask.shape[0], dtype=np.float32)[:, None]
    shade = (soft * np.float32(0.3 / 255) + np.float32(0.7)) * ramp  # one channel: the colour is applied last
    if creases:  # the gaps between fingers read as thin dark lines
        dark = np.ones(mask.shape, np.float32)
        for a, b in creases:
            cv2.line(
                dark,
                _pt(np.asarray(a) - shift),
                _pt(np.asarray(b) - shift),
                0.72,
                max(1, int(round(fw * 0.12))),
                cv2.LINE_AA,
            )
        shade *= smooth.gaussian(dark, max(0.6, fw * 0.06))
    offset = rng.normal(0, 2.0, 3).astype(np.float32)
    # rgb = skin * shade + offset, all three channels in one pass
    rgb = cv2.convertScaleAbs(cv2.transform(shade[..., None], np.stack([skin, offset], 1).astype(np.float32)))
    nail = np.clip(skin * 1.12 + np.array([10, 0, 5], np.float32) + offset, 0, 255)
    for tip, angle in tips:
        c = (tip[0] - np.cos(angle) * fw * 0.35 - x0, tip[1] - np.sin(angle) * fw * 0.35 - y0)
        cv2.ellipse(
            rgb,
            _pt(c),
            (max(1, int(fw * 0.32)), max(1, int(fw * 0.26))),
            float(np.degrees(angle)),
            0,
            360,
            nail.tolist(),
            -1,
            cv2.LINE_AA,
        )
    return Patch(rgb, mask, (-float(x0), -float(y0)))


def _mirror(p: Patch, size: int) -> Patch:
    """Mirror a layer placed at (0, 0) in a `size` frame (its anchor is minus its corner)."""
    w = p.alpha.shape[1]
    x0 = -p.anchor[0]
    return Patch(cv2.flip(p.rgb, 1), cv2.flip(p.alpha, 1), (-(size - x0 - w), p.anchor[1]))


def sample_pose(
    rng: np.random.Generator,
    side: str,
    cover: tuple[float, float],
    skins: list[tuple[int, int, int]],
    fingers_front: float = 0.65,
) -> HandPose:
    """A random grip from `side`; `fingers_front` = chance the fingers (not just the thumb) cross the front."""
    arm = rng.uniform(30, 85) if side != "bottom" else rng.uniform(5, 40)
    return HandPose(
        side,
        float(rng.uniform(0.5, 0.8)),
        float(rng.uniform(*cover)),
        float(arm),
        bool(rng.random() < fingers_front),
        tuple(int(c) for c in skins[int(rng.integers(len(skins)))]),
    )
