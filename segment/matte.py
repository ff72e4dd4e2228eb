"""What every backend returns, and the one interface backends share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


@dataclass
class Matte:
    """A backend's answer for one image."""

    alpha: np.ndarray  # HxW float32 in [0, 1], 1 = object
    foreground: np.ndarray | None = None  # HxWx3 uint8 object colours (background unmixed); None = the image's own
    info: dict[str, Any] = field(default_factory=dict)  # backend-specific facts for the lineage


class Backend(Protocol):
    """A cutout backend: `backend(image) -> Matte` for a uint8 HxWx3 or HxWx4 image."""

    name: str  # registry name: whitebg, rembg, alpha
    model: str  # which model or method inside the backend
    version: str  # bumps when the same input would give different output

    def __call__(self, image: np.ndarray) -> Matte: ...
