"""Camera effects with albumentations: white balance, exposure/contrast, blur,
sensor noise, vignetting; and the JPEG quality the sample is saved at.

The pipeline is built once per process (per config) and re-seeded per sample
from the sample's generator. albumentations 2.0.8's `set_random_seed` hands the
*same* seed to every child transform, so transforms with equal `p` would all
fire or all skip together; each leaf therefore gets its own derived seed.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from synth.compose.albu import albumentations
from synth.compose.config import EffectsConfig

_PIPELINES: dict[int, tuple[EffectsConfig, Any]] = {}


_RADIAL: dict[tuple[int, int], np.ndarray] = {}
_NOISE: dict[tuple[int, int], np.ndarray] = {}
NOISE_FIELDS = 4  # pre-drawn unit-noise fields per image size (a sample picks one and an offset)


def _custom_transforms():
    A = albumentations()

    class Vignette(A.ImageOnlyTransform):
        """Darken toward the corners like a phone lens: out = img * (1 - s * r^2), r = 1 at the corners."""

        def __init__(self, strength: tuple[float, float] = (0.15, 0.5), p: float = 0.5) -> None:
            super().__init__(p=p)
            self.strength = strength

        def get_params(self) -> dict[str, Any]:
            return {"s": self.py_random.uniform(*self.strength)}

        def apply(self, img: np.ndarray, s: float = 0.3, **params: Any) -> np.ndarray:
            return vignette(img, s)

    class SensorNoise(A.ImageOnlyTransform):
        """Additive Gaussian sensor noise, cut from fixed pre-drawn fields at a random offset:
        the same statistics as drawing fresh noise, at a fraction of the cost."""

        def __init__(self, std_range: tuple[float, float] = (0.01, 0.05), p: float = 0.5) -> None:
            super().__init__(p=p)
            self.std_range = std_range

        def get_params(self) -> dict[str, Any]:
            return {
                "std": self.py_random.uniform(*self.std_range),
                "field": self.py_random.randrange(NOISE_FIELDS),
                "dx": self.py_random.random(),
                "dy": self.py_random.random(),
            }

        def apply(
            self, img: np.ndarray, std: float = 0.02, field: int = 0, dx: float = 0, dy: float = 0, **params: Any
        ) -> np.ndarray:
            return add_noise(img, std, field, (dx, dy))

    return Vignette, SensorNoise


def vignette(img: np.ndarray, strength: float) -> np.ndarray:
    """Pure: multiply by 1 - strength * (r / r_corner)^2 about the image centre."""
    h, w = img.shape[:2]
    if (h, w) not in _RADIAL:
        yy, xx = np.mgrid[:h, :w].astype(np.float32)
        r2 = ((xx + 0.5) / w - 0.5) ** 2 + ((yy + 0.5) / h - 0.5) ** 2
        _RADIAL[(h, w)] = r2 / r2.max()
    gain = 1 - np.float32(strength) * _RADIAL[(h, w)]
    return cv2.multiply(img, cv2.merge([gain] * img.shape[2]), dtype=cv2.CV_8U)


def add_noise(img: np.ndarray, std: float, field: int, offset: tuple[float, float]) -> np.ndarray:
    """Pure: img + std * 255 * N(0, 1), the noise read from fixed field `field` rolled by `offset` (fractions)."""
    h, w = img.shape[:2]
    key = (h * 2, w * 2)
    if key not in _NOISE:  # fixed seed: the fields are part of the code, identical in every process
        _NOISE[key] = np.random.default_rng(12345).standard_normal((NOISE_FIELDS, h * 2, w * 2, 3), dtype=np.float32)
    y0, x0 = int(offset[1] * h), int(offset[0] * w)
    noise = _NOISE[key][field, y0 : y0 + h, x0 : x0 + w, : img.shape[2]]
    return cv2.add(img.astype(np.float32), noise * np.float32(std * 255), dtype=cv2.CV_8U)


def build_pipeline(cfg: EffectsConfig):
    A = albumentations()

    vignette_t, noise_t = _custom_transforms()
    k0, k1 = cfg.blur_px
    k0, k1 = k0 | 1, max(k1 | 1, k0 | 1)
    return A.Compose(
        [
            A.PlanckianJitter(mode="blackbody", temperature_limit=cfg.white_balance_k, p=cfg.white_balance_prob),
            A.RandomBrightnessContrast(
                brightness_limit=cfg.brightness, contrast_limit=cfg.contrast, p=cfg.brightness_contrast_prob
            ),
            A.OneOf([A.GaussianBlur(blur_limit=(k0, k1)), A.MotionBlur(blur_limit=(k0, k1))], p=cfg.blur_prob),
            noise_t(std_range=cfg.noise_std, p=cfg.noise_prob),
            vignette_t(strength=cfg.vignette_strength, p=cfg.vignette_prob),
        ],
        seed=0,
        save_applied_params=True,
    )


def pipeline(cfg: EffectsConfig):
    """The pipeline for `cfg`, built once per process (keyed by the config object, which a job keeps)."""
    cached = _PIPELINES.get(id(cfg))
    if cached is None or cached[0] is not cfg:
        cached = _PIPELINES[id(cfg)] = (cfg, build_pipeline(cfg))
    return cached[1]


def _seed_all(transform, rng: np.random.Generator) -> None:
    """Give every transform in the tree its own seed (see the module note)."""
    transform.set_random_seed(int(rng.integers(2**31)))
    for child in getattr(transform, "transforms", []):
        _seed_all(child, rng)


def apply_effects(image: np.ndarray, cfg: EffectsConfig, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    """The image through the camera pipeline, and a record: the seed, what was applied, the JPEG quality."""
    seed = int(rng.integers(2**31))
    pipe = pipeline(cfg)
    _seed_all(pipe, np.random.default_rng(seed))
    out = pipe(image=image)
    applied = [name for name, _ in out.get("applied_transforms", [])]
    quality = int(rng.integers(cfg.jpeg_quality[0], cfg.jpeg_quality[1] + 1))
    return out["image"], {"seed": seed, "applied": applied, "jpeg_quality": quality}
