"""`whitebg`: classical matting for studio shots on a plain light background.

1. Model the backdrop from the image border in Lab (`background.py`).
2. Backdrop is what is *flat* and of its colour *and* connected to the
   border; so white print inside a package (textured, or enclosed) stays
   object, and holes are filled. A thin textured band next to the outline
   (JPEG ringing) is taken back; neutral smooth darker pieces that lie on the
   floor like cast shadows go with the backdrop (`shadow.py`).
3. Soft edges: a trimap around that outline, closed-form matting (pymatting)
   sharpened where the backdrop colour is known, and the object's colours
   unmixed from the backdrop (`matting.py`).
"""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.segment.background import BackgroundModel, border_mask, delta_e, fit_background, to_lab
from wildcat.segment.config import WhiteBgConfig
from wildcat.segment.matte import Matte
from wildcat.segment.matting import known_background_alpha, refine_alpha, trimap, unmix_foreground
from wildcat.segment.regions import drop_specks, flood, grow_within, long_border_contact, thin_parts
from wildcat.segment.shadow import shadow_like, shadow_parts

VERSION = "2"  # 2: closed-form solve independent of BLAS threads (segment/cf_solve.py)


class WhiteBgBackend:
    name = "whitebg"
    model = "lab-border-flood+pymatting-cf"
    version = VERSION

    def __init__(self, config: WhiteBgConfig | None = None) -> None:
        self.config = config or WhiteBgConfig()

    def __call__(self, image: np.ndarray) -> Matte:
        return whitebg_matte(image[..., :3], self.config)


def whitebg_matte(rgb: np.ndarray, cfg: WhiteBgConfig) -> Matte:
    """Alpha and unmixed foreground of a uint8 RGB studio image."""
    h, w = rgb.shape[:2]
    small = downscale(rgb, cfg.work_size)
    lab = to_lab(small)
    short = min(small.shape[:2])
    ring_px = max(1, round(cfg.border_width * short))
    model = fit_background(lab, ring_px, inlier_delta=cfg.plain_delta)
    grow_px = max(1, round(cfg.halo_px * min(1.0, cfg.work_size / max(h, w))))
    mask = object_mask(lab, model, cfg, border_mask(lab.shape[:2], ring_px), grow_px)
    band = max(2, round(cfg.edge_band * short))
    tri = trimap(mask, band)
    bg_rgb = model.rgb()
    alpha = refine_alpha(small, tri)
    if cfg.unmix_alpha:
        alpha = known_background_alpha(small, tri, bg_rgb, alpha, band)
    if small.shape[:2] != (h, w):
        alpha = np.clip(cv2.resize(alpha, (w, h), interpolation=cv2.INTER_LINEAR), 0, 1)
        bg_rgb = cv2.resize(bg_rgb, (w, h), interpolation=cv2.INTER_LINEAR)
    info = {
        "background_lightness": round(model.lightness, 2),
        "background_chroma": round(model.chroma, 2),
        "border_share": round(model.border_share, 3),
    }
    return Matte(alpha=alpha, foreground=unmix_foreground(rgb, alpha, bg_rgb), info=info)


def object_mask(
    lab: np.ndarray, model: BackgroundModel, cfg: WhiteBgConfig, ring: np.ndarray, grow_px: int
) -> np.ndarray:
    """Hard object mask: everything not reachable from the border through background or shadow.

    White print on a package can be as white as the backdrop, but it is never
    as *flat*: print, paper and JPEG blocks leave texture, while a studio
    backdrop is smooth. So the flood from the border runs through flat
    background-coloured pixels only (and through 1-2 px gaps in an outline
    not at all, thanks to an erosion), then takes back the thin band of
    JPEG ringing next to the outline.
    """
    dist = delta_e(lab, model.lab)
    grad = local_contrast(lab)
    flat = grad < flatness_threshold(grad, ring & (dist < cfg.plain_delta), cfg.flat_contrast)
    bg_colour = dist < cfg.threshold
    # Flat and *exactly* the backdrop's colour (within its noise): a flat pale
    # grey package side a few delta E off the backdrop must not let it in.
    exact = dist < max(cfg.flood_threshold, 3.0 * model.noise)
    backdrop = exact & flat
    core = flood(backdrop, backdrop & ring)
    if cfg.shadow_depth > 0:
        # Shadows are entered only from backdrop that holds a long stretch of
        # the border: a white panel of a package cut by the image edge is
        # backdrop-like too, and its pale grey faces look like shadow.
        main = long_border_contact(core, ring, cfg.shadow_seed_contact)
        darker = model.lab[..., 0] - lab[..., 0]
        reached = flood(backdrop | shadow_like(lab, model, cfg, grad), main)
        core |= shadow_parts(reached & ~core, core, darker, cfg)
    # JPEG ringing is textured; a flat pale face a few delta E off is object.
    halo = thin_parts(bg_colour & ~core & (~flat | exact), grow_px)
    background = grow_within(core, halo, grow_px)
    return drop_specks(~background, cfg.min_speck)


def local_contrast(lab: np.ndarray) -> np.ndarray:
    """Largest minus smallest value in each 3x3 window, combined over the Lab channels (delta E)."""
    kernel = np.ones((3, 3), np.uint8)
    ranges = [cv2.morphologyEx(lab[..., c], cv2.MORPH_GRADIENT, kernel) for c in range(3)]
    return np.sqrt(sum(r * r for r in ranges))


def flatness_threshold(grad: np.ndarray, background: np.ndarray, floor: float) -> float:
    """Contrast below which a pixel is as flat as the backdrop: its noise level, at least `floor`."""
    if background.sum() < 16:
        return floor
    # The median, not a high percentile: an object touching the border puts
    # textured pixels among the border samples, and they must not raise it.
    return max(floor, 2.0 * float(np.median(grad[background])))


def downscale(rgb: np.ndarray, work_size: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    scale = work_size / max(h, w)
    if scale >= 1:
        return rgb
    return cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
