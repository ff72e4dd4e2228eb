"""A phone camera's pipeline, applied to a rendered frame.

Order as in a phone: scene light -> lens (vignetting, shake) -> sensor (Bayer
mosaic, signal-dependent shot noise plus read noise, 10-bit) -> ISP
(demosaic, chroma denoise, imperfect auto white balance, colour matrix, tone
curve, sharpening) -> JPEG. Stage functions are pure (numpy in, numpy out);
`sample_phone` draws their settings and `develop` runs them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

import cv2
import numpy as np

from wildcat.core.imageio import encode_jpeg

FULL_WELL = 0.0025  # shot-noise variance per unit signal at base gain (linear 0..1 scale)
READ_NOISE = 0.002  # read-noise standard deviation at base gain
TARGET_MEAN = 0.18  # mid-grey the auto-exposure aims for (linear)


@dataclass(frozen=True)
class PhoneParams:
    exposure_bias_ev: float  # auto-exposure error (stops)
    max_gain: float  # highest gain the phone will use (ISO / base ISO)
    vignetting: float  # relative light loss in the corners (0..1)
    shake_px: float  # motion-blur length (pixels)
    shake_deg: float  # motion-blur direction
    awb_strength: float  # how much of the light's colour cast auto white balance removes (0..1)
    wb_error: tuple[float, float]  # residual red and blue gain errors (ratio - 1)
    saturation: float  # colour-matrix saturation (1 = none)
    contrast: float  # tone-curve S strength (0 = plain sRGB)
    sharpen: float  # unsharp-mask amount
    jpeg_quality: int

    def lineage(self) -> dict:
        return {
            k: (round(v, 4) if isinstance(v, float) else [round(x, 4) for x in v] if isinstance(v, tuple) else v)
            for k, v in asdict(self).items()
        }


def sample_phone(rng: np.random.Generator, low_light: bool) -> PhoneParams:
    return PhoneParams(
        exposure_bias_ev=float(rng.normal(-0.6 if low_light else 0.0, 0.3)),
        max_gain=float(rng.uniform(8, 16)),
        vignetting=float(rng.uniform(0.05, 0.35)),
        shake_px=float(rng.uniform(1.5, 5.0) if low_light and rng.random() < 0.6 else rng.uniform(0, 1.2)),
        shake_deg=float(rng.uniform(0, 180)),
        awb_strength=float(rng.uniform(0.4, 0.9)),
        wb_error=(float(rng.normal(0, 0.05)), float(rng.normal(0, 0.05))),
        saturation=float(rng.uniform(1.0, 1.25)),
        contrast=float(rng.uniform(0.1, 0.5)),
        sharpen=float(rng.uniform(0.2, 0.9)),
        jpeg_quality=int(rng.integers(72, 95)),
    )


def develop(render: np.ndarray, params: PhoneParams, rng: np.random.Generator) -> tuple[bytes, dict]:
    """JPEG bytes of the photo of a rendered frame (HxWx3 uint8, sRGB), and what the camera chose."""
    linear = decode_8bit(render)
    gain = float(
        np.clip(
            TARGET_MEAN * 2**params.exposure_bias_ev / max(float(luminance(linear).mean()), 1e-4), 0.25, params.max_gain
        )
    )
    linear = vignette(linear, params.vignetting) * gain
    linear = motion_blur(linear, params.shake_px, params.shake_deg)
    raw = sensor(linear, max(gain, 1.0), rng)
    rgb = demosaic(raw)
    rgb = chroma_denoise(rgb)
    rgb = white_balance(rgb, params.awb_strength, params.wb_error)
    rgb = saturate(rgb, params.saturation)
    out = sharpen(tone_curve(rgb, params.contrast), params.sharpen)
    return encode_jpeg(np.clip(np.rint(out * 255), 0, 255).astype(np.uint8), params.jpeg_quality), {
        "gain": round(gain, 4)
    }


def srgb_to_linear(x: np.ndarray) -> np.ndarray:
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4).astype(np.float32)


def linear_to_srgb(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0, 1)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055).astype(np.float32)


_DECODE = srgb_to_linear(np.arange(256, dtype=np.float32) / 255)  # 8-bit sRGB -> linear, as a table
_ENCODE_STEPS = 4096
_ENCODE = linear_to_srgb(np.linspace(0, 1, _ENCODE_STEPS, dtype=np.float32))  # linear -> sRGB, finely tabulated


def decode_8bit(image: np.ndarray) -> np.ndarray:
    """Linear light of an 8-bit sRGB image (table lookup: the same numbers as `srgb_to_linear`)."""
    return _DECODE[image]


def encode(x: np.ndarray) -> np.ndarray:
    """sRGB of linear light by table lookup (12-bit steps, finer than the 8-bit output)."""
    return _ENCODE[np.clip(np.rint(x * (_ENCODE_STEPS - 1)), 0, _ENCODE_STEPS - 1).astype(np.int32)]


def luminance(x: np.ndarray) -> np.ndarray:
    return x @ np.array([0.2126, 0.7152, 0.0722], np.float32)


def vignette(x: np.ndarray, strength: float) -> np.ndarray:
    return x * (1 - strength * _radius2(*x.shape[:2]) / 2)[..., None]


@lru_cache(maxsize=8)
def _radius2(h: int, w: int) -> np.ndarray:
    """Squared distance from the centre, 1 at the edge centres, 2 in the corners."""
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
    r2.flags.writeable = False
    return r2


def motion_blur(x: np.ndarray, length: float, angle_deg: float) -> np.ndarray:
    if length < 1.0:
        return x
    k = int(np.ceil(length)) * 2 + 1
    kernel = np.zeros((k, k), np.float32)
    c = k // 2
    a = np.radians(angle_deg)
    for t in np.linspace(-length / 2, length / 2, 4 * k):
        kernel[int(round(c + t * np.sin(a))), int(round(c + t * np.cos(a)))] = 1
    return cv2.filter2D(x, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REFLECT)


def sensor(x: np.ndarray, gain: float, rng: np.random.Generator) -> np.ndarray:
    """The RGGB Bayer mosaic (HxW, 10-bit counts) of the light `x`: each photosite sees one colour.

    Shot noise grows with the signal (variance ~ signal x gain); read noise is
    amplified by the gain too, which is why low-light photos are grainy.
    """
    h, w = x.shape[:2]
    mosaic = np.empty((h, w), np.float32)
    mosaic[0::2, 0::2] = x[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = x[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = x[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = x[1::2, 1::2, 2]
    signal = np.clip(mosaic, 0, 1)
    variance = FULL_WELL * gain * signal + (READ_NOISE * gain) ** 2
    noisy = signal + rng.standard_normal(signal.shape, dtype=np.float32) * np.sqrt(variance)
    return np.clip(np.rint(noisy * 1023), 0, 1023).astype(np.uint16)


def demosaic(raw: np.ndarray) -> np.ndarray:
    """RGB (float 0..1) from the RGGB mosaic by OpenCV's bilinear demosaicing (its softening included)."""
    # OpenCV names Bayer patterns by the second row's first two pixels: RGGB is "BG"
    return cv2.cvtColor(raw, cv2.COLOR_BayerBG2RGB).astype(np.float32) / 1023


