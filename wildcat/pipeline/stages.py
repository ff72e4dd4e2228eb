"""Each stage's step of a whole job, called through the stage's public API.

Every step is resumable: it writes into a named folder of the workspace, and
calling it again with the same arguments finishes what is missing. Folders of
seeded data carry the seed in their name (`-s3`), so runs with several seeds
share one workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

import wildcat.eval as wild_eval
from wildcat.core.catalog import Catalog, catalog_samples
from wildcat.core.errors import WildcatError
from wildcat.core.jobs import BatchSummary
from wildcat.core.manifest import Sample, file_state, read_manifest
from wildcat.core.seeding import stable_hash
from wildcat.core.workspace import Workspace
from wildcat.pipeline.budgets import Budget
from wildcat.pipeline.recipe import Recipe, deep_update, overrides_tag
from wildcat.segment import SegmentConfig, segment_catalog
from wildcat.synth.backgrounds.config import BankConfig
from wildcat.synth.compose import ComposeConfig, compose_dataset
from wildcat.synth.render import preset_config, render_catalog
from wildcat.train import TrainConfig, train_run


def cutouts(catalog: Catalog, ws: Workspace, seed: int, progress: bool, executor=None) -> Path:

    out = ws.data(f"cutouts-s{seed}")
    summary = segment_catalog(
        catalog, out, SegmentConfig(backend="auto"), seed=seed, progress=progress, executor=executor
    )
    _report("segment", summary)
    return out


def renders(
    catalog: Catalog, ws: Workspace, budget: Budget, seed: int, cutouts_dir: Path, progress: bool, executor=None
) -> Path:

    out = ws.data(f"renders-{budget.render_views}x{budget.synth_size}-s{seed}")
    cfg = preset_config("random", views=budget.render_views, size=budget.synth_size, write_depth=False)
    _report(
        "render", render_catalog(catalog, out, cfg, seed, cutouts_dir=cutouts_dir, progress=progress, executor=executor)
    )
    return out


def composites(
    catalog: Catalog,
    ws: Workspace,
    budget: Budget,
    seed: int,
    foregrounds: list[Path],
    progress: bool,
    executor=None,
    overrides: dict | None = None,
    variant: dict | None = None,
) -> Path:
    """overrides: nested changes to the compose config (a recipe's `compose`); they and `variant`
    (anything else that changes the output, e.g. other foregrounds) name the output folder."""

    overrides = overrides or {}
    tag = overrides_tag({**overrides, **(variant or {})})
    out = ws.data(f"composites-{budget.composites_per_product}x{budget.synth_size}-s{seed}{tag}")
    bank = BankConfig(per_kind=budget.backgrounds_per_kind, size=budget.background_size)
    base = dict(
        per_product=budget.composites_per_product,
        size=budget.synth_size,
        bank=bank.model_dump(),
        bank_dir=str(ws.data(f"backgrounds-{bank.per_kind}x{bank.size}")),
    )
    cfg = ComposeConfig.model_validate(deep_update(base, overrides))
    _report("compose", compose_dataset(catalog, foregrounds, out, cfg, seed=seed, progress=progress, executor=executor))
    return out


BANK_FIELDS = ("backgrounds_per_kind", "background_size")  # budget fields the composites' folder name leaves out


def synthetic_data(
    catalog: Catalog,
    ws: Workspace,
    budget: Budget,
    seed: int,
    progress: bool,
    executor=None,
    recipe: Recipe | None = None,
) -> list[Path]:
    """Cutouts -> 3D proxy renders -> composites; the training data of the synthetic protocols.

    executor: where the batch tasks run (wildcat.core.executors; default this process); same bytes either way.
    recipe: which of renders and composites to train on, and compose overrides (default: both, defaults).
    """
    import torch  # noqa: F401  (before any render: see synth.gl.preload_torch_compiler)

    recipe = recipe or Recipe()
    cut = cutouts(catalog, ws, seed, progress, executor)
    # Composites paste the renders too (as foregrounds) unless the recipe drops 3D renders altogether.
    data = [renders(catalog, ws, budget, seed, cut, progress, executor)] if recipe.renders else []
    foregrounds = [cut, *data]
    if recipe.composites:
        data.append(
            composites(
                catalog, ws, budget, seed, foregrounds, progress, executor, recipe.compose, compose_variant(recipe)
            )
        )
    return data


def compose_variant(recipe: Recipe) -> dict:
    """What else, besides its compose overrides, sets a recipe's composites apart (it names their folder):
    other foregrounds, or another background bank (the folder's name shows the count and size, not the bank)."""
    variant = {} if recipe.renders else {"foregrounds": "cutouts only"}
    return variant | {k: v for k, v in recipe.budget.items() if k in BANK_FIELDS}


def train(
    catalog: Catalog, ws: Workspace, name: str, budget: Budget, seed: int, data: list[Path], progress: bool, **extra
):
    """extra: TrainConfig fields on top of the budget's (a protocol's splits, a recipe's changes)."""

    base = dict(
        data=[str(d) for d in data],
        catalog=str(catalog.root),
        backbone=budget.backbone,
        image_size=budget.image_size,
        steps=budget.steps,
        batch_size=budget.batch_size,
        pretrained=budget.pretrained,
    )
    cfg = TrainConfig.model_validate(deep_update(deep_update(base, budget.train), extra))
    # A killed job picks up from the run's last checkpoint (exactly: same next-step loss), a finished one is read
    # back, and an empty folder starts fresh: decided under the run folder's lock, not before it.
    return train_run(cfg, ws.run(name), seed=seed, progress=progress, resume=True)


def evaluate(
    catalog: Catalog,
    ws: Workspace,
    name: str,
    embedder,
    queries: list[Sample],
    seed: int,
    progress: bool,
    synthetic: list[Path] = (),
    views: list[Sample] = (),
    views_weight: float | None = None,
    reference: list[Sample] = (),
):
    """Evaluate `embedder` (a run's: `train.load_embedder(final.pt)`, or `train.zero_shot_embedder`) on wild
    `queries`; `synthetic` datasets feed the domain-gap numbers, `views` (the run's own training images of the
    query domain: `eval.views.composite_views`, or labelled photos) join the index (eval.views); `reference`
    (unlabelled photos of the query domain) hub-correct it (eval.hubness).

    An evaluation folder whose inputs are unchanged (same model, images, views, weight and seed) is read back,
    not redone, so rerunning a finished job changes no file."""
    gallery = catalog_samples(catalog)
    synthetic_rows = [row for d in synthetic for row in read_manifest(d, absolute=True)]
    inputs = evaluation_inputs(embedder, gallery, queries, synthetic_rows, views, views_weight, seed, reference)
    out = ws.evaluation(name)
    done = _finished_evaluation(out, inputs)
    if done is not None:
        return done, out
    result = wild_eval.evaluate(
        embedder,
        gallery,
        queries,
        seed=seed,
        progress=progress,
        cache=ws.root / "cache",
        synthetic=synthetic_rows,
        views=views,
        views_weight=views_weight,
        reference=reference,
    )
    result.report["meta"]["inputs"] = inputs
    wild_eval.write_report(result, out)
    return result, out


def evaluation_inputs(embedder, gallery, queries, synthetic, views, views_weight, seed: int, reference=()) -> str:
    """A fingerprint of everything an evaluation reads: the model, each image (path, size, modification time),
    which rows play which part, the views weight and the seed."""
    sides = {"gallery": gallery, "queries": queries, "synthetic": synthetic, "views": views}
    if reference:  # only when given, so evaluations made before the hub correction keep their fingerprint
        sides["reference"] = reference
    parts = {
        "model": embedder.checkpoint_hash,
        "seed": seed,
        "views_weight": views_weight,
        **{side: [file_state(s) for s in rows] for side, rows in sides.items()},
    }
    return f"{stable_hash(json.dumps(parts, sort_keys=True, default=str)):016x}"


def _finished_evaluation(out: Path, inputs: str) -> wild_eval.EvalResult | None:
    """The evaluation in `out` when it was made from exactly `inputs`, else None (its per-query tables are read
    only when its report names the same inputs)."""
    try:
        if json.loads((out / "report.json").read_text(encoding="utf-8")).get("meta", {}).get("inputs") != inputs:
            return None
        return wild_eval.EvalResult.load(out)
    except (WildcatError, OSError, ValueError, KeyError, AttributeError):
        return None


def _report(stage: str, summary: BatchSummary) -> None:
    print(f"[{stage}] {summary.line()}", flush=True)
