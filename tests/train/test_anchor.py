"""The anchor: a frozen pretrained trunk ensembled into the embedding at inference (train.model.attach_anchor)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wildcat.core.errors import ConfigError
from wildcat.train import create_model, load_embedder, train_run
from wildcat.train.backbones import backbone_spec
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.model import attach_anchor, model_from_description

from .helpers import toy_config


def _pretrained_file(tmp_path) -> str:
    """A 'pretrained' tiny network: fixed random weights saved as a state dict."""
    torch.manual_seed(7)
    path = tmp_path / "tiny.pth"
    torch.save(backbone_spec("tiny").build().state_dict(), path)
    return str(path)


def test_the_anchored_embedding_is_the_weighted_pair_of_unit_vectors(tmp_path):
    source = _pretrained_file(tmp_path)
    model = create_model("tiny", dim=8, pretrained=source).eval()
    x = torch.randn(5, 3, 32, 32)
    plain, _ = model(x)
    frozen = create_model("tiny", pretrained=source, project=False).eval()
    pretrained_features, _ = frozen(x)
    attach_anchor(model, 0.25, source)
    out, _ = model(x)
    assert model.out_dim == 8 + frozen.dim and out.shape == (5, model.out_dim)
    torch.testing.assert_close(out[:, :8], math.sqrt(0.75) * plain)
    torch.testing.assert_close(out[:, 8:], math.sqrt(0.25) * F.normalize(pretrained_features, dim=1))
    torch.testing.assert_close(out.norm(dim=1), torch.ones(5))
    # training never runs the anchor, and it has nothing to learn
    model.train()
    assert model(x)[0].shape == (5, 8) and not model.anchor.training
    assert not any(p.requires_grad for p in model.anchor.parameters())


def test_an_anchor_needs_a_weight_in_range_and_a_normalised_embedding():
    with pytest.raises(ValueError, match="lie in"):
        attach_anchor(create_model("tiny", dim=8), 1.0)
    with pytest.raises(ValueError, match="normalised"):
        attach_anchor(create_model("tiny", dim=8, normalize=False), 0.5)


def test_an_anchored_model_rebuilds_from_its_description_and_state(tmp_path):
    model = attach_anchor(create_model("tiny", dim=8), 0.4, _pretrained_file(tmp_path)).eval()
    again = model_from_description(model.describe())
    again.load_state_dict(model.state_dict(), strict=True)
    x = torch.randn(3, 3, 32, 32)
    torch.testing.assert_close(again.eval()(x)[0], model(x)[0])


def test_a_run_keeps_the_pretrained_trunk_as_its_anchor_and_a_finished_run_takes_one_on(toy, tmp_path):
    source = _pretrained_file(tmp_path)
    out = tmp_path / "run"
    plain = train_run(toy_config(toy, steps=12, eval_every=0, pretrained=source), out, seed=0, progress=False)
    assert load_embedder(plain.checkpoint).dim == 256 and not plain.last_checkpoint.exists()
    trained_before = load_checkpoint(plain.checkpoint)[1]["model"]

    cfg = toy_config(toy, steps=12, eval_every=0, pretrained=source, anchor_weight=0.5)
    anchored = train_run(cfg, out, seed=0, progress=False, resume=True)  # from final.pt: last.pt is gone
    _, blob = load_checkpoint(anchored.checkpoint)
    assert all(torch.equal(blob["model"][k], v) for k, v in trained_before.items())  # no training step taken
    pretrained = torch.load(source, weights_only=True)
    anchor = {k.removeprefix("anchor."): v for k, v in blob["model"].items() if k.startswith("anchor.")}
    assert anchor and all(torch.equal(v, pretrained[k]) for k, v in anchor.items())  # untouched pretrained weights
    trained = blob["model"]["trunk.features.0.weight"]
    assert not torch.equal(trained, anchor["features.0.weight"])  # while the trunk itself trained
    emb = load_embedder(anchored.checkpoint)
    vectors = emb.embed_images([np.full((40, 40, 3), 120, np.uint8), np.zeros((40, 40, 3), np.uint8)])
    assert vectors.shape == (2, 256 + emb.model.anchor_dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_an_anchor_without_pretrained_weights_or_out_of_range_is_refused(toy, tmp_path):
    with pytest.raises(ValueError, match="set pretrained"):
        toy_config(toy, anchor_weight=0.5)
    with pytest.raises(ValueError, match="less than 1"):
        toy_config(toy, anchor_weight=1.0, pretrained=_pretrained_file(tmp_path))


def test_an_anchor_on_an_l2_architecture_is_refused_before_any_training(toy, tmp_path):
    cfg = toy_config(toy, arch="A", pretrained=_pretrained_file(tmp_path), anchor_weight=0.5)
    with pytest.raises(ConfigError, match="anchor_weight needs a normalised embedding"):
        train_run(cfg, tmp_path / "run", seed=0, progress=False)
    assert not (tmp_path / "run" / "last.pt").exists()  # refused at the start, not when training ends


def test_the_anchor_keeps_its_pretrained_statistics_when_the_queries_batch_norm_is_adapted(grocery_layout, tmp_path):
    from wildcat.train.config import TrainConfig

    cfg = TrainConfig(
        catalog=str(grocery_layout),
        unlabeled_splits=["test"],
        backbone="tiny",
        image_size=32,
        batch_size=8,
        steps=2,
        pretrained=_pretrained_file(tmp_path),
        anchor_weight=0.4,
    )
    embedder = load_embedder(train_run(cfg, tmp_path / "run", seed=0, progress=False).checkpoint, device="cpu")
    assert embedder.meta["bn_adapted_layers"] > 0 and embedder.query_bn
    assert not any(k.startswith("anchor.") for k in embedder.query_bn)  # the photos' statistics are the trunk's
    photos = [np.full((40, 40, 3), v, np.uint8) for v in (30, 120, 220)]
    gallery, queries = embedder.embed_images(photos), embedder.for_queries().embed_images(photos)
    anchor = slice(256, None)  # the anchored half: the untouched pretrained network, the same on both sides
    np.testing.assert_allclose(gallery[:, anchor], queries[:, anchor], atol=1e-5)
    assert not np.allclose(gallery[:, :256], queries[:, :256], atol=1e-3)  # while the trained half adapts


def test_frozen_early_layers_keep_their_pretrained_weights_while_the_rest_trains(toy, tmp_path):
    source = _pretrained_file(tmp_path)
    pretrained = torch.load(source, weights_only=True)
    model = create_model("tiny", dim=8, pretrained=source).freeze_early(0.5)
    names = [n for n, _ in model.trunk.named_parameters()]  # forward order
    frozen = [n for n, p in model.trunk.named_parameters() if not p.requires_grad]
    assert frozen == names[: round(len(names) / 2)] and frozen  # the first half, from the input
    run = train_run(
        toy_config(toy, steps=12, eval_every=0, pretrained=source, frozen_depth=0.5), tmp_path / "r", seed=0
    )
    state = load_checkpoint(run.checkpoint)[1]["model"]
    for name in names:
        unchanged = torch.equal(state[f"trunk.{name}"], pretrained[name])
        assert unchanged == (name in frozen), name  # frozen layers exactly as loaded; every later one trained
