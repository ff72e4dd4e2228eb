"""Decoding images to fixed-size uint8 squares, and turning uint8 batches into model input.

Training and embedding share one geometry: the centred square of the image,
resized. Training decodes once at `cache_scale` x the input side (headroom for
random crops); embedding resizes straight to the input side.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from tqdm import tqdm

from wildcat.core.errors import ImageLoadError
from wildcat.core.imageio import load_image


def square(im: Image.Image, side: int) -> np.ndarray:
    """The centred square of `im`, resized (antialiased) to side x side RGB uint8."""
    w, h = im.size
    s = min(w, h)
    box = ((w - s) / 2, (h - s) / 2, (w + s) / 2, (h + s) / 2)
    if im.mode != "RGB":
        im = im.convert("RGB")
    return np.asarray(im.resize((side, side), Image.BILINEAR, box=box, reducing_gap=3.0))


def square_array(arr: np.ndarray, side: int) -> np.ndarray:
    """`square` for an HxW, HxWx3 or HxWx4 uint8 array (alpha composited on white)."""
    arr = np.asarray(arr)
    if arr.dtype != np.uint8:
        raise ValueError(f"images must be uint8 arrays, not {arr.dtype}")
    if arr.ndim == 3 and arr.shape[2] == 3 and arr.shape[0] == arr.shape[1] == side:
        return arr
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    if arr.shape[2] == 4:
        alpha = arr[:, :, 3:4].astype(np.float32) / 255.0
        arr = (arr[:, :, :3] * alpha + 255.0 * (1 - alpha) + 0.5).astype(np.uint8)
    return square(Image.fromarray(np.ascontiguousarray(arr[:, :, :3])), side)


def load_square(path: str | Path, side: int) -> np.ndarray:
    return square(load_image(path, mode="RGB"), side)


class SquareDataset(torch.utils.data.Dataset):
    """Decodes `paths[i]` to a side x side uint8 square; failures come back as messages."""

    def __init__(self, paths: Sequence[str | Path], side: int) -> None:
        self.paths = list(paths)
        self.side = side

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i: int) -> tuple[int, np.ndarray | None, str]:
        try:
            return i, load_square(self.paths[i], self.side), ""
        except ImageLoadError as exc:
            return i, None, str(exc)


def decode_all(
    paths: Sequence[str | Path], side: int, workers: int = 0, progress: bool = False, desc: str = "decode"
) -> tuple[np.ndarray, dict[int, str]]:
    """All images as one [N, side, side, 3] uint8 array, and {index: reason} for those that failed
    (their rows stay black)."""
    out = np.zeros((len(paths), side, side, 3), dtype=np.uint8)
    failed: dict[int, str] = {}
    loader = torch.utils.data.DataLoader(
        SquareDataset(paths, side), batch_size=32, num_workers=workers, collate_fn=list, worker_init_fn=_single_thread
    )
    with tqdm(total=len(paths), desc=desc, unit="img", disable=not progress, leave=False) as bar:
        for chunk in loader:
            for i, arr, reason in chunk:
                if arr is None:
                    failed[i] = reason
                else:
                    out[i] = arr
            bar.update(len(chunk))
    return out, failed


def _single_thread(_worker_id: int) -> None:
    # decoding workers must not each start a full set of torch threads
    torch.set_num_threads(1)


def to_input(batch: torch.Tensor, mean: Sequence[float], std: Sequence[float], channels_last: bool) -> torch.Tensor:
    """[N, H, W, 3] uint8 (any device) -> normalised float [N, 3, H, W]."""
    x = batch.permute(0, 3, 1, 2).float().div_(255.0)
    return normalize(x, mean, std, channels_last)


def normalize(x: torch.Tensor, mean: Sequence[float], std: Sequence[float], channels_last: bool) -> torch.Tensor:
    """[N, 3, H, W] float in [0, 1] -> (x - mean) / std, in the requested memory format."""
    m = torch.tensor(mean, device=x.device, dtype=x.dtype).view(1, 3, 1, 1)
    s = torch.tensor(std, device=x.device, dtype=x.dtype).view(1, 3, 1, 1)
    x = (x - m) / s
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    return x.contiguous(memory_format=fmt)
