"""MixStyle: feature statistics mixed between images in training, nothing changed at inference."""

import pytest
import torch

from wildcat.core.errors import ConfigError
from wildcat.train import load_embedder, train_run
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.mixstyle import attach_mixstyle, mix_styles
from wildcat.train.model import create_model

from tests.train.helpers import step_losses, toy_config


def test_mixed_statistics_are_a_blend_of_the_pair():
    torch.manual_seed(0)
    x = torch.randn(6, 4, 8, 8) * torch.arange(1, 7).view(6, 1, 1, 1) + torch.arange(6).view(6, 1, 1, 1) * 10
    torch.manual_seed(1)
    out = mix_styles(x, alpha=0.1)
    torch.manual_seed(1)
    lam = torch.distributions.Beta(0.1, 0.1).sample((6, 1, 1, 1))
    perm = torch.randperm(6)
    mu = x.mean(dim=(2, 3), keepdim=True)
    assert torch.allclose(out.mean(dim=(2, 3), keepdim=True), lam * mu + (1 - lam) * mu[perm], atol=1e-4)
    sig = x.std(dim=(2, 3), unbiased=False, keepdim=True)
    assert torch.allclose(
        out.std(dim=(2, 3), unbiased=False, keepdim=True), lam * sig + (1 - lam) * sig[perm], rtol=1e-3
    )
    # the content (each image's normalised map) is its own
    norm = lambda t: (t - t.mean(dim=(2, 3), keepdim=True)) / t.std(dim=(2, 3), keepdim=True)  # noqa: E731
    assert torch.allclose(norm(out), norm(x), atol=1e-3)


def test_hooks_act_in_training_only_and_name_unknown_layers():
    model = create_model("tiny", 16, True, 0, None, 32)
    x = torch.rand(4, 3, 32, 32)
    model.eval()
    plain = model(x)[0]
    hooks = attach_mixstyle(model.trunk, ["features.2"], 1.0, 0.1)
    assert torch.equal(model(x)[0], plain)  # inference: the plain network
    model.train()
    mixed = model(x)[0]
    for h in hooks:
        h.remove()
    assert not torch.allclose(mixed, model(x)[0])  # training: the same weights give another output
    with pytest.raises(ConfigError, match=r"\['layer9'\].*e\.g\. features"):  # names the layer and what there is
        attach_mixstyle(model.trunk, ["layer9"], 0.5, 0.1)


def test_training_with_mixstyle_resumes_exactly_and_saves_a_plain_model(toy, tmp_path):
    cfg = toy_config(
        toy,
        steps=4,
        log_every=1,
        checkpoint_every=2,
        eval_every=0,
        val_splits=[],
        mixstyle_prob=1.0,
        mixstyle_layers=["features.2", "features.6"],
    )
    whole = train_run(cfg, tmp_path / "whole", seed=2, progress=False)
    plain = train_run(cfg.model_copy(update={"mixstyle_prob": 0.0}), tmp_path / "plain", seed=2, progress=False)
    assert step_losses(whole.run_dir)[2] != step_losses(plain.run_dir)[2]  # the hooks changed training
    train_run(cfg, tmp_path / "split", seed=2, progress=False, stop_at=2)
    resumed = train_run(cfg, tmp_path / "split", progress=False, resume=True)
    assert step_losses(resumed.run_dir) == step_losses(whole.run_dir)
    weights = lambda run: load_checkpoint(run.checkpoint)[1]["model"]  # noqa: E731
    assert weights(whole).keys() == weights(plain).keys()  # the checkpoint holds the plain network
    load_embedder(whole.checkpoint)  # and loads as one
