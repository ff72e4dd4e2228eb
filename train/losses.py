"""Metric losses and miners by name, all from pytorch-metric-learning.

`pairs` is Bell & Bala's siamese contrastive loss on the sampler's explicit
(query, catalog) pairs: positives pulled to distance 0, negatives pushed
beyond m^2 in squared L2 distance. The others use every pair or triplet in the
batch, or the pairs a miner picks.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from wildcat.core.errors import ConfigError
from wildcat.train.config import LOSS_NAMES, MINER_NAMES

#: factory(num_classes, dim, normalize, margin_sq) -> loss module
LossFactory = Callable[[int, int, bool, float], nn.Module]


def _contrastive(num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    from pytorch_metric_learning import distances, losses

    distance = distances.LpDistance(normalize_embeddings=normalize, p=2, power=2)
    return losses.ContrastiveLoss(pos_margin=0.0, neg_margin=margin_sq, distance=distance)


def _triplet(num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    from pytorch_metric_learning import losses

    return losses.TripletMarginLoss(margin=0.1)


def _multi_similarity(num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    from pytorch_metric_learning import losses

    return losses.MultiSimilarityLoss(alpha=2.0, beta=50.0, base=0.5)


def _normalized_softmax(num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    from pytorch_metric_learning import losses

    return losses.NormalizedSoftmaxLoss(num_classes=num_classes, embedding_size=dim, temperature=0.05)


def _arcface(num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    from pytorch_metric_learning import losses

    return losses.ArcFaceLoss(num_classes=num_classes, embedding_size=dim, margin=28.6, scale=64)


LOSSES: dict[str, LossFactory] = {
    "pairs": _contrastive,
    "contrastive": _contrastive,
    "triplet": _triplet,
    "multi_similarity": _multi_similarity,
    "normalized_softmax": _normalized_softmax,
    "arcface": _arcface,
}


def _miner(name: str) -> nn.Module:
    from pytorch_metric_learning import miners

    if name == "multi_similarity":
        return miners.MultiSimilarityMiner(epsilon=0.1)
    if name == "triplet":
        return miners.TripletMarginMiner(margin=0.2, type_of_triplets="semihard")
    if name == "batch_hard":
        return miners.BatchHardMiner()
    return miners.PairMarginMiner(pos_margin=0.2, neg_margin=0.8)


MINERS = MINER_NAMES


def create_loss(name: str, num_classes: int, dim: int, normalize: bool, margin_sq: float) -> nn.Module:
    if name not in LOSSES:
        raise ConfigError(None, f"unknown loss {name!r}", f"use one of {', '.join(LOSS_NAMES)}")
    return LOSSES[name](num_classes, dim, normalize, margin_sq)


def create_miner(name: str | None) -> nn.Module | None:
    if name is None:
        return None
    if name not in MINERS:
        raise ConfigError(None, f"unknown miner {name!r}", f"use one of {', '.join(MINERS)}")
    return _miner(name)
