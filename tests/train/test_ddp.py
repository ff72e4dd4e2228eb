"""Two processes under torchrun with gloo: the run finishes and its model has the
single-process shapes."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from wildcat.core.config import load_run_meta
from wildcat.train import TrainConfig, load_embedder, read_metrics, train_run
from wildcat.train.checkpoint import load_checkpoint

REPO = Path(__file__).resolve().parents[2]


def test_two_process_gloo_run_matches_single_process_shapes(toy, tmp_path):
    common = [
        "--data",
        str(toy.dataset),
        "--catalog",
        str(toy.catalog),
        "--backbone",
        "tiny",
        "--steps",
        "4",
        "--image-size",
        "32",
        "--batch-size",
        "8",
        "--seed",
        "0",
        "--no-progress",
    ]
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        "-m",
        "wildcat.train.cli",
        *common,
        "--out",
        str(tmp_path / "ddp"),
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert proc.stdout.count("trained 4 steps") == 1  # rank 0 alone reports

    single = train_run(
        TrainConfig(
            data=[str(toy.dataset)], catalog=str(toy.catalog), backbone="tiny", steps=4, image_size=32, batch_size=8
        ),
        tmp_path / "single",
        seed=0,
        progress=False,
    )
    assert load_run_meta(tmp_path / "ddp")["world_size"] == 2
    ddp_state = load_checkpoint(tmp_path / "ddp" / "final.pt")[1]["model"]
    single_state = load_checkpoint(single.checkpoint)[1]["model"]
    assert {k: v.shape for k, v in ddp_state.items()} == {k: v.shape for k, v in single_state.items()}
    images = [np.random.default_rng(i).integers(0, 255, (32, 32, 3), dtype=np.uint8) for i in range(3)]
    ddp_emb = load_embedder(tmp_path / "ddp" / "final.pt", device="cpu").embed_images(images)
    single_emb = load_embedder(single.checkpoint, device="cpu").embed_images(images)
    assert ddp_emb.shape == single_emb.shape == (3, 256) and np.isfinite(ddp_emb).all()
    # same seed and start, but DDP averaged gradients over two ranks' batches
    assert not torch.equal(ddp_state["embed.weight"], single_state["embed.weight"])
    last = [r for r in read_metrics(tmp_path / "ddp") if "loss" in r][-1]
    assert last["step"] == 4 and np.isfinite(last["loss"])
