"""In-the-wild test queries for a catalog with 3D models: photos of each product in full 3D scenes.

This is deliberately a different process from the training-data generators
(which paste 2D cutouts and renders onto pre-rendered backgrounds): here the
product's mesh stands in a 3D room, store aisle or street among other 3D
objects, lit by scene lights with shadows, seen through varied camera models
and developed by a phone-like pipeline. One task per product builds its scene
once and photographs it `per_product` times.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import Field

from wildcat.core.catalog import load_catalog, safe_name
from wildcat.core.config import Config, load_config, save_run_meta
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import CatalogError
from wildcat.core.imageio import encode_png, load_array
from wildcat.core.jobs import Produced, Task, run_batch
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.seeding import sample_rng
from wildcat.synth.procedural.gl_scene import renderer
from wildcat.synth.procedural.wild.cameras import CAMERA_MODELS, distort, sample_camera
from wildcat.synth.procedural.wild.clutter import footprint, load_model, place_clutter
from wildcat.synth.procedural.wild.environments import ENVIRONMENTS, build
from wildcat.synth.procedural.wild.lighting import sample_lighting
from wildcat.synth.procedural.wild.phone import develop, sample_phone
from wildcat.synth.procedural.wild.stage import Stage

GENERATOR = "wild-scene"
# parent category -> weights over ENVIRONMENTS (room, store, street)
PLACES = {"groceries": (0.3, 0.6, 0.1), "home": (0.6, 0.3, 0.1), "fashion": (0.35, 0.2, 0.45)}
MAX_DISTRACTOR_CHOICES = 24  # other products a task may draw clutter from
LOW_LIGHT = ("low light", "night street")


class WildQueryConfig(Config):
    per_product: int = Field(8, ge=1, description="wild photos per product (images)")
    size: int = Field(256, ge=32, le=2048, description="side of each square photo (pixels)")
    clutter: tuple[int, int] = Field((2, 5), description="range of other objects placed near the product (objects)")
    min_visible: float = Field(
        0.45,
        ge=0,
        le=1,
        description="least fraction of the product's silhouette left unhidden by things in front (ratio)",
    )
    min_area: float = Field(
        0.02, ge=0, le=1, description="least fraction of the photo the visible product covers (ratio)"
    )
    max_tries: int = Field(4, ge=1, description="camera draws per photo before the best one so far is kept (draws)")
    msaa: int = Field(
        0,
        ge=0,
        description="multisamples per pixel of the render (anti-aliasing; 0 is about 2x faster on a software "
        "rasteriser and, after the phone pipeline, looks the same) (samples)",
    )


def make_wild_queries(
    catalog_root: str | Path,
    out_dir: str | Path,
    per_product: int = 8,
    seed: int = 0,
    size: int = 256,
    executor=None,
    progress: bool = True,
    **options,
) -> Path:
    """Photograph every product of the catalog that has a 3D model; returns the dataset folder.

    Rows: domain "wild", generator "wild-scene", split "test", lineage with
    every scene, light, camera and phone parameter and the seed. A killed or
    repeated run skips finished products and writes the same bytes.
    """
    cfg = load_config(WildQueryConfig, None, per_product=per_product, size=size, **options)
    catalog = load_catalog(catalog_root)
    with_models = [p for p in catalog.products if p.model3d is not None]
    if not with_models:
        raise CatalogError(
            catalog.root, "no product has a 3D model", "add model files (GLB/glTF/OBJ) to the product folders"
        )
    out = Path(out_dir)
    tasks = [_task(p, with_models, cfg, seed) for p in with_models]
    save_run_meta(out, cfg, seed, catalog=str(catalog.root), generator=GENERATOR)
    summary = run_batch(tasks, work, out, stage="wild", executor=executor, progress=progress)
    if progress:
        print(summary.line())
    _contact_sheet(out)
    return out


def _task(product, everyone, cfg: WildQueryConfig, seed: int) -> Task:
    others = [(str(p.model3d), p.category, p.up_axis) for p in everyone if p.category != product.category]
    if len(others) > MAX_DISTRACTOR_CHOICES:
        pick = sample_rng(seed, product.id, 0, "wild-distractors").choice(
            len(others), MAX_DISTRACTOR_CHOICES, replace=False
        )
        others = [others[i] for i in sorted(pick)]
    ids = tuple(f"wild/{product.id}/{i:02d}" for i in range(cfg.per_product))
    params = {
        "seed": seed,
        "model": str(product.model3d),
        "up_axis": product.up_axis,
        "category": product.category,
        "parent": product.parent_category,
        "locale": product.locales[0] if product.locales else "",
        "distractors": others,
        "config": cfg.model_dump(mode="json"),
    }
    return Task(key=f"wild/{product.id}", product_id=product.id, sample_ids=ids, params=params)


def work(task: Task) -> Produced:
    """Build the product's scene once and photograph it; pure: returns bytes, writes nothing."""
    p, pid = task.params, task.product_id
    cfg = WildQueryConfig.model_validate(p["config"])
    product = load_model(p["model"], p["up_axis"])
    radius, height = footprint(product)
    rng = sample_rng(p["seed"], pid, 0, "wild-scene")
    weights = np.asarray(PLACES.get(p["parent"], (1, 1, 1)), float)
    env = build(ENVIRONMENTS[int(rng.choice(3, p=weights / weights.sum()))], height, radius, rng)
    clutter, clutter_lineage = place_clutter(
        rng,
        env,
        radius,
        height,
        [tuple(d) for d in p["distractors"]],
        int(rng.integers(cfg.clutter[0], cfg.clutter[1] + 1)),
    )
    stage = Stage(env.items + clutter, product, env.support_y, env.sky)
    gl = renderer(cfg.size, cfg.size, cfg.msaa)
    centre = np.array([0.0, env.support_y + height / 2, 0.0])
    sphere = float(np.hypot(radius, height / 2))
    scene_lineage = {"environment": env.kind, **env.params, "clutter": clutter_lineage, "model": p["model"]}
    files, samples = {}, []
    for i, sample_id in enumerate(task.sample_ids):
        view_rng = sample_rng(p["seed"], pid, i, "wild-view")
        image, mask, view_lineage = _photograph(stage, gl, view_rng, cfg, env, centre, sphere)
        stem = f"{safe_name(p['category'])}/{safe_name(pid)}/{i:02d}"
        files[f"images/{stem}.jpg"], files[f"masks/{stem}.png"] = image, encode_png(mask.astype(np.uint8) * 255)
        lineage = {"seed": p["seed"], "view": i, "mask": f"masks/{stem}.png", "scene": scene_lineage, **view_lineage}
        samples.append(
            Sample(
                sample_id=sample_id,
                path=f"images/{stem}.jpg",
                product_id=pid,
                domain="wild",
                generator=GENERATOR,
                split="test",
                category=p["category"],
                locale=p["locale"],
                width=cfg.size,
                height=cfg.size,
                lineage=lineage,
            )
        )
    return Produced(files=files, samples=samples)


