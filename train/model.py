"""The embedding network: backbone trunk -> D-dim embedding (optionally L2-normalised)
-> optional classification head.

The model carries its own input contract (`image_size`, `mean`, `std`) so an
`Embedder` or `adapt_bn` can feed it without the training config.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from wildcat.train.backbones import backbone_spec

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


class EmbeddingNet(nn.Module):
    """forward(x) -> (embedding [N, D], logits [N, C] or None).

    The head reads the un-normalised embedding: a linear classifier on unit
    vectors would need a temperature to reach confident logits.
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
    ) -> None:
        super().__init__()
        self.trunk = trunk
        self.embed = nn.Linear(feature_dim, dim)
        self.head = nn.Linear(dim, num_classes) if num_classes > 0 else None
        self.normalize = normalize
        self.dim = dim
        self.num_classes = num_classes
        self.backbone = backbone
        self.image_size = image_size
        self.mean = tuple(mean)
        self.std = tuple(std)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        raw = self.embed(self.trunk(x))
        logits = self.head(raw) if self.head is not None else None
        emb = F.normalize(raw.float(), dim=1) if self.normalize else raw
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
        }


def create_model(
    name: str,
    dim: int = 256,
    normalize: bool = True,
    num_classes: int = 0,
    pretrained: str | None = None,
    image_size: int = 224,
) -> EmbeddingNet:
    """An EmbeddingNet on backbone `name`; `pretrained` is 'imagenet', a weights file, or None."""
    spec = backbone_spec(name)
    full = spec.build()
    if pretrained:
        from wildcat.train.pretrained import load_pretrained

        load_pretrained(full, name, pretrained)
    feature_dim = spec.strip(full)
    return EmbeddingNet(full, feature_dim, dim, normalize, num_classes, backbone=name, image_size=image_size)


def model_from_description(desc: dict) -> EmbeddingNet:
    """Rebuild the (untrained) network that `EmbeddingNet.describe` described."""
    model = create_model(
        desc["backbone"], desc["dim"], desc["normalize"], desc["num_classes"], image_size=desc["image_size"]
    )
    model.mean, model.std = tuple(desc["mean"]), tuple(desc["std"])
    return model
