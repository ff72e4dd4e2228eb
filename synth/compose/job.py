"""What a compose job works from, in one picklable object: the config, the
seed, the products with foregrounds, their files and the backgrounds. A worker
(local process or Ray) needs nothing else to make any sample by index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wildcat.core.catalog import Catalog
from wildcat.synth.backgrounds.entry import BackgroundEntry
from wildcat.synth.compose.config import ComposeConfig, Profile


@dataclass(frozen=True)
class ProductInfo:
    id: str
    category: str
    parent_category: str
    locale: str


@dataclass
class Job:
    config: ComposeConfig
    seed: int
    products: dict[str, ProductInfo]  # every product that has foregrounds (heroes and distractors)
    foregrounds: dict[str, list[str]]  # product id -> absolute paths of its RGBA files
    backgrounds: list[BackgroundEntry]
    _profiles: dict[str, Profile] = field(default_factory=dict, repr=False, compare=False)
    _groups: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _ids: list[str] = field(default_factory=list, repr=False, compare=False)

    def product_ids(self) -> list[str]:
        """Every product id, sorted (made once: distractors are drawn from it many times per sample)."""
        if not self._ids:
            self._ids = sorted(self.products)
        return self._ids

    def profile(self, product_id: str) -> Profile:
        if product_id not in self._profiles:
            p = self.products[product_id]
            self._profiles[product_id] = self.config.profile_for(p.category, p.parent_category)
        return self._profiles[product_id]

    def similar(self, product_id: str) -> list[str]:
        """Products shown the same way (same profile), sorted; distractors are mostly drawn from these."""
        if not self._groups:
            for pid in sorted(self.products):
                key = self.profile(pid).model_dump_json()
                self._groups.setdefault(key, []).append(pid)
            self._groups.update({pid: grp for grp in list(self._groups.values()) for pid in grp})
        return self._groups[product_id]

    def inputs(self) -> dict[str, Any]:
        """The job's inputs as JSON (saved beside the dataset so a sample can be regenerated alone)."""
        return {
            "products": {k: vars(v) for k, v in sorted(self.products.items())},
            "foregrounds": {k: list(v) for k, v in sorted(self.foregrounds.items())},
            "backgrounds": [vars(e) for e in self.backgrounds],
        }

    @classmethod
    def from_inputs(cls, config: ComposeConfig, seed: int, inputs: dict[str, Any]) -> Job:
        products = {k: ProductInfo(**v) for k, v in inputs["products"].items()}
        return cls(
            config,
            seed,
            products,
            {k: list(v) for k, v in inputs["foregrounds"].items()},
            [BackgroundEntry(**e) for e in inputs["backgrounds"]],
        )


def product_infos(catalog: Catalog, product_ids: list[str]) -> dict[str, ProductInfo]:
    by_id = catalog.by_id()
    out = {}
    for pid in product_ids:
        p = by_id.get(pid)
        if p is not None:
            out[pid] = ProductInfo(p.id, p.category, p.parent_category, p.locales[0] if p.locales else "")
    return out
