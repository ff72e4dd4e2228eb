"""`wildcat synth compose`: paste product cutouts and renders onto room, street and store backgrounds."""

from __future__ import annotations

from pathlib import Path

import typer

from wildcat.core.errors import ConfigError
from wildcat.core.executors import executor_option, ray_address_option, workers_option


def register(synth_app: typer.Typer) -> None:
    synth_app.command("compose")(compose)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def compose(
    catalog: Path = typer.Argument(..., help="Catalog folder, listing, Grocery Store folder or catalog.json."),
    foregrounds: list[str] = typer.Option(
        None, "--foregrounds", help="Dataset folder(s) of cutouts or renders (comma-separated or repeated)."
    ),
    out: Path = typer.Option(..., "--out", help="Output dataset folder (resumable: run again to finish)."),
    per_product: int = typer.Option(
        None, "--per-product", help="Composites per product [config: per_product, default 10]."
    ),
    backgrounds: list[str] = typer.Option(
        None, "--backgrounds", help="room,street,store (procedural), folders, or KIND=FOLDER, e.g. wild=photos/."
    ),
    seed: int = typer.Option(
        None, "--seed", min=0, help="Run seed (drawn and saved when absent; reused when resuming)."
    ),
    size: int = typer.Option(None, "--size", help="Output side in pixels [config: size, default 256]."),
    config: Path = typer.Option(None, "--config", help="YAML file of ComposeConfig fields (see docs/compose.md)."),
    bank_dir: Path = typer.Option(
        None, "--bank-dir", help="Folder of the procedural background bank (shared between datasets)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress bars."),
    executor: str = executor_option(),
    workers: int | None = workers_option(),
    ray_address: str = ray_address_option(),
) -> None:
    """Composite in-the-wild-looking training images of every product; writes manifest, COCO boxes and a contact
    sheet."""
    from wildcat.core.config import load_config
    from wildcat.core.executors import create_executor
    from wildcat.synth.compose import ComposeConfig, compose_dataset

    dirs = _split(foregrounds)
    if not dirs:
        raise ConfigError(
            None,
            "no foreground folders given",
            "pass --foregrounds with the output folder of 'wildcat segment' (cutouts) or 'wildcat synth render' "
            "(renders)",
        )
    overrides = {
        "per_product": per_product,
        "size": size,
        "backgrounds": _split(backgrounds) or None,
        "bank_dir": str(bank_dir) if bank_dir else None,
    }
    cfg = load_config(ComposeConfig, config, **overrides)
    runner = create_executor(executor, ray_address, workers)
    summary = compose_dataset(catalog, dirs, out, cfg, seed=seed, progress=progress, executor=runner)
    typer.echo(summary.line())
    typer.echo(f"dataset: {out}  (manifest.parquet, coco.json, contact_sheet.png, config.yaml)")
    if summary.produced == 0 and summary.skipped == 0:
        raise typer.Exit(1)
