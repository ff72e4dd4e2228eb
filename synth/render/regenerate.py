"""`regenerate`: re-render one view of a render dataset from the folder alone
(config.yaml for the config and seed, render_inputs.json for the product's task)."""

from __future__ import annotations

import json
from pathlib import Path

from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.core.jobs import Task
from wildcat.core.manifest import manifest_row
from wildcat.synth.render.batch import INPUTS_FILE, render_task
from wildcat.synth.render.config import RenderConfig


def regenerate(sample_id: str, dataset_dir: str | Path) -> bytes:
    """Re-render one view's PNG bytes (identical to the file on disk: same seed, config and inputs)."""
    dataset_dir = Path(dataset_dir)
    row = manifest_row(dataset_dir, sample_id)
    meta = load_run_meta(dataset_dir)
    produced = render_task(
        _task(sample_id, dataset_dir), RenderConfig.model_validate(meta["config"]), int(meta["seed"])
    )
    return produced.files[row.path]


def _task(sample_id: str, dataset_dir: Path) -> Task:
    """The task that made `sample_id` (it renders all views of the product: view i depends only on seed, product, i)."""
    path = dataset_dir / INPUTS_FILE
    if not path.is_file():
        raise ConfigError(
            dataset_dir,
            f"has no {INPUTS_FILE}: it was rendered before renders saved their inputs, so its models and cutouts "
            "cannot be found again",
            "render it again with 'wildcat synth render' (same seed and config give the same files) "
            "to regenerate views",
        )
    try:
        for key, t in json.loads(path.read_text(encoding="utf-8")).items():
            if sample_id in t["sample_ids"]:
                return Task(key, t["product_id"], tuple(t["sample_ids"]), t["params"])
    except (json.JSONDecodeError, AttributeError, KeyError, TypeError) as exc:
        raise ConfigError(
            path,
            f"is not a render inputs file ({type(exc).__name__}: {exc})",
            "render the products again into this folder to rewrite it",
        ) from exc
    raise ConfigError(path, f"lists no task that made {sample_id!r}", "render the product again into this folder")
