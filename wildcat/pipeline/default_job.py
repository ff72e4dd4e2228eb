"""`wildcat run`: the whole job on the built-in default catalog (or a user's).

Catalog -> cutouts -> renders -> composites -> a "before" model trained on
catalog images only and an "after" model trained on catalog + synthetic images
with the same budget -> both evaluated on in-the-wild queries -> a before/after
report. The built-in catalog's wild queries are full 3D scenes made by a
different generator than the training data (synth/procedural/wild), so the
comparison is not the generator graded against itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import Field

import wildcat.eval as wild_eval
from wildcat.core.atomic import write_text
from wildcat.core.catalog import Catalog, load_catalog
from wildcat.core.config import Config, save_run_meta
from wildcat.core.locales import load_packset
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.workspace import Workspace
from wildcat.eval.views import composite_views
from wildcat.pipeline import stages
from wildcat.pipeline.budgets import Budget, get_budget
from wildcat.pipeline.scenes import DEMO_SCENES, demo_scenes, evaluate_scene_set, scene_table
from wildcat.pipeline.user_catalog import studio_renderer, user_catalog
from wildcat.synth.garments.demo import CATALOG_DIR, DemoConfig, make_demo
from wildcat.synth.procedural import build_default_catalog, make_wild_queries
from wildcat.train import load_embedder, zero_shot_embedder


class DefaultCatalogSize(Config):
    products_per_category: int = Field(4, description="products made per category (count)")
    categories: list[str] | None = Field(
        None, description="categories to make; None = all of synth.procedural.CATEGORIES"
    )
    wild_per_product: int = Field(6, description="in-the-wild query photos per product (count)")
    wild_size: int = Field(128, description="side of the wild query photos (pixels)")
    apparel_locale: str | None = Field(
        "en-IN",
        description="locale pack whose demo garments join the catalog "
        "(with its look-alikes from other markets); None = none",
    )
    apparel_per_class: int = Field(2, description="demo garments per class of that pack (count)")
    apparel_wild_per_product: int = Field(3, description="wild-style photos per demo garment (count)")


ZERO_SHOT = "zero-shot"  # the evaluation folder of the untrained pretrained baseline


def run_default(
    out: str | Path,
    seed: int = 0,
    budget: str = "demo",
    catalog: str | Path | None = None,
    progress: bool = True,
    size: DefaultCatalogSize | None = None,
    executor=None,
) -> Path | None:
    """Run the whole job; returns the before/after comparison folder, or None when the catalog has no labelled
    wild photo to measure recall on (the models are trained all the same, for the UI's search).

    size: how big the built-in catalog is (ignored with `catalog`).
    executor: where the data-making batch tasks run (wildcat.core.executors; default this process).
    """
    import torch  # noqa: F401  (before any render: see synth.gl.preload_torch_compiler)

    ws = Workspace.at(out)
    plan = get_budget(budget)
    save_run_meta(ws.root, plan, seed, budget=budget, catalog=str(catalog) if catalog else "built-in")
    cat, queries = _catalog_and_queries(ws, catalog, plan, seed, progress, size or DefaultCatalogSize(), executor)
    cat.save(ws.catalog)
    data = stages.synthetic_data(cat, ws, plan, seed, progress, executor)
    # The baseline every report shows: an ImageNet-pretrained network, untrained (what a user gets without wildcat).
    # Evaluated first, so the workbench's Runs page reads zero-shot -> after by default.
    models: dict = {}  # name -> (embedder, views): each model loaded once, for retrieval and for scenes
    if queries:
        models[ZERO_SHOT] = (zero_shot_embedder(), [])
        stages.evaluate(cat, ws, ZERO_SHOT, models[ZERO_SHOT][0], queries, seed, progress)
    evals, metas = {}, []
    for name, train_data in (("before", []), ("after", data)):
        run = stages.train(cat, ws, name, plan, seed, train_data, progress)
        if not queries:
            continue  # no labelled photo: the models are for searching (wildcat ui), nothing is measured
        models[name] = (load_embedder(run.checkpoint), composite_views(train_data))
        result, evals[name] = stages.evaluate(
            cat, ws, name, models[name][0], queries, seed, progress, synthetic=data, views=models[name][1]
        )
        metas.append(result.report.get("meta", {}))
    if not queries:
        return None

    _scenes(cat, ws, queries, seed, progress, models)
    out_dir = ws.comparison("before-vs-after")
    if not _compared(out_dir, metas):  # a rerun of a finished job leaves the comparison as it is
        wild_eval.compare(evals["before"], evals["after"], out_dir, seed=seed)
    return out_dir


def _scenes(cat: Catalog, ws: Workspace, queries: list[Sample], seed: int, progress: bool, models: dict) -> Path:
    """Multi-product scenes of the labelled photos; region search and in-situ search for the untrained network,
    before and after, in one table (compare/scenes/scenes.md)."""
    scene_set = demo_scenes(ws, queries, seed, progress)
    reports = {
        name: evaluate_scene_set(cat, ws, name, embedder, scene_set, seed, progress, views)
        for name, (embedder, views) in models.items()  # zero-shot, before, after
    }
    out = ws.comparison(DEMO_SCENES) / "scenes.md"
    write_text(out, scene_table(reports) + "\n")
    if progress:
        print(f"scenes: {out}")
    return out


def _compared(out_dir: Path, metas: list[dict]) -> bool:
    """Whether `out_dir` already compares exactly these two evaluations (their metadata name their inputs)."""
    try:
        report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return report.get("meta") == metas


def _catalog_and_queries(
    ws: Workspace,
    catalog: str | Path | None,
    plan: Budget,
    seed: int,
    progress: bool,
    size: DefaultCatalogSize,
    executor=None,
) -> tuple[Catalog, list[Sample]]:
    if catalog is not None:
        return user_catalog(catalog, ws, plan.synth_size * 2, progress)

    root = build_default_catalog(
        ws.root / "default_catalog",
        size.products_per_category,
        seed,
        render_catalog_image=studio_renderer(plan.synth_size * 2),
        size=plan.synth_size * 2,
        categories=size.categories,
        progress=progress,
    )
    wild = make_wild_queries(
        root,
        ws.data("wild"),
        per_product=size.wild_per_product,
        seed=seed,
        size=size.wild_size,
        executor=executor,
        progress=progress,
    )
    cat, queries = load_catalog(root), read_manifest(wild, absolute=True)
    if size.apparel_locale:
        cat, queries = _with_apparel(cat, queries, ws, size, seed, progress)
    return cat, queries


def _with_apparel(
    cat: Catalog, queries: list[Sample], ws: Workspace, size: DefaultCatalogSize, seed: int, progress: bool
) -> tuple[Catalog, list[Sample]]:
    """Add the locale pack's procedural garments (and their look-alikes) and their wild-style photos."""

    out = ws.data(f"apparel-{size.apparel_locale}")
    cfg = DemoConfig(
        locale=size.apparel_locale,
        products_per_class=size.apparel_per_class,
        wild_per_product=size.apparel_wild_per_product,
        size=size.wild_size,
    )
    make_demo(load_packset(ws.root), out, cfg, seed, progress=progress)
    apparel = load_catalog(out / CATALOG_DIR)
    wild = [row for row in read_manifest(out, absolute=True) if row.domain == "wild"]
    merged = Catalog(name="default", root=ws.root, source_format="folder", products=cat.products + apparel.products)
    return merged, queries + wild
