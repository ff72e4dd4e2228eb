"""Exact ranking and faiss-index ranking agree; filters restrict both the same way."""

import numpy as np
import pytest

from wildcat.eval.embedder import Embedded
from wildcat.eval.search import rank

from tests.eval.helpers import row


def _embedded(n_products: int = 40, images: int = 2, queries: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_products, 16))
    g_rows, g_vecs = [], []
    for p in range(n_products):
        for i in range(images):
            g_vecs.append(centres[p] + 0.3 * rng.standard_normal(16))
            g_rows.append(row(f"g{p}/{i}", f"p{p}", category=f"c{p % 4}", domain="catalog"))
    q_ids = rng.integers(0, n_products, queries)
    q_vecs = centres[q_ids] + 0.9 * rng.standard_normal((queries, 16))
    q_rows = [row(f"q{i}", f"p{p}", category=f"c{p % 4}") for i, p in enumerate(q_ids)]
    norm = lambda x: (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    return Embedded(norm(np.array(g_vecs)), g_rows), Embedded(norm(q_vecs), q_rows)


@pytest.mark.parametrize("filter_by", [None, "category"])
def test_flat_index_ranking_equals_exact_ranking(filter_by):
    gal, qry = _embedded()
    exact = rank(gal, qry, "exact", filter_by, topk=5, depth=1000, rng=np.random.default_rng(0))
    faiss_flat = rank(gal, qry, "flat", filter_by, topk=5, depth=1000, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(exact.ranks, faiss_flat.ranks)
    np.testing.assert_array_equal(exact.topk, faiss_flat.topk)
    assert 0 < np.mean(exact.ranks == 0) < 1  # a task with both hits and misses
    assert np.all(np.isnan(faiss_flat.ap))  # AP needs the full image ranking


def test_category_filter_only_improves_ranks_and_lists_allowed_products():
    gal, qry = _embedded()
    plain = rank(gal, qry, "exact", None, topk=5, depth=1000, rng=np.random.default_rng(0))
    filtered = rank(gal, qry, "exact", "category", topk=5, depth=1000, rng=np.random.default_rng(0))
    assert np.all(filtered.ranks <= plain.ranks) and np.any(filtered.ranks < plain.ranks)
    for q, top in zip(qry.samples, filtered.topk, strict=False):
        assert all(int(filtered.products[j][1:]) % 4 == int(q.category[1:]) for j in top if j >= 0)


def test_hnsw_search_depth_bounds_the_ranks():
    gal, qry = _embedded()
    shallow = rank(gal, qry, "hnsw", None, topk=3, depth=3, rng=np.random.default_rng(0))
    exact = rank(gal, qry, "exact", None, topk=3, depth=3, rng=np.random.default_rng(0))
    found = exact.ranks < 3
    np.testing.assert_array_equal(shallow.ranks[found], exact.ranks[found])
    assert np.all(shallow.ranks[~found] == 40)  # not returned: a miss at every k
