"""`train_run`: the train stage's entry point. It chooses the run a config asks
for (a fresh run, or a fine-tune of `init_from`) and trains it (train/trainer.py)."""

from __future__ import annotations

from pathlib import Path

from wildcat.train.config import TrainConfig
from wildcat.train.evaluate import EvalHook
from wildcat.train.incremental import FineTuneTrainer
from wildcat.train.trainer import RunResult, Trainer, run_trainer


def train_run(
    config: TrainConfig,
    out_dir: str | Path,
    seed: int | None = None,
    progress: bool = True,
    *,
    resume: bool = False,
    eval_hook: EvalHook | None = None,
    stop_at: int | None = None,
) -> RunResult:
    """Train as `config` says, writing the run to `out_dir`.

    seed: overrides config.seed (one is drawn when both are None).
    resume: continue from out_dir/last.pt when it exists (exactly: same next-step loss).
    eval_hook: `hook(embedder) -> {"recall@1": ...}`; default: recall@k on config.val_splits.
    stop_at: stop after this many steps, leaving a resumable last.pt (time-sliced jobs).
    A config with `init_from` fine-tunes that checkpoint (train.incremental).
    """
    trainer_class = FineTuneTrainer if config.init_from else Trainer
    return run_trainer(
        trainer_class, config, out_dir, seed, progress, resume=resume, eval_hook=eval_hook, stop_at=stop_at
    )
