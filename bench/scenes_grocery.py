"""Scenes on real store photos: region search and in-situ search on the grocery benchmark.

    .venv/bin/python bench/scenes_grocery.py --out workspace/grocery --seeds 0 1 2 [--scenes 150]

Scenes are mosaics of the dev store photos (train + val, the split the zero-real protocols are chosen on): two
to four photos of different products a scene, every photo in one scene at most, each photo's box its tile (the
dataset has no object boxes). For the pretrained trunk untrained (zero-shot), and the catalog-only and synthetic
runs of bench/grocery_pretrained.py at each seed (trained or read back), with each run's views in the index as its
retrieval evaluation has them. Writes OUT/scenes-grocery.md (mean over seeds, each seed's interval in its own
evaluation folder) and OUT/scenes-grocery.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog, wild_samples  # noqa: E402
from wildcat.core.workspace import Workspace  # noqa: E402
from wildcat.eval.markdown import table  # noqa: E402
from wildcat.eval.views import composite_views  # noqa: E402
from wildcat.pipeline import stages  # noqa: E402
from wildcat.pipeline.budgets import get_budget  # noqa: E402
from wildcat.pipeline.grocery import GroceryBench, run_name  # noqa: E402
from wildcat.pipeline.scenes import evaluate_scene_set, scene_table  # noqa: E402
from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes  # noqa: E402
from wildcat.train import load_embedder, zero_shot_embedder  # noqa: E402

from bench.grocery_ablation import DEFAULT_ROOT, run_one  # noqa: E402

METRICS = (
    ("region search R@1", ("region_search", "recall@1")),
    ("region search R@5", ("region_search", "recall@5")),
    ("in-situ mAP", ("in_situ", "known_boxes", "map")),
    ("in-situ R@10", ("in_situ", "known_boxes", "recall@10")),
    ("in-situ mAP, proposals", ("in_situ", "proposals", "map")),
    ("in-situ R@10, proposals", ("in_situ", "proposals", "recall@10")),
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--budget", default="pretrained")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--scenes", type=int, default=150, help="mosaic scenes made of dev photos")
    args = ap.parse_args()
    ws, catalog, budget = Workspace.at(args.out), load_catalog(args.root), get_budget(args.budget)
    scenes = make_mosaic_scenes(
        wild_samples(catalog, ["train", "val"]), ws.data("scenes-dev"), MosaicConfig(max_scenes=args.scenes), seed=0
    )
    reports = {"zero-shot": [_zero_shot(catalog, ws, budget, scenes)]}
    for protocol in ("catalog-only", "synthetic"):
        reports[protocol] = [_trained(args, catalog, ws, budget, scenes, protocol, s) for s in args.seeds]
    text = _summary(reports, args.seeds) + "\n\nSeed 0 of each, with 95% bootstrap intervals:\n\n"
    text += scene_table({name: runs[0] for name, runs in reports.items()})
    (args.out / "scenes-grocery.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "scenes-grocery.json").write_text(json.dumps(reports, indent=1, default=str), encoding="utf-8")
    print(text)


def _zero_shot(catalog, ws: Workspace, budget, scenes) -> dict:
    embedder = zero_shot_embedder(budget.backbone, budget.image_size, pretrained=budget.pretrained)
    return evaluate_scene_set(catalog, ws, "scenes-zero-shot", embedder, scenes, 0, True)


def _trained(args, catalog, ws: Workspace, budget, scenes, protocol: str, seed: int) -> dict:
    run_one(args.root, args.out, args.budget, seed, protocol, None)  # trains it unless finished
    bench = GroceryBench(root=args.root, protocol=protocol, budget=args.budget, out=args.out)
    name = run_name(bench, seed)
    data = stages.synthetic_data(catalog, ws, budget, seed, False) if protocol == "synthetic" else []
    embedder = load_embedder(ws.run(name) / "final.pt")
    views = composite_views(data)
    return evaluate_scene_set(catalog, ws, f"scenes-{name}", embedder, scenes, seed, True, views=views)


def _summary(reports: dict[str, list[dict]], seeds: list[int]) -> str:
    rows = []
    for name, runs in reports.items():
        cells = []
        for _, keys in METRICS:
            values = [_dig(r, keys) for r in runs]
            spread = f" ({', '.join(f'{v:.3f}' for v in values)})" if len(values) > 1 else ""
            cells.append(f"{np.mean(values):.3f}{spread}")
        rows.append([f"{name} ({len(runs)} seed{'s' * (len(runs) > 1)})", *cells])
    return table(["model", *(m for m, _ in METRICS)], rows)


def _dig(report: dict, keys: tuple[str, ...]) -> float:
    for k in keys:
        report = report.get(k, {})
    return float(report.get("value", float("nan")))


if __name__ == "__main__":
    main()
