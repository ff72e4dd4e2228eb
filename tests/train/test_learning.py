"""Each architecture learns the toy problem: loss falls, recall@1 rises."""

import pytest

from wildcat.train import read_metrics, train_run

from tests.train.helpers import toy_config


@pytest.mark.parametrize("arch", ["A", "B", "C", "D"])
def test_architecture_learns_the_toy_problem(toy, tmp_path, arch):
    result = train_run(toy_config(toy, arch=arch), tmp_path / "run", seed=0, progress=False)
    records = read_metrics(result.run_dir)
    losses = [r["loss"] for r in records if "loss" in r]
    evals = [r["eval"]["recall@1"] for r in records if "eval" in r]
    assert losses[-1] < 0.5 * losses[0]
    assert evals[-1] >= 0.85 and evals[-1] >= evals[0] + 0.2, evals
    assert result.finished and result.checkpoint.is_file() and result.metrics["recall@1"] == evals[-1]
