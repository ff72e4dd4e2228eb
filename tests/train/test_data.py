from copy import deepcopy

import numpy as np
import pytest
import torch

from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.train import TrainConfig, adapt_bn, load_embedder, read_metrics, train_run
from wildcat.train.bn_adapt import bn_statistics
from wildcat.train.data import gather_sources
from wildcat.train.embedder import Embedder
from wildcat.train.images import load_square


def test_sources_from_manifest_and_catalog(toy):
    s = gather_sources(TrainConfig(data=[str(toy.dataset)], catalog=str(toy.catalog), val_splits=["val"]))
    domains = [row.domain for _, row in s.train]
    assert domains.count("catalog") == 6 and domains.count("synthetic") == 6 * 8
    assert len(s.val_gallery) == 6 and len(s.val_queries) == 6 * 4
    assert all(row.split == "val" for _, row in s.val_queries)
    assert all(p.is_file() for p, _ in s.train)


def test_wild_splits_need_a_catalog_and_known_splits(grocery_layout, toy):
    with pytest.raises(ConfigError, match="--catalog"):
        gather_sources(TrainConfig(data=[str(toy.dataset)], wild_splits=["train"]))
    with pytest.raises(ConfigError, match="use one of: test, train, val"):
        gather_sources(TrainConfig(catalog=str(grocery_layout), wild_splits=["extra"]))
    with pytest.raises(ConfigError, match="no manifest"):
        gather_sources(TrainConfig(data=[str(grocery_layout)]))


def test_oracle_and_unlabeled_protocols_on_a_grocery_layout(grocery_layout, tmp_path):
    """Wild train photos as labelled queries, test photos for BN adaptation, val for recall;
    an unreadable training photo is skipped and recorded, not fatal."""
    bad = next((grocery_layout / "train").rglob("*.jpg"))
    bad.write_bytes(b"truncated")
    cfg = TrainConfig(
        catalog=str(grocery_layout),
        wild_splits=["train"],
        unlabeled_splits=["test"],
        val_splits=["val"],
        backbone="tiny",
        image_size=32,
        batch_size=8,
        steps=3,
        log_every=1,
    )
    result = train_run(cfg, tmp_path / "run", seed=0, progress=False)
    data = load_run_meta(result.run_dir)["data"]
    assert (data["catalog"], data["query"]) == (3, 5)
    assert [s["path"] for s in data["skipped_images"]] == [str(bad)]
    evals = [r for r in read_metrics(result.run_dir) if "eval" in r]
    assert [r.get("bn_adapted", True) for r in evals] == [False, True] and evals[-1]["eval"]["queries"] == 3
    embedder = load_embedder(result.checkpoint, device="cpu")
    assert embedder.meta["bn_adapted_layers"] == 3 and embedder.meta["classes"] == sorted(embedder.meta["products"])
    # Domain-specific statistics: the catalog side keeps the training ones, queries get the test photos' own.
    photos = [load_square(p, 32) for p in sorted((grocery_layout / "test").rglob("*.jpg"))]
    expected = deepcopy(embedder.model)
    adapt_bn(expected, [photos[i] for i in np.random.default_rng(0).permutation(len(photos))], batch_size=8)
    queries = embedder.for_queries()
    assert queries is not embedder and queries.checkpoint_hash == embedder.checkpoint_hash + ":query-bn"
    np.testing.assert_allclose(queries.embed_images(photos), Embedder(expected, "cpu").embed_images(photos), atol=1e-5)
    assert not np.allclose(embedder.embed_images(photos), queries.embed_images(photos), atol=1e-3)


def test_shared_bn_statistics_leave_no_query_side(grocery_layout, tmp_path):
    cfg = TrainConfig(
        catalog=str(grocery_layout),
        unlabeled_splits=["test"],
        query_bn="shared",
        backbone="tiny",
        image_size=32,
        batch_size=8,
        steps=2,
    )
    embedder = load_embedder(train_run(cfg, tmp_path / "run", seed=0, progress=False).checkpoint, device="cpu")
    assert embedder.meta["bn_adapted_layers"] == 3 and embedder.meta["query_bn"] == "shared"
    assert embedder.for_queries() is embedder


def test_a_share_of_the_photos_statistics_mixes_them_with_the_training_ones(grocery_layout, tmp_path):
    """query_bn_share 0.25: the query side's statistics lie a quarter of the way from the training ones to the
    photos' own (a finished run takes the setting on without training again)."""
    base = dict(catalog=str(grocery_layout), unlabeled_splits=["test"], backbone="tiny", image_size=32, batch_size=8)
    full = train_run(TrainConfig(**base, steps=2), tmp_path / "run", seed=0, progress=False)
    photos_stats = load_embedder(full.checkpoint, device="cpu").query_bn
    cfg = TrainConfig(**base, steps=2, query_bn_share=0.25)
    mixed = train_run(cfg, tmp_path / "run", seed=0, progress=False, resume=True)
    embedder = load_embedder(mixed.checkpoint, device="cpu")
    trained = bn_statistics(embedder.model)
    for key, value in embedder.query_bn.items():
        if not key.endswith("num_batches_tracked"):
            torch.testing.assert_close(value, 0.75 * trained[key] + 0.25 * photos_stats[key])
    assert any(not torch.equal(embedder.query_bn[k], photos_stats[k]) for k in photos_stats if "running_var" in k)
