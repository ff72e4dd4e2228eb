import yaml
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.train import read_metrics


def test_train_command_writes_a_run(toy, tmp_path):
    (tmp_path / "cfg.yaml").write_text(
        yaml.safe_dump({"arch": "B", "steps": 50, "samples_per_class": 2, "augment": {"flip": False}})
    )
    args = [
        "train",
        "--data",
        str(toy.dataset),
        "--catalog",
        str(toy.catalog),
        "--backbone",
        "tiny",
        "--steps",
        "3",
        "--image-size",
        "32",
        "--batch-size",
        "8",
        "--out",
        str(tmp_path / "run"),
        "--seed",
        "5",
        "--no-progress",
        "--config",
        str(tmp_path / "cfg.yaml"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "trained 3 steps (seed 5)" in result.output
    meta = load_run_meta(tmp_path / "run")
    cfg = meta["config"]
    assert (cfg["arch"], cfg["steps"], cfg["samples_per_class"], cfg["augment"]["flip"], meta["seed"]) == (
        "B",
        3,
        2,
        False,
        5,
    )
    assert (tmp_path / "run" / "final.pt").is_file() and read_metrics(tmp_path / "run")[-1]["step"] == 3


def test_train_command_reports_bad_input(tmp_path):
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "run")])
    assert isinstance(result.exception, ConfigError) and "no manifest" in str(result.exception)
