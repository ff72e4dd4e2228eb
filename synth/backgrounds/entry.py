"""A background as a list entry (small, picklable) and as loaded pixels plus geometry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from wildcat.synth.backgrounds.geometry import Geometry


@dataclass(frozen=True)
class BackgroundEntry:
    id: str  # "store/00012" (procedural) or "<kind>/<folder tag>/<relative path>" (photos)
    kind: str  # room, street, store, other, wild
    view: str  # room, street, aisle, shelf, bins, photo
    source: str  # procedural, folder, wild
    path: str  # absolute path of the image
    regions_path: str | None = None  # absolute path of the region label map (procedural only)
    geometry: dict[str, Any] | None = None  # Geometry.to_dict() (procedural only)

    @property
    def region_kinds(self) -> frozenset[str]:
        if self.geometry is None:
            return frozenset({"frame"})
        return frozenset(r["kind"] for r in self.geometry["regions"])

    def lineage(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "view": self.view, "source": self.source}


@dataclass
class Background:
    entry: BackgroundEntry
    image: np.ndarray  # RGB uint8
    geometry: Geometry
