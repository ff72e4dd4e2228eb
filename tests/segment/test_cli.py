"""The `wildcat segment` commands through the real CLI app."""

import numpy as np
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.manifest import read_manifest, read_rejects
from wildcat.segment.errors import ModelNotFoundError, SegmentError

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


def test_models_lists_what_is_on_disk_and_fetch_refuses_what_it_cannot_fetch(tmp_path, monkeypatch):
    monkeypatch.setenv("U2NET_HOME", str(tmp_path / "rembg"))
    on_disk = tmp_path / "rembg" / "models" / "u2netp" / "u2netp.onnx"
    on_disk.parent.mkdir(parents=True)
    on_disk.write_bytes(b"\0" * 2_000_000)
    res = runner.invoke(app, ["segment", "models"])
    assert res.exit_code == 0, res.output
    lines = {line.split()[1]: line for line in res.output.splitlines() if line.startswith("rembg ")}
    assert str(on_disk) in lines["u2netp"] and "(2 MB)" in lines["u2netp"]
    assert "not on disk" in lines["u2net"] and "sam" not in lines and "u2net_custom" not in lines
    assert "wildcat matting (auto's offline fallback) not trained yet" in res.output
    res = runner.invoke(app, ["segment", "models", "--fetch", "u2net_custom"])
    assert isinstance(res.exception, SegmentError) and "no model to fetch" in str(res.exception)
    res = runner.invoke(app, ["segment", "models", "--fetch", "sam"])
    assert isinstance(res.exception, SegmentError) and "prompts" in str(res.exception)
