"""The product categories wildcat can generate, picked by name.

scene = make_product("mug", rng)          # a textured trimesh.Scene
CATEGORIES["mug"].parent                  # "home"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wildcat.core.errors import ConfigError
from wildcat.synth.procedural import bags, ceramics, fruit, furniture, packs, shoes
from wildcat.synth.procedural.assembly import Product3D, rest_on_ground, to_scene


@dataclass(frozen=True)
class Category:
    name: str
    parent: str  # home, fashion or groceries
    build: Callable[[np.random.Generator], Product3D]


CATEGORIES: dict[str, Category] = {
    c.name: c
    for c in (
        Category("chair", "home", furniture.chair),
        Category("lamp", "home", furniture.lamp),
        Category("mug", "home", ceramics.mug),
        Category("vase", "home", ceramics.vase),
        Category("shoe", "fashion", shoes.shoe),
        Category("bag", "fashion", bags.bag),
        Category("carton", "groceries", packs.carton),
        Category("can", "groceries", packs.can),
        Category("bottle", "groceries", packs.bottle),
        Category("fruit", "groceries", fruit.fruit),
    )
}


def category(name: str) -> Category:
    if name not in CATEGORIES:
        raise ConfigError(None, f"unknown product category {name!r}", f"use one of {', '.join(CATEGORIES)}")
    return CATEGORIES[name]


def make_product_3d(name: str, rng: np.random.Generator) -> Product3D:
    """A product of category `name`, standing on y = 0, centred on x = z = 0, front towards +Z (metres)."""
    product = category(name).build(rng)
    product.pieces = rest_on_ground(product.pieces)
    return product


def make_product(name: str, rng: np.random.Generator):
    """A product of category `name` as a textured trimesh.Scene (Y up, metres); its title is in `scene.metadata`."""
    return to_scene(make_product_3d(name, rng))
