"""Rendering a whole catalog: one task per product makes all its views after one load.

Products with a 3D model are rendered from it (generator "render", or
"render-catalog" with the catalog preset). With a cutouts folder, products
without a model get a 3D proxy built from their best cutout (generator
"proxy"). `render_task` is a pure function of its task (bytes in, bytes out),
so an executor can run it in other processes or on other machines.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from wildcat.core.atomic import exclusive, write_json
from wildcat.core.catalog import Catalog, safe_name
from wildcat.core.config import resume_seed, save_run_meta
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_png, load_array
from wildcat.core.jobs import BatchSummary, Produced, Task, run_batch
from wildcat.core.manifest import Sample, read_manifest
from wildcat.synth.render.asset import Asset, load_asset
from wildcat.synth.render.config import RenderConfig
from wildcat.synth.render.cutouts import best_cutouts
from wildcat.synth.render.errors import CutoutError
from wildcat.synth.render.proxies import kind_for_category, make_proxy
from wildcat.synth.render.proxies.choose import NO_PROXY
from wildcat.synth.render.views import View, render_views

STAGE = "render"
INPUTS_FILE = "render_inputs.json"  # every task's inputs, so one view can be regenerated from the folder alone
SHEET_PRODUCTS = 12  # products shown on the contact sheet...
SHEET_VIEWS = 8  # ...with this many views each


def render_catalog(
    catalog: Catalog,
    out_dir: str | Path,
    config: RenderConfig,
    seed: int | None,
    cutouts_dir: str | Path | None = None,
    progress: bool = True,
    executor=None,
) -> BatchSummary:
    """Render every product that has a model (and, with `cutouts_dir`, a proxy for every other one) into `out_dir`.
    `seed` None: the folder's own when it resumes one, else a drawn one (saved in its config.yaml)."""
    out_dir = Path(out_dir)
    cutouts = best_cutouts(cutouts_dir) if cutouts_dir is not None and config.preset != "catalog" else None
    tasks = plan_tasks(catalog, config, cutouts, Path(cutouts_dir) if cutouts_dir else None)
    with exclusive(out_dir):  # from reading the folder's config to the last file written
        seed = resume_seed(out_dir, seed, config)
        save_run_meta(
            out_dir, config, seed, catalog=str(catalog.root), cutouts=str(cutouts_dir) if cutouts_dir else None
        )
        save_inputs(out_dir, tasks)
        work = functools.partial(render_task, config=config, seed=seed)
        summary = run_batch(tasks, work, out_dir, stage=STAGE, executor=executor, progress=progress)
        save_sheet(out_dir, {s for t in tasks for s in t.sample_ids})
        return summary


def plan_tasks(
    catalog: Catalog, cfg: RenderConfig, cutouts: dict[str, Sample] | None, cutouts_dir: Path | None
) -> list[Task]:
    tasks = []
    for p in catalog.by_id().values():  # a repeated id is rendered once (`wildcat catalog check` reports it)
        if p.model3d is not None:
            source, path = "model", str(p.model3d)
        elif cutouts is not None:
            if kind_for_category(p.category, p.parent_category, cfg.proxy) == NO_PROXY:
                continue  # e.g. garments: no proxy shape looks like one (ProxyConfig.category_kinds)
            cut = cutouts.get(p.id)
            source, path = ("proxy", str(cut.resolve(cutouts_dir))) if cut else ("none", "")
        else:
            continue  # no model and no cutouts asked for: nothing to render
        generator = "render-catalog" if cfg.preset == "catalog" else ("render" if source == "model" else "proxy")
        names = ["catalog"] if cfg.preset == "catalog" else [f"{i:04d}" for i in range(cfg.views)]
        params = {
            "source": source,
            "path": path,
            "up_axis": p.up_axis,
            "variant": p.model_variant if source == "model" else None,
            "generator": generator,
            "names": names,
            "category": p.category,
            "parent_category": p.parent_category,
            "locale": p.locales[0] if p.locales else "",
        }
        tasks.append(Task(f"{generator}/{p.id}", p.id, tuple(f"{generator}/{p.id}/{n}" for n in names), params))
    return tasks


