"""Domain-specific batch normalisation during training (Chang et al., CVPR 2019) for the
two sides of product search: catalog images and query-side images (synthetic composites,
renders, wild photos when a protocol has them) keep their own BatchNorm running statistics
and are normalised with their own batch statistics; weights and affine parameters are shared.

Why: a BatchNorm layer's running mean is the average of everything it saw in training. For
the first layer that is exactly the mean input colour (the convolution is linear), and with
one shared set the white-background catalog images pull it far from the mean colour of
shoppers' photos. With two sets the catalog is embedded with the catalog's statistics and
queries with the statistics of the query-side training images, the same split as the
`synthetic+unlabeled` protocol's `query_bn: separate`, but learned with zero real photos.
The query side's set travels in the checkpoint as `query_bn` (see `train.embedder`).

Under DDP the catalog's set is the module's own (broadcast from rank 0 as usual); the query
side's set is each rank's average of its own batches, and rank 0's is the one saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch
from torch import nn

BUFFERS = ("running_mean", "running_var", "num_batches_tracked")


class DomainStatistics:
    """The query side's running statistics for every BatchNorm layer of a model, held outside
    it and swapped in around query-side forward passes (the model's own buffers stay the
    catalog's). Make it after the model has moved to its device."""

    def __init__(self, model: nn.Module) -> None:
        self.layers = [(name, m) for name, m in model.named_modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
        self.held = [[getattr(bn, b).detach().clone() for b in BUFFERS] for _, bn in self.layers]

    @contextlib.contextmanager
    def query_side(self) -> Iterator[None]:
        """Inside: the model's BatchNorm layers use and update the query side's statistics."""
        self._swap()
        try:
            yield
        finally:
            self._swap()

    def _swap(self) -> None:
        # exchanged by reference, never copied in place: autograd keeps the buffers a forward
        # pass used and checks they were not modified before the backward pass
        for (_, bn), held in zip(self.layers, self.held, strict=False):
            mine = [getattr(bn, b) for b in BUFFERS]
            for b, t in zip(BUFFERS, held, strict=False):
                setattr(bn, b, t)
            held[:] = mine

    def state(self) -> dict[str, torch.Tensor]:
        """The query side's statistics under the model's state-dict keys (CPU tensors)."""
        return {
            f"{name}.{b}": t.detach().cpu().clone()
            for (name, _), held in zip(self.layers, self.held, strict=False)
            for b, t in zip(BUFFERS, held, strict=False)
        }

    def load(self, stats: dict[str, torch.Tensor]) -> None:
        """Restore what `state` returned (a resumed run)."""
        with torch.no_grad():
            for (name, _), held in zip(self.layers, self.held, strict=False):
                for b, t in zip(BUFFERS, held, strict=False):
                    t.copy_(stats[f"{name}.{b}"])


def forward_by_domain(model: nn.Module, x: torch.Tensor, query: torch.Tensor, domains: DomainStatistics) -> tuple:
    """model(x) with the rows where `query` is True normalised (and their running statistics
    kept) apart from the others. The model returns a tuple of [N, ...] tensors or Nones (as
    EmbeddingNet does); it comes back in the rows' order."""
    rows = torch.arange(len(x), device=x.device)
    order, outputs = [], []
    for idx, side in ((rows[~query], contextlib.nullcontext()), (rows[query], domains.query_side())):
        if len(idx):
            with side:
                outputs.append(model(x[idx]))
            order.append(idx)
    inverse = torch.argsort(torch.cat(order))
    return tuple(None if parts[0] is None else torch.cat(parts)[inverse] for parts in zip(*outputs, strict=False))
