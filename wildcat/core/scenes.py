"""Scenes: photos that show several products, each with a box and, where known, the product's id.

A scene set is a folder with `scenes.json` (written by wildcat) or, for a user's own photos, just images with an
optional `boxes.csv` (`image,x0,y0,x1,y1,product_id`; product_id may be empty). Boxes are (x0, y0, x1, y1) in
pixels of the full photo. Composites become scenes straight from their lineage (`scenes_from_composites`): every
pasted instance that is visible enough is a known box.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wildcat.core.atomic import write_json
from wildcat.core.errors import CatalogError, WildcatError
from wildcat.core.imageio import load_image
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.paths import inside

SCENES_FILE = "scenes.json"
BOXES_FILE = "boxes.csv"
BOX_COLUMNS = ("image", "x0", "y0", "x1", "y1", "product_id")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")
#: a pasted instance counts as shown in a composite scene when at most this share of it is hidden ...
MAX_HIDDEN = 0.5
#: ... and its visible box is at least this many pixels on its shorter side
MIN_BOX_SIDE = 16


@dataclass(frozen=True)
class SceneBox:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the full photo
    product_id: str = ""  # "" = an object whose product is unknown


@dataclass(frozen=True)
class Scene:
    scene_id: str
    path: str  # absolute, or relative to the scene set's folder
    width: int
    height: int
    boxes: tuple[SceneBox, ...] = ()
    lineage: dict[str, Any] = field(default_factory=dict, compare=False)

    def products(self) -> set[str]:
        return {b.product_id for b in self.boxes if b.product_id}


@dataclass
class SceneSet:
    root: Path
    scenes: list[Scene]
    meta: dict[str, Any] = field(default_factory=dict)
    rejects: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}: images left out

    def file(self, scene: Scene) -> Path:
        return Path(scene.path) if Path(scene.path).is_absolute() else self.root / scene.path

    def with_boxes(self) -> list[Scene]:
        """The scenes whose products are known: the ones that can be measured."""
        return [s for s in self.scenes if s.products()]

    def scenes_of(self) -> dict[str, list[int]]:
        """product id -> indices of the scenes that show it."""
        out: dict[str, list[int]] = {}
        for i, s in enumerate(self.scenes):
            for p in sorted(s.products()):
                out.setdefault(p, []).append(i)
        return out

    def save(self, folder: str | Path | None = None) -> Path:
        folder = Path(folder or self.root)
        doc = {"meta": self.meta, "scenes": [_scene_record(s) for s in self.scenes], "rejects": self.rejects}
        write_json(folder / SCENES_FILE, doc)
        return folder / SCENES_FILE


def _scene_record(s: Scene) -> dict[str, Any]:
    rec = asdict(s)
    # full precision: a set read back is the set that was made, so its crops and fingerprints do not move
    rec["boxes"] = [{"box": [float(v) for v in b.box], "product_id": b.product_id} for b in s.boxes]
    return rec


def load_scenes(folder: str | Path) -> SceneSet:
    """The scene set in `folder`: its scenes.json, or its images (with boxes.csv when there is one)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CatalogError(
            folder, "no such folder of scenes", "give a folder of photos or one made by 'wildcat scenes'"
        )
    if (folder / SCENES_FILE).is_file():
        return _read_scenes_json(folder)
    return _scan_folder(folder)


