"""`wildcat train`: train an embedding on catalog + synthetic data into a run directory.

Works alone or under torchrun (one process per device; rank 0 writes):
    torchrun --nproc_per_node 2 -m wildcat train --data ds --catalog shop --out runs/x
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

if "torch" not in sys.modules:
    # Idle OpenMP threads sleep instead of spinning. On a shared 2-core machine, spinning
    # threads burn the cores that busy ones wait for (measured: 2 threads under load took
    # 4.3 CPU-s per resnet18 step spinning, 2.5 passive). libgomp reads this when torch
    # loads, so it is set here, before; a value the user exported wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
    app.command("train-shards")(shards_command)


def train_command(
    out: Path = typer.Option(
        ..., "--out", help="Run directory (config.yaml, metrics.jsonl, final.pt; last.pt while training)."
    ),
    data: list[Path] = typer.Option(None, "--data", help="Dataset folder with a manifest (repeat for several)."),
    catalog: Path = typer.Option(None, "--catalog", help="Catalog whose images are the gallery domain."),
    shards: list[str] = typer.Option(
        None,
        "--shards",
        help="WebDataset shards from 'wildcat train-shards': folder, files, glob or URLs (repeatable).",
    ),
    arch: str = typer.Option(
        None, "--arch", help="A (classification), B (siamese), C (B + category loss), D (C, L2-normalised)."
    ),
    backbone: str = typer.Option(
        None, "--backbone", help="resnet18, resnet50, mobilenet_v3_large, efficientnet_b0, convnext_tiny, tiny, ..."
    ),
    steps: int = typer.Option(None, "--steps", help="Optimizer steps."),
    image_size: int = typer.Option(None, "--image-size", help="Input side in pixels."),
    batch_size: int = typer.Option(None, "--batch-size", help="Images per step per process."),
    loss: str = typer.Option(
        None,
        "--loss",
        help="pytorch-metric-learning loss instead of the siamese pairs: contrastive, triplet, multi_similarity, "
        "normalized_softmax, arcface.",
    ),
    miner: str = typer.Option(
        None, "--miner", help="Miner for --loss: multi_similarity, triplet, batch_hard, pair_margin."
    ),
    pretrained: str = typer.Option(
        None, "--pretrained", help="'imagenet' (torchvision weights) or a local weights file."
    ),
    val_split: list[str] = typer.Option(
        None, "--val-split", help="Catalog wild-photo split for periodic recall@k (repeatable)."
    ),
    wild_split: list[str] = typer.Option(
        None, "--wild-split", help="Labelled catalog wild photos to train on (repeatable)."
    ),
    unlabeled_split: list[str] = typer.Option(
        None, "--unlabeled-split", help="Catalog wild photos for batch-norm adaptation, labels unused (repeatable)."
    ),
    eval_every: int = typer.Option(None, "--eval-every", help="Steps between validation runs."),
    checkpoint_every: int = typer.Option(None, "--checkpoint-every", help="Steps between resumable checkpoints."),
    keep_last: bool = typer.Option(
        None,
        "--keep-last/--no-keep-last",
        help="Keep last.pt (optimizer state) once the run finishes, to train it on later [config: keep_last, "
        "default no: removed, final.pt is kept].",
    ),
    workers: int = typer.Option(None, "--workers", help="DataLoader worker processes."),
    device: str = typer.Option(None, "--device", help="auto, cpu, cuda, cuda:1, mps."),
    seed: int = typer.Option(None, "--seed", min=0, help="Run seed (drawn and saved when absent)."),
    resume: bool = typer.Option(False, "--resume", help="Continue the run in --out from its last checkpoint."),
    config: Path = typer.Option(None, "--config", help="YAML with TrainConfig fields; options given here override it."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
) -> None:
    """Train a product embedding (Bell & Bala architectures A-D, or a metric-learning loss)."""
    from wildcat.core.config import load_config
    from wildcat.train.config import TrainConfig
    from wildcat.train.run import train_run

    overrides = dict(
        data=[str(d) for d in data] if data else None,
        catalog=str(catalog) if catalog else None,
        shards=shards or None,
        arch=arch,
        backbone=backbone,
        steps=steps,
        image_size=image_size,
        batch_size=batch_size,
        loss=loss,
        miner=miner,
        pretrained=pretrained,
        eval_every=eval_every,
        checkpoint_every=checkpoint_every,
        keep_last=keep_last,
        workers=workers,
        device=device,
        val_splits=val_split or None,
        wild_splits=wild_split or None,
        unlabeled_splits=unlabeled_split or None,
    )
    cfg = load_config(TrainConfig, config, **overrides)
    result = train_run(cfg, out, seed=seed, progress=not no_progress, resume=resume)
    if os.environ.get("RANK", "0") != "0":
        return  # under torchrun only rank 0 reports
    summary = ", ".join(f"{k} {v:.4g}" for k, v in result.metrics.items() if isinstance(v, float))
    typer.echo(
        f"trained {result.step} steps (seed {result.seed}) -> {result.checkpoint or result.last_checkpoint}: {summary}"
    )


def shards_command(
    out: Path = typer.Option(..., "--out", help="Folder for shard-NNNNNN.tar, shards.json and config.yaml."),
    data: list[Path] = typer.Option(
        None, "--data", help="Dataset folder with a manifest (repeat for several); all splits are packed."
    ),
    catalog: Path = typer.Option(None, "--catalog", help="Catalog whose images are packed as the gallery."),
    shard_size: int = typer.Option(1000, "--shard-size", min=1, help="Samples per shard."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
) -> None:
    """Pack a catalog and datasets into WebDataset tar shards; train from them with `wildcat train --shards OUT`."""
    from wildcat.train.shards import ShardConfig, save_shards_meta, source_rows, write_shards

    cfg = ShardConfig(
        data=[str(d) for d in data or []], catalog=str(catalog) if catalog else None, shard_size=shard_size
    )
    index = write_shards(source_rows(cfg.data, cfg.catalog), out, cfg.shard_size, progress=not no_progress)
    save_shards_meta(out, cfg, index)
    typer.echo(
        f"{sum(index['samples'])} samples in {len(index['shards'])} shards, {len(index['skipped'])} unreadable left "
        f"out: {out}"
    )
    if not index["shards"]:
        raise typer.Exit(1)


def main() -> None:
    """`python -m train.cli ...`: the train command alone, without importing the other stages
    (what torchrun launches when only training is installed)."""
    from wildcat.core.errors import WildcatError

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("train")(train_command)  # the one command, so its options come straight after the module
    try:
        app()
    except WildcatError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
