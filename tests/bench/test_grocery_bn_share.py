"""The share sweep rebuilds a synthetic+unlabeled run's query side at any share from one pass of its trained half."""

import numpy as np
import torch

from wildcat.train import create_model
from wildcat.train.bn_adapt import bn_statistics
from wildcat.train.embedder import Embedder
from wildcat.train.model import attach_anchor

from bench import grocery_anchor, grocery_bn_share


def _run_embedder(weight: float = 0.4) -> Embedder:
    """A tiny anchored network whose query side has its own (random, positive-variance) statistics."""
    torch.manual_seed(5)
    model = attach_anchor(create_model("tiny", dim=8), weight).eval()
    gen = torch.Generator().manual_seed(6)
    query_bn = {
        k: (v + torch.rand(v.shape, generator=gen) if v.is_floating_point() else v)
        for k, v in bn_statistics(model).items()
    }
    return Embedder(model, "cpu", checkpoint_hash="run", query_bn=query_bn)


def _images(n: int = 5) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [rng.integers(0, 256, (40, 48, 3), dtype=np.uint8) for _ in range(n)]


def test_share_one_and_share_zero_are_the_query_side_and_the_training_side():
    emb, images = _run_embedder(), _images()
    query_side = emb.for_queries().embed_images(images)
    pretrained = grocery_anchor.parts(query_side, emb, None)[1]
    w = emb.model.anchor_weight
    at_one = grocery_bn_share.share_side(emb, 1.0).embed_images(images)
    at_zero = grocery_bn_share.share_side(emb, 0.0).embed_images(images)
    assert at_one.shape == (5, 8)  # the trained half alone
    np.testing.assert_allclose(grocery_anchor.anchored(at_one, pretrained, w), query_side, atol=1e-5)
    # the anchor keeps its own statistics on the query side, so share 0 is the catalog side exactly
    np.testing.assert_allclose(grocery_anchor.anchored(at_zero, pretrained, w), emb.embed_images(images), atol=1e-5)
    assert not np.allclose(at_one, at_zero, atol=1e-3)  # the statistics differ, so the halves do


def test_a_share_side_leaves_the_run_anchored():
    emb = _run_embedder()
    grocery_bn_share.share_side(emb, 0.5)
    assert emb.model.anchor is not None and emb.model.out_dim == emb.model.dim + emb.model.anchor_dim
