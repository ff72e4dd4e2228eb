"""Import a catalog from a CSV or Parquet listing with one row per product, and optionally one per photo.

Product rows: id, category, images (several separated by ';'), and optionally
title, description, parent_category, locales (';'-separated), model3d,
up_axis. Relative paths are taken relative to the listing's folder.

Photo rows (a `domain` column saying `wild` or `unlabeled`; product rows leave
it empty or say `catalog`): the photo in `images` (or `path`), its product in
`id` (wild photos only) and its `split` (default "test"; unlabeled photos are
always in the "unlabeled" split). They are the shop's own photos of its
products in use, for evaluation, and photos of no known product.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from wildcat.core.catalog.schema import DEFAULT_QUERY_SPLIT, UNLABELED, Catalog, Product, WildQuery
from wildcat.core.catalog.variants import model_variants
from wildcat.core.errors import CatalogError
from wildcat.core.paths import inside

REQUIRED = ("id", "category", "images")
LIST_COLUMNS = ("images", "locales")
PATH_COLUMNS = ("images", "model3d")
KNOWN = (
    "id",
    "title",
    "description",
    "category",
    "parent_category",
    "parent_id",
    "locales",
    "images",
    "model3d",
    "model_variant",
    "up_axis",
)
PHOTO_DOMAINS = ("wild", UNLABELED)


def import_table(path: str | Path) -> Catalog:
    path = Path(path).resolve()
    rows = _read_rows(path)
    if not rows:
        raise CatalogError(path, "the listing has no rows", "add one row per product")
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise CatalogError(
            path, f"missing column(s) {', '.join(missing)}", f"the listing needs columns {', '.join(REQUIRED)}"
        )
    products, photos, bad = [], [], []
    for line, row in enumerate(rows, start=2):
        domain = str(row.pop("domain", None) or "catalog").strip().lower()
        try:
            if domain == "catalog":
                products.append(Product(**row_to_fields(row, path.parent)))
            elif domain in PHOTO_DOMAINS:
                photos.append((line, _photo(row, path.parent, domain)))
            else:
                raise ValueError(f"unknown domain {domain!r}; use catalog, {' or '.join(PHOTO_DOMAINS)}")
        except ValueError as exc:
            bad.append(f"line {line}: {_first_line(exc)}")
    known = {p.id for p in products} | {f"{p.id}-{name}" for p in products for name in model_variants(p)}
    bad += [
        f"line {line}: the photo's product {q.product_id!r} has no product row"
        for line, q in photos
        if q.product_id and q.product_id not in known
    ]
    if bad:  # every bad row at once: fixing them one import at a time would take as many runs
        shown = "; ".join(bad[:MAX_LISTED]) + (f"; and {len(bad) - MAX_LISTED} more" if len(bad) > MAX_LISTED else "")
        raise CatalogError(path, f"{len(bad)} invalid product row(s): {shown}", "correct those rows")
    queries = [q for _, q in photos]
    return Catalog(name=path.stem, root=path.parent, source_format="table", products=products, queries=queries)


def _photo(row: dict[str, Any], base: Path, domain: str) -> WildQuery:
    """A photo row as a wild photo: its file (images or path column), product (id) and split."""
    files = _as_list(row.get("path") or row.get("images") or "")
    if len(files) != 1:
        raise ValueError(f"a {domain} photo row names {len(files)} files in 'images' (or 'path'); give exactly one")
    split = UNLABELED if domain == UNLABELED else str(row.get("split") or DEFAULT_QUERY_SPLIT).strip()
    return WildQuery(path=_resolve(base, files[0]), product_id=str(row.get("id") or "").strip(), split=split)


MAX_LISTED = 20  # invalid rows named in one error


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:3]) if lines else type(exc).__name__


def row_to_fields(row: dict[str, Any], base: Path, require: tuple[str, ...] = REQUIRED) -> dict[str, Any]:
    """One listing row as Product fields: lists split, paths resolved, extras kept as attributes."""
    fields: dict[str, Any] = {}
    attributes: dict[str, str] = {}
    for key, value in row.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in LIST_COLUMNS:
            value = _as_list(value)
        if key in PATH_COLUMNS:
            value = [_resolve(base, v) for v in value] if isinstance(value, list) else _resolve(base, value)
        if key in KNOWN:
            fields[key] = value
        else:
            attributes[key] = str(value)
    if "images" in require and "images" not in fields and "model3d" in fields:
        fields["images"] = []  # a product with only a 3D model: `wildcat run` renders its catalog image
    for key in require:
        if key not in fields:
            raise ValueError(f"column '{key}' is empty" + (" (and no model3d)" if key == "images" else ""))
    if attributes:
        fields["attributes"] = attributes
    return fields


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


def _resolve(base: Path, value: Any) -> Path:
    """A listed file, which must lie under the listing's folder: a catalog names its own images."""
    p = Path(str(value)).expanduser()
    path = p if p.is_absolute() else (base / p).resolve()
    if not inside(path, base):
        raise ValueError(
            f"the file {value!r} lies outside the catalog folder {base}; keep the catalog's files under it"
        )
    return path


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise CatalogError(path, "the listing does not exist", "check the path")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as fh:
                return list(csv.DictReader(fh))
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.read_table(path).to_pylist()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(path, f"cannot read the listing ({exc})", "save it as UTF-8 CSV or Parquet") from exc
    except Exception as exc:  # pyarrow raises its own error types for broken files
        raise CatalogError(path, f"cannot read the listing ({exc})", "save it as UTF-8 CSV or Parquet") from exc
    raise CatalogError(path, f"unknown listing format {suffix!r}", "use .csv or .parquet")
