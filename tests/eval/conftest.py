"""Fixtures for eval tests: the miniature Grocery Store layout as manifest rows."""

from __future__ import annotations

import pytest

from wildcat.core.catalog import catalog_samples, load_catalog, wild_samples
from wildcat.eval.baselines import ColorHistogramEmbedder


@pytest.fixture
def grocery_rows(grocery_layout):
    """(gallery rows, query rows of train+val+test) of the miniature Grocery Store layout."""
    cat = load_catalog(grocery_layout)
    return catalog_samples(cat), wild_samples(cat, ["train", "val", "test"])


@pytest.fixture
def colorhist():
    return ColorHistogramEmbedder()
