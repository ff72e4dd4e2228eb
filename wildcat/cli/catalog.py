"""`wildcat catalog ...`: import and check catalogs."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from wildcat.core.catalog import FORMATS, load_catalog
from wildcat.core.catalog.check import MIN_CATALOG_SIDE, check_catalog, format_report

catalog_app = typer.Typer(help="Import and validate product catalogs.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")


@catalog_app.command("check")
def check(
    source: Path = typer.Argument(
        ..., help="Catalog folder, CSV/Parquet listing, Grocery Store folder or catalog.json."
    ),
    fmt: str = typer.Option("auto", "--format", help=f"Importer: {', '.join(FORMATS)}."),
    min_side: int = typer.Option(MIN_CATALOG_SIDE, help="Flag catalog images smaller than this (pixels, short side)."),
    strict: bool = typer.Option(False, help="Treat every defect as making the catalog unusable."),
    no_models: bool = typer.Option(False, "--no-models", help="Skip loading 3D models (faster)."),
    all_defects: bool = typer.Option(False, "--all", help="List every defect, not the first 20."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Validate a catalog and print one aggregated report. Exit code 0 = usable, 1 = not usable."""
    catalog = load_catalog(source, fmt)
    from wildcat.synth.render.asset import asset_problem  # trimesh: loaded when a check runs, not for --help

    report = check_catalog(
        catalog, min_side=min_side, load_models=not no_models, progress=not as_json, model_check=asset_problem
    )
    if as_json:
        body = asdict(report) | {"usable": report.usable(strict), "counts": dict(report.counts())}
        typer.echo(json.dumps(body, indent=2))
    else:
        typer.echo(format_report(report, strict, limit=10**9 if all_defects else 20))
    raise typer.Exit(0 if report.usable(strict) else 1)


@catalog_app.command("import")
def import_(
    source: Path = typer.Argument(..., help="Catalog folder, CSV/Parquet listing or Grocery Store folder."),
    out: Path = typer.Option(Path("workspace/catalog.json"), help="Where to write the normalised catalog (JSON)."),
    fmt: str = typer.Option("auto", "--format", help=f"Importer: {', '.join(FORMATS)}."),
) -> None:
    """Import a catalog into wildcat's own format (catalog.json) for the other stages."""
    catalog = load_catalog(source, fmt)
    path = catalog.save(out)
    cats = len({p.category for p in catalog.products})
    typer.echo(
        f"imported {len(catalog.products)} products in {cats} categories"
        f" and {len(catalog.queries)} wild photos ({', '.join(catalog.splits) or 'none'}) -> {path}"
    )


@catalog_app.command("audit")
def audit(
    source: Path = typer.Argument(
        ..., help="Catalog folder, CSV/Parquet listing, Grocery Store folder or catalog.json."
    ),
    out: Path = typer.Option(Path("workspace/audit"), "--out", help="Folder for audit.parquet, audit.md, the sheet."),
    checkpoint: Path | None = typer.Option(None, "--checkpoint", help="A trained model (final.pt) to judge with."),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Or a training-free embedder: zero-shot (default when no checkpoint), colorhist."
    ),
    titles: bool = typer.Option(True, help="Use the title branch (--no-titles: image evidence only)."),
    crops: bool = typer.Option(
        False, help="Judge each listing photo by its region most like its title (photos of rooms, models, shelves)."
    ),
    seed: int = typer.Option(0, "--seed", min=0),
) -> None:
    """Find images of the wrong product, duplicate listings and titles whose colour the image contradicts."""
    from wildcat.eval.sources import load_embedder
    from wildcat.pipeline.audit import TOP, audit_catalog

    catalog = load_catalog(source)
    embedder = load_embedder(checkpoint, baseline or (None if checkpoint else "zero-shot"))
    result = audit_catalog(catalog, embedder, out, titles, seed, crops=crops)
    for kind in ("wrong_image", "duplicate", "colour"):
        top = result.of_kind(kind)[:3]
        typer.echo(f"{kind}: {len(result.of_kind(kind))} scored; highest: " + "; ".join(
            f"{f.product_id}{' ~ ' + f.other_product if f.other_product else ''} ({f.score:.3f})" for f in top
        ))  # fmt: skip
    typer.echo(
        f"top {TOP} of each kind with the suggested fixes: {out / 'audit.md'}; contact sheet and colours beside it"
    )
