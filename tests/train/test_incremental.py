"""Incremental training: a grown class head, the replay buffer, and a fine-tune that
really starts from the base run's weights."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from wildcat.core.errors import ConfigError
from wildcat.core.manifest import Sample, read_manifest
from wildcat.train import TrainConfig, create_model, train_run
from wildcat.train.checkpoint import load_checkpoint, save_checkpoint
from wildcat.train.incremental import IncrementalConfig, fine_tune, init_from_checkpoint, load_base_run, replay_rows


def _saved_model(path: Path, classes: list[str], dim: int = 8):
    torch.manual_seed(1)
    model = create_model("tiny", dim=dim, normalize=True, num_classes=len(classes), image_size=32)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p))  # weights no fresh model has
    save_checkpoint(path, {"model_desc": model.describe(), "classes": classes}, model.state_dict())
    return model


def test_the_head_grows_by_class_name_and_the_rest_is_loaded(tmp_path):
    old = _saved_model(tmp_path / "base.pt", ["a", "b", "c"])
    torch.manual_seed(2)
    new = create_model("tiny", dim=8, normalize=True, num_classes=4, image_size=32)
    fresh = new.head.weight.detach().clone()

    info = init_from_checkpoint(new, tmp_path / "base.pt", ["a", "c", "d", "e"])

    assert (info["kept"], info["added"], info["dropped"]) == (2, 2, 1)  # b is gone, d and e are new
    assert torch.equal(new.head.weight[0], old.head.weight[0]) and torch.equal(new.head.weight[1], old.head.weight[2])
    assert torch.equal(new.head.bias[1], old.head.bias[2])
    assert torch.equal(new.head.weight[2:], fresh[2:])  # new classes keep their own initialisation
    for name, value in old.state_dict().items():
        if not name.startswith("head."):
            assert torch.equal(new.state_dict()[name], value), name


def test_a_different_network_is_refused(tmp_path):
    _saved_model(tmp_path / "base.pt", ["a"], dim=8)
    wider = create_model("tiny", dim=16, normalize=True, num_classes=1, image_size=32)
    with pytest.raises(ConfigError, match="dim: 8 -> 16"):
        init_from_checkpoint(wider, tmp_path / "base.pt", ["a"])


def _rows(pid: str, n_catalog: int, n_query: int, **lineage):
    rows = [
        (
            Path(f"/x/{pid}/c{i}.png"),
            Sample(
                sample_id=f"{pid}/c{i}",
                path=f"/x/{pid}/c{i}.png",
                product_id=pid,
                domain="catalog",
                generator="catalog",
                lineage=lineage,
            ),
        )
        for i in range(n_catalog)
    ]
    return rows + [
        (
            Path(f"/x/{pid}/q{i}.png"),
            Sample(
                sample_id=f"{pid}/q{i}",
                path=f"/x/{pid}/q{i}.png",
                product_id=pid,
                domain="synthetic",
                generator="cutpaste",
                lineage=lineage,
            ),
        )
        for i in range(n_query)
    ]


def test_replay_keeps_a_share_of_every_product_catalog_first():
    rows = _rows("p1", 1, 9) + _rows("p2", 0, 2) + _rows("p3", 1, 3, replay={"run": "/runs/a", "sample_id": "x"})
    picked = replay_rows(rows, 0.5, seed=0)
    by = {pid: [s for _, s in picked if s.product_id == pid] for pid in ("p1", "p2", "p3")}
    assert len(by["p1"]) == 5 and by["p1"][0].domain == "catalog"  # round(0.5 x 10), the anchor first
    assert len(by["p2"]) == 1  # at least one image of every product
    assert len(by["p3"]) == 4  # already a replay of an earlier market: kept whole
    assert [s.sample_id for _, s in picked] == [s.sample_id for _, s in replay_rows(rows, 0.5, seed=0)]
    assert [s.sample_id for _, s in picked] != [s.sample_id for _, s in replay_rows(rows, 0.5, seed=1)]
    assert replay_rows(rows, 0.0, seed=0) == []
    assert len(replay_rows(rows, 1.0, seed=0)) == len(rows)


def test_fine_tune_starts_from_the_base_run(toy, tmp_path):
    base_cfg = TrainConfig(
        data=[str(toy.dataset)],
        catalog=str(toy.catalog),
        backbone="tiny",
        image_size=32,
        batch_size=24,
        steps=20,
        lr=3e-3,
        checkpoint_every=1000,
        embedding_dim=16,
    )
    train_run(base_cfg, tmp_path / "base", seed=0, progress=False)
    base = load_base_run(tmp_path / "base")
    # a learning rate too small to move any weight: what comes out is what went in
    settings = IncrementalConfig(replay_fraction=0.5, lr_scale=1e-9)
    run, replay = fine_tune(
        base, tmp_path / "ft", str(toy.catalog), [str(toy.dataset)], settings, seed=0, progress=False
    )

    meta, blob = load_checkpoint(run.checkpoint)
    _, base_blob = load_checkpoint(base.checkpoint)
    for name, value in base_blob["model"].items():
        if name.endswith(".weight") and "bn" not in name and value.ndim > 1:
            assert torch.allclose(blob["model"][name], value, atol=1e-5), name
    assert meta["init"]["kept"] == 6 and meta["init"]["added"] == 0
    cfg = meta["config"]
    assert (
        cfg["init_from"] == str(base.checkpoint.resolve()) and cfg["steps"] == 5 and cfg["lr"] == pytest.approx(3e-12)
    )
    assert cfg["data"][-1] == str(tmp_path / "ft" / "replay")

    rows = read_manifest(tmp_path / "ft" / "replay")
    assert replay["products"] == 6 and len(rows) == replay["images"]
    assert all(
        Path(r.path).is_absolute() and r.split == "train" and r.lineage["replay"]["run"] == str(base.run_dir.resolve())
        for r in rows
    )
    # a second call resumes the finished run instead of training again
    again, _ = fine_tune(base, tmp_path / "ft", str(toy.catalog), [str(toy.dataset)], settings, seed=0, progress=False)
    assert again.step == run.step == 5


def test_a_run_that_is_not_finished_cannot_be_a_base(tmp_path):
    with pytest.raises(ConfigError, match="did not finish"):
        load_base_run(tmp_path)


def test_a_base_trained_from_shards_is_replayed_from_copies(toy, tmp_path):
    from wildcat.train.incremental import BaseRun, write_replay
    from wildcat.train.shards import source_rows, write_shards

    write_shards(source_rows([str(toy.dataset)], str(toy.catalog)), tmp_path / "shards", shard_size=20, progress=False)
    cfg = TrainConfig(shards=[str(tmp_path / "shards")], backbone="tiny", image_size=32)
    base = BaseRun(tmp_path / "base", tmp_path / "base" / "final.pt", cfg, {})
    folder, counts = write_replay(base, tmp_path / "replay", 0.25, seed=0)

    rows = read_manifest(folder)
    assert (
        counts["products"] == 6 and len(rows) == counts["images"] == 6 * 2
    )  # of 1 catalog + 8 train photos each: round(9 / 4)
    assert all(not Path(r.path).is_absolute() and (folder / r.path).is_file() for r in rows)
    assert all("#" in r.lineage["replay"]["source"] for r in rows)  # url#key of the shard member
    assert sum(r.domain == "catalog" for r in rows) == 6


def test_train_run_honours_init_from(toy, tmp_path):
    """A config that names init_from fine-tunes that checkpoint, never silently trains from scratch."""
    base_cfg = TrainConfig(
        data=[str(toy.dataset)],
        catalog=str(toy.catalog),
        backbone="tiny",
        image_size=32,
        batch_size=24,
        steps=4,
        checkpoint_every=1000,
        embedding_dim=16,
    )
    base = train_run(base_cfg, tmp_path / "base", seed=0, progress=False)
    tuned_cfg = base_cfg.model_copy(update={"init_from": str(base.checkpoint), "lr": 1e-12})
    tuned = train_run(tuned_cfg, tmp_path / "tuned", seed=1, progress=False)
    meta, blob = load_checkpoint(tuned.checkpoint)
    _, base_blob = load_checkpoint(base.checkpoint)
    assert meta["init"]["kept"] == 6  # the class head came from the base run
    conv = next(n for n, v in base_blob["model"].items() if n.endswith(".weight") and v.ndim == 4)
    assert torch.allclose(
        blob["model"][conv], base_blob["model"][conv], atol=1e-6
    )  # a seed-1 scratch init would differ
