"""The embedding network: frozen batch-norm statistics stay frozen through training and evaluation."""

import torch

from wildcat.train import create_model
from wildcat.train.modes import evaluating


def _running_means(model) -> list[torch.Tensor]:
    return [m.running_mean.clone() for m in model.trunk.modules() if isinstance(m, torch.nn.BatchNorm2d)]


def test_frozen_bn_keeps_the_trunk_statistics_while_training():
    model = create_model("tiny", dim=8).freeze_bn()
    before = _running_means(model)
    with evaluating(model):  # an evaluation in the middle of training hands the mode back
        pass
    assert model.training
    model(torch.randn(8, 3, 16, 16) * 5 + 3)
    assert all(torch.equal(a, b) for a, b in zip(before, _running_means(model), strict=True))


def test_unfrozen_bn_learns_the_batch_statistics():
    model = create_model("tiny", dim=8)
    before = _running_means(model)
    model(torch.randn(8, 3, 16, 16) * 5 + 3)
    assert not any(torch.equal(a, b) for a, b in zip(before, _running_means(model), strict=True))
