"""A compact U-Net matting network and its ONNX export in the form rembg's
`u2net_custom` session reads: input 1x3x320x320 normalised as rembg does,
first output 1x1x320x320 whose channel 0 is the mask."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

#: What rembg's U^2-Net-style sessions feed the model (see rembg/sessions/u2net_custom.py).
REMBG_SIZE = 320
REMBG_MEAN = (0.485, 0.456, 0.406)
REMBG_STD = (0.229, 0.224, 0.225)


def rembg_normalise(rgb: np.ndarray) -> np.ndarray:
    """uint8 HxWx3 -> float32 3xHxW exactly as rembg's `BaseSession.normalize` (after its resize):
    divided by the image's own maximum, then ImageNet mean/std."""
    x = rgb.astype(np.float64)
    x = x / max(float(x.max()), 1e-6)
    x = (x - np.array(REMBG_MEAN)) / np.array(REMBG_STD)
    return x.transpose(2, 0, 1).astype(np.float32)


def build_net(base: int = 8, depth: int = 3):
    """A small U-Net: a stride-2 stem, `depth` poolings from there, and a
    full-resolution refinement that sees the input again for crisp edges.
    About 0.1M parameters at base 8: trains on a CPU in minutes."""
    import torch
    from torch import nn

    def block(cin: int, cout: int) -> nn.Sequential:
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )

    class TinyUNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            chans = [base * 2**i for i in range(depth + 1)]
            self.stem = nn.Sequential(
                nn.Conv2d(3, chans[0], 3, stride=2, padding=1, bias=False),
                nn.BatchNorm2d(chans[0]),
                nn.ReLU(inplace=True),
            )
            self.down = nn.ModuleList(
                [block(chans[0], chans[0])] + [block(chans[i], chans[i + 1]) for i in range(depth)]
            )
            self.up = nn.ModuleList([block(chans[i + 1] + chans[i], chans[i]) for i in reversed(range(depth))])
            self.pool = nn.MaxPool2d(2)
            self.coarse = nn.Conv2d(chans[0], 1, 1)
            self.refine = nn.Sequential(
                nn.Conv2d(4, base, 3, padding=1), nn.ReLU(inplace=True), nn.Conv2d(base, 1, 3, padding=1)
            )

        def forward(self, image: torch.Tensor) -> torch.Tensor:
            """Logits, 1 channel, at the input's size; `export_onnx` adds the sigmoid."""
            x = self.stem(image)
            skips = []
            for i, layer in enumerate(self.down):
                x = layer(x if i == 0 else self.pool(x))
                skips.append(x)
            for layer, skip in zip(self.up, reversed(skips[:-1]), strict=False):
                x = nn.functional.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
                x = layer(torch.cat([x, skip], dim=1))
            coarse = nn.functional.interpolate(
                self.coarse(x), size=image.shape[-2:], mode="bilinear", align_corners=False
            )
            return coarse + self.refine(torch.cat([coarse, image], dim=1))

    return TinyUNet()


def export_onnx(net, path: str | Path, size: int = REMBG_SIZE, work_size: int | None = None) -> Path:
    """Write `net` as ONNX: input "input" 1x3xSxS, output "mask" 1x1xSxS = sigmoid(logits).

    work_size: the side the net was trained at. rembg always feeds 320 px;
    the exported graph resizes to `work_size` and back, so the net sees
    objects at the scale it learned.
    """
    import torch
    import torch.nn.functional as F

    class MaskHead(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            if work_size and work_size != size:
                # Area averaging where it exports (whole factors), else bilinear.
                if size % work_size == 0:
                    small = F.interpolate(x, size=(work_size, work_size), mode="area")
                else:
                    small = F.interpolate(x, size=(work_size, work_size), mode="bilinear", align_corners=False)
                logits = F.interpolate(self.inner(small), size=(size, size), mode="bilinear", align_corners=False)
            else:
                logits = self.inner(x)
            return torch.sigmoid(logits)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = MaskHead(net).eval()
    tmp = path.with_suffix(".tmp.onnx")
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter on purpose: the dynamo one needs onnxscript,
        # which is not a dependency; its deprecation notice is not news here.
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(
            model,
            (torch.zeros(1, 3, size, size),),
            str(tmp),
            input_names=["input"],
            output_names=["mask"],
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(path)
    return path
