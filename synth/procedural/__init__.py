"""wildcat's built-in default catalog: procedural 3D products, their catalog images, and
in-the-wild test queries rendered in full 3D scenes.

    from wildcat.synth.procedural import build_default_catalog, make_wild_queries, make_product
    root = build_default_catalog("default_catalog", products_per_category=4, seed=0)
    wild = make_wild_queries(root, "wild_queries", per_product=8, seed=0)
"""

from wildcat.synth.procedural.catalog_builder import build_default_catalog
from wildcat.synth.procedural.registry import CATEGORIES, make_product, make_product_3d
from wildcat.synth.procedural.wild import WildQueryConfig, make_wild_queries

__all__ = [
    "CATEGORIES",
    "WildQueryConfig",
    "build_default_catalog",
    "make_product",
    "make_product_3d",
    "make_wild_queries",
]
