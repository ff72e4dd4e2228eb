import numpy as np
import pytest
import torch
from PIL import Image

from wildcat.core.errors import ImageLoadError
from wildcat.train import Embedder, RecallHook, create_model
from wildcat.train.evaluate import l2_as_inner_product


def embedder(normalize=True) -> Embedder:
    torch.manual_seed(0)
    return Embedder(create_model("tiny", dim=8, normalize=normalize, image_size=32), device="cpu")


def images(n=5):
    return [np.random.default_rng(i).integers(0, 255, (30 + 7 * i, 40, 3), dtype=np.uint8) for i in range(n)]


def test_paths_and_arrays_embed_alike_in_any_batch_size(tmp_path):
    e = embedder()
    arrays = images()
    paths = []
    for i, a in enumerate(arrays):
        paths.append(tmp_path / f"{i}.png")
        Image.fromarray(a).save(paths[-1])
    from_arrays = e.embed_images(arrays, batch_size=2)
    np.testing.assert_allclose(e.embed_images(arrays, batch_size=64), from_arrays, atol=1e-5)
    np.testing.assert_allclose(e.embed_paths(paths, batch_size=3), from_arrays, atol=1e-5)
    assert from_arrays.shape == (5, 8) and from_arrays.dtype == np.float32
    assert (e.dim, e.image_size, e.metric) == (8, 32, "cosine")


def test_grey_and_rgba_inputs_are_accepted():
    e = embedder()
    grey = np.full((20, 20), 128, dtype=np.uint8)
    rgba = np.dstack([np.zeros((20, 20, 3), np.uint8), np.zeros((20, 20), np.uint8)])  # fully transparent = white
    out = e.embed_images([grey, rgba, np.full((20, 20, 3), 255, np.uint8)])
    np.testing.assert_allclose(out[1], out[2], atol=1e-6)
    assert np.isfinite(out).all()


def test_unreadable_path_names_the_file(tmp_path):
    (tmp_path / "bad.jpg").write_bytes(b"nope")
    with pytest.raises(ImageLoadError, match="bad.jpg"):
        embedder().embed_paths([tmp_path / "bad.jpg"])


def test_embedding_leaves_a_training_model_in_training_mode():
    e = embedder()
    e.model.train()
    e.embed_images(images(2))
    assert e.model.training


def test_l2_trick_ranks_like_euclidean_distance():
    rng = np.random.default_rng(0)
    q, g = rng.normal(size=(6, 4)).astype(np.float32), 3 * rng.normal(size=(9, 4)).astype(np.float32)
    q2, g2 = l2_as_inner_product(q, g)
    by_distance = np.argsort(((q[:, None] - g[None]) ** 2).sum(-1), axis=1)
    by_product = np.argsort(-(q2 @ g2.T), axis=1)
    assert (by_distance == by_product).all()


def test_recall_hook_on_a_known_answer(tmp_path):
    """Flat-colour images: an embedder of any weights maps equal images to equal vectors."""
    paths = {}
    for name, colour in {"red": (250, 0, 0), "blue": (0, 0, 250), "green": (0, 250, 0)}.items():
        paths[name] = tmp_path / f"{name}.png"
        Image.fromarray(np.full((16, 16, 3), colour, np.uint8)).save(paths[name])
    gallery = [(paths[n], n) for n in ("red", "blue", "green")]
    hook = RecallHook(
        gallery, [(paths["red"], "red"), (paths["blue"], "blue"), (tmp_path / "gone.png", "red")], ks=(1, 3)
    )
    for normalize in (True, False):
        result = hook(embedder(normalize))
        assert result["recall@1"] == 1.0 and result["recall@3"] == 1.0 and result["queries"] == 2
    assert hook.skipped == 1
