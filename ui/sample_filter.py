"""Filtering and paging the sample table: Arrow compute masks, so a filter
change over 100k rows costs milliseconds and only one page is ever decoded."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from wildcat.core.locales import GLOBAL

#: How the source filter names generators (others show as they are).
GENERATOR_LABELS = {
    "catalog": "catalog",
    "cutpaste": "cut-paste",
    "cutout": "cutout",
    "render": "render",
    "proxy": "render (3D proxy)",
    "wild": "wild",
    "wild-scene": "wild (3D scene)",
}
FACETS = ("dataset", "generator", "background", "category", "product_id")


@dataclass(frozen=True)
class SampleFilter:
    """What the Samples page shows; an empty tuple means "any"."""

    datasets: tuple[str, ...] = ()
    generators: tuple[str, ...] = ()
    backgrounds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    market: str | None = None  # locale id; None = every market
    market_products: frozenset[str] | None = None  # catalog products sold in `market`
    score_range: tuple[float, float] | None = None  # inclusive; None = any score
    keep_unscored: bool = True  # keep rows without a score when score_range is set


def apply(table: pa.Table, f: SampleFilter) -> pa.Table:
    """The rows of `table` that pass `f`, in table order."""
    mask = pa.array([True] * table.num_rows) if table.num_rows else None
    if mask is None:
        return table
    for column, wanted in (
        ("dataset", f.datasets),
        ("generator", f.generators),
        ("background", f.backgrounds),
        ("category", f.categories),
        ("product_id", f.products),
    ):
        if wanted:
            mask = pc.and_(mask, pc.is_in(table.column(column), pa.array(list(wanted), pa.string())))
    if f.market:
        mask = pc.and_(mask, _in_market(table, f.market, f.market_products))
    if f.score_range is not None:
        score = table.column("score")
        ok = pc.and_(pc.greater_equal(score, f.score_range[0]), pc.less_equal(score, f.score_range[1]))
        mask = pc.and_(mask, pc.fill_null(ok, f.keep_unscored))
    return table.filter(mask)


def _in_market(table: pa.Table, market: str, products: frozenset[str] | None) -> pa.ChunkedArray:
    """The catalog decides for its products (ui.catalog_info.in_market's rule); other rows go by their own locale."""
    by_locale = pc.is_in(table.column("locale"), pa.array([market, GLOBAL], pa.string()))
    if products is None:
        return by_locale
    return pc.or_(pc.is_in(table.column("product_id"), pa.array(sorted(products), pa.string())), by_locale)


def facets(table: pa.Table) -> dict[str, dict[str, int]]:
    """Per filterable column, each value with its row count (values sorted; "" left out)."""
    out = {}
    for column in FACETS:
        counts = pc.value_counts(table.column(column)).to_pylist() if table.num_rows else []
        out[column] = {c["values"]: c["counts"] for c in sorted(counts, key=lambda c: str(c["values"])) if c["values"]}
    return out


def score_bounds(table: pa.Table) -> tuple[float, float] | None:
    """(min, max) of the quality scores, None when no row has one."""
    mm = pc.min_max(table.column("score")).as_py() if table.num_rows else {"min": None}
    return None if mm["min"] is None else (float(mm["min"]), float(mm["max"]))


def page_count(n_rows: int, per_page: int) -> int:
    return max(1, math.ceil(n_rows / per_page))


def page_rows(table: pa.Table, page: int, per_page: int) -> list[dict]:
    """Rows of 1-based `page` (clamped to the last page) as dicts."""
    page = min(max(1, page), page_count(table.num_rows, per_page))
    return table.slice((page - 1) * per_page, per_page).to_pylist()


def generator_label(generator: str) -> str:
    return GENERATOR_LABELS.get(generator, generator)
