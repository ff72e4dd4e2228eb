"""The stream of training batches: step s -> (plan, uint8 images).

Everything random about step s comes from generators seeded by (run seed,
rank, s), so the stream needs no saved state: a resumed run asks for step s
and gets the same batch, and DataLoader workers may prefetch freely.
Images come from the in-memory cache (decoded once) or are decoded per step
in DataLoader workers.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch

from wildcat.core.seeding import sample_rng
from wildcat.train.data import TrainSet
from wildcat.train.images import load_square
from wildcat.train.sampler import BatchPlan, SamplerSettings, plan_batch

Batch = tuple[int, BatchPlan, torch.Tensor]


def step_rng(seed: int, rank: int, step: int, stream: str) -> np.random.Generator:
    """The generator for one use (`stream`) at one step of one process."""
    return sample_rng(seed, f"rank{rank}", step, stream)


class StepBatches(torch.utils.data.Dataset):
    """Item s is step s's batch: (s, plan, [B, side, side, 3] uint8)."""

    def __init__(
        self, ts: TrainSet, settings: SamplerSettings, seed: int, rank: int, side: int, cache: np.ndarray | None
    ) -> None:
        self.ts, self.settings, self.seed, self.rank, self.side, self.cache = ts, settings, seed, rank, side, cache

    def __len__(self) -> int:
        return 2**62  # indexed by step; the sampler decides which steps are asked for

    def __getitem__(self, step: int) -> Batch:
        plan = plan_batch(step_rng(self.seed, self.rank, step, "batch"), self.ts, self.settings)
        if self.cache is not None:
            images = self.cache[plan.indices]
        else:
            images = np.stack([load_square(self.ts.paths[i], self.side) for i in plan.indices])
        return step, plan, torch.from_numpy(images)


def iterate(batches: StepBatches, start: int, stop: int, workers: int, pin_memory: bool) -> Iterator[Batch]:
    """Steps start..stop-1 in order; with workers, decoded ahead in other processes."""
    if workers == 0:
        return (batches[s] for s in range(start, stop))
    loader = torch.utils.data.DataLoader(
        batches,
        batch_size=None,
        sampler=range(start, stop),
        num_workers=workers,
        collate_fn=_as_is,
        worker_init_fn=_init_worker,
        pin_memory=pin_memory,
        prefetch_factor=4,
    )
    return iter(loader)


def _as_is(item: Batch) -> Batch:
    return item


def _init_worker(worker_id: int) -> None:
    """Per-worker seeds (torch gives each worker base_seed + id) for any library that draws
    from global RNGs; our own draws use explicit generators. One thread per worker: the
    main process owns the cores for compute."""
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    torch.set_num_threads(1)
