"""The grocery-store ablation table: one synthetic-protocol run per recipe, same budget, same queries.

    .venv/bin/python bench/grocery_ablation.py --budget ablate --seed 0 --out workspace/grocery \\
        [--recipes bench/recipes/*.yaml] [--root ../shared/data/grocery_store] [--tabulate-only]

Runs (or resumes: finished runs are read back, not re-run) the catalog-only and
oracle references and the default recipe at the same budget, then every recipe
in the order given, then the synthetic+unlabeled protocol, and writes OUT/ablation-BUDGET-sSEED.md: recall@1/@5 with
95% bootstrap intervals, the paired change in recall@1 against the default
recipe on the same queries (and in recall@5), and the share of the catalog-only -> oracle gap
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


def run_one(root: Path, out: Path, budget: str, seed: int, protocol: str, recipe_file: Path | None,
            run: bool = True) -> Path | None:
    """The run's evaluation folder: read back when finished, else run (or None when `run` is off)."""
    bench = GroceryBench(root=root, protocol=protocol, budget=budget, out=out, recipe=load_recipe(recipe_file))
    report = out / "eval" / run_name(bench, seed)
    if (report / "report.json").exists():
        return report
    return run_protocol(bench, seed=seed) if run else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--budget", default="ablate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--recipes", type=Path, nargs="*", default=sorted((HERE / "recipes").glob("*.yaml")))
    ap.add_argument("--tabulate-only", action="store_true", help="run nothing: tabulate the finished runs")
    args = ap.parse_args()

    def one(protocol: str, recipe: Path | None = None) -> Path | None:
        return run_one(args.root, args.out, args.budget, args.seed, protocol, recipe, run=not args.tabulate_only)

    before, oracle, default = one("catalog-only"), one("oracle"), one("synthetic")
    if before is None or oracle is None or default is None:
        raise SystemExit("the catalog-only, oracle and default synthetic runs must be finished first")
    rows = [("default", "the default recipe (synthetic protocol)", default)]
    rows += [(load_recipe(f).name, describe(f), one("synthetic", f)) for f in args.recipes]
    rows.append(("synthetic+unlabeled", "the default recipe + batch-norm statistics of unlabeled store photos for queries",
                 one("synthetic+unlabeled")))
    path = args.out / f"ablation-{args.budget}-s{args.seed}.md"
    path.write_text(ablation_table(before, oracle, default, [r for r in rows if r[2] is not None], args.seed), encoding="utf-8")
    print(path.read_text(encoding="utf-8"))


def ablation_table(before: Path, oracle: Path, default: Path, rows: list[tuple[str, str, Path]], seed: int) -> str:
    ref, base, orc = as_result(default), as_result(before), as_result(oracle)
    header = ["recipe", "what it changes", "recall@1", "recall@5", "Δ recall@1 vs default (paired)", "Δ recall@5 (paired)",
              "gap closed @1", "gap closed @5"]
    lines = []
    for name, text, report in [("catalog-only", "(reference protocol)", before), ("oracle", "(reference protocol)", oracle), *rows]:
        res = as_result(report)
        s = res.report["summary"]
        synthetic = name not in ("catalog-only", "oracle")
        lines.append([
            name, text, ci(s["recall@1"]), ci(s["recall@5"]),
            *(ci(paired_delta(ref, res, k, seed)) if synthetic and report != default else "-" for k in (1, 5)),
            ci(gap_closed(base, res, orc, 1, seed), 2) if synthetic else "-",
            ci(gap_closed(base, res, orc, 5, seed), 2) if synthetic else "-",
        ])
    return table(header, lines) + "\n"


if __name__ == "__main__":
    main()
