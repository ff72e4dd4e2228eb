"""A real trained checkpoint, evaluated through the public train.load_embedder."""

import json

import pytest
from typer.testing import CliRunner

from wildcat.cli import app


@pytest.mark.slow
def test_eval_run_on_a_tiny_trained_checkpoint(grocery_layout, tmp_path):
    from wildcat.train import TrainConfig, train_run

    cfg = TrainConfig(
        catalog=str(grocery_layout),
        wild_splits=["train"],
        backbone="tiny",
        steps=2,
        image_size=32,
        batch_size=4,
        samples_per_class=2,
        embedding_dim=8,
        device="cpu",
        checkpoint_every=1,
        log_every=1,
    )
    run = train_run(cfg, tmp_path / "run", seed=0, progress=False)
    out = tmp_path / "eval"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "run",
            "--checkpoint",
            str(run.checkpoint),
            "--catalog",
            str(grocery_layout),
            "--queries",
            "val",
            "--no-cache",
            "--no-plots",
            "--resamples",
            "50",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert (
        report["meta"]["dim"] == 8 and report["meta"]["n_queries"] == 3 and len(report["meta"]["checkpoint_hash"]) == 64
    )
    assert 0.0 <= report["summary"]["recall@1"]["value"] <= 1.0
