"""wildcat stage: train. A siamese / multitask embedding on the catalog + synthetic mix.

Public API (stable; eval/, the UI and the benchmark runner use only this):

    from wildcat.train import TrainConfig, train_run, load_embedder

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
    RunResult                    run_dir, checkpoint (final.pt), last_checkpoint (last.pt), seed, step,
                                 finished, metrics
    load_embedder(checkpoint_path, device=None) -> Embedder
    zero_shot_embedder(backbone="efficientnet_lite0", image_size=224) -> Embedder   pretrained, untrained
    Embedder(model, device=None) wraps a live EmbeddingNet the same way
    create_model(name, dim=256, normalize=True, num_classes=0, pretrained=None, image_size=224) -> EmbeddingNet
    list_backbones()             registered backbone names ("tiny" is a 3-layer CNN for tests)
    adapt_bn(model, images, batch_size=64, device=None) -> int   AdaBN on unlabelled uint8 images
    RecallHook(gallery, queries, ks)   eval hook: (path, product id) pairs -> {"recall@k": ...}
    read_metrics(run_dir)        the records of a run's metrics.jsonl

A run directory holds config.yaml (resolved config + seed), metrics.jsonl,
last.pt (resumable: model, optimizer, scheduler, step; removed once the run
finishes unless keep_last) and final.pt (model and metadata). Checkpoints
are read weights-only: a file carrying a pickled object is refused with
CheckpointError.
"""

import importlib

# Names resolve on first use (PEP 562), so `wildcat --help` (which imports
# train.cli, hence this package) does not pay for importing torch.
_EXPORTS = {
    "AugmentConfig": "wildcat.train.config",
    "CheckpointError": "wildcat.train.checkpoint",
    "Embedder": "wildcat.train.embedder",
    "EmbeddingNet": "wildcat.train.model",
    "RecallHook": "wildcat.train.evaluate",
    "RunResult": "wildcat.train.trainer",
    "TrainConfig": "wildcat.train.config",
    "adapt_bn": "wildcat.train.bn_adapt",
    "create_model": "wildcat.train.model",
    "list_backbones": "wildcat.train.backbones",
    "load_embedder": "wildcat.train.embedder",
    "zero_shot_embedder": "wildcat.train.embedder",
    "ZERO_SHOT_BACKBONE": "wildcat.train.embedder",
    "ZERO_SHOT_SIZE": "wildcat.train.embedder",
    "ZERO_SHOT_LABEL": "wildcat.train.embedder",
    "read_metrics": "wildcat.train.metrics_log",
    "train_run": "wildcat.train.run",
    "IncrementalConfig": "wildcat.train.incremental",
    "fine_tune": "wildcat.train.incremental",
    "fine_tune_run": "wildcat.train.incremental",
    "init_from_checkpoint": "wildcat.train.incremental",
    "load_base_run": "wildcat.train.incremental",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'train' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return __all__
