"""Helpers the training tests share: the toy problem's config and a run's logged losses."""

from __future__ import annotations

from wildcat.train import TrainConfig, read_metrics


def toy_config(toy, **kw) -> TrainConfig:
    base = dict(
        data=[str(toy.dataset)],
        catalog=str(toy.catalog),
        backbone="tiny",
        image_size=32,
        batch_size=24,
        samples_per_class=4,
        steps=40,
        lr=3e-3,
        log_every=10,
        eval_every=40,
        val_splits=["val"],
        checkpoint_every=1000,
    )
    return TrainConfig(**{**base, **kw})


def step_losses(run_dir):
    return {r["step"]: r["loss"] for r in read_metrics(run_dir) if "loss" in r}