def save_inputs(out_dir: Path, tasks: list[Task]) -> None:
    """Add this run's tasks (absolute input paths) to out_dir/render_inputs.json, keeping earlier runs' entries."""
    path = out_dir / INPUTS_FILE
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for t in tasks:
        params = {**t.params, "path": str(Path(t.params["path"]).resolve()) if t.params["path"] else ""}
        saved[t.key] = {"product_id": t.product_id, "sample_ids": list(t.sample_ids), "params": params}
    write_json(path, saved)


def render_task(task: Task, config: RenderConfig, seed: int) -> Produced:
    """All views of one product, as PNG bytes and manifest rows."""
    asset = task_asset(task, config)
    views = render_views(asset, len(task.sample_ids), seed, config, key=task.product_id)
    folder = f"renders/{safe_name(task.product_id)}"
    files: dict[str, bytes] = {}
    samples = []
    for view, sample_id, name in zip(views, task.sample_ids, task.params["names"], strict=False):
        if view.box is None:
            raise WildcatError(
                task.params["path"],
                f"view {view.index} shows nothing of the asset",
                "narrow the camera's look_at_jitter or distance ranges",
            )
        rel = f"{folder}/{name}.png"
        files[rel] = encode_png(view.rgba)
        lineage = {**view.params, "asset": asset.lineage(), "mask": "alpha channel"}
        if config.write_depth:
            lineage["depth"] = f"{folder}/{name}.depth.png"
            lineage["depth_scale"] = config.depth_scale
            files[lineage["depth"]] = encode_depth(view, config.depth_scale)
        samples.append(_sample(task, sample_id, rel, view, lineage))
    return Produced(files, samples)


def task_asset(task: Task, config: RenderConfig) -> Asset:
    p = task.params
    if p["source"] == "model":
        return load_asset(p["path"], p["up_axis"], p.get("variant"))  # tasks planned before variants had none
    if p["source"] == "none":
        raise CutoutError(
            None,
            f"product {task.product_id!r} has no 3D model and no cutout",
            "run 'wildcat segment' on its catalog image, or add a model",
        )
    rgba = load_array(p["path"], mode="RGBA")
    kind = kind_for_category(p["category"], p["parent_category"], config.proxy) or "auto"
    asset = make_proxy(kind, rgba, config.proxy, name=task.product_id)
    asset.source = p["path"]
    asset.details["kind_from"] = "category" if kind != "auto" else "shape"
    return asset


def encode_depth(view: View, scale: float) -> bytes:
    """16-bit PNG of the depth: value = depth x scale, 0 = background."""
    return encode_png(np.clip(np.round(view.depth * scale), 0, 65535).astype(np.uint16))


def _sample(task: Task, sample_id: str, rel: str, view: View, lineage: dict) -> Sample:
    catalog = task.params["generator"] == "render-catalog"
    return Sample(
        sample_id=sample_id,
        path=rel,
        product_id=task.product_id,
        domain="catalog" if catalog else "synthetic",
        generator=task.params["generator"],
        category=task.params["category"],
        locale=task.params["locale"],
        width=view.rgba.shape[1],
        height=view.rgba.shape[0],
        lineage=lineage,
    )


def save_sheet(out_dir: Path, sample_ids: set[str]) -> Path | None:
    """Contact sheet of this run: a row of up to SHEET_VIEWS views for each of up to SHEET_PRODUCTS products."""
    rows = sorted((s for s in read_manifest(out_dir) if s.sample_id in sample_ids), key=lambda s: s.sample_id)
    by_product: dict[str, list[Sample]] = {}
    for s in rows:
        by_product.setdefault(s.product_id, []).append(s)
    chosen = [s for views in list(by_product.values())[:SHEET_PRODUCTS] for s in views[:SHEET_VIEWS]]
    if not chosen:
        return None
    images = [load_array(s.resolve(out_dir), mode="RGBA") for s in chosen]
    captions = [f"{s.product_id} {Path(s.path).stem}" for s in chosen]
    per_product = min(SHEET_VIEWS, max(len(v) for v in by_product.values()))
    columns = per_product if per_product > 1 else SHEET_VIEWS  # one row per product, or a grid of single views
    return save_contact_sheet(out_dir / "contact_sheet.png", images, captions, tile=128, columns=columns)
