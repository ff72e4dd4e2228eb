"""The grocery-store ablation table: one synthetic-protocol run per recipe, same budget, same queries.

    .venv/bin/python bench/grocery_ablation.py --budget ablate --seed 0 --out workspace/grocery \\
        [--recipes bench/recipes/*.yaml] [--root ../shared/data/grocery_store]

Runs (or resumes: finished runs are read back, not re-run) the catalog-only and
oracle references and the default recipe at the same budget, then every recipe
in the order given, then the synthetic+unlabeled protocol, and writes OUT/ablation-BUDGET-sSEED.md: recall@1/@5 with
95% bootstrap intervals, the paired change in recall@1 against the default
recipe on the same queries, and the share of the catalog-only -> oracle gap
closed. Each recipe file's first comment line says what it changes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.paired_runs import gap_closed  # noqa: E402
from eval.result import as_result  # noqa: E402
from eval.paired_runs import paired_delta  # noqa: E402
from eval.markdown import ci, table  # noqa: E402
from wildcat.pipeline.grocery import GroceryBench, run_name, run_protocol  # noqa: E402
from wildcat.pipeline.recipe import load_recipe  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_ROOT = HERE.parents[1] / "shared" / "data" / "grocery_store"


def describe(recipe_file: Path | None) -> str:
    """The recipe file's first comment line (what it changes)."""
    if recipe_file is None:
        return "(reference protocol)"
    for line in recipe_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def run_one(root: Path, out: Path, budget: str, seed: int, protocol: str, recipe_file: Path | None) -> Path:
    bench = GroceryBench(root=root, protocol=protocol, budget=budget, out=out, recipe=load_recipe(recipe_file))
    report = out / "eval" / run_name(bench, seed)
    if (report / "report.json").exists():
        return report
    return run_protocol(bench, seed=seed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--budget", default="ablate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--recipes", type=Path, nargs="*", default=sorted((HERE / "recipes").glob("*.yaml")))
    args = ap.parse_args()
    refs = {p: run_one(args.root, args.out, args.budget, args.seed, p, None) for p in ("catalog-only", "oracle")}
    default = run_one(args.root, args.out, args.budget, args.seed, "synthetic", None)
    rows = [("default", "the default recipe (synthetic protocol)", default)]
    for f in args.recipes:
        rows.append((load_recipe(f).name, describe(f), run_one(args.root, args.out, args.budget, args.seed, "synthetic", f)))
    unlabeled = run_one(args.root, args.out, args.budget, args.seed, "synthetic+unlabeled", None)
    rows.append(("synthetic+unlabeled", "the default recipe + batch-norm statistics of unlabeled store photos", unlabeled))
    path = args.out / f"ablation-{args.budget}-s{args.seed}.md"
    path.write_text(ablation_table(refs["catalog-only"], refs["oracle"], default, rows, args.seed), encoding="utf-8")
    print(path.read_text(encoding="utf-8"))


def ablation_table(before: Path, oracle: Path, default: Path, rows: list[tuple[str, str, Path]], seed: int) -> str:
    ref, base, orc = as_result(default), as_result(before), as_result(oracle)
    header = ["recipe", "what it changes", "recall@1", "recall@5", "recall@1 vs default (paired)", "gap closed @1", "gap closed @5"]
    lines = []
    for name, text, report in [("catalog-only", "(reference protocol)", before), ("oracle", "(reference protocol)", oracle), *rows]:
        res = as_result(report)
        s = res.report["summary"]
        synthetic = name not in ("catalog-only", "oracle")
        lines.append([
            name, text, ci(s["recall@1"]), ci(s["recall@5"]),
            ci(paired_delta(ref, res, 1, seed)) if synthetic and report != default else "-",
            ci(gap_closed(base, res, orc, 1, seed), 2) if synthetic else "-",
            ci(gap_closed(base, res, orc, 5, seed), 2) if synthetic else "-",
        ])
    return table(header, lines) + "\n"


if __name__ == "__main__":
    main()
