"""The catalog: what a shop has (products with images and maybe a 3D model),
plus, where a benchmark provides them, labelled in-the-wild query photos."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from wildcat.core.atomic import write_text
from wildcat.core.errors import CatalogError
from wildcat.core.seeding import stable_hash

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")
MODEL_SUFFIXES = (".glb", ".gltf", ".obj", ".ply", ".stl")
CATALOG_FILE = "catalog.json"
DEFAULT_LOCALE = "global"
#: the split of wild photos that show no known product (used only to adapt batch-norm statistics)
UNLABELED = "unlabeled"
#: the split of a labelled wild photo whose layout names none
DEFAULT_QUERY_SPLIT = "test"


class Product(BaseModel):
    """One product of the catalog."""

    id: str = Field(description="unique product id; used in file names after `safe_name`")
    title: str = Field("", description="human-readable name")
    description: str = Field("", description="free text from the shop")
    category: str = Field(description="finest category the shop uses (e.g. 'kurti', 'Apple')")
    parent_category: str = Field("", description="the category above it (e.g. 'apparel', 'Fruit')")
    locales: list[str] = Field(
        default_factory=lambda: [DEFAULT_LOCALE], description="markets the product is sold in, e.g. 'en-IN'"
    )
    images: list[Path] = Field(description="absolute paths of the catalog images, the first is the main one")
    model3d: Path | None = Field(None, description="absolute path of a glTF/GLB/OBJ/PLY/STL model, if any")
    model_variant: str | None = Field(
        None, description="the glTF KHR_materials_variants variant of model3d this product is (None = the default)"
    )
    parent_id: str = Field("", description="the product family it belongs to (its variants share it); '' = none")
    up_axis: Literal["y", "z"] | None = Field(None, description="override of the model's up axis; None = detect")
    attributes: dict[str, str] = Field(default_factory=dict, description="anything else the shop knows")

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("product id is empty")
        return v


class WildQuery(BaseModel):
    """An in-the-wild photo: labelled with the catalog product it shows (for evaluation, or training on real
    photos), or, in the UNLABELED split, of no known product (batch-norm adaptation only)."""

    path: Path = Field(description="absolute path of the photo")
    product_id: str = Field("", description="the product it shows ('' only in the unlabeled split)")
    split: str = Field(description="benchmark split: train, val, test, ..., or 'unlabeled'")
    coarse_label: str = Field("", description="coarse class, where the benchmark has one")

    @model_validator(mode="after")
    def _labelled_unless_unlabeled(self) -> WildQuery:
        if self.split == UNLABELED:
            self.product_id = ""  # whatever a listing said: these photos train no product
        elif not self.product_id.strip():
            raise ValueError(f"the photo {self.path} names no product; put it in the '{UNLABELED}' split")
        return self


class Catalog(BaseModel):
    """Products (the gallery) and optional labelled wild queries."""

    name: str
    root: Path = Field(description="where the catalog was imported from")
    source_format: str = Field(description="importer that read it: folder, table, grocery, saved")
    products: list[Product]
    queries: list[WildQuery] = Field(default_factory=list)
    unassigned_images: dict[str, list[Path]] = Field(
        default_factory=dict,
        description="per product family split into model variants, its catalog images and photos that name no variant",
    )

    def by_id(self) -> dict[str, Product]:
        """Products by id (the first one wins where ids repeat; `catalog check` reports those)."""
        out: dict[str, Product] = {}
        for p in self.products:
            out.setdefault(p.id, p)
        return out

    def queries_for(self, splits: list[str] | tuple[str, ...]) -> list[WildQuery]:
        return [q for q in self.queries if q.split in splits]

    @property
    def splits(self) -> list[str]:
        """Every split of wild photos, the unlabeled one included."""
        return sorted({q.split for q in self.queries})

    @property
    def labelled_splits(self) -> list[str]:
        """Splits of photos labelled with their product: what evaluation can measure recall on."""
        return sorted({q.split for q in self.queries if q.split != UNLABELED})

    def save(self, path: str | Path) -> Path:
        """Write the catalog as JSON (atomically); `load_catalog` reads it back."""
        path = Path(path)
        if path.is_dir() or not path.suffix:
            path = path / CATALOG_FILE
        write_text(path, self.model_dump_json(indent=1))
        return path


def safe_name(text: str) -> str:
    """`text` made safe for a file name, still readable and unique per id (hash suffix when changed), and short
    enough for any file system (a long id is cut to 80 characters plus its hash)."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "item"
    if clean != text or len(clean) > 80:
        clean = f"{clean[:80]}-{stable_hash(text) % 16**6:06x}"
    return clean


def read_saved(path: Path) -> Catalog:
    try:
        return Catalog.model_validate_json(path.read_text(encoding="utf-8"))
    except Exception as exc:
        raise CatalogError(
            path, f"not a wildcat catalog file ({exc})", "re-import the catalog with 'wildcat catalog import'"
        ) from exc
