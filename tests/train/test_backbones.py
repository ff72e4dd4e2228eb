import pytest
import torch

from wildcat.core.errors import ConfigError
from wildcat.train import create_model, list_backbones
from wildcat.train.backbones import backbone_spec
from wildcat.train.pretrained import PretrainedError, _unreachable


@pytest.mark.parametrize("name", list_backbones(torchvision_only=True))
def test_every_torchvision_backbone_embeds_a_tiny_batch(name):
    torch.manual_seed(0)
    model = create_model(name, dim=16, normalize=True, num_classes=3, image_size=32)
    emb, logits = model(torch.randn(2, 3, 32, 32))  # training mode: batch-norm uses the batch
    assert emb.shape == (2, 16) and logits.shape == (2, 3)
    assert torch.isfinite(emb).all() and torch.isfinite(logits).all()
    torch.testing.assert_close(emb.norm(dim=1), torch.ones(2))


def test_tiny_backbone_and_unnormalised_embedding():
    model = create_model("tiny", dim=4, normalize=False)
    emb, logits = model(torch.randn(3, 3, 32, 32))
    assert emb.shape == (3, 4) and logits is None
    assert not torch.allclose(emb.norm(dim=1), torch.ones(3))


def test_unknown_backbone_names_the_choices():
    with pytest.raises(ConfigError, match="resnet18"):
        create_model("resnet19")


def test_pretrained_from_a_local_file(tmp_path):
    torch.manual_seed(1)
    source = backbone_spec("tiny").build()
    torch.save(source.state_dict(), tmp_path / "tiny.pth")
    model = create_model("tiny", dim=8, pretrained=str(tmp_path / "tiny.pth"))
    torch.testing.assert_close(model.trunk.features[0].weight, source.features[0].weight)


def test_pretrained_file_for_another_architecture_is_rejected(tmp_path):
    torch.save({"conv.weight": torch.zeros(3)}, tmp_path / "other.pth")
    with pytest.raises(PretrainedError, match="do not fit backbone 'tiny'"):
        create_model("tiny", pretrained=str(tmp_path / "other.pth"))
    with pytest.raises(PretrainedError, match="does not exist"):
        create_model("tiny", pretrained=str(tmp_path / "missing.pth"))


def test_imagenet_weights_come_from_the_torch_hub_cache(tmp_path, monkeypatch):
    """The real `--pretrained imagenet` path, offline: torchvision's file name in TORCH_HOME."""
    import torchvision

    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    torch.manual_seed(2)
    source = torchvision.models.mobilenet_v3_small()
    cache = tmp_path / "hub" / "checkpoints"
    cache.mkdir(parents=True)
    url = torchvision.models.get_model_weights("mobilenet_v3_small").DEFAULT.url
    torch.save(source.state_dict(), cache / url.rsplit("/", 1)[-1])
    model = create_model("mobilenet_v3_small", dim=8, pretrained="imagenet")
    torch.testing.assert_close(model.trunk.features[0][0].weight, source.features[0][0].weight)


def test_imagenet_weights_offline_without_a_file_fail_fast_and_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setattr("wildcat.train.pretrained._unreachable", lambda host, port=443: "no route to host")
    with pytest.raises(PretrainedError, match=r"no network.*--pretrained /path/to/resnet18-f37072fd\.pth"):
        create_model("resnet18", pretrained="imagenet")
    with pytest.raises(PretrainedError, match="no ImageNet weights"):
        create_model("tiny", pretrained="imagenet")


def test_network_probe_reports_an_unreachable_host():
    assert _unreachable("wildcat-weights.invalid")  # .invalid never resolves (RFC 2606)
