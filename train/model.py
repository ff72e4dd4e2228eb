"""The embedding network: backbone trunk -> D-dim embedding (optionally L2-normalised)
-> optional classification head; optionally ensembled at inference with a frozen
copy of the pretrained trunk (its anchor).

The model carries its own input contract (`image_size`, `mean`, `std`) so an
`Embedder` or `adapt_bn` can feed it without the training config.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from wildcat.train.backbones import IMAGENET_MEAN, IMAGENET_STD, backbone_spec
from wildcat.train.pretrained import load_pretrained


class EmbeddingNet(nn.Module):
    """forward(x) -> (embedding [N, D], logits [N, C] or None).

    The head reads the un-normalised embedding: a linear classifier on unit
    vectors would need a temperature to reach confident logits. project=False
    leaves out the projection: the embedding is the trunk's pooled features
    (the zero-shot baseline: a pretrained network with no training at all).
    """

    def __init__(
        self,
        trunk: nn.Module,
        feature_dim: int,
        dim: int = 256,
        normalize: bool = True,
        num_classes: int = 0,
        *,
        backbone: str = "",
        image_size: int = 224,
        mean: tuple[float, ...] = IMAGENET_MEAN,
        std: tuple[float, ...] = IMAGENET_STD,
        project: bool = True,
    ) -> None:
        super().__init__()
        dim = dim if project else feature_dim
        self.trunk = trunk
        self.embed = nn.Linear(feature_dim, dim) if project else nn.Identity()
        self.project = project
        self.frozen_bn = False  # the trunk's batch-norm layers normalise with their stored statistics
        self.head = nn.Linear(dim, num_classes) if num_classes > 0 else None
        self.normalize = normalize
        self.dim = dim
        self.num_classes = num_classes
        self.backbone = backbone
        self.image_size = image_size
        self.mean = tuple(mean)
        self.std = tuple(std)
        self.anchor: nn.Module | None = None  # frozen pretrained trunk, ensembled in at inference
        self.anchor_weight = 0.0
        self.anchor_dim = 0

    @property
    def out_dim(self) -> int:
        """The width of the embedding that search sees (the anchor's features appended at inference)."""
        return self.dim + self.anchor_dim

    def attach_anchor(self, trunk: nn.Module, feature_dim: int, weight: float) -> EmbeddingNet:
        """Ensemble the embedding with `trunk`'s pooled features at inference: [sqrt(1-w) e, sqrt(w) unit(a)].

        An output-space ensemble of the fine-tuned and the pretrained network (Wortsman et al., "Robust
        fine-tuning of zero-shot models", CVPR 2022): fine-tuning on catalog and synthetic images teaches the
        products, the untouched ImageNet features keep what it forgets about real photos. Both parts are unit
        vectors, so the result is too and cosine similarity is the weighted sum of the two models'. The trunk is
        frozen (no gradient, always in eval mode) and training never runs it."""
        if not 0.0 < weight < 1.0:
            raise ValueError(f"anchor weight must lie in (0, 1), got {weight}")
        if not self.normalize:
            raise ValueError("an anchor ensembles unit vectors: it needs a normalised embedding")
        self.anchor = trunk.requires_grad_(False).eval()
        self.anchor_weight, self.anchor_dim = float(weight), int(feature_dim)
        return self

    def freeze_early(self, share: float) -> EmbeddingNet:
        """Keep the first `share` of the trunk's parameter tensors (registration order, which is the order the
        forward pass meets them in for every wildcat backbone) at their current values. Autograd then builds no
        graph below the first trainable layer, so the backward pass stops there."""
        params = list(self.trunk.parameters())
        for p in params[: int(round(share * len(params)))]:
            p.requires_grad_(False)
        return self

    def freeze_bn(self, frozen: bool = True) -> EmbeddingNet:
        """Keep the trunk's batch-norm statistics as they are (pretrained ones, say), also while training:
        its BN layers stay in eval mode whatever mode the network is put in. Their affine weights still train."""
        self.frozen_bn = frozen
        return self.train(self.training)

    def train(self, mode: bool = True) -> EmbeddingNet:
        super().train(mode)
        if self.frozen_bn:
            for m in self.trunk.modules():
                if isinstance(m, nn.modules.batchnorm._BatchNorm):
                    m.eval()
        if self.anchor is not None:
            self.anchor.eval()
        return self

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        raw = self.embed(self.trunk(x))
        logits = self.head(raw) if self.head is not None else None
        emb = F.normalize(raw.float(), dim=1) if self.normalize else raw
        if self.anchor is not None and not self.training:
            emb = anchor_ensemble(emb, F.normalize(self.anchor(x).float(), dim=1), self.anchor_weight)
        return emb, logits

    def describe(self) -> dict:
        """What `create_model` needs to rebuild this network (goes into checkpoint metadata)."""
        return {
            "backbone": self.backbone,
            "dim": self.dim,
            "normalize": self.normalize,
            "num_classes": self.num_classes,
            "image_size": self.image_size,
            "mean": list(self.mean),
            "std": list(self.std),
            "project": self.project,
            "anchor_weight": self.anchor_weight,
        }


def anchor_ensemble(emb: torch.Tensor, features: torch.Tensor, weight: float) -> torch.Tensor:
    """[sqrt(1-w) emb, sqrt(w) features] for unit rows `emb` (trained) and `features` (the anchor's): a unit row
    whose cosine similarity is the w-weighted sum of the two models'."""
    return torch.cat([math.sqrt(1.0 - weight) * emb, math.sqrt(weight) * features], dim=1)


def create_model(
    name: str,
    dim: int = 256,
    normalize: bool = True,
    num_classes: int = 0,
    pretrained: str | None = None,
    image_size: int = 224,
    project: bool = True,
) -> EmbeddingNet:
    """An EmbeddingNet on backbone `name`; `pretrained` is 'imagenet', a weights file, or None. Its input
    normalisation is the one the backbone's pretrained weights expect."""
    spec = backbone_spec(name)
    full = spec.build()
    if pretrained:
        load_pretrained(full, name, pretrained)
    feature_dim = spec.strip(full)
    return EmbeddingNet(
        full,
        feature_dim,
        dim,
        normalize,
        num_classes,
        backbone=name,
        image_size=image_size,
        mean=spec.mean,
        std=spec.std,
        project=project,
    )


def model_from_description(desc: dict) -> EmbeddingNet:
    """Rebuild the (untrained) network that `EmbeddingNet.describe` described."""
    model = create_model(
        desc["backbone"],
        desc["dim"],
        desc["normalize"],
        desc["num_classes"],
        image_size=desc["image_size"],
        project=desc.get("project", True),
    )
    model.mean, model.std = tuple(desc["mean"]), tuple(desc["std"])
    if desc.get("anchor_weight"):  # its weights come with the checkpoint's state dict
        attach_anchor(model, desc["anchor_weight"])
    return model


def attach_anchor(model: EmbeddingNet, weight: float, pretrained: str | None = None) -> EmbeddingNet:
    """`model` ensembled at inference with a frozen trunk of its backbone (EmbeddingNet.attach_anchor), loaded
    from `pretrained` ('imagenet' or a file; None = left untrained, for a checkpoint's weights to fill)."""
    spec = backbone_spec(model.backbone)
    full = spec.build()
    if pretrained:
        load_pretrained(full, model.backbone, pretrained)
    feature_dim = spec.strip(full)
    device = next(model.parameters()).device
    return model.attach_anchor(full.to(device), feature_dim, weight)
