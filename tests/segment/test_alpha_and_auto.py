import numpy as np
import pytest

from wildcat.segment.alpha import AlphaBackend
from wildcat.segment.backends import auto_choice
from wildcat.segment.config import MattingTrainConfig, SegmentConfig
from wildcat.segment.cutout import cut_out
from wildcat.segment.errors import ModelNotFoundError, SegmentError
from wildcat.segment.quality import iou

from tests.segment.conftest import disc_mask, studio

CFG = SegmentConfig(fallback="none")  # auto's choice among the backends, without the offline fallback
#: wildcat's own matting model at a size the tests can train in seconds
TINY_MATTING = MattingTrainConfig(steps=3, batch=2, size=64, eval_count=2, eval_size=64, base_channels=4)


def _rgba(mask, alpha_value=255):
    rgb = studio(mask, color=(20, 160, 60), backdrop=(0, 0, 0))
    return np.dstack([rgb, np.where(mask, alpha_value, 0).astype(np.uint8)])


def test_alpha_backend_reads_the_channel():
    mask = disc_mask(64, 20)
    m = AlphaBackend()(_rgba(mask))
    assert iou(m.alpha, mask.astype(np.float32)) == 1.0 and m.foreground.shape == (64, 64, 3)
    with pytest.raises(SegmentError, match="no alpha channel"):
        AlphaBackend()(studio(mask))


def _busy(mask):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, mask.shape + (3,), dtype=np.uint8)
    img[mask] = (250, 250, 250)
    return img


@pytest.mark.parametrize(
    "make,expected",
    [
        (lambda m: _rgba(m), "alpha"),
        (lambda m: studio(m), "whitebg"),
        (lambda m: studio(m, backdrop=(212, 214, 216)), "whitebg"),  # light grey studio backdrop
        (lambda m: np.dstack([studio(m), np.full(m.shape, 255, np.uint8)]), "whitebg"),  # opaque RGBA says nothing
        (lambda m: _busy(m), "rembg"),
        (lambda m: studio(m, color=(250, 250, 250), backdrop=(30, 30, 30)), "rembg"),  # dark backdrop
    ],
)
def test_auto_chooses(make, expected):
    assert auto_choice(make(disc_mask(64, 20)), CFG)[0] == expected


def test_auto_records_its_choice_and_uses_the_model(tiny_onnx):
    mask = disc_mask(64, 20)
    cut = cut_out(studio(mask), "auto")
    assert (
        cut.backend == "whitebg" and cut.info["auto_choice"] == "whitebg" and "plain light" in cut.info["auto_reason"]
    )
    assert iou(cut.alpha, mask.astype(np.float32)) > 0.95
    rgba = cut_out(_rgba(mask), "auto")
    assert rgba.backend == "alpha" and iou(rgba.alpha, mask.astype(np.float32)) == 1.0
    # Not plain and light -> rembg, here through the tiny model given by path.
    img = studio(mask, color=(20, 20, 120), backdrop=(165, 165, 165))  # mid grey: not light
    cut = cut_out(img, "auto", model_path=tiny_onnx)
    assert cut.backend == "rembg" and cut.info["auto_choice"] == "rembg"
    assert iou(cut.alpha, mask.astype(np.float32)) > 0.9


def test_auto_without_a_model_and_without_the_fallback_says_which_file(tmp_path, monkeypatch):
    monkeypatch.setenv("U2NET_HOME", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="u2net.onnx.*wildcat segment models --fetch u2net"):
        cut_out(_busy(disc_mask(64, 20)), "auto", fallback="none")


def test_offline_auto_cuts_with_its_own_model_trained_once(tmp_path, monkeypatch):
    from wildcat.segment.own_model import cached_model, own_model

    monkeypatch.setenv("U2NET_HOME", str(tmp_path / "rembg"))  # no rembg model on disk
    monkeypatch.setenv("WILDCAT_MODELS", str(tmp_path / "models"))
    cfg = SegmentConfig(matting=TINY_MATTING)
    mask = disc_mask(64, 20)
    assert cached_model(TINY_MATTING) is None
    choice, why = auto_choice(_busy(mask), cfg)
    assert choice == "matting" and "no rembg model on disk" in why
    cut = cut_out(studio(mask, color=(20, 20, 120), backdrop=(165, 165, 165)), "auto", cfg)
    assert cut.backend == "matting" and cut.info["auto_choice"] == "matting"
    assert cut.alpha.shape == mask.shape and cut.lineage()["model"].startswith("u2net_custom:")
    model = cached_model(TINY_MATTING)
    assert model is not None and model.is_relative_to(tmp_path / "models")  # the user's model cache
    stamp = model.stat().st_mtime_ns
    assert own_model(TINY_MATTING) == model and model.stat().st_mtime_ns == stamp  # reused, not trained again
    assert cached_model(TINY_MATTING.model_copy(update={"steps": 4})) is None  # other settings, another model
