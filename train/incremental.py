"""Incremental training: add new classes (a new market's products) to a trained
model without forgetting the old ones.

    base = load_base_run("runs/us")                       # its final.pt and TrainConfig
    result = fine_tune(base, "runs/us+in", catalog="demo/in/catalog", data=["demo/in"],
                       settings=IncrementalConfig(replay_fraction=0.5), seed=0)

A fine-tune starts from the base run's weights (`TrainConfig.init_from`, read
weights-only): the trunk and the embedding layer as they were, the class head
grown to the new class list with every old class's row copied over by name.
It trains on the new data plus a *replay buffer*: a share of the base run's
own training images, kept per product so every old product stays in the
batches. It runs fewer steps at a lower learning rate than the base run
(`steps_fraction`, `lr_scale`). Without replay the old products only drift,
and their recall falls: `wildcat locale train` measures exactly that.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from pydantic import Field

from wildcat.core.atomic import write_bytes
from wildcat.core.config import Config
from wildcat.core.errors import ConfigError
from wildcat.core.manifest import ManifestWriter, Sample
from wildcat.core.seeding import sample_rng
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.config import TrainConfig
from wildcat.train.data import gather_sources
from wildcat.train.evaluate import EvalHook
from wildcat.train.model import EmbeddingNet
from wildcat.train.rows import Row
from wildcat.train.trainer import FINAL, RunResult, Trainer, run_trainer

REPLAY_SPLIT = "train"
#: model_desc fields that must agree between the base checkpoint and the fine-tuned network
SAME_NETWORK = ("backbone", "dim", "normalize", "image_size")


class IncrementalConfig(Config):
    """How a fine-tune departs from its base run."""

    replay_fraction: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="share of each old product's training images replayed next to the new data (fraction; at least "
        "one image per old product when > 0; 0 = no replay)",
    )
    steps_fraction: float = Field(
        0.25, gt=0.0, le=4.0, description="fine-tune steps as a share of the base run's steps (fraction)"
    )
    steps: int | None = Field(None, ge=1, description="fine-tune steps; overrides steps_fraction (count)")
    lr_scale: float = Field(
        0.1, gt=0.0, description="fine-tune peak learning rate as a multiple of the base run's (ratio)"
    )
    warmup_fraction: float = Field(
        0.1,
        ge=0.0,
        lt=1.0,
        description="linear warmup of the fine-tune (fraction of its steps): the grown head's fresh rows start with "
        "large gradients",
    )


@dataclasses.dataclass(frozen=True)
class BaseRun:
    run_dir: Path
    checkpoint: Path  # final.pt
    config: TrainConfig
    meta: dict


def load_base_run(path: str | Path) -> BaseRun:
    """A finished run (its folder or its final.pt), read weights-only."""
    path = Path(path)
    checkpoint = path / FINAL if path.is_dir() else path
    if not checkpoint.is_file():
        raise ConfigError(
            path,
            f"no {FINAL} here: the base run did not finish",
            "pass the folder of a finished run (wildcat train ... --out RUN)",
        )
    meta, _ = load_checkpoint(checkpoint)
    try:
        config = TrainConfig.model_validate(meta["config"])
    except (KeyError, ValueError) as exc:
        raise ConfigError(
            checkpoint,
            f"the checkpoint's training config cannot be read ({exc})",
            "pass a checkpoint written by wildcat train",
        ) from exc
    return BaseRun(checkpoint.parent, checkpoint, config, meta)


# ---- the network -------------------------------------------------------------
def init_from_checkpoint(model: EmbeddingNet, path: str | Path, classes: list[str]) -> dict:
    """Load a base checkpoint into `model` (whose head covers `classes`), in place.

    Trunk and embedding weights are loaded as they are; head rows are copied by
    class name, so old classes keep what they learnt and new classes keep their
    fresh initialisation. Returns what was kept, added and dropped.
    """
    meta, blob = load_checkpoint(path)
    _check_same_network(path, meta.get("model_desc", {}), model.describe())
    # the base's anchor (a frozen pretrained trunk) is not learnt: the fine-tune attaches its own when it ends
    state = {k: v for k, v in blob["model"].items() if not k.startswith(("head.", "anchor."))}
    missing, unexpected = model.load_state_dict(state, strict=False)
    bad = [k for k in missing if not k.startswith("head.")] + list(unexpected)
    if bad:
        raise ConfigError(
            path,
            f"the base weights do not fit the network ({', '.join(bad[:4])})",
            "fine-tune with the base run's backbone and embedding size",
        )
    info = {"init_from": str(path), "kept": 0, "added": len(classes) if model.head is not None else 0, "dropped": 0}
    if model.head is not None and "head.weight" in blob["model"]:
        info.update(_grow_head(model.head, blob["model"], list(meta.get("classes", [])), classes))
    model.mean, model.std = tuple(meta["model_desc"]["mean"]), tuple(meta["model_desc"]["std"])
    return info


def _check_same_network(path: str | Path, old: dict, new: dict) -> None:
    diff = [f"{k}: {old.get(k)!r} -> {new[k]!r}" for k in SAME_NETWORK if old.get(k) != new[k]]
    if diff:
        raise ConfigError(
            path,
            f"the fine-tune's network differs from the base run's ({'; '.join(diff)})",
            "keep the base run's backbone, embedding_dim, normalize and image_size",
        )


@torch.no_grad()
def _grow_head(head: torch.nn.Linear, old_state: dict, old_classes: list[str], classes: list[str]) -> dict:
    """Copy the old head's rows into the new head where the class names match."""
    old_w, old_b = old_state["head.weight"], old_state["head.bias"]
    row = {c: i for i, c in enumerate(old_classes) if i < len(old_w)}
    kept = [(j, row[c]) for j, c in enumerate(classes) if c in row]
    for j, i in kept:
        head.weight[j].copy_(old_w[i])
        head.bias[j].copy_(old_b[i])
    return {"kept": len(kept), "added": len(classes) - len(kept), "dropped": len(set(row) - set(classes))}


