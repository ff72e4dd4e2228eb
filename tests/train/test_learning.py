"""Each architecture learns the toy problem: loss falls, recall@1 rises."""
import pytest

from wildcat.train import TrainConfig, read_metrics, train_run


def toy_config(toy, **kw) -> TrainConfig:
    base = dict(
        data=[str(toy.dataset)], catalog=str(toy.catalog), backbone="tiny", image_size=32, batch_size=24,
        samples_per_class=4, steps=40, lr=3e-3, log_every=10, eval_every=40, val_splits=["val"], checkpoint_every=1000,
    )
    return TrainConfig(**{**base, **kw})


@pytest.mark.parametrize("arch", ["A", "B", "C", "D"])
def test_architecture_learns_the_toy_problem(toy, tmp_path, arch):
    result = train_run(toy_config(toy, arch=arch), tmp_path / "run", seed=0, progress=False)
    records = read_metrics(result.run_dir)
    losses = [r["loss"] for r in records if "loss" in r]
    evals = [r["eval"]["recall@1"] for r in records if "eval" in r]
    assert losses[-1] < 0.5 * losses[0]
    assert evals[-1] >= 0.85 and evals[-1] >= evals[0] + 0.2, evals
    assert result.finished and result.checkpoint.is_file() and result.metrics["recall@1"] == evals[-1]
