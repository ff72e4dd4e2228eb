"""Self-tuning approximate search (eval.tuning): the smallest search effort that reaches the stated recall."""

import numpy as np
import pytest

from wildcat.eval.index import IndexSpec, build_index
from wildcat.eval.tuning import EF_SEARCH, tune

from bench.search import clustered


@pytest.fixture(scope="module")
def gallery():
    rng = np.random.default_rng(0)
    data = clustered(6200, 32, 40, 8, rng)
    return data[:6000], data[6000:]


def _recall_at_10(index, base: np.ndarray, queries: np.ndarray) -> float:
    exact = np.argsort(-(queries @ base.T), axis=1)[:, :10]
    _, found = index.search(queries, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), exact.tolist(), strict=True)]))


@pytest.mark.parametrize(
    "spec",
    [IndexSpec(kind="hnsw", hnsw_m=8, ef_construction=32), IndexSpec(kind="ivfpq", nlist=64, pq_m=8, refine=4)],
    ids=["hnsw", "ivfpq"],
)
def test_the_tuned_setting_reaches_the_target_on_new_queries_with_less_effort_than_the_most(gallery, spec):
    base, queries = gallery
    index = build_index(base, spec, np.random.default_rng(1))
    tuned = tune(index, base, spec, np.random.default_rng(2))
    assert tuned.tuned_recall >= 0.95
    assert _recall_at_10(index, base, queries) >= 0.9  # held-out queries: close to the build-time sample
    knob = tuned.ef_search if spec.kind == "hnsw" else tuned.nprobe
    assert knob < (EF_SEARCH[-1] if spec.kind == "hnsw" else 64)  # not simply the largest effort
    # a stricter target asks for at least as much effort
    stricter = tune(index, base, spec.model_copy(update={"target_recall": 0.995}), np.random.default_rng(2))
    assert (stricter.ef_search if spec.kind == "hnsw" else stricter.nprobe) >= knob


def test_no_target_or_an_exact_index_is_left_as_given(gallery):
    base, _ = gallery
    given = IndexSpec(kind="hnsw", ef_search=77, target_recall=None)
    index = build_index(base, given, np.random.default_rng(1))
    assert tune(index, base, given, np.random.default_rng(2)) == given and index.hnsw.efSearch == 77
    flat = IndexSpec(kind="flat")
    assert tune(build_index(base, flat, np.random.default_rng(1)), base, flat, np.random.default_rng(2)) == flat
