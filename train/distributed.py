"""Device choice and DDP set-up. Under `torchrun` (WORLD_SIZE > 1) each process joins
the group: NCCL on CUDA, gloo on CPU. Rank 0 logs, evaluates and checkpoints."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    owns_group: bool = False  # we initialised the process group, so we tear it down

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1


def pick_device(name: str, local_rank: int = 0) -> torch.device:
    if name == "cuda" or (name == "auto" and torch.cuda.is_available()):
        # one GPU per torchrun process
        return torch.device("cuda", local_rank % max(1, torch.cuda.device_count()))
    if name != "auto":
        return torch.device(name)
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def init_distributed(device: torch.device) -> DistContext:
    """Join the torchrun process group when there is one; a no-op for a single process."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return DistContext()
    rank, local_rank = int(os.environ["RANK"]), int(os.environ.get("LOCAL_RANK", "0"))
    owns = False
    if not dist.is_initialized():
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        owns = True
    return DistContext(rank=rank, world=world, local_rank=local_rank, owns_group=owns)


def single_process() -> bool:
    """True unless torchrun started this process as one of several."""
    return int(os.environ.get("WORLD_SIZE", "1")) <= 1


def local_rank_from_env() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


def broadcast_int(ctx: DistContext, value: int) -> int:
    """Rank 0's `value` on every rank (the run seed must agree)."""
    if not ctx.active:
        return value
    t = torch.tensor([value], dtype=torch.int64)
    if dist.get_backend() == "nccl":
        t = t.cuda()
    dist.broadcast(t, src=0)
    return int(t.item())


def mean_over_ranks(ctx: DistContext, values: torch.Tensor) -> torch.Tensor:
    if not ctx.active:
        return values
    device = "cuda" if dist.get_backend() == "nccl" else "cpu"
    values = values.to(device).clone()
    dist.all_reduce(values, op=dist.ReduceOp.SUM)
    return (values / ctx.world).cpu()


def shutdown(ctx: DistContext) -> None:
    if ctx.active:
        dist.barrier()
        if ctx.owns_group:
            dist.destroy_process_group()


@contextmanager
def session(device_name: str | None) -> Iterator[tuple[DistContext, torch.device]]:
    """This process's device and its torchrun process group (none for a single process), for one run.

    On success every rank meets at a barrier before the group is torn down; on an error the group is
    destroyed at once, since the other ranks may never reach a barrier.
    """
    device = pick_device(device_name, local_rank_from_env())
    ctx = init_distributed(device)
    try:
        yield ctx, device
    except BaseException:
        if ctx.owns_group:
            dist.destroy_process_group()
        raise
    shutdown(ctx)
