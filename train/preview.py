"""A contact sheet of the first training batch as the network sees it (after
augmentation), so a person can check the sampler and augmentation at a glance:
one row segment per product, its catalog anchor first."""

from __future__ import annotations

from pathlib import Path

import torch

from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.train.data import TrainSet
from wildcat.train.sampler import BatchPlan

PREVIEW_FILE = "first_batch.png"


def save_batch_preview(path: Path, images: torch.Tensor, plan: BatchPlan, ts: TrainSet, columns: int) -> Path:
    """images: [N, 3, H, W] floats in [0, 1]. Captions: A = catalog anchor, c = another catalog
    view, q = synthetic/wild, then the product id."""
    arr = (images.detach().float().clamp(0, 1) * 255 + 0.5).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
    captions = []
    for i, sample in enumerate(plan.indices):
        role = "A" if plan.anchor[i] else ("c" if ts.is_catalog[sample] else "q")
        captions.append(f"{role} {ts.products[plan.product[i]]}")
    return save_contact_sheet(path, list(arr), captions, tile=max(96, images.shape[-1]), columns=columns)
