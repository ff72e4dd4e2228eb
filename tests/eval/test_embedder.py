import os

import numpy as np
from PIL import Image

from wildcat.core.manifest import Sample
from wildcat.eval.baselines import ColorHistogramEmbedder
from wildcat.eval.cache import EmbeddingCache
from wildcat.eval.embedder import Embedder, embed_samples
from wildcat.eval.images import crop_to_box, load_eval_image

from tests.conftest import product_image
from tests.eval.helpers import CountingEmbedder


def _rows(tmp_path, colours):
    rows = []
    for i, colour in enumerate(colours):
        path = tmp_path / f"img{i}.png"
        product_image(colour, size=48).save(path)
        rows.append(
            Sample(sample_id=f"s{i}", path=str(path), product_id=f"p{i}", domain="catalog", generator="catalog")
        )
    return rows


def test_colour_histogram_embedder_is_an_embedder():
    assert isinstance(ColorHistogramEmbedder(), Embedder)


def test_cache_skips_known_images_and_re_embeds_changed_ones(tmp_path):
    rows = _rows(tmp_path, [(200, 30, 30), (30, 30, 200), (30, 200, 30)])
    emb = CountingEmbedder(ColorHistogramEmbedder())
    first = embed_samples(
        emb, rows, batch_size=2, cache=EmbeddingCache(tmp_path / "cache", emb.checkpoint_hash), progress=False
    )
    assert emb.calls == 3
    again = embed_samples(emb, rows, cache=EmbeddingCache(tmp_path / "cache", emb.checkpoint_hash), progress=False)
    assert emb.calls == 3  # all three from disk, in a fresh cache object
    np.testing.assert_array_equal(first.vectors, again.vectors)
    # Edit one image: its key (mtime, size) changes and it is embedded again.
    product_image((250, 250, 0), size=48).save(rows[1].path)
    os.utime(rows[1].path, ns=(1, 1))
    changed = embed_samples(emb, rows, cache=EmbeddingCache(tmp_path / "cache", emb.checkpoint_hash), progress=False)
    assert emb.calls == 4
    assert not np.allclose(changed.vectors[1], first.vectors[1])
    # Another checkpoint has its own cache.
    other = CountingEmbedder(ColorHistogramEmbedder(bins=(2, 4, 4)))
    embed_samples(other, rows, cache=EmbeddingCache(tmp_path / "cache", other.checkpoint_hash), progress=False)
    assert other.calls == 3


def test_unreadable_images_are_skipped_and_recorded(tmp_path):
    rows = _rows(tmp_path, [(200, 30, 30), (30, 30, 200)])
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg")
    rows.append(
        Sample(sample_id="bad", path=str(tmp_path / "broken.jpg"), product_id="p9", domain="wild", generator="wild")
    )
    rows.append(
        Sample(sample_id="gone", path=str(tmp_path / "missing.jpg"), product_id="p9", domain="wild", generator="wild")
    )
    out = embed_samples(ColorHistogramEmbedder(), rows, cache=EmbeddingCache(tmp_path / "c", "x"), progress=False)
    assert [s.sample_id for s in out.samples] == ["s0", "s1"] and out.vectors.shape == (2, 256)
    assert {r.item for r in out.rejects} == {str(tmp_path / "broken.jpg"), str(tmp_path / "missing.jpg")}
    assert all(r.reason for r in out.rejects)


def test_crop_to_box_pads_and_clips():
    image = np.arange(100 * 80 * 3, dtype=np.uint8).reshape(100, 80, 3)
    assert crop_to_box(image, (10, 20, 30, 50), 16).shape == (30 + 32, 20 + 26, 3)  # left edge clipped at 0
    np.testing.assert_array_equal(crop_to_box(image, (10, 20, 30, 50), 0), image[20:50, 10:30])
    assert crop_to_box(image, (200, 200, 300, 300), 16).shape == image.shape  # box off the image: keep it all


def test_query_crop_uses_the_lineage_box_only_when_asked(tmp_path):
    arr = np.full((64, 64, 3), 255, np.uint8)
    arr[16:32, 24:40] = (0, 0, 255)
    Image.fromarray(arr).save(tmp_path / "q.png")
    q = Sample(
        sample_id="q",
        path=str(tmp_path / "q.png"),
        product_id="p",
        domain="wild",
        generator="wild",
        lineage={"box": [24, 16, 40, 32]},
    )
    assert load_eval_image(q).shape == (64, 64, 3)
    assert load_eval_image(q, padding=0).shape == (16, 16, 3)
    assert load_eval_image(q, padding=4).shape == (24, 24, 3)


def test_colour_histogram_is_deterministic_normalised_and_colour_sensitive():
    emb = ColorHistogramEmbedder()
    red, red2, blue = (
        np.asarray(product_image(c, size=s)) for c, s in (((200, 30, 30), 96), ((205, 35, 25), 64), ((30, 30, 200), 96))
    )
    v = emb.embed_images([red, red2, blue])
    np.testing.assert_array_equal(v, emb.embed_images([red, red2, blue]))
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-6)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
