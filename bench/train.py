"""Training throughput at the demo settings: images/s and where a step's time goes.

    OMP_NUM_THREADS=1 .venv/bin/python bench/train.py --steps 20 --threads 2 --out /tmp/train-bench.json

Trains through `train.train_run` (the code wildcat uses) with the project's
demo settings (resnet18 from scratch, 96 px, batch 64, architecture D) on the
Grocery Store catalog plus its natural train photos when ../shared/data holds
them (a generated stand-in otherwise), logs every step, drops `--warmup`
steps, and reports mean images/s with the step split into data wait, batched
augmentation and compute (forward + backward + optimizer step). The cache
fill (decode + resize of every image, once per run) is reported apart.
Setting OMP_NUM_THREADS=1 keeps decoding workers polite on the shared
machine; `--threads` sets torch's compute threads for the training process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
# idle OpenMP threads sleep instead of spinning: on a shared 2-core machine spinning
# threads burn the cores the other threads wait for (must be set before torch loads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

GROCERY = Path(__file__).resolve().parents[2] / "shared" / "data" / "grocery_store"


def main() -> None:
    args = parse_args()
    import torch

    from wildcat.core.config import load_run_meta
    from wildcat.train import TrainConfig, read_metrics, train_run

    with tempfile.TemporaryDirectory() as tmp:
        data = data_settings(Path(tmp), args)
        cfg = TrainConfig(
            **data,
            arch="D",
            backbone=args.backbone,
            image_size=args.image_size,
            batch_size=args.batch_size,
            steps=args.warmup + args.steps,
            log_every=1,
            checkpoint_every=10**6,
            threads=args.threads,
            workers=args.workers,
            cache_images=not args.no_cache,
            channels_last=not args.no_channels_last,
            device=args.device,
            amp=args.amp,
            pretrained="imagenet" if args.pretrained else None,
        )
        result = train_run(cfg, Path(tmp) / "run", seed=0, progress=True)
        steps = [r for r in read_metrics(result.run_dir) if "loss" in r][args.warmup :]
        data = load_run_meta(result.run_dir)["data"]
    report = summarise(steps, args, cfg, data, torch.get_num_threads())
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")


def data_settings(tmp: Path, args: argparse.Namespace) -> dict:
    if GROCERY.is_dir() and not args.synthetic:
        return {"catalog": str(GROCERY), "wild_splits": ["train"]}
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "train"))
    from conftest import make_toy_problem  # the tests' generator, at a realistic image size

    toy = make_toy_problem(tmp / "toy", queries_per_product=200, val_per_product=0, size=128)
    return {"catalog": str(toy.catalog), "data": [str(toy.dataset)]}


def summarise(steps: list[dict], args: argparse.Namespace, cfg, data: dict, threads: int) -> dict:
    mean = lambda key: float(np.mean([s[key] for s in steps]))  # noqa: E731
    step_s = args.batch_size / mean("images_per_s")
    return {
        "backbone": cfg.backbone,
        "image_size": cfg.image_size,
        "batch_size": cfg.batch_size,
        "torch_threads": threads,
        "workers": cfg.workers,
        "cache": cfg.cache_images,
        "channels_last": cfg.channels_last,
        "device": cfg.device,
        "amp": cfg.amp,
        "measured_steps": len(steps),
        "images": data["images"],
        "cache_fill_s": data["cache_fill_s"],
        "images_per_s": round(mean("images_per_s"), 1),
        "step_s": round(step_s, 3),
        "data_s": round(mean("data_s"), 4),
        "augment_s": round(mean("augment_s"), 4),
        "compute_s": round(mean("compute_s"), 3),
        "cpu_s": round(mean("cpu_s"), 3),
        "images_per_cpu_s": round(args.batch_size / mean("cpu_s"), 1),
        "projected_600_steps_min": round(600 * step_s / 60, 1),
        "load_average": round(os.getloadavg()[0], 1),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
    }


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=20, help="measured steps")
    p.add_argument("--warmup", type=int, default=3, help="steps dropped before measuring")
    p.add_argument("--backbone", default="resnet18")
    p.add_argument("--image-size", type=int, default=96)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=None, help="torch compute threads (default: torch's)")
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--no-cache", action="store_true", help="decode every batch in workers instead of caching")
    p.add_argument("--no-channels-last", action="store_true")
    p.add_argument("--device", default="auto")
    p.add_argument("--amp", default="auto", choices=["auto", "bf16", "off"], help="TrainConfig.amp (bf16 autocast)")
    p.add_argument("--pretrained", action="store_true", help="start from the backbone's ImageNet weights")
    p.add_argument("--synthetic", action="store_true", help="use generated images even when the grocery data exists")
    p.add_argument("--out", help="write the report here as JSON")
    return p.parse_args()


if __name__ == "__main__":
    main()
