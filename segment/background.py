"""The background of a studio shot, modelled from the image border in CIELAB.

Studio backgrounds are white or light grey, often with a gentle gradient from
the lights. A bilinear surface per Lab channel, fitted robustly to the border
pixels that look like background, follows such gradients while the object
(which may touch the border) is left out as outliers. Lab is used because
its distances follow what people see: a faint shadow and a pale product
differ in a way RGB distances blur.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class BackgroundModel:
    lab: np.ndarray  # HxWx3 float32: the background's Lab colour at every pixel
    border_share: float  # share of border pixels that fit the model
    lightness: float  # median L* of the fitted background (0-100)
    chroma: float  # median chroma of the fitted background (a*b* units)
    noise: float  # robust spread of the inliers' distance to the model (delta E)

    def rgb(self) -> np.ndarray:
        """The background colour at every pixel as float RGB in [0, 1]."""
        return np.clip(cv2.cvtColor(self.lab, cv2.COLOR_LAB2RGB), 0.0, 1.0)


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB -> float32 Lab (L* in 0..100)."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def delta_e(lab: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """CIE76 colour distance between two Lab images (or an image and a colour)."""
    return np.sqrt(((lab - ref) ** 2).sum(axis=-1))


def border_mask(shape: tuple[int, int], width: int) -> np.ndarray:
    """True on the outer ring of `width` pixels."""
    h, w = shape
    m = np.zeros((h, w), bool)
    m[:width], m[-width:], m[:, :width], m[:, -width:] = True, True, True, True
    return m


def fit_background(
    lab: np.ndarray, border_width: int, inlier_delta: float = 10.0, iterations: int = 3
) -> BackgroundModel:
    """Fit a smooth background to the border of `lab`, ignoring what looks like object."""
    h, w = lab.shape[:2]
    ring = border_mask((h, w), max(1, border_width))
    ys, xs = np.nonzero(ring)
    samples = lab[ys, xs].astype(np.float64)
    design = _poly_terms(xs / max(w - 1, 1), ys / max(h - 1, 1))
    # Start from the lightest common colour: the object is rarely lighter than a
    # white background, so this finds the background even when most of the
    # border is object.
    start = _light_mode(samples)
    inliers = delta_e(samples, start) < inlier_delta * 1.5
    coef = None
    for _ in range(iterations):
        if inliers.sum() < 3 * design.shape[1]:
            break
        terms = design if inliers.sum() >= 30 * design.shape[1] else design[:, :1]
        coef, *_ = np.linalg.lstsq(terms[inliers], samples[inliers], rcond=None)
        fitted = terms @ coef
        resid = delta_e(samples, fitted)
        # Tighten towards the background's own noise, so pale object pixels
        # that passed the first loose cut stop pulling the fit.
        spread = 1.4826 * np.median(resid[resid < inlier_delta]) if (resid < inlier_delta).any() else inlier_delta
        inliers = resid < min(inlier_delta, max(2.5, 4.0 * spread))
        design_used = terms
    if coef is None:
        fitted = np.broadcast_to(start, samples.shape)
        full = np.broadcast_to(start.astype(np.float32), (h, w, 3)).copy()
    else:
        yy, xx = np.mgrid[:h, :w]
        grid = _poly_terms(xx.ravel() / max(w - 1, 1), yy.ravel() / max(h - 1, 1))[:, : design_used.shape[1]]
        full = (grid @ coef).reshape(h, w, 3).astype(np.float32)
    dist = delta_e(samples, fitted)
    good = dist < inlier_delta
    bg = samples[good] if good.any() else samples
    return BackgroundModel(
        lab=full,
        border_share=float(good.mean()),
        lightness=float(np.median(bg[:, 0])),
        chroma=float(np.median(np.hypot(bg[:, 1], bg[:, 2]))),
        noise=float(np.median(dist[good])) * 1.4826 if good.any() else float("inf"),
    )


def is_plain_light(model: BackgroundModel, plain_share: float, light_l: float, max_chroma: float) -> bool:
    """Whether the border looks like a plain, light studio background."""
    return model.border_share >= plain_share and model.lightness >= light_l and model.chroma <= max_chroma


def _poly_terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear terms, constant first (so the first column alone is a constant fit).

    Bilinear, not quadratic: fitted on the border only, a quadratic may bulge
    in the middle of the image where no sample holds it; a bilinear surface
    stays between its corner values.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    return np.stack([np.ones_like(x), x, y, x * y], axis=1)


def _light_mode(samples: np.ndarray) -> np.ndarray:
    """The Lab colour of the densest cluster among the lighter half of `samples`."""
    light = samples[samples[:, 0] >= np.percentile(samples[:, 0], 50)]
    q = np.round(light / 4.0)  # 4 delta-E bins
    keys, inverse, counts = np.unique(q, axis=0, return_inverse=True, return_counts=True)
    best = counts.argmax()
    return light[inverse.ravel() == best].mean(axis=0)
