"""Multi-product scenes from labelled single-product photos: each scene is a canvas holding two to four photos of
different products at different scales, so every region is a real (or independently generated) photo and every
box and product is known.

Used where no photo with several boxed products exists: the grocery benchmark (real store photos) and the
built-in demo (its wild photos are 3D scenes from a different generator than the training data). A photo's box is
its product's mask box when its lineage has a mask (the demo's wild scenes), else the whole tile. Every photo is
used at most once, so the scenes are as held out as the photos they are made of.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
from pydantic import Field, model_validator
from tqdm.auto import tqdm

from wildcat.core.atomic import exclusive, write_bytes
from wildcat.core.config import Config
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_jpeg, load_array
from wildcat.core.manifest import Sample, file_state
from wildcat.core.scenes import SCENES_FILE, Scene, SceneBox, SceneSet, load_scenes
from wildcat.core.seeding import sample_rng

STREAM = "mosaic"


class MosaicConfig(Config):
    size: int = Field(512, ge=64, le=4096, description="side of each square scene (pixels)")
    per_scene: tuple[int, int] = Field((2, 4), description="photos of different products per scene (count range)")
    scale: tuple[float, float] = Field(
        (0.55, 0.95), description="a photo's longer side over its grid cell's side (ratio range)"
    )
    max_scenes: int | None = Field(None, ge=1, description="stop after this many scenes; None = use every photo")
    quality: int = Field(92, ge=50, le=100, description="JPEG quality of the scenes")

    @model_validator(mode="after")
    def _ranges(self) -> MosaicConfig:
        lo, hi = self.per_scene
        if not 2 <= lo <= hi <= 4:
            raise ValueError(f"per_scene {self.per_scene}: give 2 <= low <= high <= 4 (a scene has four cells)")
        if not 0 < self.scale[0] <= self.scale[1] <= 1:
            raise ValueError(f"scale {self.scale}: give 0 < low <= high <= 1 (a photo fits its cell)")
        return self


def make_mosaic_scenes(
    photos: list[Sample], out_dir: str | Path, config: MosaicConfig | None = None, seed: int = 0, progress: bool = True
) -> SceneSet:
    """Deal `photos` (absolute paths, labelled with product ids) into scenes in `out_dir` (images/ and scenes.json).

    A rerun with the same photos, config and seed reads the finished set back; an unreadable photo is recorded
    in the set's rejects and the scene goes on without it."""
    cfg = config or MosaicConfig()
    out = Path(out_dir)
    meta = {"source": "mosaic", "seed": seed, "config": cfg.model_dump(mode="json"), "photos": _fingerprint(photos)}
    with exclusive(out):
        if (out / SCENES_FILE).is_file():
            done = load_scenes(out)
            if done.meta == meta:
                return done
        _clear(out)  # a set made anew leaves no scene of the old one behind
        groups = deal(photos, cfg, np.random.default_rng(sample_rng(seed, STREAM, 0, "deal").integers(2**63)))
        scenes, rejects = [], []
        for i, group in enumerate(tqdm(groups, desc="scenes", unit="scene", disable=not progress)):
            scene = _make_scene(i, group, cfg, sample_rng(seed, STREAM, i, "layout"), out, rejects)
            if scene is not None:
                scenes.append(scene)
        made = SceneSet(out, scenes, meta, rejects)
        made.save()  # at full precision: a rerun reads back this very set (same crops, same fingerprints)
        return made


def _clear(out: Path) -> None:
    """Remove an old set: its list first, so a remake killed half-way leaves no list naming missing images."""
    (out / SCENES_FILE).unlink(missing_ok=True)
    for old in (out / "images").glob("*.jpg") if (out / "images").is_dir() else ():
        old.unlink()


def _fingerprint(photos: list[Sample]) -> dict:
    """Which photos, in which state: an edited photo makes the set anew."""
    digest = hashlib.sha256("\n".join(sorted(file_state(p) for p in photos)).encode()).hexdigest()
    return {"count": len(photos), "sha256": digest[:16]}


