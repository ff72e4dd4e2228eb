"""The grocery-store ablation table: one synthetic-protocol run per recipe, same budget, same queries.

    .venv/bin/python bench/grocery_ablation.py --budget ablate --seeds 0 [1 2] --out workspace/grocery \\
        [--recipes bench/recipes/*.yaml] [--root ../shared/data/grocery_store] [--tabulate-only]

Runs (or resumes: finished runs are read back, not re-run) the catalog-only and
oracle references and the default recipe at the same budget, then every recipe
in the order given, then the synthetic+unlabeled protocol, and writes OUT/ablation-BUDGET-sSEED.md: recall@1/@5 with
95% bootstrap intervals, the paired change in recall@1 against the default
recipe on the same queries (and in recall@5), and the share of the catalog-only -> oracle gap
closed. Each recipe file's first comment line says what it changes.

With several seeds (`--seeds 0 1 2`: data generation and training both reseeded)
every row is run once per seed and OUT/ablation-BUDGET-seeds-0-1-2.md gives the
mean over seeds with each seed's value, and the mean of the per-seed paired
changes: single runs differ by more than most ingredients do, so a change
counts only when it holds across seeds.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.eval.markdown import ci, table  # noqa: E402
from wildcat.eval.paired_runs import gap_closed, paired_delta  # noqa: E402
from wildcat.eval.result import as_result  # noqa: E402
from wildcat.eval.views import DEFAULT_WEIGHT as VIEWS_WEIGHT  # noqa: E402
from wildcat.pipeline.grocery import GroceryBench, eval_name, run_protocol  # noqa: E402
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


def run_one(
    root: Path,
    out: Path,
    budget: str,
    seed: int,
    protocol: str,
    recipe_file: Path | None,
    run: bool = True,
    views_weight: float = VIEWS_WEIGHT,
) -> Path | None:
    """The run's evaluation folder: read back when finished, else run (or None when `run` is off)."""
    bench = GroceryBench(
        root=root, protocol=protocol, budget=budget, out=out, recipe=load_recipe(recipe_file), views_weight=views_weight
    )
    report = out / "eval" / eval_name(bench, seed)
    if (report / "report.json").exists():
        return report
    return run_protocol(bench, seed=seed) if run else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--budget", default="ablate")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0], help="one run per seed and row (mean and spread)")
    ap.add_argument("--recipes", type=Path, nargs="*", default=sorted((HERE / "recipes").glob("*.yaml")))
    ap.add_argument("--tabulate-only", action="store_true", help="run nothing: tabulate the finished runs")
    ap.add_argument("--no-unlabeled", action="store_true", help="leave out the synthetic+unlabeled row")
    ap.add_argument(
        "--views-weight",
        type=float,
        default=VIEWS_WEIGHT,
        help="views in the index (eval.views); 0 = catalog images alone, as rounds 1-5 were measured",
    )
    args = ap.parse_args()
    tag = "" if args.views_weight == VIEWS_WEIGHT else f"-views{args.views_weight:g}"

    def one(seed: int, protocol: str, recipe: Path | None = None) -> Path | None:
        return run_one(
            args.root,
            args.out,
            args.budget,
            seed,
            protocol,
            recipe,
            run=not args.tabulate_only,
            views_weight=args.views_weight,
        )

    runs = {seed: seed_rows(args.recipes, lambda *a, s=seed: one(s, *a), not args.no_unlabeled) for seed in args.seeds}
    if len(args.seeds) == 1:
        [seed] = args.seeds
        path = args.out / f"ablation-{args.budget}-s{seed}{tag}.md"
        text = ablation_table(*runs[seed], seed)
    else:
        path = args.out / f"ablation-{args.budget}-seeds-{'-'.join(map(str, args.seeds))}{tag}.md"
        text = seeds_table(runs)
    path.write_text(text, encoding="utf-8")
    print(text)


def seed_rows(recipes: list[Path], one, unlabeled: bool = True) -> tuple[Path, Path, Path, list[tuple[str, str, Path]]]:
    """One seed's references (catalog-only, oracle, default) and its recipe rows, run or read back."""
    before, oracle, default = one("catalog-only"), one("oracle"), one("synthetic")
    if before is None or oracle is None or default is None:
        raise SystemExit("the catalog-only, oracle and default synthetic runs must be finished first")
    rows = [("default", "the default recipe (synthetic protocol)", default)]
    rows += [(load_recipe(f).name, describe(f), one("synthetic", f)) for f in recipes]
    if unlabeled:
        rows.append(
            (
                "synthetic+unlabeled",
                "the default recipe + batch-norm statistics of unlabeled store photos for queries",
                one("synthetic+unlabeled"),
            )
        )
    return before, oracle, default, [r for r in rows if r[2] is not None]


