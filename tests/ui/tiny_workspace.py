"""A tiny but real workspace for the UI tests: a catalog of six products in
three markets (en-IN kurtis, en-US tunics, global mugs) with labelled wild
photos, a cutout dataset, a real composite dataset (synth.compose), two real
training runs (backbone "tiny"), an evaluation of each and their comparison,
and the en-IN locale pack (with en-US) installed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from wildcat.core.catalog import Catalog, Product, WildQuery
from wildcat.core.imageio import encode_png
from wildcat.core.manifest import ManifestWriter, Sample, read_manifest
from wildcat.core.workspace import Workspace

from tests.conftest import product_image

#: (product id, category, parent, locales, colour, shape)
PRODUCTS = [
    ("kurti-red", "kurti", "apparel", ["en-IN"], (200, 30, 30), "disc"),
    ("kurti-blue", "kurti", "apparel", ["en-IN"], (30, 30, 200), "box"),
    ("tunic-red", "tunic", "apparel", ["en-US"], (210, 70, 40), "disc"),
    ("tunic-green", "tunic", "apparel", ["en-US"], (30, 180, 30), "box"),
    ("mug-yellow", "mug", "home", ["global"], (220, 200, 30), "disc"),
    ("mug-purple", "mug", "home", ["global"], (140, 40, 160), "box"),
]
WILD_PER_PRODUCT = 3
CUTOUTS_PER_PRODUCT = 2
COMPOSITES_PER_PRODUCT = 2


@dataclass(frozen=True)
class TinyWorkspace:
    ws: Workspace
    catalog: Catalog

    @property
    def root(self) -> Path:
        return self.ws.root


def object_on(background: np.ndarray, colour, shape: str) -> np.ndarray:
    """The product drawn over `background` (its white pixels left out)."""
    side = background.shape[0] - 16
    obj = np.asarray(product_image(colour, side, shape))
    out = background.copy()
    mask = (obj != 255).any(-1)
    out[8 : 8 + side, 8 : 8 + side][mask] = obj[mask]
    return out


def make_catalog(root: Path, rng: np.random.Generator) -> Catalog:
    images, wild = root / "shop" / "images", root / "shop" / "wild"
    images.mkdir(parents=True)
    wild.mkdir(parents=True)
    products, queries = [], []
    for pid, category, parent, locales, colour, shape in PRODUCTS:
        path = images / f"{pid}.png"
        product_image(colour, 48, shape).save(path)
        products.append(
            Product(id=pid, title=pid, category=category, parent_category=parent, locales=locales, images=[path])
        )
        for i in range(WILD_PER_PRODUCT):
            photo = wild / f"{pid}_{i}.jpg"
            Image.fromarray(object_on(rng.integers(0, 255, (56, 56, 3), dtype=np.uint8), colour, shape)).save(photo)
            queries.append(WildQuery(path=photo, product_id=pid, split="val", coarse_label=parent))
    return Catalog(name="tiny", root=root / "shop", source_format="saved", products=products, queries=queries)


def make_cutouts(folder: Path, catalog: Catalog) -> None:
    """Cutouts as segment/ writes them (RGBA, a quality score, lineage naming the catalog image)."""
    (folder / "cutouts").mkdir(parents=True)
    with ManifestWriter(folder) as mw:
        for (pid, category, _, locales, colour, shape), product in zip(PRODUCTS, catalog.products, strict=False):
            for i in range(CUTOUTS_PER_PRODUCT):
                obj = np.asarray(product_image(colour, 40, shape))
                rgba = np.dstack([obj, ((obj != 255).any(-1) * 255).astype(np.uint8)])
                rel = f"cutouts/{pid}_{i}.png"
                (folder / rel).write_bytes(encode_png(rgba))
                mw.add(
                    Sample(
                        sample_id=f"cutout/{pid}/{i}",
                        path=rel,
                        product_id=pid,
                        domain="catalog",
                        generator="cutout",
                        category=category,
                        locale=locales[0],
                        width=40,
                        height=40,
                        score=0.5 + 0.3 * i,
                        lineage={"source": str(product.images[0]), "backend": "whitebg", "seed": 0},
                    )
                )


def make_backgrounds(folder: Path, rng: np.random.Generator) -> Path:
    for kind in ("store", "room"):
        (folder / kind).mkdir(parents=True)
        for i in range(2):
            Image.fromarray((rng.random((60, 80, 3)) * 120 + 60).astype(np.uint8)).save(folder / kind / f"{i}.jpg")
    return folder


def build(root: Path) -> TinyWorkspace:
    import wildcat.eval as ev
    from wildcat.core.catalog import catalog_samples, wild_samples
    from wildcat.core.locales import add_pack, shipped_pack_paths
    from wildcat.synth.compose import ComposeConfig, compose_dataset
    from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes
    from wildcat.train import TrainConfig, load_embedder, train_run

    rng = np.random.default_rng(0)
    ws = Workspace.at(root / "ws")
    ws.root.mkdir(parents=True)
    catalog = make_catalog(root, rng)
    catalog.save(ws.catalog)
    make_cutouts(ws.data("cutouts"), catalog)
    config = ComposeConfig.model_validate(
        {
            "size": 48,
            "per_product": COMPOSITES_PER_PRODUCT,
            "contact_sheet": 0,
            "backgrounds": [str(make_backgrounds(root / "bg", rng))],
        }
    )
    compose_dataset(catalog, [ws.data("cutouts")], ws.data("cutpaste"), config, seed=3, progress=False)
    synthetic = read_manifest(ws.data("cutpaste"), absolute=True)
    for name, steps in (("before", 2), ("after", 10)):
        cfg = TrainConfig(
            data=[str(ws.data("cutpaste"))],
            catalog=str(ws.catalog),
            backbone="tiny",
            steps=steps,
            image_size=32,
            batch_size=8,
            samples_per_class=2,
            embedding_dim=16,
            device="cpu",
            checkpoint_every=1000,
        )
        run = train_run(cfg, ws.run(name), seed=0, progress=False)
        result = ev.evaluate(
            load_embedder(run.checkpoint, device="cpu"),
            catalog_samples(catalog),
            wild_samples(catalog, ["val"]),
            ks=(1, 5, 10),
            seed=0,
            synthetic=synthetic,
            n_resamples=100,
            cache=None,
            progress=False,
        )
        ev.write_report(result, ws.evaluation(name), plots=False)
    ev.compare(
        ws.evaluation("before"), ws.evaluation("after"), ws.comparison("before-vs-after"), n_resamples=100, plots=False
    )
    add_pack(shipped_pack_paths()["en-IN"], ws.root)
    photos = wild_samples(catalog, ["train", "val", "test"])
    make_mosaic_scenes(photos, ws.data("scenes"), MosaicConfig(size=160), seed=0, progress=False)
    return TinyWorkspace(ws, catalog)
