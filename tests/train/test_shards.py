"""WebDataset shards: written from a catalog and a dataset, read back in order with
the files' own bytes, and a run trained from them equals the run from the folders."""

from __future__ import annotations

import io
import json
import pickle
import tarfile

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from wildcat.core.errors import ConfigError
from wildcat.train import TrainConfig, read_metrics, train_run
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.data import gather_sources
from wildcat.train.shards import CATALOG, ShardImage, expand, read_shards, source_rows, write_shards


@pytest.fixture(scope="module")
def shards(toy, tmp_path_factory):
    """The toy problem (6 catalog images, 72 dataset rows) in shards of 10, written by the CLI."""
    from wildcat.cli import app

    out = tmp_path_factory.mktemp("shards")
    result = CliRunner().invoke(
        app,
        [
            "train-shards",
            "--data",
            str(toy.dataset),
            "--catalog",
            str(toy.catalog),
            "--out",
            str(out),
            "--shard-size",
            "10",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "78 samples in 8 shards" in result.output
    return out


def test_shards_hold_every_row_in_order_with_the_files_bytes(toy, shards):
    index = json.loads((shards / "shards.json").read_text())
    assert index["samples"] == [10] * 7 + [8] and not index["skipped"]
    source = source_rows([str(toy.dataset)], str(toy.catalog))
    back = read_shards([str(shards)])
    assert [r.sample.sample_id for r in back] == [r.sample.sample_id for r in source]
    assert [r.origin for r in back[:6]] == [CATALOG] * 6 and {r.origin for r in back[6:]} == {toy.dataset.name}
    assert all(bytes(b.image) == s.image.read_bytes() for b, s in zip(back, source, strict=False))
    assert back[0].sample.path == str(source[0].image) and back[10].sample.split == source[10].sample.split
    assert str(back[12].image) == f"{shards / 'shard-000001.tar'}#000000012"
    copy = pickle.loads(pickle.dumps(back[12].image))  # DataLoader workers may receive them
    assert isinstance(copy, ShardImage) and copy == back[12].image and copy.url == back[12].image.url
    assert len(read_shards([str(shards / "shard-00000[0-1].tar")])) == 20
    assert len(read_shards([str(shards / "shard-{000006..000007}.tar")])) == 18
    assert (
        len(read_shards([f"pipe:cat {shards}/shard-{{000000..000001}}.tar"])) == 20
    )  # streamed, as from object storage


@pytest.mark.slow
def test_training_from_shards_equals_training_from_the_folders(toy, shards, tmp_path):
    common = dict(backbone="tiny", steps=6, image_size=32, batch_size=8, log_every=1, checkpoint_every=100)
    folder = train_run(
        TrainConfig(data=[str(toy.dataset)], catalog=str(toy.catalog), **common),
        tmp_path / "folder",
        seed=4,
        progress=False,
    )
    sharded = train_run(TrainConfig(shards=[str(shards)], **common), tmp_path / "shards", seed=4, progress=False)
    losses = [
        [r["loss"] for r in read_metrics(run) if "loss" in r] for run in (tmp_path / "folder", tmp_path / "shards")
    ]
    assert len(losses[0]) == 6 and losses[0] == losses[1]
    assert losses[0][-1] != losses[0][0]  # it trained
    a, b = (load_checkpoint(r.checkpoint)[1]["model"] for r in (folder, sharded))
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_a_catalog_given_with_shards_is_the_gallery_and_val_rows_come_from_shards(toy, shards):
    folder = gather_sources(TrainConfig(data=[str(toy.dataset)], catalog=str(toy.catalog), val_splits=["val"]))
    mixed = gather_sources(TrainConfig(shards=[str(shards)], catalog=str(toy.catalog), val_splits=["val"]))
    assert [s.sample_id for _, s in mixed.train] == [s.sample_id for _, s in folder.train]
    assert [p for p, s in mixed.train if s.domain == "catalog"] == [p for p, s in folder.train if s.domain == "catalog"]
    assert [s.sample_id for _, s in mixed.val_queries] == [s.sample_id for _, s in folder.val_queries]
    assert len(mixed.val_queries) == 24 and all(isinstance(p, ShardImage) for p, _ in mixed.val_queries)


def test_rewriting_smaller_removes_stale_shards(toy, tmp_path):
    rows = source_rows([str(toy.dataset)], None)
    write_shards(rows, tmp_path, shard_size=30, progress=False)
    assert len(expand([str(tmp_path)])) == 3
    index = write_shards(rows[:20], tmp_path, shard_size=30, progress=False)
    assert index["shards"] == ["shard-000000.tar"] and sorted(p.name for p in tmp_path.glob("*.tar")) == [
        "shard-000000.tar"
    ]


def test_missing_or_broken_shards_are_named(tmp_path):
    with pytest.raises(ConfigError, match="no such shard file"):
        expand([str(tmp_path / "nope-{000..001}.tar")])
    broken = tmp_path / "shard-000000.tar"
    with tarfile.open(broken, "w") as tar:  # a tar whose sample has no manifest row
        info = tarfile.TarInfo("000000000.png")
        data = np.zeros(4, np.uint8).tobytes()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ConfigError, match="shard-000000.tar: is not a readable wildcat shard"):
        read_shards([str(broken)])


def test_every_rank_and_worker_reads_every_shard(shards, monkeypatch):
    """The sampler of each DDP rank draws from all products, so no rank may get a split of the shards."""
    for name, value in {"RANK": "1", "WORLD_SIZE": "2", "WORKER": "1", "NUM_WORKERS": "2"}.items():
        monkeypatch.setenv(name, value)
    assert len(read_shards([str(shards)])) == 78
