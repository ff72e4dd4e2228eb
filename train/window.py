"""Running averages of loss and step timing between two metrics lines, and over the run.

Step time is split three ways: `data_s` (waiting for the batch: cache gather
or decoding workers), `augment_s` (crop/flip/jitter on the device) and
`compute_s` (forward, backward, optimizer step; ends with a host sync for the
loss value, so on CUDA it also absorbs queued augmentation kernels). `cpu_s`
is the process's CPU time per step (all its threads): on a shared machine,
wall times stretch with the load while CPU time stays near the true cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch

#: the per-step times a window averages, in the order `add` takes them (seconds)
TIMES = ("data_s", "augment_s", "compute_s", "cpu_s")


class Window:
    def __init__(self) -> None:
        self.last_loss: float | None = None
        self.reset()

    def reset(self) -> None:
        self.steps = 0
        self.images = 0
        self.loss = 0.0
        self.parts: dict[str, float] = {}
        self.times = [0.0] * len(TIMES)
        self.wall = 0.0
        self.started = time.perf_counter()

    def add(self, loss: float, parts: dict[str, float], times: tuple[float, ...], images: int) -> None:
        """times: one step's (data wait, augmentation, compute, process CPU) seconds."""
        self.steps += 1
        self.images += images
        self.loss += loss
        for k, v in parts.items():
            self.parts[k] = self.parts.get(k, 0.0) + v
        self.times = [a + b for a, b in zip(self.times, times, strict=False)]

    def summary(self, reduce: Callable[[torch.Tensor], torch.Tensor] = lambda t: t) -> dict:
        """Means per step since reset; the losses are averaged over processes by `reduce`."""
        n = max(1, self.steps)
        keys = sorted(self.parts)
        losses = reduce(torch.tensor([self.loss] + [self.parts[k] for k in keys], dtype=torch.float64) / n).tolist()
        wall = time.perf_counter() - self.started
        return {
            "loss": losses[0],
            **{f"loss_{k}": v for k, v in zip(keys, losses[1:], strict=False)},
            "images_per_s": self.images / max(wall, 1e-9),
            **self._mean_times(),
        }

    def merge(self, other: Window, loss: float) -> None:
        """Fold a finished window (whose process-averaged loss is `loss`) into this run-long total."""
        self.steps += other.steps
        self.images += other.images
        self.times = [a + b for a, b in zip(self.times, other.times, strict=False)]
        self.wall += time.perf_counter() - other.started
        self.last_loss = loss

    def run_summary(self) -> dict:
        out = {"images_per_s": self.images / max(self.wall, 1e-9), **self._mean_times()}
        if self.last_loss is not None:
            out["loss"] = self.last_loss
        return out

    def _mean_times(self) -> dict[str, float]:
        n = max(1, self.steps)
        return {name: t / n for name, t in zip(TIMES, self.times, strict=False)}
