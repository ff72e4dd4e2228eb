from copy import deepcopy

import numpy as np
import pytest
import torch

from wildcat.train import adapt_bn, create_model
from wildcat.train.bn_adapt import BN_BUFFERS, bn_statistics, with_bn_statistics
from wildcat.train.images import to_input


def test_adapt_bn_sets_running_stats_to_the_images_statistics():
    torch.manual_seed(0)
    model = create_model("tiny", dim=8, image_size=32)
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 120, (32, 32, 3), dtype=np.uint8) for _ in range(10)]  # dark images
    model.eval()
    n = adapt_bn(model, images, batch_size=16)
    assert n == 3 and not model.training
    conv, bn = model.trunk.features[0], model.trunk.features[1]
    with torch.no_grad():
        y = conv(to_input(torch.from_numpy(np.stack(images)), model.mean, model.std, channels_last=False))
    torch.testing.assert_close(bn.running_mean, y.mean(dim=(0, 2, 3)), rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(bn.running_var, y.var(dim=(0, 2, 3), unbiased=True), rtol=1e-4, atol=1e-5)
    assert bn.momentum == 0.1  # restored


def test_adapt_bn_changes_embeddings_but_no_weights():
    torch.manual_seed(1)
    model = create_model("tiny", dim=8, image_size=32)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    adapt_bn(model, [np.full((32, 32, 3), v, np.uint8) for v in range(0, 250, 25)])
    after = model.state_dict()
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed and all("running" in k or "num_batches" in k for k in changed)


def test_bn_statistics_round_trip_into_a_copy():
    torch.manual_seed(2)
    model = create_model("tiny", dim=8, image_size=32)
    original = bn_statistics(model)
    adapted = deepcopy(model)
    adapt_bn(adapted, [np.full((32, 32, 3), v, np.uint8) for v in range(0, 250, 25)])
    view = with_bn_statistics(model, bn_statistics(adapted))
    for k, v in bn_statistics(view).items():
        torch.testing.assert_close(v, bn_statistics(adapted)[k])
    assert all(torch.equal(v, bn_statistics(model)[k]) for k, v in original.items())  # the source model is untouched
    assert len(original) == 3 * len(BN_BUFFERS)  # three BN layers in the tiny backbone
    with pytest.raises(ValueError, match="do not match"):
        with_bn_statistics(model, {k: v for k, v in original.items() if "running_mean" not in k})


def test_mixed_statistics_lie_the_share_of_the_way_to_the_target():
    from wildcat.train.bn_adapt import mix_bn_statistics

    source = {
        "bn.running_mean": torch.zeros(3),
        "bn.running_var": torch.ones(3),
        "bn.num_batches_tracked": torch.tensor(5),
    }
    target = {
        "bn.running_mean": torch.full((3,), 4.0),
        "bn.running_var": torch.full((3,), 3.0),
        "bn.num_batches_tracked": torch.tensor(9),
    }
    mixed = mix_bn_statistics(source, target, 0.25)
    torch.testing.assert_close(mixed["bn.running_mean"], torch.full((3,), 1.0))
    torch.testing.assert_close(mixed["bn.running_var"], torch.full((3,), 1.5))
    assert int(mixed["bn.num_batches_tracked"]) == 9
    with pytest.raises(ValueError, match="share"):
        mix_bn_statistics(source, target, 1.5)