def deal(photos: list[Sample], cfg: MosaicConfig, rng: np.random.Generator) -> list[list[Sample]]:
    """Photos in groups of `per_scene` different products, each photo in one group at most."""
    labelled = [p for p in photos if p.product_id]
    order = [labelled[i] for i in rng.permutation(len(labelled))]
    groups: list[list[Sample]] = []
    while order and (cfg.max_scenes is None or len(groups) < cfg.max_scenes):
        want = int(rng.integers(cfg.per_scene[0], cfg.per_scene[1] + 1))
        group: list[Sample] = []
        for p in list(order):
            if p.product_id not in {g.product_id for g in group}:
                group.append(p)
                order.remove(p)
                if len(group) == want:
                    break
        if len(group) < 2:  # only one product's photos are left: no scene can show two products
            break
        groups.append(group)
    return groups


def _make_scene(i: int, group: list[Sample], cfg: MosaicConfig, rng: np.random.Generator, out: Path, rejects):
    canvas = _backdrop(cfg.size, rng)
    cells = _cells(len(group), cfg.size, rng)
    boxes, tiles = [], []
    for photo, (cx, cy, cw, ch) in zip(group, cells, strict=True):
        try:
            image = load_array(photo.path, mode="RGB")
            mask_box = _mask_box(photo)
        except WildcatError as exc:
            rejects.append({"path": str(photo.path), "reason": str(exc)})
            continue
        h, w = image.shape[:2]
        f = float(rng.uniform(*cfg.scale)) * min(cw / w, ch / h)
        tw, th = max(1, round(w * f)), max(1, round(h * f))
        x = cx + int(rng.integers(0, cw - tw + 1))
        y = cy + int(rng.integers(0, ch - th + 1))
        canvas[y : y + th, x : x + tw] = cv2.resize(image, (tw, th), interpolation=cv2.INTER_AREA)
        bx0, by0, bx1, by1 = mask_box if mask_box is not None else (0, 0, w, h)
        sx, sy = tw / w, th / h  # the scales the tile was drawn at (sizes are rounded to whole pixels)
        boxes.append(SceneBox((x + bx0 * sx, y + by0 * sy, x + bx1 * sx, y + by1 * sy), photo.product_id))
        tiles.append({"sample_id": photo.sample_id, "path": str(photo.path), "at": [x, y, tw, th]})
    if len({b.product_id for b in boxes}) < 2:
        return None
    rel = f"images/{i:05d}.jpg"
    write_bytes(out / rel, encode_jpeg(canvas, cfg.quality))
    return Scene(f"mosaic/{i:05d}", rel, cfg.size, cfg.size, tuple(boxes), {"index": i, "tiles": tiles})


def _backdrop(size: int, rng: np.random.Generator) -> np.ndarray:
    """A plain shaded grey: nothing in it looks like a product."""
    top, bottom = rng.uniform(90, 200, size=2)
    ramp = np.linspace(top, bottom, size, dtype=np.float32)[:, None, None]
    noise = rng.normal(0, 4, size=(size, size, 1)).astype(np.float32)
    return np.clip(np.broadcast_to(ramp, (size, size, 3)) + noise, 0, 255).astype(np.uint8)


def _cells(n: int, size: int, rng: np.random.Generator) -> list[tuple[int, int, int, int]]:
    """n of the four quadrants (two halves for two photos), in random order: x, y, width, height."""
    half = size // 2
    if n == 2:
        cells = [(0, 0, half, size), (half, 0, size - half, size)]
        if rng.random() < 0.5:
            cells = [(0, 0, size, half), (0, half, size, size - half)]
    else:
        cells = [(0, 0, half, half), (half, 0, size - half, half), (0, half, half, size - half)]
        cells.append((half, half, size - half, size - half))
    return [cells[j] for j in rng.permutation(len(cells))[:n]]


def _mask_box(photo: Sample) -> tuple[int, int, int, int] | None:
    """The box of the product's mask (x0, y0, x1, y1) when the photo's lineage names a mask file, else None."""
    rel = photo.lineage.get("mask")
    if not rel:
        return None
    # the mask path is relative to the photo's dataset folder, which is one of the photo's parents
    path = next((d / rel for d in Path(photo.path).parents if (d / rel).is_file()), None)
    if path is None:
        raise WildcatError(photo.path, f"its mask {rel} is missing", "re-make the photos' dataset")
    mask = load_array(path, mode="RGB")[..., 0]  # a grey PNG read as RGB: any channel is the mask
    ys, xs = np.nonzero(mask > 127)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
