"""Colour harmonisation of a cutout to its background.

Reinhard-style transfer moves the object's lightness statistics (and a little
of its colour offset) toward the background's; histogram matching and Fourier
domain adaptation (FDA, after albumentations' functional versions) are mixed
in partially. All are partial on purpose: a product's own colour is what
retrieval must recognise, so only light and cast are shared.

Reinhard and histogram matching are per-channel maps of the 8-bit colour, so
each is one lookup table (`kernels.lut_channels`); statistics come from `cv2.meanStdDev` and
`cv2.calcHist` over the object's pixels. The compositor harmonises a
foreground file once per sample, before it is scaled and rotated into
patches (see `Composer.source`).
"""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.compose.kernels import lut_channels

#: Rec. 601 luma weights (what cv2.COLOR_RGB2GRAY uses).
LUMA = np.array([0.299, 0.587, 0.114], np.float32)
_RAMP = np.arange(256, dtype=np.float32)


def scene_stats(rgb: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Mean R, G, B and the standard deviation of luma of RGB or RGBA over `mask` (all pixels if None)."""
    m = None if mask is None else mask.view(np.uint8)
    if m is not None and not m.any():
        return np.zeros(3, np.float32), 1.0
    rgb = np.ascontiguousarray(rgb)
    mean = np.array(cv2.mean(rgb, mask=m)[:3], np.float32)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGBA2GRAY if rgb.shape[2] == 4 else cv2.COLOR_RGB2GRAY)
    _, std = cv2.meanStdDev(grey, mask=m)
    return mean, float(std[0, 0]) + 1e-3


def apply_lut(rgba: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """A per-channel float table (256, 3) rounded and applied to the colour of RGBA (or RGB) in one pass."""
    table = np.clip(lut + 0.5, 0, 255).astype(np.uint8)
    if rgba.shape[2] == 4:  # alpha passes through unchanged
        table = np.concatenate([table, np.arange(256, dtype=np.uint8)[:, None]], 1)
    return lut_channels(np.ascontiguousarray(rgba), np.ascontiguousarray(table.T))


def reinhard_lut(
    own: tuple[np.ndarray, float], target: tuple[np.ndarray, float], strength: float, color_strength: float
) -> np.ndarray:
    """Table that moves an object's luma mean/std (`own`, from `scene_stats`) `strength` of the way to the
    target's, and its colour offset (each channel's mean minus the luma mean) `color_strength` of the way."""
    mean, std = own
    t_mean, t_std = target
    luma, t_luma = float(LUMA @ mean), float(LUMA @ t_mean)
    gain = (std + strength * (t_std - std)) / std
    new_luma = luma + strength * (t_luma - luma)
    cast = color_strength * ((t_mean - t_luma) - (mean - luma))
    return _RAMP[:, None] * gain + (new_luma - luma * gain + cast)[None, :]


def cdfs(rgb: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """(3, 256) cumulative histograms (0..1) of each channel over `mask`."""
    m = None if mask is None else mask.view(np.uint8)
    rgb = np.ascontiguousarray(rgb)
    hist = np.stack([cv2.calcHist([rgb], [c], m, [256], [0, 256]).ravel() for c in range(3)])
    return np.cumsum(hist, axis=1) / np.maximum(hist.sum(axis=1, keepdims=True), 1)


def histogram_lut(own_cdfs: np.ndarray, reference_cdfs: np.ndarray, blend: float) -> np.ndarray:
    """Table of histogram matching (`cdfs` of the object to those of the reference), mixed in at `blend`.

    As skimage/albumentations do it: each value goes to the reference value at
    the same quantile; on 256-bin histograms that is one lookup table.
    """
    lut = np.empty((256, 3), np.float32)
    for c in range(3):
        present = np.flatnonzero(np.diff(reference_cdfs[c], prepend=0) > 0)
        lut[:, c] = np.interp(own_cdfs[c], reference_cdfs[c][present], present.astype(np.float32))
    return blend * lut + (1 - blend) * _RAMP[:, None]


def fda(rgb: np.ndarray, reference: np.ndarray, beta: float, blend: float, work_side: int = 32) -> np.ndarray:
    """Fourier domain adaptation (the object's lowest-frequency amplitudes replaced by the scene's),
    mixed in at `blend`.

    FDA swaps the lowest frequencies, the DC term included, so alone it gives
    an object the scene's mean colour; mixed in partially it only tints it.
    With the small betas used the change is low-frequency, so it is computed at
    `work_side` pixels and added back at full size; the swapped window is
    `beta` of the work spectrum rounded up, so at least the DC term and its
    nearest neighbours (one bin each side; every beta up to 1/work_side).
    """
    h, w = rgb.shape[:2]
    alpha = rgb[..., 3] if rgb.shape[2] == 4 else None
    rgb = cv2.cvtColor(rgb, cv2.COLOR_RGBA2RGB) if alpha is not None else np.ascontiguousarray(rgb)
    small = cv2.resize(rgb, (work_side, work_side), interpolation=cv2.INTER_AREA).astype(np.float32)
    ref = cv2.resize(reference, (work_side, work_side), interpolation=cv2.INTER_AREA).astype(np.float32)
    f_src, f_ref = np.fft.fft2(small, axes=(0, 1)), np.fft.fft2(ref, axes=(0, 1))
    b = max(1, int(np.ceil(work_side * beta)))
    low = np.r_[0:b, work_side - b : work_side]
    block = np.ix_(low, low)
    src_block = f_src[block]
    f_src[block] = np.abs(f_ref[block]) * np.exp(1j * np.angle(src_block))
    adapted = np.clip(np.real(np.fft.ifft2(f_src, axes=(0, 1))), 0, 255).astype(np.float32)
    change = (adapted - small) * np.float32(blend)
    out = cv2.add(rgb, cv2.resize(change, (w, h), interpolation=cv2.INTER_LINEAR), dtype=cv2.CV_8U)
    return out if alpha is None else cv2.merge((*cv2.split(out), alpha))  # (OpenCV: numpy's concatenate is slow here)
