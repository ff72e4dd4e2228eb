"""The grocery-store benchmark (docs/benchmarks.md, "Protocols").

Same backbone, same step budget, same evaluation; only the training data
changes between protocols. Gallery = the iconic catalog images, each blended
in the index with the mean of the run's own training images of the query
domain (eval.views: a synthetic run's composites, the oracle's labelled
photos, nothing for catalog-only); queries = the natural store photos of the
chosen split. Protocols that train on no real
photo are evaluated on `dev` = train + val (2,936 photos, all products); the
oracle trains on `train` and is evaluated on `val`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from wildcat.core.catalog import load_catalog, wild_samples
from wildcat.core.config import Config, load_config, save_run_meta
from wildcat.core.errors import CatalogError, ConfigError
from wildcat.core.manifest import Sample
from wildcat.core.seeding import draw_seed
from wildcat.core.workspace import Workspace
from wildcat.eval.views import DEFAULT_WEIGHT as VIEWS_WEIGHT
from wildcat.eval.views import composite_views
from wildcat.pipeline import stages
from wildcat.pipeline.budgets import Budget, get_budget
from wildcat.pipeline.recipe import Recipe
from wildcat.train import load_embedder, zero_shot_embedder

PROTOCOLS = ("zero-shot", "catalog-only", "synthetic", "synthetic+unlabeled", "oracle")
Protocol = Literal["zero-shot", "catalog-only", "synthetic", "synthetic+unlabeled", "oracle"]
Split = Literal["dev", "val", "test"]


class GroceryBench(Config):
    root: Path = Field(description="Grocery Store Dataset folder (classes.csv, iconic images, split files)")
    protocol: Protocol = Field("synthetic", description="which training data: " + ", ".join(PROTOCOLS))
    split: Split = Field("dev", description="query split: dev = train+val (zero-real protocols), val, or test")
    budget: str = Field("pretrained", description="named budget (wildcat.pipeline.budgets.BUDGETS)")
    out: Path = Field(Path("workspace/grocery"), description="benchmark workspace: shared data, runs, evaluations")
    recipe: Recipe = Field(
        default_factory=Recipe, description="what this run changes from the default recipe (ablations)"
    )
    views_weight: float = Field(
        VIEWS_WEIGHT,
        ge=0,
        description="weight of each product's views in its indexed vector "
        "(eval.views; views = the run's training images of the query domain: composites, or the "
        "oracle's labelled photos); 0 = the catalog images alone",
    )
    hub_correction: bool = Field(
        True,
        description="synthetic+unlabeled: correct each indexed image's scores by its pull on the unlabelled photos "
        "(eval.hubness). Not the oracle: its photos are its training photos, so their pull on a product measures "
        "how well it was fit, not hubness (recall@1 0.753 -> 0.682 at seed 0)",
    )


def query_splits(protocol: str, split: str) -> list[str]:
    """The wild splits a protocol is evaluated on (never photos it trained on)."""
    if split == "dev":
        return ["val"] if protocol == "oracle" else ["train", "val"]
    return [split]


def run_name(bench: GroceryBench, seed: int) -> str:
    recipe = f"-{bench.recipe.name}" if bench.recipe.name else ""
    return f"{bench.protocol.replace('+', '-')}-{bench.budget}{recipe}-s{seed}"


def eval_name(bench: GroceryBench, seed: int) -> str:
    """The evaluation folder's name: the run's, marked when the index weighs views other than by default."""
    views = "" if bench.views_weight == VIEWS_WEIGHT else f"-views{bench.views_weight:g}"
    hubs = "" if bench.hub_correction or bench.protocol != "synthetic+unlabeled" else "-nohub"
    return run_name(bench, seed) + views + hubs


def reuse_training(source: Path, target: Path) -> bool:
    """Start `target` from the finished training of `source` (same data, seed and steps).

    synthetic+unlabeled trains exactly as synthetic does (the unlabeled photos only adapt
    batch-norm statistics once training is over), and a resumed run is exact, so the twin's
    checkpoint stands for training again: its last.pt when it was kept, else its final.pt (the
    trained weights; the trainer drops the anchor and attaches its own). Returns whether it was reused.
    """
    held = [name for name in ("last.pt", "final.pt") if (target / name).exists()]
    if held or not (source / "final.pt").exists():
        return False
    target.mkdir(parents=True, exist_ok=True)
    name = "last.pt" if (source / "last.pt").exists() else "final.pt"
    shutil.copyfile(source / name, target / name)
    return True


def run_protocol(bench: GroceryBench, seed: int | None = None, progress: bool = True, executor=None) -> Path:
    """Run one protocol end to end; returns its evaluation folder (report.json, report.md, plots).

    executor: where data generation runs (wildcat.core.executors; default this process).
    """
    seed = draw_seed() if seed is None else seed
    budget = protocol_budget(bench)
    catalog = load_catalog(bench.root)
    if catalog.source_format != "grocery":
        raise CatalogError(
            bench.root, "is not a Grocery Store Dataset folder", "point --root at the folder holding classes.csv"
        )
    splits = query_splits(bench.protocol, bench.split)
    if not catalog.queries_for(splits):
        raise ConfigError(
            bench.root, f"has no query photos for split(s) {', '.join(splits)}", "add the split file (e.g. test.txt)"
        )
    ws = Workspace.at(bench.out)
    save_run_meta(ws.evaluation(eval_name(bench, seed)), bench, seed, budget=budget.model_dump(), query_splits=splits)

    if bench.protocol == "zero-shot":
        return _zero_shot(bench, budget, catalog, ws, seed, splits, progress)
    trained = train_protocol(bench, catalog, budget, seed, progress, executor)
    _, out = stages.evaluate(
        catalog,
        ws,
        eval_name(bench, seed),
        load_embedder(trained.checkpoint),
        trained.queries,
        seed,
        progress,
        synthetic=trained.data,
        views=trained.views,
        views_weight=bench.views_weight,
        reference=trained.reference,
    )
    return out


@dataclass
class TrainedProtocol:
    """A protocol's finished run and what its evaluation reads."""

    checkpoint: Path
    data: list[Path]  # the synthetic datasets it trained on (none for catalog-only and the oracle)
    queries: list[Sample]  # the wild photos it answers (never photos it trained on)
    views: list[Sample]  # its own training images of the query domain, blended into the index (eval.views)
    reference: list[Sample]  # unlabelled photos that hub-correct the index (eval.hubness); none when it has none


