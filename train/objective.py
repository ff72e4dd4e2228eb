"""The training objective: model + metric loss (+ miner) + classification loss in one
module, so DDP wraps (and synchronises) every trainable parameter, loss proxies included."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from wildcat.train.architectures import Resolved
from wildcat.train.domain_bn import DomainStatistics, forward_by_domain
from wildcat.train.losses import create_loss, create_miner
from wildcat.train.model import EmbeddingNet


class Objective(nn.Module):
    def __init__(
        self,
        model: EmbeddingNet,
        resolved: Resolved,
        num_products: int,
        class_of_product: np.ndarray,
        margin_sq: float,
        class_weight: float,
    ) -> None:
        super().__init__()
        self.model = model
        name = resolved.metric_loss
        self.metric = create_loss(name, num_products, model.dim, resolved.normalize, margin_sq) if name else None
        self.miner = create_miner(resolved.miner)
        self.use_pairs = name == "pairs"
        self.class_weight = class_weight if model.head is not None else 0.0
        self.amp_dtype: torch.dtype | None = None  # autocast the network (not the losses) in this dtype
        self.domains: DomainStatistics | None = None  # query-side BN statistics of their own (TrainConfig.domain_bn)
        self.register_buffer("class_of_product", torch.as_tensor(class_of_product, dtype=torch.long), persistent=False)

    def forward(
        self,
        x: torch.Tensor,
        product: torch.Tensor,
        pairs: tuple[torch.Tensor, ...] | None = None,
        query: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Total loss and its detached parts ("metric", "class"). query: [N] bool, the query-side
        rows, normalised apart from the catalog's when `domains` is set."""
        with torch.autocast(x.device.type, dtype=self.amp_dtype or torch.bfloat16, enabled=self.amp_dtype is not None):
            if self.domains is not None and query is not None:
                emb, logits = forward_by_domain(self.model, x, query, self.domains)
            else:
                emb, logits = self.model(x)
        emb = emb.float()  # losses in float32
        parts: dict[str, torch.Tensor] = {}
        total = emb.new_zeros(())
        if self.metric is not None:
            if self.use_pairs:
                parts["metric"] = self.metric(emb, product, indices_tuple=pairs)
            else:
                mined = self.miner(emb, product) if self.miner is not None else None
                parts["metric"] = self.metric(emb, product, mined)
            total = total + parts["metric"]
        if logits is not None:
            parts["class"] = F.cross_entropy(logits.float(), self.class_of_product[product])
            total = total + self.class_weight * parts["class"]
        return total, {k: v.detach() for k, v in parts.items()}