def _read_scenes_json(folder: Path) -> SceneSet:
    path = folder / SCENES_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        scenes = [
            Scene(
                scene_id=str(r["scene_id"]),
                path=str(r["path"]),
                width=int(r["width"]),
                height=int(r["height"]),
                boxes=tuple(SceneBox(_box(b["box"], path), str(b.get("product_id", ""))) for b in r["boxes"]),
                lineage=dict(r.get("lineage", {})),
            )
            for r in doc["scenes"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogError(path, f"unreadable scene list ({exc})", "re-make it with 'wildcat scenes make'") from exc
    for s in scenes:  # a relative path names a file of the set; `..` out of it is no scene of this set
        if not Path(s.path).is_absolute() and not inside(folder / s.path, folder):
            raise CatalogError(
                path,
                f"scene {s.scene_id!r} names a file outside its folder ({s.path})",
                "keep relative scene paths inside the folder (re-make it with 'wildcat scenes make')",
            )
    return SceneSet(folder, scenes, dict(doc.get("meta", {})), list(doc.get("rejects", [])))


def _box(values: Sequence, where: object) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in values)
    if not (x1 > x0 and y1 > y0):
        raise CatalogError(where, f"box {list(values)} is empty (x1 <= x0 or y1 <= y0)", "give x0 < x1 and y0 < y1")
    return (x0, y0, x1, y1)


def _scan_folder(folder: Path) -> SceneSet:
    """A user's photos: every image under `folder`; boxes from boxes.csv. An unreadable photo is recorded in
    `rejects` and left out, the rest load."""
    boxes = read_boxes_csv(folder / BOXES_FILE) if (folder / BOXES_FILE).is_file() else {}
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
    scenes, rejects = [], []
    for f in files:
        rel = f.relative_to(folder).as_posix()
        try:
            w, h = load_image(f).size
        except WildcatError as exc:  # an unreadable photo is a reject; the others go on
            rejects.append({"path": str(f), "reason": str(exc)})
            continue
        scenes.append(Scene(rel, rel, w, h, tuple(boxes.pop(rel, []))))
    for rel in boxes:
        rejects.append({"path": str(folder / rel), "reason": f"{BOXES_FILE} names it, but there is no such image"})
    return SceneSet(folder, scenes, {"source": "folder"}, rejects)


def read_boxes_csv(path: Path) -> dict[str, list[SceneBox]]:
    """image (relative to the csv's folder) -> its boxes; a bad row is an error naming its line."""
    out: dict[str, list[SceneBox]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in BOX_COLUMNS[:5] if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogError(
                path, f"missing column(s) {', '.join(missing)}", f"use the header {','.join(BOX_COLUMNS)}"
            )
        for line, row in enumerate(reader, start=2):
            image = (row.get("image") or "").strip()
            try:
                box = _box([row["x0"], row["y0"], row["x1"], row["y1"]], f"{path}:{line}")
            except (ValueError, TypeError) as exc:  # TypeError: a short row's missing cells are None
                raise CatalogError(f"{path}:{line}", f"bad box ({exc})", "give four numbers x0,y0,x1,y1") from exc
            if not image:
                raise CatalogError(f"{path}:{line}", "no image named", "give the photo's path in the image column")
            out.setdefault(image, []).append(SceneBox(box, (row.get("product_id") or "").strip()))
    return out


def scenes_from_composites(
    compose_dir: str | Path, min_products: int = 2, max_hidden: float = MAX_HIDDEN, min_side: int = MIN_BOX_SIDE
) -> SceneSet:
    """The composites of a `wildcat synth compose` folder that show at least `min_products` products, each
    instance that is visible enough a known box (the compositor's exact visible boxes, as in its coco.json)."""
    compose_dir = Path(compose_dir)
    scenes = []
    for row in read_manifest(compose_dir, absolute=True):  # absolute: the set may be saved in another folder
        boxes = tuple(visible_boxes(row.lineage.get("instances", []), max_hidden, min_side))
        if len({b.product_id for b in boxes}) >= min_products:
            scenes.append(_composite_scene(row, boxes))
    meta = {"source": "composites", "compose_dir": str(compose_dir.resolve()), "min_products": min_products}
    return SceneSet(compose_dir, scenes, meta)


def visible_boxes(
    instances: Iterable[dict], max_hidden: float = MAX_HIDDEN, min_side: int = MIN_BOX_SIDE
) -> Iterable[SceneBox]:
    """The (x0, y0, x1, y1) boxes of a composite's instances (its lineage's `instances`, boxes x, y, w, h) that are
    at most `max_hidden` occluded and at least `min_side` px a side: the ones a search can be asked to find."""
    for inst in instances:
        box = inst.get("box")
        if not box or inst.get("occluded", 1.0) > max_hidden or min(box[2], box[3]) < min_side:
            continue
        x, y, w, h = (float(v) for v in box)
        yield SceneBox((x, y, x + w, y + h), str(inst["product"]))


def _composite_scene(row: Sample, boxes: tuple[SceneBox, ...]) -> Scene:
    lineage = {"sample_id": row.sample_id, "seed": row.lineage.get("seed"), "layout": row.lineage.get("layout")}
    return Scene(row.sample_id, row.path, row.width, row.height, boxes, lineage)


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