def train_protocol(
    bench: GroceryBench, catalog, budget: Budget, seed: int, progress: bool, executor=None
) -> TrainedProtocol:
    """Generate the protocol's data and train (or read back) its run; the one way a benchmark run is trained
    (bench/grocery_screen.py evaluates the same runs more cheaply)."""
    ws = Workspace.at(bench.out)
    name = run_name(bench, seed)
    data: list[Path] = []
    extra: dict = dict(bench.recipe.train)
    if bench.protocol in ("synthetic", "synthetic+unlabeled"):
        data = stages.synthetic_data(catalog, ws, budget, seed, progress, executor=executor, recipe=bench.recipe)
    if bench.protocol == "synthetic+unlabeled":
        extra["unlabeled_splits"] = ["train"]  # images only: labels are never read for these
        reuse_training(ws.run(run_name(bench.model_copy(update={"protocol": "synthetic"}), seed)), ws.run(name))
    if bench.protocol == "oracle":
        extra["wild_splits"] = ["train"]
    run = stages.train(catalog, ws, name, budget, seed, data, progress, **extra)
    # Same evaluation for every protocol: the index blends in the run's own training images of the query
    # domain (none for catalog-only), so the oracle's upper bound gets what the synthetic run gets; unlabelled
    # photos hub-correct it (eval.hubness).
    views = wild_samples(catalog, extra["wild_splits"]) if bench.protocol == "oracle" else composite_views(data)
    photos = extra.get("unlabeled_splits") if bench.hub_correction else None
    queries = wild_samples(catalog, query_splits(bench.protocol, bench.split))
    return TrainedProtocol(run.checkpoint, data, queries, views, wild_samples(catalog, photos) if photos else [])


def protocol_budget(bench: GroceryBench) -> Budget:
    """The named budget with the recipe's changes."""
    return load_config(Budget, None, **{**get_budget(bench.budget).model_dump(), **bench.recipe.budget})


def _zero_shot(bench: GroceryBench, budget: Budget, catalog, ws: Workspace, seed: int, splits, progress: bool) -> Path:
    """The budget's pretrained trunk with no training and no views: what a user gets without wildcat."""
    if not budget.pretrained:
        raise ConfigError(
            None,
            f"budget {bench.budget!r} trains from scratch, so it has no pretrained trunk to evaluate zero-shot",
            "use a pretrained budget (e.g. --budget pretrained)",
        )
    embedder = zero_shot_embedder(budget.backbone, budget.image_size, pretrained=budget.pretrained)
    queries = wild_samples(catalog, splits)
    _, out = stages.evaluate(catalog, ws, eval_name(bench, seed), embedder, queries, seed, progress)
    return out
