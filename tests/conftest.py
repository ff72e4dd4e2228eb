"""Fixtures shared by every stage's tests: tiny generated catalogs, never ../shared data."""

from __future__ import annotations

import os

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

# A test session renders (procedural backgrounds, proxies) and later trains or
# imports the UI: torch must be loaded before Mesa's software rasteriser, as in
# the pipeline (see synth.gl.preload_torch_compiler); the compositor no longer
# imports it (it used to, through albumentations).
import numpy as np
import pytest
import torch  # noqa: E402,F401
from PIL import Image


@pytest.fixture(autouse=True, scope="session")
def _own_model_cache(tmp_path_factory):
    """wildcat's own matting model (segment.own_model) is cached per test session, never in the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WILDCAT_MODELS", str(tmp_path_factory.mktemp("wildcat-models")))
        yield


def product_image(color: tuple[int, int, int], size: int = 96, shape: str = "disc") -> Image.Image:
    """A catalog-style image: a coloured object on white."""
    arr = np.full((size, size, 3), 255, dtype=np.uint8)
    yy, xx = np.mgrid[:size, :size]
    c = size / 2
    if shape == "disc":
        mask = (yy - c) ** 2 + (xx - c) ** 2 < (size * 0.3) ** 2
    else:
        mask = (abs(yy - c) < size * 0.3) & (abs(xx - c) < size * 0.2)
    arr[mask] = color
    return Image.fromarray(arr)


@pytest.fixture
def folder_catalog(tmp_path):
    """<root>/<category>/<product_id>/ with two categories and three products."""
    root = tmp_path / "shop"
    specs = [
        ("mugs", "mug-red", (200, 30, 30)),
        ("mugs", "mug-blue", (30, 30, 200)),
        ("lamps", "lamp-green", (30, 200, 30)),
    ]
    for category, pid, color in specs:
        d = root / category / pid
        d.mkdir(parents=True)
        product_image(color).save(d / "front.jpg")
    return root


@pytest.fixture
def grocery_layout(tmp_path):
    """A miniature of the Grocery Store Dataset layout, with train, val and test splits."""
    root = tmp_path / "grocery"
    classes = [
        ("Golden-Delicious", 0, "Apple", 0, "Fruit", (220, 200, 40)),
        ("Granny-Smith", 1, "Apple", 0, "Fruit", (60, 200, 60)),
        ("Oatly-Oat-Milk", 2, "Oat-Milk", 1, "Packages", (40, 60, 200)),
    ]
    lines = [
        "Class Name (str),Class ID (int),Coarse Class Name (str),Coarse Class ID (int),Iconic Image Path "
        "(str),Product Description Path (str)"
    ]
    for name, cid, coarse, ccid, top, color in classes:
        d = root / "iconic-images-and-descriptions" / top / coarse / name
        d.mkdir(parents=True)
        product_image(color).save(d / f"{name}_Iconic.jpg")
        (d / f"{name}_Description.txt").write_text(f"A {name}.")
        rel = f"/iconic-images-and-descriptions/{top}/{coarse}/{name}"
        lines.append(f"{name},{cid},{coarse},{ccid},{rel}/{name}_Iconic.jpg,{rel}/{name}_Description.txt")
    (root / "classes.csv").write_text("\n".join(lines) + "\n")
    rng = np.random.default_rng(0)
    for split, n in (("train", 2), ("val", 1), ("test", 1)):
        rows = []
        for name, cid, coarse, ccid, top, color in classes:
            d = root / split / top / coarse / name
            d.mkdir(parents=True)
            for i in range(n):
                bg = rng.integers(0, 255, (80, 80, 3), dtype=np.uint8)
                bg[20:60, 20:60] = color
                Image.fromarray(bg).save(d / f"{name}_{i:03d}.jpg")
                rows.append(f"{split}/{top}/{coarse}/{name}/{name}_{i:03d}.jpg, {cid}, {ccid}")
        (root / f"{split}.txt").write_text("\n".join(rows) + "\n")
    return root
