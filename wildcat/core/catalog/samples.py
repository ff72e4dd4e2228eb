"""Catalog products and wild queries as manifest rows, so training and
evaluation read one kind of record whatever the source."""

from __future__ import annotations

from collections.abc import Sequence

from wildcat.core.catalog.schema import Catalog
from wildcat.core.manifest import Sample


def catalog_samples(catalog: Catalog) -> list[Sample]:
    """One row per catalog image (domain "catalog", absolute path): the gallery side."""
    rows = []
    for p in catalog.products:
        for i, image in enumerate(p.images):
            rows.append(
                Sample(
                    sample_id=f"catalog/{p.id}/{i}",
                    path=str(image),
                    product_id=p.id,
                    domain="catalog",
                    generator="catalog",
                    category=p.category,
                    locale=p.locales[0] if p.locales else "",
                    lineage={"source": str(image), "parent_category": p.parent_category},
                )
            )
    return rows


def wild_samples(catalog: Catalog, splits: Sequence[str]) -> list[Sample]:
    """One row per labelled wild photo of the given splits (domain "wild"): the query side."""
    products = catalog.by_id()
    rows = []
    for q in catalog.queries_for(tuple(splits)):
        p = products.get(q.product_id)
        rows.append(
            Sample(
                sample_id=f"wild/{q.split}/{_relative(q.path, catalog)}",
                path=str(q.path),
                product_id=q.product_id,
                domain="wild",
                generator="wild",
                split=q.split,
                category=p.category if p else q.coarse_label,
                locale=(p.locales[0] if p and p.locales else ""),
                lineage={"source": str(q.path), "coarse_label": q.coarse_label},
            )
        )
    return rows


def _relative(path, catalog: Catalog) -> str:
    try:
        return str(path.relative_to(catalog.root))
    except ValueError:
        return str(path)
