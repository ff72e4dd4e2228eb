"""Upload limits (format, bytes, pixels) with clear messages, and the crop."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from wildcat.ui.uploads import MAX_UPLOAD_BYTES, UploadError, crop, read_upload


def png(size=(40, 30), mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 128 if mode == "L" else (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def test_a_good_photo_is_rgb():
    image = read_upload(png(), "shoe.PNG")
    assert image.shape == (30, 40, 3) and image.dtype == np.uint8 and tuple(image[0, 0]) == (200, 10, 10)


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("shoe.gif", png(), ["the .gif format is not accepted", "JPG, JPEG, PNG, WEBP"]),
        ("noext", png(), ["the .? format"]),
        ("big.jpg", b"\xff" * (MAX_UPLOAD_BYTES + 1), ["over the 20 MB limit", "downscale"]),
        ("broken.png", png()[:60], ["truncated or corrupt"]),
        ("fake.jpg", b"not an image at all", ["not a readable image"]),
        ("bomb.png", png((6400, 6400), "L"), ["40,960,000 pixels, over the limit of 40,000,000"]),
    ],
)
def test_refused_uploads_say_why_and_name_the_file(name, data, words):
    with pytest.raises(UploadError) as err:
        read_upload(data, name)
    assert str(err.value).startswith(f"{name}: ") and all(w in str(err.value) for w in words)


def test_crop_clips_to_the_image_and_refuses_an_empty_box():
    image = np.arange(60 * 80 * 3, dtype=np.uint8).reshape(60, 80, 3)
    assert np.array_equal(crop(image, (10, 5, 50, 45)), image[5:45, 10:50])
    assert crop(image, (-5, -5, 500, 500)).shape == image.shape
    with pytest.raises(UploadError, match="less than 8x8 pixels"):
        crop(image, (30, 10, 34, 50))
