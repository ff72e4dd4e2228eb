"""A battery of bad and odd images, each giving a clear error or the right normalisation."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from wildcat.core.errors import ImageLoadError, WildcatError
from wildcat.core.imageio import load_array, load_image, save_image


def _save(path, im, **kw):
    im.save(path, **kw)
    return path


def test_zero_bytes(tmp_path):
    p = tmp_path / "empty.jpg"
    p.write_bytes(b"")
    with pytest.raises(ImageLoadError, match="empty") as info:
        load_image(p)
    assert str(p) in str(info.value)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(ImageLoadError, match="does not exist"):
        load_image(tmp_path / "nope.png")


def test_truncated_jpeg(tmp_path):
    rng = np.random.default_rng(0)
    full = _save(tmp_path / "full.jpg", Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(full.read_bytes()[:600])
    with pytest.raises(ImageLoadError, match="truncated or corrupt") as info:
        load_image(cut)
    assert "cut.jpg" in str(info.value)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming width x height pixels with almost no data: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_png_bomb_refused_before_decoding(tmp_path):
    p = tmp_path / "bomb.png"
    p.write_bytes(_png_header_only(30_000, 30_000))
    with pytest.raises(ImageLoadError, match="over the limit") as info:
        load_image(p)
    assert "bomb.png" in str(info.value) and "Fix:" in str(info.value)


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    p = _save(tmp_path / "cmyk.jpg", Image.new("CMYK", (32, 32), (0, 255, 255, 0)), quality=95)  # pure red in CMYK
    im = load_image(p)
    assert im.mode == "RGB"
    r, g, b = np.asarray(im).reshape(-1, 3).mean(axis=0)
    assert r > 200 and g < 60 and b < 60


def test_16bit_png_scaled_not_clipped(tmp_path):
    arr = np.full((16, 16), 32768, dtype=np.uint16)  # mid grey in 16 bits
    p = _save(tmp_path / "deep.png", Image.fromarray(arr))
    out = load_array(p)
    assert out.shape == (16, 16, 3)
    assert abs(int(out[0, 0, 0]) - 128) <= 1


def test_palette_with_transparency_becomes_rgba(tmp_path):
    im = Image.new("P", (16, 16), 0)
    im.putpalette([255, 0, 0] + [0, 255, 0] + [0] * 762)
    im.paste(1, (0, 0, 8, 16))
    p = _save(tmp_path / "pal.png", im, transparency=0)
    out = load_array(p)
    assert out.shape == (16, 16, 4)
    assert out[0, 0].tolist() == [0, 255, 0, 255]  # opaque green half
    assert out[0, 15, 3] == 0  # transparent red half
    flat = load_array(p, "RGB")  # RGB composites over white
    assert flat[0, 15].tolist() == [255, 255, 255]


def test_la_and_1bit_modes(tmp_path):
    la = _save(tmp_path / "la.png", Image.new("LA", (16, 16), (100, 128)))
    assert load_image(la).mode == "RGBA"
    one = _save(tmp_path / "one.png", Image.new("1", (16, 16), 1))
    out = load_array(one)
    assert out.shape == (16, 16, 3) and out.min() == 255


def test_exif_rotation_applied(tmp_path):
    arr = np.zeros((20, 40, 3), dtype=np.uint8)  # landscape, left half white
    arr[:, :20] = 255
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    p = _save(tmp_path / "rot.jpg", Image.fromarray(arr), exif=exif.tobytes(), quality=95)
    out = load_array(p)
    assert out.shape[:2] == (40, 20)  # now portrait
    assert out[2, 10].mean() > 200 and out[-3, 10].mean() < 50  # white half on top after rotation


def test_tiny_image_refused_with_bound(tmp_path):
    p = _save(tmp_path / "px.png", Image.new("RGB", (1, 1), (1, 2, 3)))
    with pytest.raises(ImageLoadError, match="1x1 pixels"):
        load_image(p)
    assert load_array(p, min_side=1).tolist() == [[[1, 2, 3]]]


def test_disallowed_format_not_parsed(tmp_path):
    p = tmp_path / "doc.eps"
    p.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    with pytest.raises(ImageLoadError, match="allowed format"):
        load_image(p)


def test_bytes_source_named_in_error():
    with pytest.raises(ImageLoadError, match="upload.png"):
        load_image(b"not an image at all", name="upload.png")


def test_save_roundtrip_atomic(tmp_path):
    arr = np.random.default_rng(1).integers(0, 255, (8, 9, 4), dtype=np.uint8)
    p = save_image(tmp_path / "a.png", arr)
    assert np.array_equal(load_array(p, "RGBA"), arr)
    assert [f.name for f in tmp_path.iterdir()] == ["a.png"]  # no temp left behind
    buf = io.BytesIO()
    Image.fromarray(arr[..., :3]).save(buf, "PNG")
    assert load_array(buf.getvalue()).shape == (8, 9, 3)


def test_an_in_memory_file_is_named_plainly_in_errors(tmp_path):
    with pytest.raises(ImageLoadError) as err:
        load_array(io.BytesIO(b"not an image"))
    assert "0x" not in str(err.value) and "<BytesIO in memory>" in str(err.value)
    with open(tmp_path / "f.bin", "wb") as fh:
        assert str(WildcatError(fh, "bad", "fix it")).startswith(str(tmp_path / "f.bin"))
    assert str(WildcatError(b"\x00", "bad")).startswith("<uploaded data>")
