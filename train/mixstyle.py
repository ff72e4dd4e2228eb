"""MixStyle (Zhou et al., "Domain Generalization with MixStyle", ICLR 2021): feature-statistics
mixing between images of a batch, for training only.

An early conv layer's per-image channel mean and standard deviation carry an
image's style (light, colour cast, sharpness, texture statistics) more than its
content. Mixing them between images during training teaches the embedding to
ignore style, which is what changes between synthetic composites and a
shopper's photos. Attached as forward hooks on named trunk layers, so the
network, its checkpoints and every embedder are exactly the plain model.
Random draws use torch's global generator, which the trainer seeds per step.
"""

from __future__ import annotations

import torch
from torch import nn

from wildcat.core.errors import ConfigError


def mix_styles(x: torch.Tensor, alpha: float, eps: float = 1e-6) -> torch.Tensor:
    """x [N, C, H, W] with each image's channel statistics mixed with another image's (a random pairing):
    mu, sigma -> lam * own + (1 - lam) * other's, lam ~ Beta(alpha, alpha) per image."""
    n = x.shape[0]
    mu = x.mean(dim=(2, 3), keepdim=True)
    sig = (x.var(dim=(2, 3), keepdim=True) + eps).sqrt()
    mu, sig = mu.detach(), sig.detach()  # as in the paper: the statistics are not trained through
    lam = torch.distributions.Beta(alpha, alpha).sample((n, 1, 1, 1)).to(x.device, x.dtype)
    perm = torch.randperm(n, device=x.device)
    mixed_mu = lam * mu + (1 - lam) * mu[perm]
    mixed_sig = lam * sig + (1 - lam) * sig[perm]
    return (x - mu) / sig * mixed_sig + mixed_mu


def attach_mixstyle(trunk: nn.Module, layers: list[str], prob: float, alpha: float) -> list:
    """Hooks that apply `mix_styles` to the output of each named layer, with probability `prob`
    per step and layer, in training mode only. Returns the hook handles (call `.remove()` to detach)."""
    modules = dict(trunk.named_modules())
    missing = [name for name in layers if name not in modules]
    if missing:
        top = [n for n in modules if n and "." not in n]
        raise ConfigError(
            None,
            f"mixstyle_layers {missing} are not modules of the backbone's trunk",
            f"set train.mixstyle_layers to trunk modules (early ones carry style), e.g. {', '.join(top[:8])}",
        )

    def hook(module: nn.Module, _inputs, output: torch.Tensor):
        if not module.training or output.shape[0] < 2 or float(torch.rand(())) >= prob:
            return None
        return mix_styles(output, alpha)

    return [modules[name].register_forward_hook(hook) for name in layers]
