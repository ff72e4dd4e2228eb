"""Settings of the background bank."""

from __future__ import annotations

from pydantic import Field

from wildcat.core.config import Config

#: Kinds a background can have. "wild" = unlabelled in-the-wild photos.
KINDS = ("room", "street", "store", "other", "wild")


class BankConfig(Config):
    per_kind: int = Field(
        64, ge=1, description="procedural backgrounds rendered per kind (room, street, store) (count)"
    )
    size: int = Field(
        384,
        ge=32,
        description="side of rendered backgrounds; a bit above the output size leaves room for crops (pixels)",
    )
    seed: int = Field(0, description="seed of the procedural bank; independent of the compose seed so banks are shared")
    store_views: dict[str, float] = Field(
        default_factory=lambda: {"aisle": 0.2, "shelf": 0.35, "bins": 0.45},
        description="relative frequency of store views: aisle (wide), shelf (facing a unit), bins (looking into "
        "produce crates)",
    )
    photo_side: int = Field(
        384, ge=32, description="photo backgrounds are resized so their short side is this (pixels)"
    )
    cache_size: int = Field(256, ge=1, description="backgrounds kept decoded in memory per process (count)")

    def identity(self) -> dict:
        """What decides a procedural background's pixels (per_kind only decides how many)."""
        return {
            "seed": self.seed,
            "size": self.size,
            "store_views": dict(sorted(self.store_views.items())),
            "version": 2,  # 2: fixed draw order, no coplanar surfaces of different materials
        }
