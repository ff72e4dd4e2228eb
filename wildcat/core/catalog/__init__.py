"""Catalog schema and importers. `load_catalog` picks the importer from what it finds."""

from __future__ import annotations

from pathlib import Path

from wildcat.core.catalog.folder import import_folder
from wildcat.core.catalog.grocery import import_grocery, is_grocery_layout
from wildcat.core.catalog.samples import catalog_samples, wild_samples
from wildcat.core.catalog.schema import CATALOG_FILE, Catalog, Product, WildQuery, read_saved, safe_name
from wildcat.core.catalog.table import import_table
from wildcat.core.catalog.variants import assign_photos, expand_variants, model_variants
from wildcat.core.errors import CatalogError

FORMATS = ("auto", "folder", "table", "grocery", "saved")

__all__ = ["Catalog", "Product", "WildQuery", "load_catalog", "safe_name", "catalog_samples", "wild_samples", "FORMATS"]


def load_catalog(path: str | Path, fmt: str = "auto") -> Catalog:
    """Read a catalog: a saved catalog.json, a CSV/Parquet listing, a Grocery
    Store Dataset folder, or a <category>/<product_id>/ folder."""
    path = Path(path).expanduser()
    if not path.exists():
        raise CatalogError(path, "does not exist", "check the catalog path")
    if fmt == "auto":
        fmt = _detect(path)
    if fmt == "saved":
        return read_saved(path / CATALOG_FILE if path.is_dir() else path)
    if fmt == "grocery":
        return import_grocery(path)
    if fmt in ("table", "folder"):
        return _with_variants(import_table(path) if fmt == "table" else import_folder(path))
    raise CatalogError(path, f"unknown catalog format {fmt!r}", f"use one of {', '.join(FORMATS)}")


def _with_variants(catalog: Catalog) -> Catalog:
    families = {p.id: names for p in catalog.products if (names := model_variants(p))}
    if not families:
        return catalog
    products, unassigned = expand_variants(catalog.products)
    queries, photos_left = assign_photos(catalog.queries, families)
    left = {p.id: images for p, images in unassigned}
    for q in photos_left:
        left.setdefault(q.product_id, []).append(q.path)
    return catalog.model_copy(update={"products": products, "queries": queries, "unassigned_images": left})


def _detect(path: Path) -> str:
    if path.is_file():
        return "saved" if path.suffix.lower() == ".json" else "table"
    if (path / CATALOG_FILE).is_file():
        return "saved"
    if is_grocery_layout(path):
        return "grocery"
    return "folder"
