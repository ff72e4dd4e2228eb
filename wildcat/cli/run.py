"""`wildcat bench ...`: whole jobs that chain every stage."""

from __future__ import annotations

from pathlib import Path

import typer

from wildcat.core.executors import executor_option, ray_address_option, workers_option
from wildcat.pipeline.budgets import BUDGETS

bench_app = typer.Typer(help="Benchmarks that run the whole pipeline on real data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.add_typer(bench_app, name="bench")


def run(
    out: Path = typer.Option(Path("workspace"), help="Workspace to write everything into (resumable)."),
    catalog: Path = typer.Option(
        None,
        help="Your catalog (folder, listing, Grocery layout or catalog.json; its labelled wild photos are the "
        "queries, and without any nothing is measured); default: the built-in one.",
    ),
    budget: str = typer.Option("demo", help=f"Named budget: {', '.join(BUDGETS)}."),
    seed: int = typer.Option(0, min=0, help="Seed of every random choice."),
    executor: str = executor_option(),
    workers: int | None = workers_option(),
    ray_address: str = ray_address_option(),
) -> None:
    """The whole job: catalog -> cutouts -> renders -> composites -> before/after models -> recall report."""
    import time

    from wildcat.core.executors import create_executor
    from wildcat.core.workspace import Workspace
    from wildcat.pipeline.default_job import run_default

    start = time.time()
    runner = create_executor(executor, ray_address, workers)
    report = run_default(out, seed=seed, budget=budget, catalog=catalog, executor=runner)
    if report is None:
        typer.echo(
            f"nothing could be measured: {catalog} has no wild photos labelled with their product, so recall was "
            "not computed. The models are trained (runs/before, runs/after): search your catalog with a photo on "
            "the workbench's Query page. To measure, add photos as <category>/<product>/wild/*.jpg (or photo rows "
            "in a listing; see docs/catalogs.md) and run this again."
        )
    else:
        md = report / "report.md"
        typer.echo(md.read_text(encoding="utf-8").split("\n## ", 2)[0] if md.exists() else "")
        typer.echo(zero_shot_line(Path(out)))
        if catalog is None:
            from wildcat.pipeline.default_figures import verdict

            typer.echo(verdict(Workspace.at(out), seed, budget))
    typer.echo(Workspace.at(out).size_line())
    typer.echo(f"done in {time.time() - start:.0f} s" + (f"; report: {report / 'report.md'}" if report else ""))
    typer.echo(f"look at it: wildcat ui {Path(out)}")


@bench_app.command("grocery-store")
def grocery_store(
    root: Path = typer.Option(
        Path("../shared/data/grocery_store"), help="Grocery Store Dataset folder (classes.csv, split files)."
    ),
    protocol: str = typer.Option(
        "synthetic", help="zero-shot | catalog-only | synthetic | synthetic+unlabeled | oracle."
    ),
    split: str = typer.Option("dev", help="Queries: dev (= train+val; the oracle uses val), val or test."),
    budget: str = typer.Option("pretrained", help=f"Named budget: {', '.join(BUDGETS)}."),
    out: Path = typer.Option(Path("workspace/grocery"), help="Benchmark workspace (shared data, runs, evaluations)."),
    seed: int = typer.Option(0, min=0, help="Seed of data generation and training."),
    recipe: Path = typer.Option(None, help="Recipe YAML: what this run changes from the default (see bench/recipes/)."),
    views_weight: float | None = typer.Option(
        None,
        min=0,
        help="Weight of each product's views (the run's composites, or the oracle's "
        "photos) blended into its indexed vector (default: eval.views.DEFAULT_WEIGHT, 2); "
        "0 = catalog images alone (eval folder -views0).",
    ),
    hub_correction: bool = typer.Option(
        True,
        help="synthetic+unlabeled: correct each indexed image's scores by its pull on the unlabelled photos "
        "(eval.hubness); --no-hub-correction gives eval folder -nohub.",
    ),
    executor: str = executor_option(),
    workers: int | None = workers_option(),
    ray_address: str = ray_address_option(),
) -> None:
    """Run one protocol of the grocery-store benchmark (segment, synthesise, train, evaluate) and write its report.

    Tabulate several with: wildcat eval table OUT/eval/* --before catalog-only-... --oracle oracle-...
    """
    from wildcat.core.config import load_config
    from wildcat.pipeline.grocery import GroceryBench, run_protocol
    from wildcat.pipeline.recipe import load_recipe

    bench = load_config(
        GroceryBench,
        None,
        root=root,
        protocol=protocol,
        split=split,
        budget=budget,
        out=out,
        recipe=load_recipe(recipe),
        hub_correction=hub_correction,
        **({} if views_weight is None else {"views_weight": views_weight}),
    )
    from wildcat.core.executors import create_executor

    report = run_protocol(bench, seed=seed, executor=create_executor(executor, ray_address, workers))
    typer.echo((report / "report.md").read_text(encoding="utf-8") if (report / "report.md").exists() else "")
    typer.echo(f"report: {report}")


def zero_shot_line(out: Path) -> str:
    """The zero-shot baseline's recall, for the job's printed report."""
    import json

    from wildcat.core.workspace import Workspace
    from wildcat.pipeline.default_job import ZERO_SHOT
    from wildcat.train.embedder import ZERO_SHOT_LABEL

    report = Workspace.at(out).evaluation(ZERO_SHOT) / "report.json"
    if not report.is_file():
        return ""
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    at = {k: summary.get(f"recall@{k}", {}).get("value", float("nan")) for k in (1, 5)}
    return f"{ZERO_SHOT_LABEL}: recall@1 {at[1]:.3f}, recall@5 {at[5]:.3f} (eval/{ZERO_SHOT})"