def _photograph(
    stage: Stage, gl, rng: np.random.Generator, cfg: WildQueryConfig, env, centre: np.ndarray, sphere: float
):
    """One photo: draw cameras until the product is visible enough, render, distort, develop."""
    model = CAMERA_MODELS[int(rng.integers(len(CAMERA_MODELS)))]
    yaw = float(rng.uniform(-50, 50) if rng.random() < 0.7 else rng.uniform(-180, 180))
    best = None
    for attempt in range(1, cfg.max_tries + 1):
        camera = sample_camera(rng, model, centre, sphere, env.azimuth_deg)
        lighting = sample_lighting(rng, env.kind, camera.azimuth_deg)
        stage.set_view(camera, lighting, yaw)
        view = stage.render(gl, lighting.shadows)
        unhidden, area = view.mask.sum() / max(view.silhouette, 1), float(view.mask.mean())
        score = min(unhidden / max(cfg.min_visible, 1e-6), 1.0) * min(area / max(cfg.min_area, 1e-6), 1.0)
        if best is None or score > best[0]:
            best = (score, camera, lighting, view, attempt)
        if unhidden >= cfg.min_visible and area >= cfg.min_area:
            break
    _, camera, lighting, view, attempt = best
    color = distort(view.color, camera.k1, camera.k2)
    mask = distort(view.mask.astype(np.uint8), camera.k1, camera.k2, nearest=True).astype(bool)
    unhidden = float(view.mask.sum() / max(view.silhouette, 1))  # before the lens: both counts in render pixels
    phone = sample_phone(rng, lighting.setup in LOW_LIGHT)
    jpeg, exposure = develop(color, phone, rng)
    lineage = {
        "camera": camera.lineage(),
        "lighting": lighting.lineage(),
        "phone": {**phone.lineage(), **exposure},
        "product_yaw_deg": round(yaw, 2),
        "camera_tries": attempt,
        "mask_fraction": round(float(mask.mean()), 5),
        "unoccluded_fraction": round(unhidden, 4),
    }
    return jpeg, mask, lineage


def _contact_sheet(out: Path, limit: int = 48) -> None:
    rows = read_manifest(out)[:limit]
    if rows:
        images = [load_array(r.resolve(out), "RGB") for r in rows]
        save_contact_sheet(
            out / "contact_sheet.png", images, [f"{r.product_id} {r.lineage['scene']['environment']}" for r in rows]
        )