class FineTuneTrainer(Trainer):
    """A Trainer whose network starts from `config.init_from` (a resumed run then
    restores its own last.pt over it, as any run does)."""

    def _model(self) -> None:
        super()._model()
        self.init_info = (
            init_from_checkpoint(self.model, self.cfg.init_from, self.classes) if self.cfg.init_from else {}
        )

    def _meta(self) -> dict:
        return {**super()._meta(), "init": self.init_info}


def fine_tune_run(
    config: TrainConfig,
    out_dir: str | Path,
    seed: int | None = None,
    progress: bool = True,
    *,
    resume: bool = False,
    eval_hook: EvalHook | None = None,
    stop_at: int | None = None,
) -> RunResult:
    """`train.train_run` for a config with `init_from` (same arguments, same run folder)."""
    if not config.init_from:
        raise ConfigError(
            None, "fine_tune_run needs config.init_from (the base run's final.pt)", "set init_from, or call train_run"
        )
    return run_trainer(
        FineTuneTrainer, config, out_dir, seed, progress, resume=resume, eval_hook=eval_hook, stop_at=stop_at
    )


# ---- the data ------------------------------------------------------------------
def replay_rows(rows: list[Row], fraction: float, seed: int) -> list[Row]:
    """Per product, round(fraction x its images) rows (at least one when fraction > 0),
    catalog images first: they are the product's anchors. Products that are
    already replay rows of an earlier fine-tune are kept whole, so a market's
    share does not shrink each time another is added."""
    if fraction <= 0:
        return []
    by_product: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_product[row[1].product_id].append(row)
    out: list[Row] = []
    for pid in sorted(by_product):
        mine = sorted(by_product[pid], key=lambda r: (r[1].domain != "catalog", str(r[0])))
        if any("replay" in s.lineage for _, s in mine):
            out += mine
            continue
        n = max(1, round(fraction * len(mine)))
        catalog = [r for r in mine if r[1].domain == "catalog"]
        rng = sample_rng(seed, pid, 0, "replay")
        picked = _pick(rng, catalog, n) + _pick(rng, mine[len(catalog) :], n - min(n, len(catalog)))
        out += picked
    return out


