"""Products whose glTF model declares variants (KHR_materials_variants) become one product per variant.

A sneaker in three colourways is three sellable products sharing one mesh: each gets its own id
(`<id>-<variant>`), the variant's name in `model_variant` (the renderer applies its materials), and the original
id as `parent_id`, its variation family. A catalog image, or a wild photo labelled with the family's id, goes to the
variant whose name its file name contains; the others are reported by `catalog check` (`unassigned_image`), and a
variant without images gets one rendered in the studio preset by `wildcat run`, like any model-only product.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from wildcat.core.catalog.schema import Product, WildQuery
from wildcat.core.gltf import document_of, variant_names


def model_variants(product: Product) -> list[str]:
    """The variants a product splits into ([] when its model declares none, or it is one variant already)."""
    if not product.model3d or product.model_variant or not product.model3d.is_file():
        return []
    stat = product.model3d.stat()
    return list(_variants_of(str(product.model3d), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _variants_of(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """A model file's variants, read once per version of the file (its JSON can be tens of MB)."""
    return tuple(variant_names(document_of(Path(path))))


def expand_variants(products: list[Product]) -> tuple[list[Product], list[tuple[Product, list]]]:
    """(the products, each variant model split into its variants; per split product, its images no variant took)."""
    out, unassigned = [], []
    for product in products:
        names = model_variants(product)  # cached: _with_variants and listings ask again
        if not names:
            out.append(product)
            continue
        taken = set()
        for name in names:
            images = [p for p in product.images if _names(p.stem, name)]
            taken.update(images)
            out.append(
                product.model_copy(
                    update={
                        "id": f"{product.id}-{name}",
                        "title": f"{product.title or product.id} ({name})",
                        "images": images,
                        "model_variant": name,
                        "parent_id": product.parent_id or product.id,
                    }
                )
            )
        if left := [p for p in product.images if p not in taken]:
            unassigned.append((product, left))
    return out, unassigned


def assign_photos(queries: list[WildQuery], families: dict[str, list[str]]) -> tuple[list[WildQuery], list[WildQuery]]:
    """Wild photos labelled with a split product's id go to the variant their file name names (as catalog images
    do); returns (the photos, relabelled where needed; the photos that name no variant, or several)."""
    out, left = [], []
    for q in queries:
        names = families.get(q.product_id)
        match = [n for n in names if _names(q.path.stem, n)] if names else []
        if not names:
            out.append(q)
        elif len(match) == 1:
            out.append(q.model_copy(update={"product_id": f"{q.product_id}-{match[0]}"}))
        else:
            left.append(q)
    return out, left


def _names(stem: str, variant: str) -> bool:
    """Whether a file name mentions the variant as a word (`shoe-beach-front` names `beach`, `beachwear` does not)."""
    return re.search(rf"(^|[^a-z0-9]){re.escape(variant.lower())}($|[^a-z0-9])", stem.lower()) is not None
