"""Bell & Bala's four training architectures, by name, resolved against a config.

  A  classification (softmax over classes); the layer before it is the embedding
  B  siamese: contrastive loss on (query, catalog) pairs
  C  B + the classification loss
  D  C with the embedding L2-normalised (cosine), margin m^2 = 0.2: best for the top results

`--loss` swaps the siamese pair loss for a pytorch-metric-learning loss (for A
it is added next to the classification loss).
"""

from __future__ import annotations

from dataclasses import dataclass

from wildcat.train.config import TrainConfig


@dataclass(frozen=True)
class ArchSpec:
    pairs: bool
    category_head: bool
    normalize: bool


ARCHS: dict[str, ArchSpec] = {
    "A": ArchSpec(pairs=False, category_head=True, normalize=False),
    "B": ArchSpec(pairs=True, category_head=False, normalize=False),
    "C": ArchSpec(pairs=True, category_head=True, normalize=False),
    "D": ArchSpec(pairs=True, category_head=True, normalize=True),
}


@dataclass(frozen=True)
class Resolved:
    """What a run actually trains: the embedding's normalisation, the head, the metric loss."""

    normalize: bool
    category_head: bool
    metric_loss: str | None  # "pairs", a pytorch-metric-learning loss name, or None
    miner: str | None


def resolve(cfg: TrainConfig) -> Resolved:
    spec = ARCHS[cfg.arch]
    metric = cfg.loss if cfg.loss is not None else ("pairs" if spec.pairs else None)
    head = spec.category_head if cfg.category_head is None else cfg.category_head
    norm = spec.normalize if cfg.normalize is None else cfg.normalize
    if metric is None and not head:
        metric = "pairs"  # A without its head would have no loss at all
    return Resolved(normalize=norm, category_head=head, metric_loss=metric, miner=cfg.miner)