def _pick(rng: np.random.Generator, rows: list[Row], n: int) -> list[Row]:
    if n >= len(rows):
        return list(rows)
    return [rows[i] for i in sorted(rng.choice(len(rows), n, replace=False))]


def write_replay(base: BaseRun, out_dir: str | Path, fraction: float, seed: int) -> tuple[Path, dict]:
    """The replay buffer as a dataset folder (manifest rows pointing at the base run's
    images, absolute paths, split 'train'); resumable. Returns (folder, counts)."""
    rows = replay_rows(gather_sources(base.config).train, fraction, seed)
    out = Path(out_dir)
    with ManifestWriter(out) as mw:
        for i, (image, s) in enumerate(rows):
            sid = f"replay/{i:06d}/{s.sample_id}"
            if sid in mw.done:
                continue
            origin = s.lineage.get("replay") or {
                "run": str(base.run_dir.resolve()),
                "sample_id": s.sample_id,
                "source": str(image),
            }
            lineage = {**s.lineage, "replay": origin}
            mw.add(
                s.model_copy(
                    update={
                        "sample_id": sid,
                        "path": _replay_file(out, i, image, s),
                        "split": REPLAY_SPLIT,
                        "lineage": lineage,
                    }
                )
            )
    counts = {"images": len(rows), "products": len({s.product_id for _, s in rows}), "fraction": fraction}
    return out, counts


def _replay_file(out: Path, i: int, image: Path | bytes, s: Sample) -> str:
    """The absolute path of a file the base run read; an image it read from a WebDataset
    shard (bytes) is copied into the buffer, which then holds it at a relative path."""
    if not isinstance(image, bytes):
        return str(Path(image).resolve())
    rel = f"images/{i:06d}{Path(s.path).suffix or '.png'}"
    write_bytes(out / rel, bytes(image))
    return rel


def fine_tune_config(
    base: BaseRun, catalog: str | None, data: list[str], replay: Path | None, settings: IncrementalConfig
) -> TrainConfig:
    """The base run's config, pointed at the new data + replay, started from its weights,
    with fewer steps and a lower learning rate."""
    b = base.config
    steps = settings.steps or max(1, round(b.steps * settings.steps_fraction))
    update = {
        "catalog": catalog,
        "data": [*data, *([str(replay)] if replay else [])],
        "init_from": str(base.checkpoint.resolve()),
        "pretrained": None,
        "steps": steps,
        "lr": b.lr * settings.lr_scale,
        "warmup_fraction": settings.warmup_fraction,
        "shards": [],
        "train_splits": sorted({*b.train_splits, REPLAY_SPLIT}),
        "wild_splits": [],
        "val_splits": [],
        "unlabeled_splits": [],
        "checkpoint_every": min(b.checkpoint_every, steps),
        "seed": None,
    }
    return TrainConfig.model_validate({**b.model_dump(), **update})


def fine_tune(
    base: BaseRun,
    out_dir: str | Path,
    catalog: str | None,
    data: list[str],
    settings: IncrementalConfig,
    seed: int,
    progress: bool = True,
    device: str | None = None,
) -> tuple[RunResult, dict]:
    """Replay buffer + fine-tune into `out_dir` (resumes a killed run). Returns the run and the replay counts."""
    out = Path(out_dir)
    replay, counts = None, {"images": 0, "products": 0, "fraction": 0.0}
    if settings.replay_fraction > 0:
        replay, counts = write_replay(base, out / "replay", settings.replay_fraction, seed)
    cfg = fine_tune_config(base, catalog, data, replay, settings)
    if device:
        cfg = cfg.model_copy(update={"device": device})
    result = fine_tune_run(cfg, out, seed=seed, progress=progress, resume=_started(out))
    return result, counts


def _started(out: Path) -> bool:
    """Whether `out` holds this fine-tune already (killed: last.pt; finished: final.pt), to resume or keep."""
    return (out / "last.pt").is_file() or (out / "final.pt").is_file()
