"""`wildcat synth render`: render a catalog's 3D models (and 3D proxies from cutouts)."""

from __future__ import annotations

from pathlib import Path

import typer

from wildcat.core.errors import WildcatError
from wildcat.core.executors import executor_option, ray_address_option, workers_option

PRESET_HELP = "random: varied training views (domain synthetic); catalog: one studio view per model (domain catalog)."


def register(synth_app: typer.Typer) -> None:
    synth_app.command("render")(render)


def render(
    catalog: Path = typer.Argument(..., help="Catalog folder, listing, Grocery Store folder or catalog.json."),
    out: Path = typer.Option(..., "--out", help="Dataset folder to write renders, manifest and contact sheet into."),
    views: int = typer.Option(
        None, "--views", min=1, help="Views per product (default 8; the catalog preset makes 1)."
    ),
    cutouts: Path = typer.Option(
        None, "--cutouts", help="Segment dataset folder: products without a 3D model get a proxy from their cutout."
    ),
    size: int = typer.Option(None, "--size", min=16, help="Render width and height (pixels; default 256)."),
    seed: int = typer.Option(
        None,
        "--seed",
        min=0,
        help="Run seed (when omitted: the --out folder's own to resume, else drawn; saved in config.yaml).",
    ),
    preset: str = typer.Option("random", "--preset", help=PRESET_HELP),
    config: Path = typer.Option(None, "--config", help="YAML with render config fields (see docs/render.md)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    executor: str = executor_option(),
    workers: int | None = workers_option(),
    ray_address: str = ray_address_option(),
) -> None:
    """Render every product that has a 3D model (with --cutouts, a 3D proxy for the others), N views each,
    with exact alpha and full lineage."""
    from wildcat.core.catalog import load_catalog
    from wildcat.core.executors import create_executor
    from wildcat.synth.render import render_catalog
    from wildcat.synth.render.config import PRESETS, render_config

    if preset not in PRESETS:
        raise typer.BadParameter(f"use one of {', '.join(PRESETS)}", param_hint="--preset")
    cat = load_catalog(catalog)
    cfg = render_config(preset, config, views=views, size=size)
    has_work = any(p.model3d is not None for p in cat.products) or (cutouts is not None and preset != "catalog")
    if not has_work:
        raise WildcatError(
            catalog, "no product has a 3D model", "pass --cutouts DIR (a 'wildcat segment' output) to render 3D proxies"
        )
    runner = create_executor(executor, ray_address, workers)
    summary = render_catalog(cat, out, cfg, seed, cutouts_dir=cutouts, progress=progress, executor=runner)
    typer.echo(f"render: {summary.line()}")
    typer.echo(f"seed {seed}; renders, manifest, config.yaml and contact_sheet.png in {out}")
    if summary.produced == 0 and summary.skipped == 0:
        raise typer.Exit(1)
