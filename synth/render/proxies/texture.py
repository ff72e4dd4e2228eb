"""Proxy textures: the cutout for the front, plus a strip for the back made from its edge colours.

The back strip blends, row by row, from the colour just inside the left edge
to the colour just inside the right edge, so the back meets both sides
without a seam and shows no mirrored print.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wildcat.synth.render.proxies.silhouette import Silhouette

BACK_STRIP = 32  # texels across the back region


@dataclass
class Atlas:
    image: np.ndarray  # (H, W + BACK_STRIP, 3) uint8
    front_width: int  # W: the cutout occupies columns [0, W)
    height: int

    def front_uv(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Texture coordinates of cutout pixel positions (x right, y down; pixel edges at integers)."""
        total = self.image.shape[1]
        return np.stack([x / total, 1.0 - y / self.height], axis=-1)

    def back_uv(self, t: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Texture coordinates in the back strip: t=0 at the left-edge colour, t=1 at the right-edge colour."""
        total = self.image.shape[1]
        x = self.front_width + 0.5 + np.asarray(t) * (BACK_STRIP - 1)
        return np.stack([x / total, 1.0 - y / self.height], axis=-1)


def build_atlas(sil: Silhouette, ys: np.ndarray, left: np.ndarray, right: np.ndarray) -> Atlas:
    """The cutout with a back strip whose rows blend from `left` to `right` colours (given at profile rows `ys`)."""
    h, w = sil.size
    rows = np.arange(h) + 0.5
    lc = np.stack([np.interp(rows, ys, left[:, c]) for c in range(3)], axis=1)
    rc = np.stack([np.interp(rows, ys, right[:, c]) for c in range(3)], axis=1)
    t = np.linspace(0.0, 1.0, BACK_STRIP)[None, :, None]
    strip = lc[:, None, :] * (1 - t) + rc[:, None, :] * t
    image = np.concatenate([sil.rgb, np.clip(strip + 0.5, 0, 255).astype(np.uint8)], axis=1)
    return Atlas(image, w, h)
