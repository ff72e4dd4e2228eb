import numpy as np
import pytest

from wildcat.core.errors import ConfigError
from wildcat.eval.index import IndexSpec, build_index


def clustered(n: int, d: int, rng: np.random.Generator, centres: int = 20) -> np.ndarray:
    c = rng.standard_normal((centres, d))
    x = c[rng.integers(0, centres, n)] + 0.3 * rng.standard_normal((n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize(
    "spec",
    [IndexSpec(kind="flat"), IndexSpec(kind="hnsw"), IndexSpec(kind="ivfpq", nlist=16, pq_m=8, nprobe=16, refine=8)],
)
def test_every_kind_finds_the_exact_neighbours(spec):
    rng = np.random.default_rng(0)
    x = clustered(3000, 32, rng)
    q = clustered(50, 32, rng)
    index = build_index(x, spec, np.random.default_rng(1))
    _, ids = index.search(q, 10)
    exact = np.argsort(-(q @ x.T), axis=1)[:, :10]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact, strict=False)])
    assert recall >= 0.9, f"{spec.kind} recall@10 {recall:.2f}"


def test_ivfpq_without_refine_is_approximate_but_useful():
    rng = np.random.default_rng(0)
    x = clustered(3000, 32, rng)
    index = build_index(x, IndexSpec(kind="ivfpq", nlist=16, pq_m=8, nprobe=16, refine=0), np.random.default_rng(1))
    _, ids = index.search(x[:50], 1)
    assert np.mean(ids[:, 0] == np.arange(50)) > 0.5  # each vector mostly finds itself


def test_ivfpq_refuses_a_catalog_too_small_to_train():
    x = clustered(100, 16, np.random.default_rng(0))
    with pytest.raises(ConfigError, match="at least"):
        build_index(x, IndexSpec(kind="ivfpq"), np.random.default_rng(0))
