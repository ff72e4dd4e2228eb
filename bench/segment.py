"""Benchmark of the cutout backends: IoU and MAE against the true alpha on studio
composites (white and light-grey backdrops, soft shadows, soft edges, JPEG),
images per second per backend, and optionally whitebg on a real catalog.

    OMP_NUM_THREADS=1 .venv/bin/python bench/segment.py --model runs/matting/matting.onnx \\
        --grocery ../shared/data/grocery_store --out runs/bench-segment

Figures and the command that made them go in docs/segment.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

# This file is named like the package it measures; run as a script, its own
# folder comes first on sys.path and would shadow the `segment` package.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import numpy as np  # noqa: E402

from wildcat.core.seeding import sample_rng  # noqa: E402
from wildcat.segment import SegmentConfig, cut_out, iou, mae, segment_catalog  # noqa: E402
from wildcat.segment.composites import Composite, sample_composite  # noqa: E402


def composites(n: int, size: int, seed: int) -> list[Composite]:
    out = []
    for backdrop in ("white", "grey"):
        for i in range(n):
            out.append(
                sample_composite(sample_rng(seed, "bench", i, backdrop), size, backdrop=backdrop, shadow_prob=0.6)
            )
    return out


def variants(models: list[Path]) -> dict[str, tuple[str, SegmentConfig]]:
    """Benchmark name -> (backend, config)."""
    base = SegmentConfig()
    v = {
        "whitebg": ("whitebg", base),
        "whitebg, no shadow removal": (
            "whitebg",
            base.model_copy(update={"whitebg": base.whitebg.model_copy(update={"shadow_depth": 0.0})}),
        ),
        "alpha (RGBA input; speed only)": ("alpha", base),
    }
    for model in models:
        v[f"rembg u2net_custom ({model.parent.name}/{model.name})"] = (
            "rembg",
            base.model_copy(update={"model_path": model}),
        )
    if models:
        v["auto"] = ("auto", base.model_copy(update={"model_path": models[0]}))
    return v


def run_variant(backend: str, config: SegmentConfig, data: list[Composite]) -> dict:
    inputs = [
        np.dstack([c.image, np.round(c.alpha * 255).astype(np.uint8)]) if backend == "alpha" else c.image for c in data
    ]
    cut_out(inputs[0], backend, config)  # warm-up: imports, JIT, ONNX session
    slices: dict[str, list[tuple[float, float]]] = defaultdict(list)
    start = time.perf_counter()
    for c, x in zip(data, inputs, strict=False):
        a = cut_out(x, backend, config).alpha
        score = (iou(a, c.alpha), mae(a, c.alpha))
        slices["all"].append(score)
        slices[c.backdrop].append(score)
        slices["shadow" if c.shadow > 0 else "no shadow"].append(score)
    elapsed = time.perf_counter() - start
    row = {
        k: {"iou": float(np.mean([s[0] for s in v])), "mae": float(np.mean([s[1] for s in v])), "n": len(v)}
        for k, v in slices.items()
    }
    row["images_per_s"] = len(data) / elapsed
    return row


def grocery(root: Path, out: Path, seed: int) -> dict:
    summary = segment_catalog(root, out, SegmentConfig(backend="whitebg"), seed=seed, progress=False)
    from wildcat.segment.job import mean_score

    return {
        "made": summary.produced,
        "rejected": dict(summary.rejected),
        "mean_score": mean_score(out),
        "contact_sheet": str(out / "contact_sheet.png"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=60, help="composites per backdrop")
    ap.add_argument("--size", type=int, default=256, help="composite side (pixels)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--model",
        type=Path,
        action="append",
        default=[],
        help="ONNX model from 'wildcat segment train-matting' (repeatable)",
    )
    ap.add_argument(
        "--grocery", type=Path, default=None, help="Grocery Store Dataset folder: run whitebg on its iconic images"
    )
    ap.add_argument("--out", type=Path, default=Path("runs/bench-segment"))
    args = ap.parse_args()
    data = composites(args.n, args.size, args.seed)
    results = {"n": len(data), "size": args.size, "seed": args.seed, "backends": {}}
    print(
        f"{len(data)} composites of {args.size} px ({args.n} white, {args.n} light grey; "
        f"{sum(c.shadow > 0 for c in data)} with a shadow)"
    )
    print("| backend | IoU | MAE | IoU white | IoU grey | IoU shadow | IoU no shadow | images/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (backend, cfg) in variants(args.model).items():
        r = run_variant(backend, cfg, data)
        results["backends"][name] = r
        print(
            f"| {name} | {r['all']['iou']:.3f} | {r['all']['mae']:.4f} | {r['white']['iou']:.3f} | "
            f"{r['grey']['iou']:.3f} | "
            f"{r['shadow']['iou']:.3f} | {r['no shadow']['iou']:.3f} | {r['images_per_s']:.1f} |",
            flush=True,
        )
    if args.grocery:
        results["grocery"] = grocery(args.grocery, args.out / "grocery", args.seed)
        print("grocery iconic images, whitebg:", json.dumps(results["grocery"]))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
