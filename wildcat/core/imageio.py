"""Safe image loading used by every stage.

One entry point, `load_image`, turns any file a user hands us into a plain
8-bit RGB or RGBA Pillow image, or raises `ImageLoadError` naming the file and
the fix. It guards against decompression bombs (pixel count checked before
decoding), unknown formats (only an allow-list of decoders is ever tried),
truncated files, and odd colour modes (CMYK, palette, 16-bit, 1-bit, LA).
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from wildcat.core.atomic import write_bytes
from wildcat.core.errors import ImageLoadError, describe_source

#: Decoders we let Pillow try. Everything else (EPS, PSD, ...) is refused
#: without being parsed: fewer decoders, less attack surface.
ALLOWED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF")
#: Largest image we decode, in pixels (8k x 8k). Bigger ones are bombs or
#: scans nobody meant to train on.
MAX_PIXELS = 64_000_000
#: Largest file we read, in bytes.
MAX_BYTES = 256 * 1024 * 1024
#: Smallest side, in pixels, of an image worth using.
MIN_SIDE = 8

Mode = Literal["RGB", "RGBA", "auto"]


def load_image(
    source: str | Path | bytes,
    mode: Mode = "auto",
    *,
    name: str | None = None,
    max_pixels: int = MAX_PIXELS,
    min_side: int = MIN_SIDE,
) -> Image.Image:
    """Decode `source` (a path or the bytes of a file) to an 8-bit RGB/RGBA image.

    mode: "RGB" drops alpha (composited on white), "RGBA" always has alpha,
    "auto" keeps alpha only when the image has some.
    name: what to call the file in errors when `source` is bytes.
    """
    label = name or ("<uploaded image>" if isinstance(source, bytes) else describe_source(source))
    data = _read_bytes(source, label)
    if not data:
        raise ImageLoadError(label, "the file is empty (0 bytes)", "re-export or re-download the image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            _check_size(im, label, max_pixels, min_side)
            # Our own pixel check ran above; keep Pillow's from firing twice.
            im.load()
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageLoadError(
            label,
            f"the image is over the limit of {max_pixels:,} pixels (possible decompression bomb: {exc})",
            "downscale it",
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageLoadError(
            label,
            f"not a readable image in an allowed format ({', '.join(ALLOWED_FORMATS)})",
            "convert it to PNG or JPEG",
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageLoadError(
            label,
            f"the image data is truncated or corrupt ({_without_buffer(exc)})",
            "re-export or re-download the image",
        ) from exc
    im = _apply_exif(im, label)
    return _normalise_mode(im, mode)


def load_array(source: str | Path | bytes, mode: Mode = "auto", **kwargs) -> np.ndarray:
    """`load_image` as a HxWx3 or HxWx4 uint8 array."""
    return np.asarray(load_image(source, mode, **kwargs))


def encode_png(array: np.ndarray, compress_level: int = 1) -> bytes:
    """PNG bytes of a uint8 HxW, HxWx3 or HxWx4 array (fast compression by default)."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(array)).save(buf, format="PNG", compress_level=compress_level)
    return buf.getvalue()


def encode_jpeg(array: np.ndarray, quality: int = 92) -> bytes:
    """JPEG bytes of a uint8 HxW, HxWx3 or HxWx4 (alpha dropped) array; OpenCV's encoder takes
    about half the time of PIL's, which matters to the compositor (one JPEG per sample)."""
    import cv2  # heavy; only writers of JPEGs need it

    image = np.ascontiguousarray(array)
    if image.ndim == 3:
        image = cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError(f"OpenCV could not encode a {image.shape} {image.dtype} array as JPEG")
    return data.tobytes()


def save_image(path: str | Path, array: np.ndarray, quality: int = 92) -> Path:
    """Atomically write `array` as PNG or JPEG, chosen by the suffix of `path`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = encode_png(array)
    elif suffix in (".jpg", ".jpeg"):
        data = encode_jpeg(array, quality)
    else:
        raise ValueError(f"{path}: save_image writes .png or .jpg, not {suffix!r}")
    write_bytes(path, data)
    return path


def _read_bytes(source: str | Path | bytes, label: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif hasattr(source, "read"):  # an open file or an upload's buffer: read no more than the limit allows
        data = source.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ImageLoadError(label, f"the file is larger than {MAX_BYTES >> 20} MB", "resize or re-compress it")
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise ImageLoadError(label, "the file does not exist", "check the path in the catalog") from exc
        except OSError as exc:
            raise ImageLoadError(label, f"the file cannot be read ({exc})", "check its permissions") from exc
        if size > MAX_BYTES:
            raise ImageLoadError(
                label, f"the file is {size / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit", "downscale it"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImageLoadError(label, f"the file cannot be read ({exc})", "check its permissions") from exc
    if len(data) > MAX_BYTES:
        raise ImageLoadError(
            label, f"the data is {len(data) / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit", "downscale it"
        )
    return data


def _check_size(im: Image.Image, label: str, max_pixels: int, min_side: int) -> None:
    w, h = im.size
    if w * h > max_pixels:
        raise ImageLoadError(
            label,
            f"the image is {w}x{h} = {w * h:,} pixels, over the limit of {max_pixels:,} (possible decompression bomb)",
            "downscale it",
        )
    if min(w, h) < min_side:
        raise ImageLoadError(
            label, f"the image is {w}x{h} pixels, smaller than {min_side} pixels on a side", "use a larger image"
        )


def _apply_exif(im: Image.Image, label: str) -> Image.Image:
    """Rotate as the camera said, so a phone photo stands upright."""
    try:
        return ImageOps.exif_transpose(im)
    except Exception as exc:  # broken EXIF blocks are common; the pixels are still fine
        warnings.warn(f"{label}: ignoring unreadable EXIF orientation ({exc})", stacklevel=3)
        return im


def _normalise_mode(im: Image.Image, mode: Mode) -> Image.Image:
    im = _to_8bit(im)
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    if im.mode == "P":
        im = im.convert("RGBA" if has_alpha else "RGB")
    target = mode if mode != "auto" else ("RGBA" if has_alpha else "RGB")
    if target == "RGB" and has_alpha:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return im if im.mode == target else im.convert(target)


def _to_8bit(im: Image.Image) -> Image.Image:
    """Scale 16/32-bit integer and float images to 8 bits instead of clipping them."""
    if im.mode.startswith("I;16") or im.mode == "I":
        arr = np.asarray(im).astype(np.float64)
        if im.mode.startswith("I;16") or arr.max(initial=0) > 255:
            arr = arr / 257.0
        return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "L")
    if im.mode == "F":
        arr = np.asarray(im, dtype=np.float64)
        if arr.max(initial=0) <= 1.0:
            arr = arr * 255.0
        return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "L")
    return im


def _without_buffer(exc: Exception) -> str:
    """Pillow's message without the in-memory buffer it names (`<_io.BytesIO object at 0x...>`): the file's
    name already leads the error."""
    return re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>", "", str(exc)).strip() or type(exc).__name__
