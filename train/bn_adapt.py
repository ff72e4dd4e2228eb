"""Batch-norm statistics adaptation (AdaBN, Li et al. 2016) on unlabelled images.

Re-estimates every BatchNorm layer's running mean and variance from images of
the target domain (shoppers' photos without labels), leaving the learned
weights alone. Used by the "synthetic+unlabeled" benchmark protocol, in one of
two ways: one set of statistics shared by gallery and queries (re-estimated
on both domains), or domain-specific statistics (the query side gets the wild
photos' own, the catalog keeps the training ones): `bn_statistics` and
`with_bn_statistics` carry the query side's set in the checkpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy

import numpy as np
import torch
from torch import nn

from wildcat.train.images import square_array, to_input
from wildcat.train.model import EmbeddingNet
from wildcat.train.modes import evaluating

BN_BUFFERS = ("running_mean", "running_var", "num_batches_tracked")
#: modules whose statistics are never re-estimated nor swapped: the anchor is the untouched pretrained network
FROZEN = "anchor"


def _adaptable(name: str) -> bool:
    return name != FROZEN and not name.startswith(FROZEN + ".")


def bn_statistics(model: nn.Module) -> dict[str, torch.Tensor]:
    """The running statistics of every BatchNorm layer (state-dict keys -> CPU tensors)."""
    keys = _bn_keys(model)
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items() if k in keys}


def check_bn_statistics(model: nn.Module, stats: dict[str, torch.Tensor]) -> None:
    """Raise ValueError unless `stats` holds exactly the BatchNorm buffers of `model` (the anchor's aside: a
    checkpoint made before they were left out may carry them, and they are ignored)."""
    expected = _bn_keys(model)
    if (given := {k for k in stats if _adaptable(k)}) != expected:
        raise ValueError(f"BN statistics do not match the model ({len(given ^ expected)} keys differ)")


def with_bn_statistics(model: EmbeddingNet, stats: dict[str, torch.Tensor]) -> EmbeddingNet:
    """A copy of `model` whose BatchNorm layers use `stats` (from `bn_statistics` of the same architecture)."""
    check_bn_statistics(model, stats)
    copy = deepcopy(model)
    copy.load_state_dict({k: v for k, v in stats.items() if _adaptable(k)}, strict=False)
    return copy


def mix_bn_statistics(
    source: dict[str, torch.Tensor], target: dict[str, torch.Tensor], share: float
) -> dict[str, torch.Tensor]:
    """Running statistics `share` of the way from `source` to `target` (means and variances mixed linearly; the
    batch count is the target's): a prior-weighted adaptation (Schneider et al., "Improving robustness against
    common corruptions by covariate shift adaptation", NeurIPS 2020) that keeps part of the statistics a
    pretrained trunk's weights expect."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must lie in [0, 1], got {share}")
    return {
        k: v if k.endswith("num_batches_tracked") else (1.0 - share) * source[k] + share * v for k, v in target.items()
    }


def _bn_keys(model: nn.Module) -> set[str]:
    layers = {
        name for name, m in model.named_modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) and _adaptable(name)
    }
    return {k for k in model.state_dict() if k.rsplit(".", 1)[0] in layers and k.rsplit(".", 1)[-1] in BN_BUFFERS}


def adapt_bn(
    model: EmbeddingNet, images: Sequence[np.ndarray], batch_size: int = 64, device: str | torch.device | None = None
) -> int:
    """Replace BN running statistics by their average over batches of `images` (uint8
    HxWx3, any size; every batch weighs the same). Returns the number of BatchNorm layers updated (0 for BN-free
    backbones
    such as ConvNeXt, which are left unchanged)."""
    bns = [m for n, m in model.named_modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) and _adaptable(n)]
    if not bns or len(images) < 2:
        return 0
    device = torch.device(device) if device is not None else next(model.parameters()).device
    momenta = [bn.momentum for bn in bns]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative moving average: every batch weighs the same
    try:
        with evaluating(model), torch.no_grad():
            for bn in bns:
                bn.train()
            for start in range(0, len(images), batch_size):
                chunk = [square_array(im, model.image_size) for im in images[start : start + batch_size]]
                if len(chunk) < 2:  # train-mode BN needs two values per channel
                    continue
                x = to_input(torch.from_numpy(np.stack(chunk)).to(device), model.mean, model.std, channels_last=False)
                model(x)
    finally:
        for bn, m in zip(bns, momenta, strict=False):
            bn.momentum = m
    return len(bns)
