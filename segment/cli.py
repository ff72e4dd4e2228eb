"""`wildcat segment CATALOG ...` (cut out every catalog image), `wildcat segment models` (the matting models on
disk; fetch one) and `wildcat segment train-matting` (train the small matting model for rembg)."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from wildcat.core.executors import executor_option, ray_address_option, workers_option
from wildcat.segment.config import BACKEND_NAMES as NAMES


class _RunByDefault(TyperGroup):
    """`wildcat segment CATALOG ...` means `wildcat segment run CATALOG ...`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


segment_app = typer.Typer(
    cls=_RunByDefault,
    no_args_is_help=True,
    help="Cut products out of catalog images: RGBA cutouts with a quality score per cutout.",
)


def register(app: typer.Typer) -> None:
    app.add_typer(segment_app, name="segment")


@segment_app.command("run")
def run(
    catalog: Path = typer.Argument(..., help="Catalog folder, listing, Grocery Store folder or catalog.json."),
    out: Path = typer.Option(
        ..., "--out", help="Dataset folder for cutouts/, manifest, rejects, config.yaml, contact sheet."
    ),
    backend: str = typer.Option("auto", help=f"Cutout backend: {' | '.join(NAMES)}."),
    model_path: Path | None = typer.Option(
        None, help="ONNX matting model for the rembg backend (rembg's u2net_custom session)."
    ),
    rembg_model: str | None = typer.Option(None, help="rembg session name when no --model-path (default u2net)."),
    agree_with: str | None = typer.Option(
        None, help="Run this second backend too and reject cutouts where the two disagree."
    ),
    min_score: float | None = typer.Option(None, help="Reject cutouts scoring below this (0-1)."),
    seed: int | None = typer.Option(None, min=0, help="Run seed (recorded; drawn if absent)."),
    config: Path | None = typer.Option(None, help="YAML file with SegmentConfig fields; options given here win."),
    quiet: bool = typer.Option(False, help="No progress bars."),
    executor: str = executor_option(),
    workers: int | None = workers_option(),
    ray_address: str | None = ray_address_option(),
) -> None:
    """Cut out every catalog image. Exit code 1 when no cutout was usable."""
    from wildcat.core.config import load_config
    from wildcat.core.executors import create_executor
    from wildcat.segment.config import SegmentConfig
    from wildcat.segment.job import CONTACT_SHEET, mean_score, segment_catalog

    cfg = load_config(
        SegmentConfig, config, backend=backend, model_path=model_path, rembg_model=rembg_model, agree_with=agree_with
    )
    if min_score is not None:
        cfg.quality = cfg.quality.model_copy(update={"min_score": min_score})
    runner = create_executor(executor, ray_address, workers)
    summary = segment_catalog(catalog, out, cfg, seed=seed, progress=not quiet, executor=runner)
    typer.echo(f"segment: {summary.line()}")
    for reason, n in summary.rejected.most_common():
        typer.echo(f"  rejected {n}x: {reason}")
    score = mean_score(out)
    typer.echo(f"mean score {score:.3f}" if score is not None else "mean score: no cutouts")
    typer.echo(f"contact sheet: {out / CONTACT_SHEET}")
    if score is None:
        raise typer.Exit(1)


@segment_app.command("train-matting")
def train_matting_cmd(
    out: Path = typer.Option(..., "--out", help="Folder for matting.onnx, metrics.json and config.yaml."),
    data: list[Path] = typer.Option(
        [], "--data", help="Dataset folder(s) whose manifests list RGBA renders or cutouts; none = procedural shapes."
    ),
    steps: int | None = typer.Option(None, help="Optimiser steps."),
    size: int | None = typer.Option(None, help="Training composite side (pixels)."),
    batch: int | None = typer.Option(None, help="Composites per step."),
    eval_count: int | None = typer.Option(None, help="Held-out composites scored at the end."),
    threads: int | None = typer.Option(None, help="CPU threads for torch."),
    seed: int | None = typer.Option(None, min=0, help="Run seed (drawn if absent)."),
    config: Path | None = typer.Option(None, help="YAML file with MattingTrainConfig fields."),
    quiet: bool = typer.Option(False, help="No progress bars."),
) -> None:
    """Train a compact U-Net matting model on composites with known alpha; export it for `--backend rembg
    --model-path`."""
    from wildcat.core.config import load_config
    from wildcat.core.seeding import draw_seed
    from wildcat.segment.train_matting import MODEL_FILE, MattingTrainConfig, train_matting

    cfg = load_config(
        MattingTrainConfig,
        config,
        steps=steps,
        size=size,
        batch=batch,
        eval_count=eval_count,
        threads=threads,
        data=list(data) or None,
    )
    seed = draw_seed() if seed is None else seed
    m = train_matting(out, cfg, seed, progress=not quiet)
    typer.echo(
        f"loss {m['loss_first']:.3f} -> {m['loss_last']:.3f}; held-out composites (n={m['eval_count']}): "
        f"model IoU {m['net_iou']:.3f} MAE {m['net_mae']:.4f} | whitebg IoU {m['whitebg_iou']:.3f} "
        f"MAE {m['whitebg_mae']:.4f} | model vs whitebg IoU {m['net_vs_whitebg_iou']:.3f}"
    )
    typer.echo(
        f"model: {out / MODEL_FILE}  (use: wildcat segment CATALOG --backend rembg --model-path {out / MODEL_FILE})"
    )


@segment_app.command("models")
def models(
    fetch: str | None = typer.Option(None, "--fetch", help="Download this rembg model through rembg (needs internet)."),
) -> None:
    """List the matting models cutting can use without downloading anything; with --fetch, download one."""
    from wildcat.segment.config import MattingTrainConfig
    from wildcat.segment.own_model import cached_model, model_folder
    from wildcat.segment.rembg_backend import fetch_model, local_sessions, model_location, model_on_disk

    if fetch:
        typer.echo(f"{fetch}: {fetch_model(fetch)}")
        return
    for name in local_sessions():
        path = model_on_disk(name)
        where = (
            f"{path} ({path.stat().st_size / 1e6:.0f} MB)" if path else f"not on disk (would be {model_location(name)})"
        )
        typer.echo(f"rembg {name:24s} {where}")
    own = cached_model(MattingTrainConfig())
    state = (
        str(own)
        if own
        else f"not trained yet (the first cutout that needs it trains it into {model_folder(MattingTrainConfig())})"
    )
    typer.echo(f"wildcat matting (auto's offline fallback) {state}")
