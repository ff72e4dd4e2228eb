"""`wildcat segment train-matting`: teach the compact U-Net (`matting_net.py`)
to cut objects out of studio composites with known alpha, export it for
rembg's `u2net_custom` session, and score it against `whitebg` on held-out
composites through the real rembg backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from wildcat.core.atomic import write_json
from wildcat.core.config import save_run_meta
from wildcat.core.errors import ImageLoadError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import read_manifest
from wildcat.core.seeding import sample_rng, torch_seed
from wildcat.segment.alpha import has_cutout_alpha
from wildcat.segment.composites import sample_composite
from wildcat.segment.config import MattingTrainConfig, WhiteBgConfig
from wildcat.segment.errors import SegmentError
from wildcat.segment.matting_net import REMBG_SIZE, build_net, export_onnx, rembg_normalise
from wildcat.segment.quality import iou, mae
from wildcat.segment.whitebg import WhiteBgBackend

MODEL_FILE = "matting.onnx"
METRICS_FILE = "metrics.json"


def train_matting(out_dir: str | Path, config: MattingTrainConfig, seed: int, progress: bool = True) -> dict[str, Any]:
    """Train, export OUT/matting.onnx, evaluate; returns (and writes OUT/metrics.json) the figures."""
    import torch

    out = Path(out_dir)
    save_run_meta(out, config, seed, stage="segment.train-matting")
    torch.set_num_threads(config.threads)
    sources = load_sources(config.data, progress)
    with torch.random.fork_rng():  # weights from our seed, without touching torch's global RNG afterwards
        torch.manual_seed(torch_seed(sample_rng(seed, "matting", 0, "init")))
        net = build_net(config.base_channels)
    losses = fit(net, config, seed, sources, progress)
    model_path = export_onnx(net, out / MODEL_FILE, REMBG_SIZE, work_size=config.size)
    metrics = {
        "steps": config.steps,
        "loss_first": losses[0],
        "loss_last": float(np.mean(losses[-max(1, len(losses) // 10) :])),
        "sources": len(sources) or "procedural",
        **evaluate(model_path, config, seed, sources, progress),
    }
    write_json(out / METRICS_FILE, metrics)
    return metrics


def fit(net, config: MattingTrainConfig, seed: int, sources: Sequence[np.ndarray], progress: bool) -> list[float]:
    """The training loop; returns the loss of every step."""
    import torch
    import torch.nn.functional as F

    opt = torch.optim.Adam(net.parameters(), lr=config.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, config.steps, eta_min=config.lr * 0.05)
    net.train()
    losses = []
    bar = tqdm(range(config.steps), desc="train-matting", disable=not progress, unit="step")
    for step in bar:
        rng = sample_rng(seed, "matting", step, "train")
        x, y = make_batch(rng, config.batch, config.size, sources, config.shadow_prob)
        logits = net(torch.from_numpy(x))
        target = torch.from_numpy(y)
        # BCE for the mask, L1 on the alpha for soft edges.
        loss = F.binary_cross_entropy_with_logits(logits, target) + (torch.sigmoid(logits) - target).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(float(loss.detach()))
        bar.set_postfix(loss=f"{np.mean(losses[-20:]):.3f}")
    net.eval()
    return losses


def make_batch(
    rng: np.random.Generator, n: int, size: int, sources: Sequence[np.ndarray], shadow_prob: float
) -> tuple[np.ndarray, np.ndarray]:
    """n composites as rembg-normalised inputs (n x 3 x size x size) and alphas (n x 1 x size x size)."""
    xs, ys = [], []
    for _ in range(n):
        c = sample_composite(rng, size, sources, shadow_prob=shadow_prob)
        xs.append(rembg_normalise(c.image))
        ys.append(c.alpha[None])
    return np.stack(xs), np.stack(ys).astype(np.float32)


def evaluate(
    model_path: Path, config: MattingTrainConfig, seed: int, sources: Sequence[np.ndarray], progress: bool
) -> dict[str, float]:
    """IoU and MAE against the true alpha for the exported model (through rembg) and for whitebg,
    and their agreement, on composites no training step saw."""
    from wildcat.segment.rembg_backend import RembgBackend  # onnxruntime and rembg: loaded when evaluating

    net, classical = RembgBackend("u2net_custom", model_path), WhiteBgBackend(WhiteBgConfig())
    rows = []
    for i in tqdm(range(config.eval_count), desc="evaluate", disable=not progress, unit="img"):
        c = sample_composite(
            sample_rng(seed, "matting", i, "heldout"), config.eval_size, sources, shadow_prob=config.shadow_prob
        )
        a_net, a_wb = net(c.image).alpha, classical(c.image).alpha
        rows.append(
            (iou(a_net, c.alpha), mae(a_net, c.alpha), iou(a_wb, c.alpha), mae(a_wb, c.alpha), iou(a_net, a_wb))
        )
    m = np.asarray(rows).mean(axis=0) if rows else np.full(5, np.nan)
    keys = ("net_iou", "net_mae", "whitebg_iou", "whitebg_mae", "net_vs_whitebg_iou")
    return {k: round(float(v), 4) for k, v in zip(keys, m, strict=False)} | {"eval_count": config.eval_count}


def load_sources(folders: Sequence[Path], progress: bool = True) -> list[np.ndarray]:
    """RGBA images (with transparency) named by the manifests of `folders`; others are skipped."""
    out = []
    for folder in folders:
        for s in tqdm(read_manifest(folder), desc=f"sources {Path(folder).name}", disable=not progress, unit="img"):
            try:
                arr = load_array(s.resolve(folder), "auto")
            except ImageLoadError:
                continue
            if has_cutout_alpha(arr) and (arr[..., 3] > 8).any():
                out.append(arr)
    if folders and not out:
        raise SegmentError(
            ", ".join(map(str, folders)),
            "no RGBA image with transparency is listed in these manifests",
            "pass dataset folders made by 'wildcat segment' (cutouts) or by rendering, or no --data for procedural "
            "shapes",
        )
    return out


__all__ = ["MODEL_FILE", "METRICS_FILE", "MattingTrainConfig", "train_matting", "fit", "evaluate"]
