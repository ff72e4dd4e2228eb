"""wildcat stage: train. A siamese / multitask embedding on the catalog + synthetic mix.

Public API (stable; eval/, the UI and the benchmark runner use only this):

    from train import TrainConfig, train_run, load_embedder

    cfg = TrainConfig(data=["datasets/cutpaste"], catalog="shop/", arch="D",
                      backbone="resnet18", steps=600, image_size=96)
    result = train_run(cfg, "runs/after", seed=0)        # -> RunResult
    result.run_dir, result.checkpoint, result.metrics     # final.pt, {"loss", "images_per_s", "recall@1", ...}

    emb = load_embedder(result.checkpoint)               # -> Embedder (device=None: auto)
    emb.embed_images([uint8 HxWx3, ...])                 # float32 [N, emb.dim], L2-normalised when the model is
    emb.embed_paths(paths, batch_size=64, progress=False)
    emb.checkpoint_hash, emb.dim, emb.image_size, emb.meta

    TrainConfig                  pydantic config, every field documented with its unit
    train_run(config, out_dir, seed=None, progress=True, *, resume=False, eval_hook=None, stop_at=None) -> RunResult
    RunResult                    run_dir, checkpoint (final.pt), last_checkpoint (last.pt), seed, step, finished, metrics
    load_embedder(checkpoint_path, device=None) -> Embedder
    Embedder(model, device=None) wraps a live EmbeddingNet the same way
    create_model(name, dim=256, normalize=True, num_classes=0, pretrained=None, image_size=224) -> EmbeddingNet
    list_backbones()             registered backbone names ("tiny" is a 3-layer CNN for tests)
    adapt_bn(model, images, batch_size=64, device=None) -> int   AdaBN on unlabelled uint8 images
    RecallHook(gallery, queries, ks)   eval hook: (path, product id) pairs -> {"recall@k": ...}
    read_metrics(run_dir)        the records of a run's metrics.jsonl

A run directory holds config.yaml (resolved config + seed), metrics.jsonl,
last.pt (resumable: model, optimizer, scheduler, step) and final.pt (model
and metadata). Checkpoints are read weights-only: a file carrying a pickled
object is refused with CheckpointError.
"""
import importlib

# Names resolve on first use (PEP 562), so `wildcat --help` (which imports
# train.cli, hence this package) does not pay for importing torch.
_EXPORTS = {
    "AugmentConfig": "train.config",
    "CheckpointError": "train.checkpoint",
    "Embedder": "train.embedder",
    "EmbeddingNet": "train.model",
    "RecallHook": "train.evaluate",
    "RunResult": "train.run",
    "TrainConfig": "train.config",
    "adapt_bn": "train.bn_adapt",
    "create_model": "train.model",
    "list_backbones": "train.backbones",
    "load_embedder": "train.embedder",
    "read_metrics": "train.metrics_log",
    "train_run": "train.run",
    "IncrementalConfig": "train.incremental",
    "fine_tune": "train.incremental",
    "fine_tune_run": "train.incremental",
    "init_from_checkpoint": "train.incremental",
    "load_base_run": "train.incremental",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'train' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return __all__
