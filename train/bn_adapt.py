"""Batch-norm statistics adaptation (AdaBN, Li et al. 2016) on unlabelled images.

Re-estimates every BatchNorm layer's running mean and variance from images of
the target domain (shoppers' photos without labels), leaving the learned
weights alone. Used by the "synthetic+unlabeled" benchmark protocol.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from train.embedder import evaluating
from train.images import square_array, to_input
from train.model import EmbeddingNet


def adapt_bn(model: EmbeddingNet, images: Sequence[np.ndarray], batch_size: int = 64, device: str | torch.device | None = None) -> int:
    """Replace BN running statistics by their average over batches of `images` (uint8
    HxWx3, any size; every batch weighs the same). Returns the number of BatchNorm layers updated (0 for BN-free backbones
    such as ConvNeXt, which are left unchanged)."""
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
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
        for bn, m in zip(bns, momenta):
            bn.momentum = m
    return len(bns)
