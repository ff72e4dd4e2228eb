"""The scene sets a workspace holds (data/<name>/scenes.json, e.g. the demo's data/scenes) and drawing their
boxes for the Scenes page."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wildcat.core.scenes import SCENES_FILE, Scene
from wildcat.core.workspace import Workspace
from wildcat.eval.scenes import draw_box

KNOWN = (40, 170, 60)  # known boxes: green
FOUND = (230, 40, 40)  # a searched or found region: red


def scene_sets(ws: Workspace) -> list[Path]:
    """Folders under the workspace's data/ that hold a scene set, by name."""
    root = ws.data()
    return sorted(p.parent for p in root.glob(f"*/{SCENES_FILE}")) if root.is_dir() else []


def with_boxes(image: np.ndarray, scene: Scene, found=None) -> np.ndarray:
    """The scene with its known boxes outlined (and the region `found`, if given, on top)."""
    width = max(2, round(max(image.shape[:2]) / 160))
    for b in scene.boxes:
        image = draw_box(image, b.box, KNOWN, width)
    return draw_box(image, found, FOUND, width + 1) if found is not None else image


def scene_hint(ws: Workspace) -> str:
    """How to get a scene set into the workspace."""
    return (
        f"wildcat run --out {ws.root}   # the demo makes data/scenes\n"
        f"wildcat scenes make --photos DATASET --out {ws.data('scenes-mine')}   # or from your labelled photos\n"
        f"wildcat scenes make --composites {ws.data('COMPOSITES')} --out {ws.data('scenes-composites')}"
    )
