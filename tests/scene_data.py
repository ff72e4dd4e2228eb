"""A small shop of plainly coloured products and their labelled photos, for the scene tests: a colour histogram
tells every product apart, so region and in-situ search have a known answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from wildcat.core.manifest import ManifestWriter, Sample

from tests.conftest import product_image

SHOP = {  # product id -> (category, colour)
    "mug-red": ("mugs", (210, 30, 30)),
    "mug-blue": ("mugs", (30, 40, 210)),
    "lamp-green": ("lamps", (30, 190, 40)),
    "lamp-yellow": ("lamps", (230, 210, 30)),
    "vase-purple": ("vases", (150, 40, 170)),
}


def make_shop(root: Path) -> Path:
    """<root>/shop/<category>/<product>/front.jpg (the catalog)."""
    for pid, (category, colour) in SHOP.items():
        d = root / "shop" / category / pid
        d.mkdir(parents=True)
        product_image(colour).save(d / "front.jpg")
    return root / "shop"


def make_photos(root: Path, per_product: int = 3, seed: int = 0) -> list[Sample]:
    """Labelled photos: the product on a dull background, in a dataset folder (absolute paths returned)."""
    out = root / "photos"
    out.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    rows = []
    with ManifestWriter(out) as mw:
        for pid, (category, colour) in SHOP.items():
            for i in range(per_product):
                image = np.asarray(product_image(colour, size=96, shape="box")).copy()
                white = np.all(image == 255, axis=2)
                image[white] = rng.integers(110, 140, size=(int(white.sum()), 3))
                path = out / f"{pid}-{i}.png"
                Image.fromarray(image).save(path)
                row = Sample(
                    sample_id=f"wild/{pid}/{i}", path=path.name, product_id=pid, domain="wild", generator="photo",
                    split="test", category=category, width=96, height=96,
                )  # fmt: skip
                mw.add(row)
                rows.append(row.model_copy(update={"path": str(path)}))
    return rows
