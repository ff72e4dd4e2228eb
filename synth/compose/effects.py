"""Camera effects: white balance, exposure/contrast, blur, sensor noise,
vignetting; and the JPEG quality the sample is saved at.

The transforms are albumentations' (`PlanckianJitter` in blackbody mode with
its colour table and temperature sampling, `RandomBrightnessContrast`,
`GaussianBlur` or `MotionBlur`) re-done with OpenCV on the 8-bit image: the
two colour transforms are per-channel affine maps, so both together are one
lookup table; running albumentations per sample cost more in re-seeding its
transform tree than in the pixel work. Every transform fires independently
with its own probability, from one generator seeded per sample.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from wildcat.synth.compose.config import EffectsConfig
from wildcat.synth.compose.kernels import lut_channels

#: albumentations' blackbody colour table (r, g, b chromaticities every 500 K), 3000-15000 K.
PLANCKIAN = {
    3000: (0.6743, 0.4029, 0.0013),
    3500: (0.6281, 0.4241, 0.1665),
    4000: (0.5919, 0.4372, 0.2513),
    4500: (0.5623, 0.4457, 0.3154),
    5000: (0.5376, 0.4515, 0.3672),
    5500: (0.5163, 0.4555, 0.4103),
    6000: (0.4979, 0.4584, 0.4468),
    6500: (0.4816, 0.4604, 0.4782),
    7000: (0.4672, 0.4619, 0.5053),
    7500: (0.4542, 0.4630, 0.5289),
    8000: (0.4426, 0.4638, 0.5497),
    8500: (0.4320, 0.4644, 0.5681),
    9000: (0.4223, 0.4648, 0.5844),
    9500: (0.4135, 0.4651, 0.5990),
    10000: (0.4054, 0.4653, 0.6121),
    10500: (0.3980, 0.4654, 0.6239),
    11000: (0.3911, 0.4655, 0.6346),
    11500: (0.3847, 0.4656, 0.6444),
    12000: (0.3787, 0.4656, 0.6532),
    12500: (0.3732, 0.4656, 0.6613),
    13000: (0.3680, 0.4655, 0.6688),
    13500: (0.3632, 0.4655, 0.6756),
    14000: (0.3586, 0.4655, 0.6820),
    14500: (0.3544, 0.4654, 0.6878),
    15000: (0.3503, 0.4653, 0.6933),
}
WHITE_K = 6000  # shifts are drawn below it with probability effects.warm_prob (albumentations: 0.4), above it otherwise
NOISE_FIELDS = 4  # pre-drawn unit-noise fields per image size (a sample picks one and an offset)
_RAMP = np.arange(256, dtype=np.float32)
_RADIAL: dict[tuple[int, int], np.ndarray] = {}
_NOISE: dict[tuple[int, int], np.ndarray] = {}


def white_balance_gains(kelvin: float) -> np.ndarray:
    """Per-channel gains (r/g, 1, b/g) of the blackbody colour at `kelvin`, interpolated every 500 K."""
    t = float(np.clip(kelvin, min(PLANCKIAN), max(PLANCKIAN)))
    left = max(int(t // 500) * 500, min(PLANCKIAN))
    right = min(left + 500, max(PLANCKIAN))
    w = 0.0 if left == right else (t - left) / (right - left)
    r, g, b = (1 - w) * np.array(PLANCKIAN[left]) + w * np.array(PLANCKIAN[right])
    return np.array([r / g, 1.0, b / g], np.float32)


def colour_lut(gains: np.ndarray | None, contrast: float = 1.0, brightness: float = 0.0) -> np.ndarray:
    """(256, 1, 3) uint8 table: white-balance gains (clipped to 8 bits), then out = contrast * v + brightness."""
    v = np.repeat(_RAMP[:, None], 3, axis=1)
    if gains is not None:
        v = np.clip(v * gains, 0, 255).astype(np.uint8).astype(np.float32)
    v = v * np.float32(contrast) + np.float32(brightness)
    return np.clip(v + 0.5, 0, 255).astype(np.uint8).reshape(256, 1, 3)


def line_kernel(length: int, angle: float) -> np.ndarray:
    """A normalised `length` x `length` kernel: a line through the centre at `angle` degrees (motion blur)."""
    k = np.zeros((length, length), np.float32)
    c = (length - 1) / 2
    t = np.radians(angle)
    d = np.array([np.cos(t), np.sin(t)]) * c
    cv2.line(k, (int(round(c - d[0])), int(round(c - d[1]))), (int(round(c + d[0])), int(round(c + d[1]))), 1.0, 1)
    return k / max(float(k.sum()), 1e-6)


def vignette(img: np.ndarray, strength: float) -> np.ndarray:
    """Pure: multiply by 1 - strength * (r / r_corner)^2 about the image centre."""
    h, w = img.shape[:2]
    if (h, w) not in _RADIAL:
        yy, xx = np.mgrid[:h, :w].astype(np.float32)
        r2 = ((xx + 0.5) / w - 0.5) ** 2 + ((yy + 0.5) / h - 0.5) ** 2
        _RADIAL[(h, w)] = cv2.merge([r2 / r2.max()] * 3)
    gain = cv2.addWeighted(_RADIAL[(h, w)], -float(strength), _RADIAL[(h, w)], 0.0, 1.0)
    return cv2.multiply(img, gain[..., : img.shape[2]], dtype=cv2.CV_8U)


def add_noise(img: np.ndarray, std: float, field: int, offset: tuple[float, float]) -> np.ndarray:
    """Pure: img + std * 255 * N(0, 1), the noise read from fixed field `field` rolled by `offset` (fractions):
    the statistics of fresh noise at a fraction of the cost of drawing it."""
    h, w = img.shape[:2]
    key = (h * 2, w * 2)
    if key not in _NOISE:  # fixed seed: the fields are part of the code, identical in every process
        _NOISE[key] = np.random.default_rng(12345).standard_normal((NOISE_FIELDS, h * 2, w * 2, 3), dtype=np.float32)
    y0, x0 = int(offset[1] * h), int(offset[0] * w)
    noise = _NOISE[key][field, y0 : y0 + h, x0 : x0 + w, : img.shape[2]]
    return cv2.add(img, noise * np.float32(std * 255), dtype=cv2.CV_8U)


def phone_processing(img: np.ndarray, saturation: float, sharpen: float) -> np.ndarray:
    """Pure: what a phone's image processor does after the sensor: saturation pushed away from grey by
    `saturation`, then an unsharp mask adding back `sharpen` times the detail above a 1-px Gaussian."""
    grey = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    out = cv2.addWeighted(img, float(saturation), grey, 1.0 - float(saturation), 0.0)
    return cv2.addWeighted(out, 1.0 + float(sharpen), cv2.GaussianBlur(out, (0, 0), 1.0), -float(sharpen), 0.0)


def _draw(cfg: EffectsConfig, g: np.random.Generator) -> dict[str, Any]:
    """Every transform's coin and parameters, always drawn in the same order (so they stay independent)."""
    k0, k1 = cfg.blur_px
    k0, k1 = k0 | 1, max(k1 | 1, k0 | 1)
    lo, hi = cfg.white_balance_k
    warm = g.random() < cfg.warm_prob
    return {
        "wb": g.random() < cfg.white_balance_prob,
        "kelvin": int(g.uniform(lo, WHITE_K) if warm else g.uniform(WHITE_K, hi)),
        "bc": g.random() < cfg.brightness_contrast_prob,
        "contrast": 1.0 + g.uniform(-cfg.contrast, cfg.contrast),
        "brightness": g.uniform(-cfg.brightness, cfg.brightness) * 255,
        "blur": g.random() < cfg.blur_prob,
        "motion": g.random() < 0.5,
        "ksize": int(g.integers(k0 // 2, k1 // 2 + 1)) * 2 + 1,
        "sigma": g.uniform(0.5, 3.0),
        "blur_angle": g.uniform(0, 360),
        "noise": g.random() < cfg.noise_prob,
        "std": g.uniform(*cfg.noise_std),
        "field": int(g.integers(NOISE_FIELDS)),
        "offset": (g.random(), g.random()),
        "vignette": g.random() < cfg.vignette_prob,
        "strength": g.uniform(*cfg.vignette_strength),
        # drawn last, so samples without it keep the bytes they had before it existed
        "isp": g.random() < cfg.isp_prob,
        "saturation": g.uniform(*cfg.isp_saturation),
        "sharpen": g.uniform(*cfg.isp_sharpen),
        "exposure": g.uniform(*cfg.indoor_exposure),  # last again: (1, 1) leaves every earlier draw as it was
    }


def apply_effects(image: np.ndarray, cfg: EffectsConfig, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """The image through the camera pipeline, and a record: the seed, what was applied, the JPEG quality."""
    seed = int(rng.integers(2**31))
    p = _draw(cfg, np.random.default_rng(seed))
    dim = p["exposure"] != 1.0
    steps = (("PlanckianJitter", p["wb"]), ("RandomBrightnessContrast", p["bc"]), ("IndoorExposure", dim))
    applied = [name for name, on in steps if on]
    out = image
    if applied:
        gains = white_balance_gains(p["kelvin"]) if p["wb"] else None
        contrast, brightness = (p["contrast"], p["brightness"]) if p["bc"] else (1.0, 0.0)
        # the exposure gain scales what the contrast/brightness step gives: still one table
        table = colour_lut(gains, contrast * p["exposure"], brightness * p["exposure"])
        out = lut_channels(np.ascontiguousarray(out), np.ascontiguousarray(table[:, 0, :].T))
    if p["blur"]:
        k = p["ksize"]
        if p["motion"]:
            out = cv2.filter2D(out, -1, line_kernel(k, p["blur_angle"]), borderType=cv2.BORDER_REFLECT_101)
        else:
            out = cv2.GaussianBlur(out, (k, k), p["sigma"])
        applied.append("MotionBlur" if p["motion"] else "GaussianBlur")
    if p["noise"]:
        out = add_noise(out, p["std"], p["field"], p["offset"])
        applied.append("SensorNoise")
    if p["vignette"]:
        out = vignette(out, p["strength"])
        applied.append("Vignette")
    if p["isp"]:
        out = phone_processing(out, p["saturation"], p["sharpen"])
        applied.append("PhoneProcessing")
    quality = int(rng.integers(cfg.jpeg_quality[0], cfg.jpeg_quality[1] + 1))
    record = {"seed": seed, "applied": applied, "jpeg_quality": quality}
    return out, ({**record, "exposure": round(float(p["exposure"]), 3)} if dim else record)
