"""The optimizer's parameter groups: weight decay on weights only, and a slower trunk when asked."""

import torch

from wildcat.train import TrainConfig, create_model
from wildcat.train.optim import build_optimizer


def _config(**kw) -> TrainConfig:
    return TrainConfig(backbone="tiny", catalog="unused", lr=1e-3, **kw)


def test_by_default_one_learning_rate_and_no_decay_on_norms_and_biases():
    model = create_model("tiny", dim=8)
    opt = build_optimizer(model, _config(), model.trunk)
    assert [g["lr"] for g in opt.param_groups] == [1e-3, 1e-3]
    assert opt.param_groups[1]["weight_decay"] == 0.0
    assert all(p.ndim <= 1 for p in opt.param_groups[1]["params"])
    assert sum(len(g["params"]) for g in opt.param_groups) == len(list(model.parameters()))


def test_a_trunk_lr_scale_slows_the_trunk_alone():
    model = create_model("tiny", dim=8)
    opt = build_optimizer(model, _config(trunk_lr_scale=0.1), model.trunk)
    trunk = {id(p) for p in model.trunk.parameters()}
    for group in opt.param_groups:
        in_trunk = {id(p) in trunk for p in group["params"]}
        assert len(in_trunk) == 1  # a group is all trunk or all new layers
        assert group["lr"] == (1e-4 if in_trunk.pop() else 1e-3)
    x = torch.randn(4, 3, 16, 16)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    model(x)[0].sum().backward()
    opt.step()
    moved = {n: (p.detach() - before[n]).abs().max().item() for n, p in model.named_parameters()}
    assert moved["embed.weight"] > 5 * max(v for n, v in moved.items() if n.startswith("trunk.features.0"))


def test_frozen_and_domain_specific_batch_norm_are_refused_together():
    import pytest

    with pytest.raises(ValueError, match="choose one"):
        _config(freeze_bn=True, domain_bn=True)