def chroma_denoise(x: np.ndarray) -> np.ndarray:
    """Blur colour (not brightness) noise, as phone ISPs do."""
    ycc = cv2.cvtColor(np.clip(x, 0, 1), cv2.COLOR_RGB2YCrCb)
    ycc[..., 1:] = cv2.GaussianBlur(ycc[..., 1:], (5, 5), 1.2)
    return cv2.cvtColor(ycc, cv2.COLOR_YCrCb2RGB)


def white_balance(x: np.ndarray, strength: float, error: tuple[float, float]) -> np.ndarray:
    """Grey-world auto white balance that removes only `strength` of the cast, plus a gain error."""
    means = x.reshape(-1, 3).mean(axis=0) + 1e-6
    gains = (means[1] / means) ** strength
    gains *= np.array([1 + error[0], 1.0, 1 + error[1]], np.float32)
    return x * gains.astype(np.float32)


def saturate(x: np.ndarray, amount: float) -> np.ndarray:
    y = luminance(x)[..., None]
    return y + (x - y) * amount


def tone_curve(x: np.ndarray, contrast: float) -> np.ndarray:
    """Highlight roll-off, sRGB encoding, then an S-curve of strength `contrast` (output 0..1)."""
    rolled = x / (1 + 0.15 * x)  # soft shoulder instead of hard clipping
    y = encode(rolled * 1.15)
    s = y * y * (3 - 2 * y)  # smoothstep: an S through (0.5, 0.5)
    return (1 - contrast) * y + contrast * s


def sharpen(x: np.ndarray, amount: float) -> np.ndarray:
    blurred = cv2.GaussianBlur(x, (0, 0), 1.0)
    return np.clip(x + amount * (x - blurred), 0, 1)
