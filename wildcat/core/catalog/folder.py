"""Import a catalog from a folder:

    <root>/<category>/<product_id>/        catalog images, and an optional 3D model (or the model alone)
    <root>/<category>/<product_id>/wild/   the shop's own photos of it in use: split "test", or
                                           wild/<split>/ for named splits (train, val, test, ...)
    <root>/_unlabeled/                     photos of no known product (batch-norm adaptation only)
    <root>/products.csv                    optional metadata, one row per product id

Folders whose names start with "_" or "." are not categories."""

from __future__ import annotations

import csv
from pathlib import Path

from wildcat.core.catalog.schema import (
    DEFAULT_QUERY_SPLIT,
    IMAGE_SUFFIXES,
    MODEL_SUFFIXES,
    UNLABELED,
    Catalog,
    Product,
    WildQuery,
)
from wildcat.core.catalog.table import row_to_fields
from wildcat.core.errors import CatalogError

METADATA_FILE = "products.csv"
WILD_DIR = "wild"  # inside a product folder
UNLABELED_DIR = "_unlabeled"  # at the root


def import_folder(root: str | Path) -> Catalog:
    root = Path(root).resolve()
    if not root.is_dir():
        raise CatalogError(root, "not a folder", "pass <root> holding <category>/<product_id>/ folders")
    metadata = _read_metadata(root / METADATA_FILE)
    products, queries = [], [WildQuery(path=p, split=UNLABELED) for p in _images(root / UNLABELED_DIR, deep=True)]
    for category_dir in _subfolders(root):
        for product_dir in _subfolders(category_dir):
            products.append(_product(product_dir, category_dir.name, metadata.get(product_dir.name, {})))
            queries += _wild_photos(product_dir)
    if not products:
        raise CatalogError(root, "no product folders found", "lay it out as <root>/<category>/<product_id>/image.jpg")
    return Catalog(name=root.name, root=root, source_format="folder", products=products, queries=queries)


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _images(folder: Path, deep: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    files = folder.rglob("*") if deep else folder.iterdir()
    return sorted(p for p in files if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def _wild_photos(product_dir: Path) -> list[WildQuery]:
    """The product's own photos: wild/*.jpg in the default split, wild/<split>/*.jpg in theirs."""
    wild = product_dir / WILD_DIR
    photos = [WildQuery(path=p, product_id=product_dir.name, split=DEFAULT_QUERY_SPLIT) for p in _images(wild)]
    for split_dir in _subfolders(wild) if wild.is_dir() else []:
        photos += [WildQuery(path=p, product_id=product_dir.name, split=split_dir.name) for p in _images(split_dir)]
    return photos


def _product(folder: Path, category: str, meta: dict[str, object]) -> Product:
    # Catalog images sit directly in the product folder; a model may sit there
    # or in a subfolder, and the textures it names are not catalog images.
    models = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in MODEL_SUFFIXES and WILD_DIR not in p.relative_to(folder).parts
    )
    textures = _texture_names(models[0]) if models else set()
    images = [p for p in _images(folder) if p.name not in textures]
    fields: dict[str, object] = {
        "id": folder.name,
        "title": folder.name.replace("_", " "),
        "category": category,
        "images": images,
        "model3d": models[0] if models else None,
    }
    fields.update({k: v for k, v in meta.items() if k != "id"})
    return Product(**fields)


def _texture_names(model: Path) -> set[str]:
    """File names an OBJ (through its MTL files) or a glTF refers to."""
    texts = [model, *model.parent.glob("*.mtl")] if model.suffix.lower() in (".obj", ".gltf") else []
    blob = " ".join(t.read_text(errors="ignore") for t in texts if t.stat().st_size < 8 * 2**20)
    return {p.name for p in model.parent.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.name in blob}


def _read_metadata(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if rows and "id" not in rows[0]:
        raise CatalogError(path, "has no 'id' column", "add an 'id' column naming each product folder")
    return {row["id"]: row_to_fields(row, path.parent, require=()) for row in rows}
