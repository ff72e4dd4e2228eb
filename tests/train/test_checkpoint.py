import hashlib

import numpy as np
import pytest
import torch

from wildcat.train import CheckpointError, Embedder, create_model, load_embedder
from wildcat.train.checkpoint import load_checkpoint, safe_load, save_checkpoint


class Payload:
    """A pickled object whose unpickling would run code (writes a marker file)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def tiny_checkpoint(path):
    torch.manual_seed(0)
    model = create_model("tiny", dim=8, normalize=True, num_classes=3, image_size=32)
    save_checkpoint(path, {"model_desc": model.describe(), "step": 5, "classes": ["a", "b", "c"]}, model.state_dict())
    return model


def test_round_trip_gives_the_same_embeddings(tmp_path):
    model = tiny_checkpoint(tmp_path / "m.pt")
    images = [np.random.default_rng(i).integers(0, 255, (40, 50, 3), dtype=np.uint8) for i in range(5)]
    loaded = load_embedder(tmp_path / "m.pt", device="cpu")
    expected = Embedder(model, device="cpu").embed_images(images)
    got = loaded.embed_images(images)
    assert got.shape == (5, 8) and got.dtype == np.float32
    np.testing.assert_allclose(got, expected, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert loaded.checkpoint_hash == hashlib.sha256((tmp_path / "m.pt").read_bytes()).hexdigest()
    assert (loaded.dim, loaded.image_size, loaded.meta["step"]) == (8, 32, 5)
    meta, blob = load_checkpoint(tmp_path / "m.pt")
    assert meta["classes"] == ["a", "b", "c"] and set(blob["model"]) == set(model.state_dict())


def test_checkpoint_with_a_pickle_payload_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"format": "wildcat.train/1", "meta_json": "{}", "model": {}, "extra": Payload(marker)}, path)
    with pytest.raises(CheckpointError, match="refused"):
        load_embedder(path, device="cpu")
    assert not marker.exists()


def test_other_files_get_clear_errors(tmp_path):
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match="not a readable torch checkpoint"):
        safe_load(tmp_path / "junk.pt")
    torch.save({"w": torch.zeros(2)}, tmp_path / "plain.pt")
    with pytest.raises(CheckpointError, match="not a wildcat training checkpoint"):
        load_checkpoint(tmp_path / "plain.pt")
    with pytest.raises(CheckpointError, match="does not exist"):
        load_embedder(tmp_path / "missing.pt")


def test_query_statistics_that_do_not_fit_the_model_are_refused(tmp_path):
    torch.manual_seed(0)
    model = create_model("tiny", dim=8, normalize=True, num_classes=3, image_size=32)
    stats = {k: v for k, v in model.state_dict().items() if "running_mean" in k}  # variances missing
    save_checkpoint(tmp_path / "q.pt", {"model_desc": model.describe()}, model.state_dict(), query_bn=stats)
    with pytest.raises(CheckpointError, match="query-domain statistics do not fit") as info:
        load_embedder(tmp_path / "q.pt", device="cpu")
    assert "q.pt" in str(info.value)


def test_a_code_payload_is_refused_by_what_it_is_without_torchs_unsafe_advice(tmp_path):
    import os

    class System:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    torch.save({"format": "wildcat.train/1", "model": {}, "x": System()}, tmp_path / "evil.pt")
    with pytest.raises(CheckpointError) as err:
        safe_load(tmp_path / "evil.pt")
    text = str(err.value)
    assert "refused" in text and "system" in text
    assert "weights_only" not in text and "truncated" not in text
    assert not (tmp_path / "ran").exists()


class Plain:
    """An ordinary class: torch's refusal for it carries advice to allow it; wildcat's must not."""

    def __init__(self):
        self.x = 1


def test_an_ordinary_pickled_class_is_refused_without_advice_to_allow_it(tmp_path):
    torch.save({"format": "wildcat.train/1", "model": {}, "x": Plain()}, tmp_path / "plain_object.pt")
    with pytest.raises(CheckpointError) as err:
        safe_load(tmp_path / "plain_object.pt")
    text = str(err.value)
    assert "refused" in text and "Plain" in text
    assert "add_safe_globals" not in text and "weights_only" not in text and "trust" not in text.split("Fix:")[0]


@pytest.mark.parametrize("desc", [{"anchor_weight": 7.0}, {"backbone": "resnet19"}, {"dim": "wide"}])
def test_a_checkpoint_whose_description_cannot_be_built_is_a_clear_error(tmp_path, desc):
    model = create_model("tiny", dim=8)
    save_checkpoint(tmp_path / "bad.pt", {"model_desc": {**model.describe(), **desc}}, model.state_dict())
    with pytest.raises(CheckpointError, match=r"bad\.pt.*describes no model wildcat can build"):
        load_embedder(tmp_path / "bad.pt")
