"""Screen recipes on the grocery benchmark's dev queries at a fraction of its cost.

    .venv/bin/python bench/grocery_screen.py --out workspace/grocery --seeds 0 1 2 \\
        --recipes default bench/recipes/nsoftmax.yaml bench/recipes/whole-all.yaml

Each recipe's run is trained exactly as `wildcat bench grocery-store --budget
pretrained --recipe R --seed S` trains it (same data folders, same run name, so
a screened run is the benchmark's run and a finished one is read back), then
evaluated on the same dev photos with a cheaper index: each catalog image is
blended with the first `--views` composites of its product (manifest order)
instead of all of them, and no domain-gap sample is embedded. Embedding views
is most of the benchmark's evaluation time (9,720 composites through two
trunks), so a screen costs training plus about 5,000 images per run.
`--protocol oracle` screens training recipes on the oracle as the benchmark
evaluates it (val photos; every labelled train photo as views).

Prints recall@1/@5 per recipe and seed, then each recipe's seed means and its
difference from the first recipe at each seed; writes OUT/screen-PROTOCOL.json.
Screen figures sit a little below the benchmark's at @1 (fewer views), so
compare recipes with each other here and report the chosen one with the
benchmark itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import catalog_samples, load_catalog  # noqa: E402
from wildcat.core.workspace import Workspace  # noqa: E402
from wildcat.eval.evaluation import evaluate  # noqa: E402
from wildcat.pipeline.grocery import GroceryBench, protocol_budget, train_protocol  # noqa: E402
from wildcat.pipeline.recipe import Recipe, load_recipe  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402

VIEWS_PER_PRODUCT = 24


def first_views(rows, per_product: int):
    """The first `per_product` rows of each product, in the order given (deterministic: manifest order)."""
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        if seen.get(row.product_id, 0) < per_product:
            seen[row.product_id] = seen.get(row.product_id, 0) + 1
            kept.append(row)
    return kept


def screen_run(bench: GroceryBench, seed: int, per_product: int, progress: bool) -> tuple[float, float]:
    """Train (or read back) one recipe's run as the benchmark does and return its recall@1 and @5 with the
    cheaper index (the oracle keeps every labelled photo as views: they are not the expensive part)."""
    catalog = load_catalog(bench.root)
    trained = train_protocol(bench, catalog, protocol_budget(bench), seed, progress)
    views = trained.views if bench.protocol == "oracle" else first_views(trained.views, per_product)
    result = evaluate(
        load_embedder(trained.checkpoint),
        catalog_samples(catalog),
        trained.queries,
        ks=(1, 5),
        seed=seed,
        views=views,
        reference=trained.reference,
        cache=Workspace.at(bench.out).root / "cache",
        progress=progress,
    )
    summary = result.report["summary"]
    return summary["recall@1"]["value"], summary["recall@5"]["value"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path("../shared/data/grocery_store"))
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--recipes", nargs="+", default=["default"], help="recipe YAML files; 'default' = no changes")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--protocol", choices=("synthetic", "oracle"), default="synthetic")
    ap.add_argument("--budget", default="pretrained", help="named budget (wildcat.pipeline.budgets)")
    ap.add_argument("--views", type=int, default=VIEWS_PER_PRODUCT, help="composites per product in the index")
    ap.add_argument("--no-progress", action="store_true")
    args = ap.parse_args(argv)
    table: dict[str, dict[int, tuple[float, float]]] = {}
    for path in args.recipes:
        recipe = Recipe() if path == "default" else load_recipe(path)
        bench = GroceryBench(root=args.root, out=args.out, protocol=args.protocol, budget=args.budget, recipe=recipe)
        label = recipe.name or "default"
        for seed in args.seeds:
            table.setdefault(label, {})[seed] = screen_run(bench, seed, args.views, not args.no_progress)
            print(f"{label:24s} seed {seed} recall@1 {table[label][seed][0]:.3f} recall@5 {table[label][seed][1]:.3f}")
    print(summary(table))
    out = args.out / f"screen-{args.protocol}.json"
    out.write_text(json.dumps({k: {str(s): v for s, v in runs.items()} for k, runs in table.items()}, indent=1))


def summary(table: dict[str, dict[int, tuple[float, float]]]) -> str:
    """A markdown table: each recipe's seed means and, per seed, its difference from the first recipe."""
    first = next(iter(table.values()))
    lines = [
        "| recipe | seeds | recall@1 | recall@5 | vs first @1 (per seed) | vs first @5 (per seed) |",
        "|---|---|---|---|---|---|",
    ]
    for label, runs in table.items():
        seeds = sorted(runs)
        r1, r5 = (np.mean([runs[s][i] for s in seeds]) for i in (0, 1))
        d1, d5 = (", ".join(f"{runs[s][i] - first[s][i]:+.3f}" for s in seeds if s in first) for i in (0, 1))
        lines.append(f"| {label} | {len(seeds)} | {r1:.3f} | {r5:.3f} | {d1} | {d5} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
