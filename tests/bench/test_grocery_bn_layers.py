"""bench/grocery_bn_layers.py: statistics mixtures per ResNet stage, and the mean input colour
the stem's running mean stands for."""

import numpy as np
import pytest
import torch

from wildcat.train.bn_adapt import adapt_bn, bn_statistics
from wildcat.train.embedder import Embedder
from wildcat.train.model import create_model

from bench import grocery_bn_layers as layers


def test_mixtures_take_the_query_set_for_one_stage_only():
    own = {
        "trunk.bn1.running_mean": 0,
        "trunk.bn1.running_var": 0,
        "trunk.layer1.0.bn1.running_mean": 0,
        "trunk.layer4.1.bn2.running_var": 0,
    }
    query = {k: 1 for k in own}
    mixed = layers.mixtures(own, query)
    assert mixed["query statistics for stem only"] == {**own, "trunk.bn1.running_mean": 1, "trunk.bn1.running_var": 1}
    assert mixed["query statistics except layer4"] == {**query, "trunk.layer4.1.bn2.running_var": 0}
    assert mixed["stem: query mean only"] == {**own, "trunk.bn1.running_mean": 1}
    assert sum(mixed["training statistics"].values()) == 0 and sum(mixed["query statistics"].values()) == 4


@pytest.fixture(scope="module")
def resnet():
    torch.manual_seed(0)
    return Embedder(create_model("resnet18", 16, True, 0, None, 128), "cpu")


def test_the_stem_mean_gives_back_the_mean_input_colour(resnet):
    # a flat colour through the stem: its running mean is the first convolution of that colour
    colour = np.array([200, 120, 40], np.uint8)
    images = [np.broadcast_to(colour, (128, 128, 3)).copy() for _ in range(4)]
    model = resnet.model
    adapt_bn(model, images, batch_size=2)
    found = layers.mean_input_colour(resnet, bn_statistics(model))
    # the convolution's zero padding darkens the border rows, a few percent of the positions
    assert np.abs(found - colour).max() < 5 and found[0] > found[1] > found[2]
    exact = torch.as_tensor(
        (colour / 255 - np.array(model.mean)) / np.array(model.std), dtype=torch.float32
    )  # normalised input
    stats = {"trunk.bn1.running_mean": model.trunk.conv1.weight.detach().sum((2, 3)) @ exact}
    assert np.allclose(layers.mean_input_colour(resnet, stats), colour, atol=1e-3)  # no padding: exact
