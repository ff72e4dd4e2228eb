"""Cast shadows on a studio backdrop, told apart from pale grey faces of the object."""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.segment.background import BackgroundModel
from wildcat.segment.config import WhiteBgConfig


def shadow_like(lab: np.ndarray, model: BackgroundModel, cfg: WhiteBgConfig, grad: np.ndarray) -> np.ndarray:
    """Pixels that look like the background in shadow: darker, same hue, smooth."""
    darker = model.lab[..., 0] - lab[..., 0]
    chroma_shift = np.hypot(lab[..., 1] - model.lab[..., 1], lab[..., 2] - model.lab[..., 2])
    # A soft shadow changes slowly; print, texture and object outlines do not.
    return (
        (darker > 0) & (darker < cfg.shadow_depth) & (chroma_shift < cfg.shadow_chroma) & (grad < cfg.shadow_contrast)
    )


def shadow_parts(pieces: np.ndarray, backdrop: np.ndarray, darker: np.ndarray, cfg: WhiteBgConfig) -> np.ndarray:
    """The pieces that behave like cast shadows rather than pale grey faces of the object.

    Both are neutral, smooth and a little darker than the backdrop. A shadow
    lies on the floor: it borders the backdrop along much of its outline and
    its darkness ramps up from there. A package face is framed by the rest of
    the package and meets the backdrop with a step.
    """
    n, labels = cv2.connectedComponents(pieces.astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros_like(pieces)
    k = np.ones((3, 3), np.uint8)
    by_backdrop = cv2.dilate(backdrop.astype(np.uint8), k).astype(bool)
    by_object = cv2.dilate((~backdrop & ~pieces).astype(np.uint8), k).astype(bool)
    near = cv2.dilate(backdrop.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    keep = np.zeros(n, bool)
    for i in range(1, n):
        piece = labels == i
        on_backdrop, on_object = int((piece & by_backdrop).sum()), int((piece & by_object).sum())
        contact = on_backdrop / max(1, on_backdrop + on_object)
        rim = piece & near
        depth = float(np.percentile(darker[piece], 90))
        ramps = rim.any() and depth > 0 and float(darker[rim].mean()) < cfg.shadow_ramp * depth
        keep[i] = ramps and contact >= cfg.shadow_contact
    return keep[labels]
