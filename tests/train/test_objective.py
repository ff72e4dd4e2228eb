import numpy as np
import pytest
import torch

from wildcat.core.errors import ConfigError
from wildcat.train import TrainConfig, create_model
from wildcat.train.architectures import resolve
from wildcat.train.losses import LOSSES, MINERS, create_loss, create_miner
from wildcat.train.objective import Objective


@pytest.mark.parametrize(
    "arch,pairs,head,norm",
    [("A", False, True, False), ("B", True, False, False), ("C", True, True, False), ("D", True, True, True)],
)
def test_architectures_resolve_as_in_bell_and_bala(arch, pairs, head, norm):
    r = resolve(TrainConfig(arch=arch))
    assert (r.metric_loss == "pairs", r.category_head, r.normalize) == (pairs, head, norm)


def test_loss_option_replaces_the_pairs_and_adds_to_a():
    assert resolve(TrainConfig(arch="D", loss="arcface")).metric_loss == "arcface"
    a = resolve(TrainConfig(arch="A", loss="triplet"))
    assert a.metric_loss == "triplet" and a.category_head
    assert resolve(TrainConfig(arch="A", category_head=False)).metric_loss == "pairs"


def test_miner_without_loss_is_a_config_error():
    with pytest.raises(ValueError, match="miner needs --loss"):
        TrainConfig(miner="batch_hard")


def batch():
    torch.manual_seed(0)
    x = torch.randn(8, 3, 32, 32)
    product = torch.tensor([0, 0, 1, 1, 2, 2, 3, 3])
    pairs = (torch.tensor([1, 3]), torch.tensor([0, 2]), torch.tensor([1, 3]), torch.tensor([2, 0]))
    return x, product, pairs


@pytest.mark.parametrize("loss", [n for n in LOSSES if n != "pairs"])
def test_every_loss_gives_a_finite_loss_and_gradients(loss):
    cfg = TrainConfig(arch="D", loss=loss)
    model = create_model("tiny", dim=8, normalize=True, num_classes=4)
    obj = Objective(model, resolve(cfg), 4, np.arange(4), cfg.margin_sq, 1.0)
    x, product, pairs = batch()
    total, parts = obj(x, product, pairs)
    total.backward()
    assert torch.isfinite(total) and set(parts) == {"metric", "class"}
    assert model.embed.weight.grad.abs().sum() > 0


@pytest.mark.parametrize("miner", MINERS)
def test_every_miner_runs(miner):
    cfg = TrainConfig(arch="D", loss="contrastive", miner=miner)
    obj = Objective(create_model("tiny", dim=8), resolve(cfg), 4, np.arange(4), cfg.margin_sq, 1.0)
    total, _ = obj(*batch())
    assert torch.isfinite(total)


def test_pair_loss_matches_bell_and_bala_contrastive_by_hand():
    """Positives: ||a - p||^2; negatives: max(0, m^2 - ||a - n||^2); averaged over non-zero terms."""
    cfg = TrainConfig(arch="B", margin_sq=0.2)
    model = create_model("tiny", dim=4, normalize=False)
    obj = Objective(model, resolve(cfg), 4, np.arange(4), cfg.margin_sq, 1.0)
    x, product, pairs = batch()
    total, _ = obj(x, product, pairs)
    emb = model(x)[0].detach()

    def d2(i, j):
        return ((emb[i] - emb[j]) ** 2).sum()

    pos = torch.stack([d2(a, p) for a, p in zip(pairs[0], pairs[1], strict=False)])
    neg = torch.stack([torch.relu(0.2 - d2(a, n)) for a, n in zip(pairs[2], pairs[3], strict=False)])
    expected = pos[pos > 0].mean() + (neg[neg > 0].mean() if (neg > 0).any() else 0.0)
    torch.testing.assert_close(total.detach(), expected, rtol=1e-4, atol=1e-5)


def test_unknown_loss_or_miner_names_the_choices():
    with pytest.raises(ValueError, match="unknown loss 'focal'; use one of contrastive"):
        TrainConfig(loss="focal")
    with pytest.raises(ValueError, match="unknown miner 'easy'; use one of multi_similarity"):
        TrainConfig(loss="triplet", miner="easy")
    with pytest.raises(ConfigError, match="arcface"):
        create_loss("focal", 4, 8, True, 0.2)
    with pytest.raises(ConfigError, match="batch_hard"):
        create_miner("easy")
