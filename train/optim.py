"""Optimizer (no weight decay on norms and biases) and the warmup + cosine schedule."""

from __future__ import annotations

import math

import torch
from torch import nn

from wildcat.train.config import TrainConfig


def warmup_cosine(step: int, total: int, warmup: int) -> float:
    """LR multiplier at `step` (0-based): linear from 1/(warmup+1) to 1, then cosine to 0 at `total`."""
    if step < warmup:
        return (step + 1) / (warmup + 1)
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def build_optimizer(module: nn.Module, cfg: TrainConfig, trunk: nn.Module | None = None) -> torch.optim.Optimizer:
    """AdamW or SGD over `module`'s trainable parameters; with cfg.trunk_lr_scale < 1 those of `trunk` learn at
    that fraction of cfg.lr (a pretrained trunk moves slowly while the new layers find their place)."""
    slow = {id(p) for p in trunk.parameters()} if trunk is not None and cfg.trunk_lr_scale < 1 else set()
    params = [p for p in module.parameters() if p.requires_grad]
    groups = _groups([p for p in params if id(p) not in slow], cfg.lr, cfg.weight_decay)
    if slow:
        groups += _groups([p for p in params if id(p) in slow], cfg.lr * cfg.trunk_lr_scale, cfg.weight_decay)
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(groups, lr=cfg.lr, momentum=cfg.momentum, nesterov=True)
    return torch.optim.AdamW(groups, lr=cfg.lr)


def build_scheduler(optimizer: torch.optim.Optimizer, cfg: TrainConfig) -> torch.optim.lr_scheduler.LambdaLR:
    warmup = int(round(cfg.warmup_fraction * cfg.steps))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: warmup_cosine(s, cfg.steps, warmup))


def _groups(params: list[nn.Parameter], lr: float, weight_decay: float) -> list[dict]:
    """Weight decay on weights, none on norms and biases."""
    return [
        {"params": [p for p in params if p.ndim > 1], "weight_decay": weight_decay, "lr": lr},
        {"params": [p for p in params if p.ndim <= 1], "weight_decay": 0.0, "lr": lr},
    ]
