"""Training data from manifests and a catalog, indexed for the batch sampler.

Catalog images (domain "catalog") are the gallery side; synthetic and wild
samples are the query side. `TrainSet` holds only arrays and lists, so it is
cheap to send to DataLoader workers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wildcat.core.catalog import Catalog, catalog_samples, load_catalog, wild_samples
from wildcat.core.errors import ConfigError
from wildcat.core.manifest import Sample
from wildcat.train.config import TrainConfig
from wildcat.train.rows import Row, manifest_rows
from wildcat.train.shards import shard_rows


@dataclass
class TrainSet:
    paths: list[Path]
    product: np.ndarray  # [N] index into `products`
    is_catalog: np.ndarray  # [N] bool: gallery-side image
    products: list[str]
    categories: list[str]
    product_category: np.ndarray  # [P] index into `categories`
    catalog_of: list[np.ndarray] = field(default_factory=list)  # per product: its catalog sample indices
    query_of: list[np.ndarray] = field(default_factory=list)  # per product: its synthetic/wild sample indices

    def __len__(self) -> int:
        return len(self.paths)

    def class_targets(self, class_labels: str) -> tuple[list[str], np.ndarray]:
        """(class names, class index per product) for the classification head."""
        if class_labels == "product":
            return list(self.products), np.arange(len(self.products))
        return list(self.categories), self.product_category.copy()

    def domain_counts(self) -> dict[str, int]:
        return {"catalog": int(self.is_catalog.sum()), "query": int((~self.is_catalog).sum())}


def build_trainset(rows: list[Row]) -> TrainSet:
    if not rows:
        raise ConfigError(None, "no training images", "pass --data with dataset folders and/or --catalog")
    products = sorted({s.product_id for _, s in rows})
    pindex = {p: i for i, p in enumerate(products)}
    category = _product_categories(rows)
    categories = sorted(set(category.values()))
    cindex = {c: i for i, c in enumerate(categories)}
    product = np.array([pindex[s.product_id] for _, s in rows], dtype=np.int64)
    is_catalog = np.array([s.domain == "catalog" for _, s in rows], dtype=bool)
    ts = TrainSet(
        paths=[p for p, _ in rows],
        product=product,
        is_catalog=is_catalog,
        products=products,
        categories=categories,
        product_category=np.array([cindex[category[p]] for p in products], dtype=np.int64),
    )
    order = np.arange(len(rows))
    ts.catalog_of = [order[(product == i) & is_catalog] for i in range(len(products))]
    ts.query_of = [order[(product == i) & ~is_catalog] for i in range(len(products))]
    return ts


def _product_categories(rows: list[Row]) -> dict[str, str]:
    """A product's subcategory: its catalog rows' category, else its most common one."""
    votes: dict[str, Counter] = {}
    for _, s in rows:
        weight = 1000 if s.domain == "catalog" else 1  # the catalog is the authority
        votes.setdefault(s.product_id, Counter())[s.category or ""] += weight
    return {p: c.most_common(1)[0][0] for p, c in votes.items()}


@dataclass
class Sources:
    """Where a run's images come from, resolved from the config."""

    train: list[Row]
    val_gallery: list[Row]
    val_queries: list[Row]
    unlabeled: list[Path]


def gather_sources(cfg: TrainConfig) -> Sources:
    """Training rows (catalog gallery + manifests + labelled wild photos), validation
    gallery and queries, and unlabelled photos for batch-norm adaptation."""
    catalog = _load_catalog(cfg)
    gallery = _rows(catalog_samples(catalog)) if catalog else []
    wild = _wild_rows(catalog, cfg.wild_splits, "wild_splits")
    shard_train, shard_val = shard_rows(
        cfg.shards, cfg.train_splits, cfg.val_splits, with_catalog_images=catalog is None
    )
    train = dedupe(gallery + wild + manifest_rows(cfg.data, cfg.train_splits) + shard_train)
    val_queries = (
        _wild_rows(catalog, cfg.val_splits, "val_splits", strict=False)
        + manifest_rows(cfg.data, cfg.val_splits, query_only=True)
        + shard_val
    )
    if cfg.val_splits and not val_queries:
        raise ConfigError(
            cfg.catalog,
            f"val_splits: no wild photos or manifest rows of split(s) {', '.join(cfg.val_splits)}",
            "check the split names",
        )
    unlabeled = [p for p, _ in _wild_rows(catalog, cfg.unlabeled_splits, "unlabeled_splits")]
    return Sources(train=train, val_gallery=gallery, val_queries=val_queries, unlabeled=unlabeled)


def _load_catalog(cfg: TrainConfig) -> Catalog | None:
    if not cfg.catalog:
        needs = [n for n in ("wild_splits", "val_splits", "unlabeled_splits") if getattr(cfg, n)]
        if needs:
            raise ConfigError(
                None,
                f"{', '.join(needs)} take the catalog's wild photos, but no catalog was given",
                "pass --catalog PATH",
            )
        return None
    return load_catalog(cfg.catalog)


def _wild_rows(catalog: Catalog | None, splits: list[str], field_name: str, strict: bool = True) -> list[Row]:
    if not splits:
        return []
    missing = [s for s in splits if s not in catalog.splits]
    if missing and strict:
        have = ", ".join(catalog.splits) or "none"
        raise ConfigError(
            catalog.root,
            f"{field_name}: the catalog has no wild photos of split(s) {', '.join(missing)}",
            f"use one of: {have}",
        )
    return _rows(wild_samples(catalog, splits))


def _rows(samples: list[Sample]) -> list[Row]:
    return [(Path(s.path), s) for s in samples]


def dedupe(rows: list[Row]) -> list[Row]:
    """Drop repeats of the same image file in the same role (datasets may re-list catalog images)."""
    seen: set[tuple[str, str, bool]] = set()
    out = []
    for path, s in rows:
        key = (str(path), s.product_id, s.domain == "catalog")
        if key not in seen:
            seen.add(key)
            out.append((path, s))
    return out
