"""The `wildcat` command: every stage's commands registered, and bad arguments answered without a traceback."""

import pytest
from typer.testing import CliRunner

from wildcat.cli import app

runner = CliRunner()


def test_every_stage_contributes_its_commands():
    import typer

    commands = set(typer.main.get_command(app).commands)
    assert {"catalog", "locale", "segment", "synth", "train", "eval", "ui", "run", "bench"} <= commands


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--seed", "-1"],
        ["bench", "grocery-store", "--seed", "-1"],
        ["synth", "compose", "c", "--foregrounds", "f", "--out", "o", "--seed", "-3"],
        ["synth", "render", "c", "--out", "o", "--seed", "-3"],
        ["segment", "c", "--out", "o", "--seed", "-3"],
        ["train", "--out", "o", "--seed", "-2"],
        ["eval", "run", "--baseline", "colorhist", "--catalog", "c", "--out", "o", "--seed", "-2"],
    ],
)
def test_a_negative_seed_is_a_usage_error_not_a_traceback(args, tmp_path):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--seed" in result.output and "Traceback" not in result.output
