"""Tiny inputs for the compositing tests: RGBA foreground datasets, a catalog,
folders of background photos, and a synthetic background with known geometry.
Import these explicitly (tests/synth/conftest.py belongs to the rendering tests)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from wildcat.core.catalog import Catalog, Product
from wildcat.core.imageio import encode_png
from wildcat.core.manifest import ManifestWriter, Sample
from wildcat.synth.backgrounds.entry import BackgroundEntry
from wildcat.synth.backgrounds.geometry import AREA, LINE, Geometry, Region
from wildcat.synth.compose.composer import Composer
from wildcat.synth.compose.config import ComposeConfig, Profile
from wildcat.synth.compose.job import Job, ProductInfo

#: (product id, category, parent category, colour) of the test catalog: two produce, one package.
PRODUCTS = [
    ("apple-red", "Apple", "Fruit", (200, 30, 30)),
    ("lime-green", "Lime", "Fruit", (60, 190, 40)),
    ("milk-blue", "Milk", "Packages", (40, 60, 200)),
]


def rgba_object(color, size: int = 40, shape: str = "disc") -> np.ndarray:
    """An RGBA cutout: a coloured disc or upright box with a lighter stripe, on transparent."""
    rgba = np.zeros((size, size, 4), np.uint8)
    c = size // 2
    if shape == "disc":
        cv2.circle(rgba, (c, c), size // 2 - 3, (*color, 255), -1)
    else:
        cv2.rectangle(rgba, (size // 4, 2), (3 * size // 4, size - 3), (*color, 255), -1)
    rgba[c - 2 : c + 2, :, :3] = np.minimum(rgba[c - 2 : c + 2, :, :3].astype(int) + 60, 255).astype(np.uint8)
    return rgba


def make_foregrounds(root: Path, products=PRODUCTS, per_product: int = 2, corrupt: str | None = None) -> Path:
    """A dataset folder of cutouts as segment/ writes it; `corrupt` = a product whose only file is broken."""
    root.mkdir(parents=True, exist_ok=True)
    with ManifestWriter(root) as mw:
        for pid, category, _, color in products:
            n = 1 if pid == corrupt else per_product
            for i in range(n):
                rel = f"cutouts/{pid}_{i}.png"
                (root / "cutouts").mkdir(exist_ok=True)
                if pid == corrupt:
                    (root / rel).write_bytes(b"\x89PNG\r\n\x1a\n not really")
                else:
                    shape = "box" if category == "Milk" else "disc"
                    (root / rel).write_bytes(
                        encode_png(rgba_object(tuple(int(v * (1 - 0.2 * i)) for v in color), shape=shape))
                    )
                mw.add(
                    Sample(
                        sample_id=f"cutout/{pid}/{i}",
                        path=rel,
                        product_id=pid,
                        domain="synthetic",
                        generator="cutout",
                        category=category,
                    )
                )
    return root


def make_catalog(root: Path, products=PRODUCTS) -> Catalog:
    images = root / "catalog_images"
    images.mkdir(parents=True, exist_ok=True)
    items = []
    for pid, category, parent, color in products:
        path = images / f"{pid}.jpg"
        Image.new("RGB", (32, 32), color).save(path)
        items.append(Product(id=pid, title=pid, category=category, parent_category=parent, images=[path]))
    catalog = Catalog(name="test", root=root, source_format="saved", products=items)
    catalog.save(root / "catalog.json")
    return catalog


def make_photo_backgrounds(root: Path, corrupt: bool = False) -> Path:
    """Background photos in kind subfolders (store/, room/), optionally with one broken file."""
    rng = np.random.default_rng(0)
    for kind in ("store", "room"):
        (root / kind).mkdir(parents=True, exist_ok=True)
        for i in range(2):
            img = (rng.random((60, 80, 3)) * 120 + 60).astype(np.uint8)
            Image.fromarray(img).save(root / kind / f"{i}.jpg")
    if corrupt:
        (root / "store" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    return root


def tiny_config(backgrounds: list[str], **kw) -> ComposeConfig:
    base = {"size": 48, "per_product": 3, "backgrounds": backgrounds, "contact_sheet": 6}
    base.update(kw)
    return ComposeConfig.model_validate(base)


#: The synthetic background: floor in the bottom half with ppm = 2*y - 40 (so 40 px/m at y=40, 200 at y=120),
#: a bin area in the top-left, and a shelf line.
BG = 128


def floor_ppm() -> tuple[float, float, float]:
    return (0.0, 2.0, -40.0)


def make_geometry_background(root: Path, kinds: tuple[str, ...] = ("floor", "bin", "shelf")) -> BackgroundEntry:
    """A procedural-style background entry with a known floor, bin and shelf (those in `kinds`), written to `root`."""
    root.mkdir(parents=True, exist_ok=True)
    img = np.full((BG, BG, 3), 120, np.uint8)
    img[BG // 2 :] = (150, 130, 100)
    labels = np.zeros((BG, BG), np.uint8)
    labels[BG // 2 :, :] = 1
    labels[8:40, 8:56] = 2
    regions = [
        Region("floor", AREA, np.array([[0, 64], [BG, 64], [BG, BG], [0, BG]], float), floor_ppm(), 1),
        Region("bin", AREA, np.array([[8, 8], [56, 8], [56, 40], [8, 40]], float), (0.0, 0.0, 300.0), 2),
        Region("shelf", LINE, np.array([[70.0, 30.0], [126.0, 34.0]]), (0.0, 0.0, 250.0), 0),
    ]
    for r in regions:
        if r.kind not in kinds and r.shape == AREA:
            labels[labels == r.label] = 0
    geo = Geometry(BG, BG, [r for r in regions if r.kind in kinds], labels)
    (root / "bg.png").write_bytes(encode_png(img))
    (root / "bg.regions.png").write_bytes(encode_png(labels))
    return BackgroundEntry(
        "store/geo", "store", "bins", "procedural", str(root / "bg.png"), str(root / "bg.regions.png"), geo.to_dict()
    )


def make_job(tmp_path, kinds, profile: Profile, **placement) -> Job:
    fg = make_foregrounds(tmp_path / "fg")
    entry = make_geometry_background(tmp_path / "bg", kinds)
    cfg = ComposeConfig(
        size=64, profiles=[profile], placement={"truncation_prob": 0.0, **placement}, occlusion={"prob": 0.0}
    )
    products = {pid: ProductInfo(pid, cat, parent, "") for pid, cat, parent, _ in PRODUCTS}
    files = {pid: sorted(str(p) for p in (fg / "cutouts").glob(f"{pid}_*.png")) for pid in products}
    return Job(cfg, 7, products, files, [entry])


def composer(job: Job, index: int) -> Composer:
    c = Composer(job, "apple-red", index)
    c.load_background(job.backgrounds[0])
    return c
