"""A tiny separable retrieval problem: 3 subcategories (colours) x 2 products
(stripe orientations). Catalog images show the striped square on white; query
images (a synthetic dataset) paste it, shifted and scaled, onto noise.
Colour alone finds the subcategory, so a random network gets about half of the
products right; telling the products apart needs learned orientation filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from wildcat.core.manifest import ManifestWriter, Sample

COLOURS = {"red": (220, 40, 40), "green": (40, 180, 40), "blue": (40, 60, 220)}
ORIENTATIONS = ("horizontal", "vertical")


@dataclass
class ToyProblem:
    catalog: Path
    dataset: Path
    products: list[str]


def stripes(colour: tuple[int, int, int], orientation: str, side: int) -> np.ndarray:
    """A side x side patch of coloured stripes (period 4 px) on white."""
    patch = np.full((side, side, 3), 255, dtype=np.uint8)
    idx = np.arange(side)
    on = (idx // 2) % 2 == 0
    if orientation == "horizontal":
        patch[on, :] = colour
    else:
        patch[:, on] = colour
    return patch


def query_image(rng: np.random.Generator, patch: np.ndarray, size: int) -> np.ndarray:
    """The patch at a random place and scale on a noisy grey background."""
    img = rng.integers(60, 200, (size, size, 3), dtype=np.uint8)
    side = int(rng.integers(size // 2, size * 3 // 4 + 1))
    small = np.asarray(Image.fromarray(patch).resize((side, side), Image.NEAREST))
    y, x = rng.integers(0, size - side + 1, 2)
    img[y : y + side, x : x + side] = small
    return img


def make_toy_problem(
    root: Path, queries_per_product: int = 8, val_per_product: int = 4, size: int = 40, seed: int = 0
) -> ToyProblem:
    rng = np.random.default_rng(seed)
    catalog, dataset = root / "shop", root / "synthetic"
    products = []
    with ManifestWriter(dataset) as mw:
        for colour_name, colour in COLOURS.items():
            for orientation in ORIENTATIONS:
                pid = f"{colour_name}-{orientation}"
                products.append(pid)
                patch = stripes(colour, orientation, 24)
                folder = catalog / colour_name / pid
                folder.mkdir(parents=True)
                cat_img = np.full((size, size, 3), 255, dtype=np.uint8)
                off = (size - 24) // 2
                cat_img[off : off + 24, off : off + 24] = patch
                Image.fromarray(cat_img).save(folder / "front.png")
                for i in range(queries_per_product + val_per_product):
                    split = "train" if i < queries_per_product else "val"
                    rel = f"images/{pid}_{i:02d}.png"
                    (dataset / "images").mkdir(parents=True, exist_ok=True)
                    Image.fromarray(query_image(rng, patch, size)).save(dataset / rel)
                    mw.add(
                        Sample(
                            sample_id=rel,
                            path=rel,
                            product_id=pid,
                            domain="synthetic",
                            generator="cutpaste",
                            split=split,
                            category=colour_name,
                            width=size,
                            height=size,
                        )
                    )
    return ToyProblem(catalog, dataset, products)


@pytest.fixture(scope="session")
def toy(tmp_path_factory) -> ToyProblem:
    return make_toy_problem(tmp_path_factory.mktemp("toy"))
