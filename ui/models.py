"""The models a page can query with: every finished training run of the
workspace (oldest first, so the default pair reads before -> after), the
zero-shot baseline (the ImageNet-pretrained trunk with no training: what a
user gets without wildcat) and the colour-histogram baseline, which work on a
fresh workspace."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import wildcat.eval as ev
import wildcat.train as train
from wildcat.core.catalog import wild_samples
from wildcat.core.config import load_run_meta
from wildcat.core.errors import WildcatError
from wildcat.core.workspace import Workspace
from wildcat.eval.views import composite_views
from wildcat.train.embedder import ZERO_SHOT_LABEL

ZERO_SHOT = ZERO_SHOT_LABEL
BASELINE = "colour histogram (no training)"
CACHE_ENV = "WILDCAT_EMBEDDING_CACHE"  # the embedding cache eval uses (docs/eval.md)


@dataclass(frozen=True)
class ModelChoice:
    label: str
    checkpoint: Path | None  # final.pt; None = a training-free baseline, named by the label


def model_choices(ws: Workspace) -> list[ModelChoice]:
    runs = sorted(ws.runs(), key=lambda r: ((r / "final.pt").stat().st_mtime_ns, r.name))
    baselines = [ModelChoice(ZERO_SHOT, None), ModelChoice(BASELINE, None)]
    return [ModelChoice(f"runs/{r.name}", r / "final.pt") for r in runs] + baselines


def default_pair(choices: list[ModelChoice]) -> tuple[int, int]:
    """Indices of the default before and after models: the oldest and newest runs (the baseline when there is none)."""
    runs = [i for i, c in enumerate(choices) if c.checkpoint is not None]
    if not runs:
        return len(choices) - 1, len(choices) - 1
    return runs[0], runs[-1]


def load_model(choice: ModelChoice):
    """An eval Embedder: `train.load_embedder(final.pt)` or a baseline."""
    if choice.checkpoint is None:
        return train.zero_shot_embedder() if choice.label == ZERO_SHOT else ev.ColorHistogramEmbedder()

    return train.load_embedder(choice.checkpoint)


def _run_config(choice: ModelChoice) -> dict:
    """The run's resolved training config (its config.yaml); empty for a baseline or a run folder without one."""
    if choice.checkpoint is None:
        return {}
    try:
        return dict(load_run_meta(choice.checkpoint.parent)["config"])
    except (WildcatError, KeyError, TypeError, ValueError):
        return {}  # search with the catalog images alone


def training_views(choice: ModelChoice) -> list:
    """The composites the run trained on (eval.views), read from its config.yaml; none for the baseline or
    when the data folders are gone."""
    data = _run_config(choice).get("data") or []
    return composite_views([Path(d) for d in data if (Path(d) / "manifest.parquet").exists()])


def training_reference(choice: ModelChoice, catalog) -> list:
    """The unlabelled photos the run trained with (its `unlabeled_splits` of this catalog), which hub-correct
    its index as its evaluation did (eval.hubness); none for runs without them or splits the catalog lacks."""
    splits = [s for s in _run_config(choice).get("unlabeled_splits") or [] if s in catalog.labelled_splits]
    return wild_samples(catalog, splits) if splits else []


def embedding_cache_dir() -> Path:
    """$WILDCAT_EMBEDDING_CACHE, else ~/.cache/wildcat/embeddings: shared with `wildcat eval`, so vectors it made are
    reused."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "wildcat" / "embeddings"
