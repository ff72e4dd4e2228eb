"""`Trainer`: one training run, from config to checkpoint.

Reads top to bottom: the constructor builds everything (seed, run directory,
data, model and optimizer, resume), `loop` runs the steps (log, evaluate,
checkpoint), `finish` ends the run (optional batch-norm adaptation, final
checkpoint, final evaluation). `run_trainer` runs one inside the device and
process group of `distributed.session`.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import time
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from wildcat.core.atomic import exclusive
from wildcat.core.config import config_changes, describe_changes, save_run_meta
from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.seeding import draw_seed, sample_rng, torch_seed
from wildcat.train import augment
from wildcat.train.architectures import resolve
from wildcat.train.backbones import backbone_spec
from wildcat.train.batches import StepBatches, iterate, step_rng
from wildcat.train.bn_adapt import adapt_bn, bn_statistics, mix_bn_statistics
from wildcat.train.checkpoint import load_checkpoint, save_checkpoint
from wildcat.train.config import RESUMABLE_CHANGES, TrainConfig
from wildcat.train.data import TrainSet, build_trainset, gather_sources
from wildcat.train.distributed import DistContext, broadcast_int, mean_over_ranks, session, single_process
from wildcat.train.domain_bn import DomainStatistics
from wildcat.train.embedder import Embedder
from wildcat.train.evaluate import EvalHook, RecallHook
from wildcat.train.images import decode_all, normalize
from wildcat.train.metrics_log import MetricsLog, read_metrics
from wildcat.train.mixstyle import attach_mixstyle
from wildcat.train.model import attach_anchor, create_model
from wildcat.train.objective import Objective
from wildcat.train.optim import build_optimizer, build_scheduler
from wildcat.train.preview import PREVIEW_FILE, save_batch_preview
from wildcat.train.sampler import SamplerSettings
from wildcat.train.window import Window

FINAL = "final.pt"
LAST = "last.pt"


@dataclasses.dataclass
class RunResult:
    run_dir: Path
    checkpoint: Path | None  # final.pt (model + metadata, for load_embedder); None when stopped early
    last_checkpoint: Path  # last.pt: the resumable state
    seed: int
    step: int  # optimizer steps done
    finished: bool
    metrics: dict[str, float]  # final loss, throughput, final recall@k


class Trainer:
    """A run ready to train: the constructor resolves the seed, reads the data, builds the model and
    optimizer and restores a resumed run; `loop` then trains and `finish` writes the final checkpoint.

    seed: overrides cfg.seed (one is drawn when both are None; a resumed run keeps its own).
    resume: continue from out/last.pt when it exists. eval_hook: default recall@k on cfg.val_splits.
    """

    def __init__(
        self,
        cfg: TrainConfig,
        out: Path,
        ctx: DistContext,
        device: torch.device,
        progress: bool,
        *,
        seed: int | None = None,
        resume: bool = False,
        eval_hook: EvalHook | None = None,
    ) -> None:
        self.cfg, self.out, self.ctx, self.device = cfg, out, ctx, device
        self.progress = progress and ctx.is_main
        self.side = round(cfg.image_size * cfg.cache_scale)
        self.totals = Window()
        self.last_eval: dict[str, float] = {}
        self.query_bn: dict | None = None  # query-domain BN statistics, once estimated
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        self._setup(seed, resume, eval_hook)

    # ---- set-up ------------------------------------------------------------
    def _setup(self, seed: int | None, resume: bool, eval_hook: EvalHook | None) -> None:
        backbone_spec(self.cfg.backbone)  # a misspelt name fails before any image is decoded
        prior = self._prior(resume)
        self.seed = broadcast_int(self.ctx, self._seed(seed, prior))
        self.cfg = self.cfg.model_copy(update={"seed": self.seed})
        if prior:
            _check_same_config(self.prior_path, prior[0]["config"], self.cfg)
        self._data()
        self._model()
        self.start = 0
        if prior:
            self._restore(*prior)
        self.hook = eval_hook if eval_hook is not None else self._default_hook()
        self.log = MetricsLog(self.out, self.start, enabled=self.ctx.is_main)
        if self.ctx.is_main:
            save_run_meta(
                self.out, self.cfg, self.seed, world_size=self.ctx.world, resumed_at=self.start, data=self.data_summary
            )

    def _prior(self, resume: bool) -> tuple[dict, dict] | None:
        """The checkpoint a resumed run starts from: last.pt, or final.pt of a finished run whose last.pt was
        removed (`keep_last`), which serves only changes that need no training step (`_restore_final`)."""
        held = next((p for p in (self.out / LAST, self.out / FINAL) if p.is_file()), None)
        self.prior_path = held
        if held is None:
            return None
        if not resume:
            raise ConfigError(
                self.out,
                f"this run directory already holds a run ({held.name})",
                "pass --resume to continue it, or choose a new --out",
            )
        return load_checkpoint(held)

    def _seed(self, seed: int | None, prior: tuple[dict, dict] | None) -> int:
        seed = seed if seed is not None else self.cfg.seed
        if prior:
            old = int(prior[0]["seed"])
            if seed is not None and seed != old:
                raise ConfigError(
                    self.prior_path,
                    f"the run was seeded with {old}, not {seed}",
                    "resume without --seed, or start a new --out",
                )
            return old
        return seed if seed is not None else draw_seed()

    def _data(self) -> None:
        sources = gather_sources(self.cfg)
        rows, self.cache, skipped, fill_s = sources.train, None, [], 0.0
        if self.cfg.cache_images:
            t0 = time.perf_counter()
            cache, failed = decode_all(
                [p for p, _ in rows], self.side, self.cfg.workers, self.progress, desc="cache images"
            )
            fill_s = time.perf_counter() - t0
            keep = [i for i in range(len(rows)) if i not in failed]
            skipped = [{"path": str(rows[i][0]), "reason": r} for i, r in sorted(failed.items())]
            rows, self.cache = [rows[i] for i in keep], cache[keep]
        self.sources = sources
        self.ts: TrainSet = build_trainset(rows)
        self.classes, class_of_product = self.ts.class_targets(self.cfg.class_labels)
        self.class_of_product = class_of_product
        self.data_summary = {
            "images": len(self.ts),
            **self.ts.domain_counts(),
            "products": len(self.ts.products),
            "cache_fill_s": round(fill_s, 2),
            "skipped_images": skipped,
        }
        settings = SamplerSettings(
            self.cfg.batch_size,
            self.cfg.samples_per_class,
            self.cfg.catalog_fraction,
            self.cfg.same_category_negatives,
            self.cfg.negatives_per_query,
        )
        self.batches = StepBatches(self.ts, settings, self.seed, self.ctx.rank, self.side, self.cache)

    def _model(self) -> None:
        cfg = self.cfg
        self.arch = resolve(cfg)
        torch.manual_seed(torch_seed(sample_rng(self.seed, "model", 0, "init")))  # same weights on every rank
        n_classes = len(self.classes) if self.arch.category_head else 0
        if cfg.anchor_weight and not self.arch.normalize:  # refused before training, not when it ends
            raise ConfigError(
                self.out,
                f"anchor_weight needs a normalised embedding, and architecture {cfg.arch} trains an L2 one",
                "set anchor_weight to 0, or use architecture D",
            )
        self.model = create_model(
            cfg.backbone, cfg.embedding_dim, self.arch.normalize, n_classes, cfg.pretrained, cfg.image_size
        )
        if cfg.mixstyle_prob > 0:
            attach_mixstyle(self.model.trunk, cfg.mixstyle_layers, cfg.mixstyle_prob, cfg.mixstyle_alpha)
        self.objective = Objective(
            self.model, self.arch, len(self.ts.products), self.class_of_product, cfg.margin_sq, cfg.category_loss_weight
        )
        self.objective.to(self.device)
        if cfg.domain_bn:
            self.objective.domains = DomainStatistics(self.model)
        self.channels_last = cfg.channels_last and self.device.type != "mps"
        if self.channels_last:
            self.model.to(memory_format=torch.channels_last)
        self.model.freeze_bn(cfg.freeze_bn).freeze_early(cfg.frozen_depth)
        self.optimizer = build_optimizer(self.objective, cfg, self.model.trunk)
        self.scheduler = build_scheduler(self.optimizer, cfg)
        use_bf16 = cfg.amp == "bf16" or (cfg.amp == "auto" and self.device.type == "cuda")
        self.objective.amp_dtype = torch.bfloat16 if use_bf16 else None
        self.train_module: torch.nn.Module = self.objective
        if self.ctx.active:
            ids = [self.device.index] if self.device.type == "cuda" else None
            self.train_module = torch.nn.parallel.DistributedDataParallel(self.objective, device_ids=ids)

    def _restore(self, meta: dict, blob: dict) -> None:
        if self.prior_path.name == FINAL:
            return self._restore_final(meta, blob)
        self.model.load_state_dict(blob["model"])
        if self.objective.metric is not None:
            self.objective.metric.load_state_dict(blob["objective"])
        self.optimizer.load_state_dict(blob["optimizer"])
        self.scheduler.load_state_dict(blob["scheduler"])
        if self.objective.domains is not None:
            self.objective.domains.load(blob["domain_bn"])
        self.start = int(meta["step"])

    def _restore_final(self, meta: dict, blob: dict) -> None:
        """A finished run without last.pt takes changes that act once training is over (a new anchor weight,
        other batch-norm statistics for the queries) from final.pt's trained weights; training on needs the
        optimizer state that went with last.pt."""
        fix = "start a new --out, or set keep_last (--keep-last) so that a finished run keeps last.pt"
        if self.cfg.steps > int(meta["step"]):
            raise ConfigError(
                self.prior_path,
                f"training on to {self.cfg.steps} steps needs last.pt, removed when the run finished at {meta['step']}",
                fix,
            )
        adapted = bool(meta.get("bn_adapted_layers"))  # statistics re-estimated on unlabelled photos at finish
        if adapted and meta.get("query_bn") == "shared":
            raise ConfigError(
                self.prior_path,
                "final.pt holds batch-norm statistics re-estimated in place after training, not the trained ones",
                fix,
            )
        if self.objective.domains is not None:
            if adapted or "query_bn" not in blob:  # the query side's trained statistics were replaced, or are absent
                raise ConfigError(
                    self.prior_path, "final.pt no longer holds the query side's trained batch-norm statistics", fix
                )
            self.objective.domains.load(blob["query_bn"])  # domain_bn's query set, saved as the checkpoint's query_bn
        trained = {k: v for k, v in blob["model"].items() if not k.startswith("anchor.")}  # attached at finish
        self.model.load_state_dict(trained)
        self.start = int(meta["step"])

    def _default_hook(self) -> EvalHook | None:
        s = self.sources
        if not (s.val_queries and s.val_gallery):
            return None
        label = [(p, row.product_id) for p, row in s.val_gallery], [(p, row.product_id) for p, row in s.val_queries]
        return RecallHook(*label, ks=self.cfg.eval_ks, workers=self.cfg.workers)

    # ---- the loop ----------------------------------------------------------
    def loop(self, stop: int) -> None:
        cfg = self.cfg
        if cfg.eval_every and self.start == 0:
            self._evaluate(0)
        window = Window()
        stream = iterate(self.batches, self.start, stop, cfg.workers, pin_memory=self.device.type == "cuda")
        with tqdm(total=cfg.steps, initial=self.start, desc="train", unit="step", disable=not self.progress) as bar:
            self.done = self.start
            while True:
                t0, c0 = time.perf_counter(), time.process_time()
                item = next(stream, None)
                if item is None:
                    break
                t1 = time.perf_counter()
                step, plan, images = item
                inputs = self._prepare(step, plan, images)
                t2 = time.perf_counter()
                loss, parts = self._step(step, *inputs)
                t3 = time.perf_counter()
                window.add(
                    loss,
                    parts,
                    (t1 - t0, t2 - t1, t3 - t2, time.process_time() - c0),
                    len(plan.indices) * self.ctx.world,
                )
                self.done = step + 1
                bar.update(1)
                self._after_step(window, bar, stop)

    def _prepare(self, step: int, plan, images: torch.Tensor) -> tuple:
        """Augment on the device and move labels and pairs there."""
        active = self.ts.is_catalog[plan.indices] | self.cfg.augment.query_side
        params = augment.sample_params(step_rng(self.seed, self.ctx.rank, step, "augment"), active, self.cfg.augment)
        x = augment.apply(images.to(self.device, non_blocking=True), params, self.cfg.image_size)
        if step == 0 and self.ctx.is_main:
            save_batch_preview(self.out / PREVIEW_FILE, x, plan, self.ts, columns=2 * self.cfg.samples_per_class)
        x = normalize(x, self.model.mean, self.model.std, self.channels_last)
        product = torch.from_numpy(plan.product).to(self.device)
        pairs = tuple(torch.from_numpy(a).to(self.device) for a in plan.pairs)
        query = torch.from_numpy(~self.ts.is_catalog[plan.indices]).to(self.device)
        return x, product, pairs, query

    def _step(
        self, step: int, x: torch.Tensor, product: torch.Tensor, pairs: tuple, query: torch.Tensor
    ) -> tuple[float, dict[str, float]]:
        # dropout / stochastic depth draws of step s, whenever step s runs
        torch.manual_seed(torch_seed(step_rng(self.seed, self.ctx.rank, step, "torch")))
        loss, parts = self.train_module(x, product, pairs, query)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.step_lr = self.optimizer.param_groups[0]["lr"]
        self.optimizer.step()
        self.scheduler.step()
        return loss.item(), {k: v.item() for k, v in parts.items()}

    def _after_step(self, window: Window, bar: tqdm, stop: int) -> None:
        cfg, done = self.cfg, self.done
        if done % cfg.log_every == 0 or done == stop:
            record = window.summary(lambda v: mean_over_ranks(self.ctx, v))
            record.update(step=done, lr=self.step_lr)
            self.log.write(record)
            bar.set_postfix(loss=f"{record['loss']:.4f}", img_s=f"{record['images_per_s']:.0f}")
            self.totals.merge(window, record["loss"])
            window.reset()
        if cfg.eval_every and done % cfg.eval_every == 0 and done != cfg.steps:
            self._evaluate(done)
        if done % cfg.checkpoint_every == 0 or done == stop:
            self._save_last()

    # ---- evaluation and checkpoints ------------------------------------------
    def _evaluate(self, step: int, **extra) -> None:
        if self.hook is None or not self.ctx.is_main:
            return
        result = self.hook(Embedder(self.model, self.device, query_bn=self._query_bn()))
        self.last_eval = result
        self.log.write({"step": step, "eval": result, **extra})

    def _meta(self) -> dict:
        return {
            "config": self.cfg.model_dump(mode="json"),
            "seed": self.seed,
            "step": self.done,
            "world_size": self.ctx.world,
            "model_desc": self.model.describe(),
            "arch": dataclasses.asdict(self.arch),
            "class_labels": self.cfg.class_labels,
            "classes": self.classes,
            "products": self.ts.products,
            "categories": self.ts.categories,
        }

    def _save_last(self) -> None:
        if not self.ctx.is_main:
            return
        metric = self.objective.metric.state_dict() if self.objective.metric is not None else {}
        domains = {"domain_bn": self.objective.domains.state()} if self.objective.domains is not None else {}
        save_checkpoint(
            self.out / LAST,
            self._meta(),
            self.model.state_dict(),
            objective=metric,
            optimizer=self.optimizer.state_dict(),
            scheduler=self.scheduler.state_dict(),
            **domains,
        )

    def _query_bn(self) -> dict | None:
        """The query side's BN statistics: adapted on unlabelled photos once that has run, else
        those learned in training with domain_bn, else none (one set for both sides)."""
        if self.query_bn is not None or self.objective.domains is None:
            return self.query_bn
        return self.objective.domains.state()

    # ---- finish --------------------------------------------------------------
    def finish(self) -> RunResult:
        finished = self.done >= self.cfg.steps
        final = self.out / FINAL if finished else None
        if finished and self.ctx.is_main:
            states = {}
            if self.objective.domains is not None:
                states = {"query_bn": self.objective.domains.state()}
            if self.sources.unlabeled:
                self._evaluate(self.done, bn_adapted=False)
                layers, states = self._adapt_bn()
                self.query_bn = states.get("query_bn")  # the photos' statistics replace domain_bn's
            # The anchor joins after any adaptation: it is the untouched pretrained network on both sides, its
            # statistics never re-estimated on the photos (nor part of the query side's set).
            self._attach_anchor()
            meta = self._meta()
            if self.sources.unlabeled:
                meta["bn_adapted_layers"], meta["query_bn"] = layers, self.cfg.query_bn
            save_checkpoint(final, meta, self.model.state_dict(), **states)
            self._evaluate(self.done, final=True)
            if not self.cfg.keep_last:  # 3x the model's size in optimizer state, of no use once finished
                (self.out / LAST).unlink(missing_ok=True)
        metrics = {**self.totals.run_summary(), **self.last_eval}
        if self.ctx.is_main:
            self.log.write({"step": self.done, "summary": metrics})
        return RunResult(self.out, final, self.out / LAST, self.seed, self.done, finished, metrics)

    def _attach_anchor(self) -> None:
        """Ensemble the trained embedding with the untouched pretrained trunk (cfg.anchor_weight): only once
        training is over, so last.pt and the training steps never carry it."""
        if self.cfg.anchor_weight and self.model.anchor is None:
            attach_anchor(self.model, self.cfg.anchor_weight, self.cfg.pretrained)

    def _adapt_bn(self) -> tuple[int, dict]:
        """BN statistics from the unlabelled photos: "separate" estimates the query side's own set
        (returned as the checkpoint's `query_bn`; the catalog keeps the training statistics),
        "shared" re-estimates one set on the photos plus the catalog images, the two domains the
        embedding meets at search time. Returns (layers adapted, extra checkpoint states)."""
        paths = list(self.sources.unlabeled)
        if self.cfg.query_bn == "shared":
            paths += [p for p, _ in self.sources.val_gallery]
        images, failed = decode_all(paths, self.cfg.image_size, self.cfg.workers, self.progress, desc="adapt bn")
        keep = np.array([i not in failed for i in range(len(paths))], dtype=bool)
        order = np.random.default_rng(self.seed).permutation(int(keep.sum()))  # mix domains within batches
        shared = self.cfg.query_bn == "shared"
        target = self.model if shared else copy.deepcopy(self.model)
        share = self.cfg.query_bn_share
        trained = bn_statistics(self.model) if share < 1 else None  # before "shared" adapts the model itself
        layers = adapt_bn(target, images[keep][order], batch_size=self.cfg.batch_size, device=self.device)
        if layers and trained is not None:  # keep part of the training statistics (a pretrained trunk's)
            target.load_state_dict(mix_bn_statistics(trained, bn_statistics(target), share), strict=False)
        return layers, ({} if shared or not layers else {"query_bn": bn_statistics(target)})


def _check_same_config(path: Path, old: dict, new: TrainConfig) -> None:
    changes = config_changes(new, old)  # knobs added since the run started take their defaults
    changed = {k: v for k, v in changes.items() if k not in RESUMABLE_CHANGES and k != "seed"}
    if changed:
        raise ConfigError(
            path,
            f"the run was started with a different config ({describe_changes(changed)})",
            "resume with the original settings, or start a new --out",
        )


def run_trainer(
    trainer_class: type[Trainer],
    config: TrainConfig,
    out_dir: str | Path,
    seed: int | None,
    progress: bool,
    *,
    resume: bool,
    eval_hook: EvalHook | None,
    stop_at: int | None,
) -> RunResult:
    """Build a `trainer_class` run and train it to `config.steps` (or `stop_at`) on this process's device and
    torchrun process group."""
    # A single process holds the run folder's lock from reading its config to the last file: a second job
    # pointed at the same --out waits, then finds the run finished or is refused by name. Under torchrun the
    # ranks must take the same path, so none of them waits on a lock or leaves early (one launcher, one folder).
    with exclusive(out_dir) if single_process() else contextlib.nullcontext():
        if resume and single_process() and (done := finished_run(config, Path(out_dir), seed)) is not None:
            return done  # rerunning a finished run changes no file
        with session(config.device) as (ctx, device):
            trainer = trainer_class(
                config, Path(out_dir), ctx, device, progress, seed=seed, resume=resume, eval_hook=eval_hook
            )
            trainer.loop(config.steps if stop_at is None else min(stop_at, config.steps))
            return trainer.finish()


def finished_run(config: TrainConfig, out: Path, seed: int | None) -> RunResult | None:
    """The result of the run in `out` when it already finished with this config (and seed, when one is given),
    read back from its files; None when there is still training to do (or the run differs: the trainer says how)."""
    records = read_metrics(out)
    summary = records[-1].get("summary") if records else None
    if summary is None or not (out / FINAL).is_file():
        return None
    try:
        # final.pt's own config, not config.yaml: a resumed run killed after writing config.yaml but before
        # re-writing final.pt leaves a config.yaml that describes a final.pt that was never made
        meta = load_checkpoint(out / FINAL)[0]
    except WildcatError:
        return None
    changes = config_changes(config, meta.get("config", {}))
    changes.pop("seed", None)
    same_seed = seed is None or seed == meta.get("seed")
    if changes or not same_seed or records[-1].get("step") != config.steps:
        return None
    return RunResult(out, out / FINAL, out / LAST, int(meta["seed"]), config.steps, True, summary)
