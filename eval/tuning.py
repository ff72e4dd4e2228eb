"""Self-tuning approximate search: the search-time knob that reaches a stated recall, chosen at build time.

HNSW's efSearch and IVF's nprobe trade speed for recall, and the right value depends on the gallery (its size,
how clustered it is). Hand-set defaults either waste work or miss neighbours (issue 26: efSearch 128 did about
4.8x the work recall@10 0.95 needed at 100k). So, once the index is built, sample queries are searched exactly
and through the index at each candidate value, smallest first, and the first value whose recall@10 against
exact search reaches `IndexSpec.target_recall` is kept (the largest candidate when none does).

No real query is at hand at build time, and a gallery vector is a poor stand-in: it sits on an indexed point,
so the index finds its surroundings too easily (IVF-PQ at 1M reached 0.965 with 2 cells probed that way). A
sample query is therefore a gallery vector moved in a random direction by the typical distance from a gallery
vector to its nearest other one: a new photo near a known product, as a shopper's query is. The chosen value
and the recall it reached go into the spec, which the index file's header and the evaluation report carry.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wildcat.eval.index import IndexSpec, configure, faiss_module

K = 10
SAMPLE = 500  # gallery vectors searched per candidate value
EF_SEARCH = (16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)
NPROBE = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)


def tune(index: Any, vectors: np.ndarray, spec: IndexSpec, rng: np.random.Generator) -> IndexSpec:
    """`spec` with ef_search (hnsw) or nprobe (ivfpq) set to the smallest candidate reaching spec.target_recall
    on a sample of `vectors` (the indexed rows), `index` configured with it, and the recall reached recorded."""
    if spec.kind == "flat" or spec.target_recall is None or len(vectors) <= K + 1:
        return spec
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    queries = sample_queries(x, rng)
    truth = np.concatenate([_top(q @ x.T) for q in _chunks(queries)])
    field, candidates = ("ef_search", EF_SEARCH) if spec.kind == "hnsw" else ("nprobe", _nprobes(index))
    chosen = spec
    for value in candidates:
        chosen = spec.model_copy(update={field: value})
        configure(index, chosen)
        _, ids = index.search(queries, K)
        reached = _recall(ids, truth)
        chosen = chosen.model_copy(update={"tuned_recall": reached})
        if reached >= spec.target_recall:
            break
    configure(index, chosen)
    return chosen


def _nprobes(index: Any) -> list[int]:
    nlist = faiss_module().extract_index_ivf(index).nlist
    return [p for p in NPROBE if p < nlist] + [nlist]


def sample_queries(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """SAMPLE unit vectors, each a gallery vector moved in a random direction by the median distance from a
    gallery vector to its nearest other one."""
    rows = np.sort(rng.choice(len(x), min(SAMPLE, len(x)), replace=False))
    nearest = []
    for part in _chunks(rows):
        sims = x[part] @ x.T
        sims[np.arange(len(part)), part] = -np.inf  # not itself
        nearest.append(sims.max(axis=1))
    step = float(np.sqrt(max(2.0 - 2.0 * float(np.median(np.concatenate(nearest))), 1e-12)))
    noise = rng.standard_normal((len(rows), x.shape[1])).astype(np.float32)
    moved = x[rows] + step * noise / np.linalg.norm(noise, axis=1, keepdims=True)
    return moved / np.linalg.norm(moved, axis=1, keepdims=True)


def _chunks(a: np.ndarray, size: int = 50) -> list[np.ndarray]:
    """Pieces of `a`, so a [piece, n] similarity block stays small at millions of gallery vectors."""
    return [a[i : i + size] for i in range(0, len(a), size)]


def _top(sims: np.ndarray) -> np.ndarray:
    return np.argpartition(-sims, K, axis=1)[:, :K]


def _recall(ids: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f.tolist()) & set(t.tolist())) for f, t in zip(ids, truth, strict=True))
    return hits / (K * len(truth))