def ablation_table(before: Path, oracle: Path, default: Path, rows: list[tuple[str, str, Path]], seed: int) -> str:
    ref, base, orc = as_result(default), as_result(before), as_result(oracle)
    header = [
        "recipe",
        "what it changes",
        "recall@1",
        "recall@5",
        "Δ recall@1 vs default (paired)",
        "Δ recall@5 (paired)",
        "gap closed @1",
        "gap closed @5",
    ]
    lines = []
    for name, text, report in [
        ("catalog-only", "(reference protocol)", before),
        ("oracle", "(reference protocol)", oracle),
        *rows,
    ]:
        res = as_result(report)
        s = res.report["summary"]
        synthetic = name not in ("catalog-only", "oracle")
        lines.append(
            [
                name,
                text,
                ci(s["recall@1"]),
                ci(s["recall@5"]),
                *(ci(paired_delta(ref, res, k, seed)) if synthetic and report != default else "-" for k in (1, 5)),
                ci(gap_closed(base, res, orc, 1, seed), 2) if synthetic else "-",
                ci(gap_closed(base, res, orc, 5, seed), 2) if synthetic else "-",
            ]
        )
    return table(header, lines) + "\n"


def seeds_table(runs: dict[int, tuple[Path, Path, Path, list[tuple[str, str, Path]]]]) -> str:
    """Rows present for every seed: mean recall over seeds (each seed's value), the mean per-seed paired
    change against that seed's default, and the gap closed by the means."""
    seeds = sorted(runs)
    result = functools.cache(as_result)  # every run is read once, not once per cell
    recall = lambda report, k: float(result(report).hits(k).mean())  # noqa: E731
    refs = {name: [runs[s][i] for s in seeds] for i, name in enumerate(("catalog-only", "oracle", "default"))}
    finished = [{n: (t, r) for n, t, r in runs[s][3]} for s in seeds]
    names = [n for n in finished[0] if all(n in f for f in finished)]
    header = [
        "recipe",
        "what it changes",
        "recall@1",
        "recall@5",
        "Δ recall@1 vs default",
        "Δ recall@5",
        "gap closed @1",
        "gap closed @5",
    ]
    lines = []
    for name, what, reps in [
        ("catalog-only", "(reference protocol)", refs["catalog-only"]),
        ("oracle", "(reference protocol)", refs["oracle"]),
        *((n, finished[0][n][0], [f[n][1] for f in finished]) for n in names),
    ]:
        synthetic = name not in ("catalog-only", "oracle")
        cells = [_spread([recall(r, k) for r in reps]) for k in (1, 5)]
        for k in (1, 5):
            if not synthetic or name == "default":
                cells.append("-")
                continue
            cells.append(
                _spread(
                    [
                        paired_delta(result(d), result(r), k, s)["value"]
                        for s, d, r in zip(seeds, refs["default"], reps, strict=False)
                    ],
                    signed=True,
                )
            )
        for k in (1, 5):  # the share closed by the means over seeds, its interval over the shared queries
            if not synthetic:
                cells.append("-")
                continue
            closed = gap_closed(
                [result(r) for r in refs["catalog-only"]],
                [result(r) for r in reps],
                [result(r) for r in refs["oracle"]],
                k,
            )
            cells.append("-" if np.isnan(closed["value"]) else ci(closed, 2))  # no gap, no share of it
        lines.append([name, what, *cells])
    note = f"Seeds {', '.join(map(str, seeds))}: mean over seeds, each seed's value in brackets.\n\n"
    missing = sorted({n for f in finished for n in f} - set(names))
    if missing:  # said, not silently dropped: a row finished for some seeds only would otherwise vanish
        note += f"Not finished for every seed (left out): {', '.join(missing)}.\n\n"
    return note + table(header, lines) + "\n"


def _spread(values: list[float], signed: bool = False) -> str:
    fmt = "{:+.3f}" if signed else "{:.3f}"
    return f"{fmt.format(float(np.mean(values)))} ({', '.join(fmt.format(v) for v in values)})"


if __name__ == "__main__":
    main()
