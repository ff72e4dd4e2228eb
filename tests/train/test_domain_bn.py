"""Domain-specific batch norm: catalog and query-side rows keep their own statistics in training."""

import copy

import numpy as np
import torch
from PIL import Image
from torch import nn

from wildcat.train import load_embedder, train_run
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.domain_bn import DomainStatistics, forward_by_domain

from tests.train.helpers import step_losses, toy_config


class Pair(nn.Sequential):
    """A conv + BN network returning (features, None), the shape of EmbeddingNet's output."""

    def forward(self, x):
        return super().forward(x), None


def net() -> nn.Module:
    torch.manual_seed(0)
    model = Pair(
        nn.Conv2d(3, 4, 3, bias=False),
        nn.BatchNorm2d(4, momentum=None),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
    )
    return model.train()


def test_each_side_is_normalised_and_averaged_on_its_own_rows():
    model, alone = net(), net()
    domains = DomainStatistics(model)
    bright, dark = 0.8 + torch.rand(3, 3, 8, 8) * 0.2, torch.rand(5, 3, 8, 8) * 0.2
    x = torch.cat([dark[:2], bright, dark[2:]])
    query = torch.tensor([True, True, False, False, False, True, True, True])
    out, none = forward_by_domain(model, x, query, domains)
    assert none is None
    # rows come back in their order, each normalised with its own side's batch: as if run apart
    assert torch.allclose(out[query], copy.deepcopy(alone)(dark)[0], atol=1e-5)
    assert torch.allclose(out[~query], alone(bright)[0], atol=1e-5)
    # the model's buffers are the catalog's (bright) running mean, the held set the query side's (dark)
    conv = model[0]
    with torch.no_grad():
        assert torch.allclose(model[1].running_mean, conv(bright).mean((0, 2, 3)), atol=1e-5)
        assert torch.allclose(domains.state()["1.running_mean"], conv(dark).mean((0, 2, 3)), atol=1e-5)
    assert set(domains.state()) == {"1.running_mean", "1.running_var", "1.num_batches_tracked"}


def test_a_batch_of_one_side_only_runs_that_side():
    model = net()
    domains = DomainStatistics(model)
    before = model[1].running_mean.clone()
    out, _ = forward_by_domain(model, torch.rand(4, 3, 8, 8), torch.ones(4, dtype=torch.bool), domains)
    assert out.shape == (4, 4)
    assert torch.equal(model[1].running_mean, before)  # the catalog's set saw nothing
    assert not torch.equal(domains.state()["1.running_mean"], before)


def test_training_with_domain_bn_resumes_exactly_and_embeds_queries_with_their_own_statistics(toy, tmp_path):
    cfg = toy_config(toy, steps=4, log_every=1, checkpoint_every=2, eval_every=0, val_splits=[], domain_bn=True)
    whole = train_run(cfg, tmp_path / "whole", seed=2, progress=False)
    plain = train_run(cfg.model_copy(update={"domain_bn": False}), tmp_path / "plain", seed=2, progress=False)
    assert step_losses(whole.run_dir)[2] != step_losses(plain.run_dir)[2]
    train_run(cfg, tmp_path / "split", seed=2, progress=False, stop_at=2)
    resumed = train_run(cfg, tmp_path / "split", progress=False, resume=True)
    assert step_losses(resumed.run_dir) == step_losses(whole.run_dir)
    # toy catalog images are white, its queries grey noise: the two sets of statistics differ
    blob = load_checkpoint(whole.checkpoint)[1]
    key = next(k for k in blob["query_bn"] if k.endswith("running_mean"))
    assert not torch.allclose(blob["query_bn"][key], blob["model"][key], atol=1e-2)
    assert "query_bn" not in load_checkpoint(plain.checkpoint)[1]
    emb = load_embedder(whole.checkpoint)
    img = [toy_image(toy)]
    assert not torch.allclose(
        torch.from_numpy(emb.embed_images(img)), torch.from_numpy(emb.for_queries().embed_images(img))
    )


def toy_image(toy):
    return np.asarray(Image.open(next((toy.dataset / "images").glob("*.png"))).convert("RGB"))
