"""The `wildcat segment` commands through the real CLI app."""

import numpy as np
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.manifest import read_manifest, read_rejects
from wildcat.segment.errors import ModelNotFoundError

from tests.segment.conftest import disc_mask, save, studio

runner = CliRunner()


def test_segment_catalog_command(tmp_path):
    root = tmp_path / "shop"
    save(root / "fruit" / "plum" / "a.jpg", studio(disc_mask(80, 24), color=(120, 30, 90)))
    save(root / "fruit" / "blank" / "a.png", np.full((80, 80, 3), 255, np.uint8))
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["segment", str(root), "--out", str(out), "--backend", "whitebg", "--seed", "3", "--quiet"]
    )
    assert res.exit_code == 0, res.output
    assert (
        "1 samples made" in res.output
        and "rejected 1x: no object found" in res.output
        and "mean score 0." in res.output
    )
    assert [s.product_id for s in read_manifest(out)] == ["plum"] and len(read_rejects(out)) == 1
    assert (out / "contact_sheet.png").exists() and (out / "config.yaml").exists()


def test_nothing_usable_exits_1(tmp_path):
    root = tmp_path / "shop"
    save(root / "fruit" / "blank" / "a.png", np.full((80, 80, 3), 255, np.uint8))
    res = runner.invoke(app, ["segment", str(root), "--out", str(tmp_path / "o"), "--backend", "whitebg", "--quiet"])
    assert res.exit_code == 1 and "mean score: no cutouts" in res.output


def test_missing_rembg_model_stops_before_the_batch(tmp_path, monkeypatch):
    monkeypatch.setenv("U2NET_HOME", str(tmp_path / "home"))
    root = tmp_path / "shop"
    save(root / "fruit" / "plum" / "a.jpg", studio(disc_mask(80, 24)))
    res = runner.invoke(app, ["segment", str(root), "--out", str(tmp_path / "o"), "--backend", "rembg", "--quiet"])
    assert isinstance(res.exception, ModelNotFoundError)
    assert "u2net.onnx" in str(res.exception) and str(tmp_path / "home") in str(res.exception)
    assert not (tmp_path / "o" / "manifest.parquet").exists()


def test_unknown_backend_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["segment", str(tmp_path), "--out", str(tmp_path / "o"), "--backend", "magic"])
    assert res.exit_code != 0 and "backend" in str(res.exception or res.output)


def test_train_matting_command(tmp_path):
    out = tmp_path / "m"
    res = runner.invoke(
        app,
        [
            "segment",
            "train-matting",
            "--out",
            str(out),
            "--steps",
            "2",
            "--size",
            "32",
            "--batch",
            "2",
            "--eval-count",
            "1",
            "--seed",
            "0",
            "--quiet",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (out / "matting.onnx").exists() and "--backend rembg --model-path" in res.output
