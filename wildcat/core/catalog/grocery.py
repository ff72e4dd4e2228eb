"""Import the Grocery Store Dataset layout (Klasson et al., WACV 2019).

classes.csv lists the products with their iconic image and description; the
split files (train.txt, val.txt, test.txt: "path, fine id, coarse id") list
the natural in-store photos, which become labelled wild queries.
"""

from __future__ import annotations

import csv
from pathlib import Path

from wildcat.core.catalog.schema import Catalog, Product, WildQuery
from wildcat.core.errors import CatalogError
from wildcat.core.paths import inside

CLASSES_FILE = "classes.csv"
SPLITS = ("train", "val", "test")
LOCALE = "sv-SE"  # the photos were taken in Swedish stores


def is_grocery_layout(root: Path) -> bool:
    classes = root / CLASSES_FILE
    if not classes.is_file():
        return False
    with classes.open(encoding="utf-8", errors="replace") as fh:
        return "Class Name (str)" in fh.readline()


def import_grocery(root: str | Path) -> Catalog:
    root = Path(root).resolve()
    classes = _read_classes(root)
    products = [_product(root, row) for row in classes]
    fine_to_id = {int(row["Class ID (int)"]): row["Class Name (str)"] for row in classes}
    coarse = {int(row["Coarse Class ID (int)"]): row["Coarse Class Name (str)"] for row in classes}
    queries: list[WildQuery] = []
    for split in SPLITS:
        listing = root / f"{split}.txt"
        if listing.is_file():
            queries += _read_split(listing, root, split, fine_to_id, coarse)
    return Catalog(name=root.name, root=root, source_format="grocery", products=products, queries=queries)


def _read_classes(root: Path) -> list[dict[str, str]]:
    path = root / CLASSES_FILE
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    except OSError as exc:
        raise CatalogError(
            path, f"cannot read ({exc})", "point --root at the dataset folder holding classes.csv"
        ) from exc
    needed = (
        "Class Name (str)",
        "Class ID (int)",
        "Coarse Class Name (str)",
        "Coarse Class ID (int)",
        "Iconic Image Path (str)",
    )
    if not rows or any(k not in rows[0] for k in needed):
        raise CatalogError(path, "is not a Grocery Store classes.csv", f"it needs the columns {', '.join(needed)}")
    return rows


def _product(root: Path, row: dict[str, str]) -> Product:
    iconic = root / row["Iconic Image Path (str)"].lstrip("/")
    desc_rel = row.get("Product Description Path (str)", "").lstrip("/")
    description = ""
    if desc_rel and (root / desc_rel).is_file():
        description = (root / desc_rel).read_text(encoding="utf-8", errors="replace").strip()
    parts = Path(row["Iconic Image Path (str)"].lstrip("/")).parts
    parent = parts[1] if len(parts) > 2 else ""  # iconic-images-and-descriptions/<Fruit>/...
    return Product(
        id=row["Class Name (str)"],
        title=row["Class Name (str)"].replace("-", " "),
        description=description,
        category=row["Coarse Class Name (str)"],
        parent_category=parent,
        locales=[LOCALE],
        images=[iconic],
        attributes={"class_id": row["Class ID (int)"], "coarse_class_id": row["Coarse Class ID (int)"]},
    )


def _read_split(listing: Path, root: Path, split: str, fine: dict[int, str], coarse: dict[int, str]) -> list[WildQuery]:
    out = []
    for n, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        try:
            rel, fine_id, coarse_id = parts[0], int(parts[1]), int(parts[2])
            product = fine[fine_id]
        except (IndexError, ValueError, KeyError) as exc:
            raise CatalogError(
                f"{listing}:{n}", f"bad line {line!r} ({exc})", "each line is 'path, fine class id, coarse class id'"
            ) from exc
        if not inside(root / rel, root):
            raise CatalogError(
                f"{listing}:{n}",
                f"the photo {rel!r} lies outside the dataset folder",
                "list paths under the dataset folder",
            )
        out.append(WildQuery(path=root / rel, product_id=product, split=split, coarse_label=coarse.get(coarse_id, "")))
    return out
