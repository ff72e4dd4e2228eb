"""Self-tuning approximate search: the search-time knob that reaches a stated recall, chosen at build time.

HNSW's efSearch and IVF's nprobe trade speed for recall, and the right value depends on the gallery (its size,
how clustered it is). Hand-set defaults either waste work or miss neighbours (issue 26: efSearch 128 did about
4.8x the work recall@10 0.95 needed at 100k). So, once the index is built, a sample of the gallery's own
vectors is searched exactly and through the index at each candidate value, smallest first, and the first value
whose recall@10 against exact search reaches `IndexSpec.target_recall` is kept (the largest candidate when none
does). Each sampled vector finds itself in both searches; that hit is dropped from both lists, so recall is
measured on its true neighbours. The chosen value and the recall it reached go into the spec, which the index
file's header and the evaluation report carry.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wildcat.eval.index import IndexSpec, configure

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
    rows = np.sort(rng.choice(len(x), min(SAMPLE, len(x)), replace=False))
    truth = _neighbours(x[rows] @ x.T, rows)
    field, candidates = ("ef_search", EF_SEARCH) if spec.kind == "hnsw" else ("nprobe", _nprobes(index))
    chosen = spec
    for value in candidates:
        chosen = spec.model_copy(update={field: value})
        configure(index, chosen)
        _, ids = index.search(x[rows], K + 1)
        reached = _recall(ids, truth, rows)
        chosen = chosen.model_copy(update={"tuned_recall": reached})
        if reached >= spec.target_recall:
            break
    configure(index, chosen)
    return chosen


def _nprobes(index: Any) -> list[int]:
    from wildcat.eval.index import faiss_module

    nlist = faiss_module().extract_index_ivf(index).nlist
    return [p for p in NPROBE if p < nlist] + [nlist]


def _neighbours(sims: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The exact top K of each sampled row, itself left out."""
    sims[np.arange(len(rows)), rows] = -np.inf
    top = np.argpartition(-sims, K, axis=1)[:, :K]
    return top


def _recall(ids: np.ndarray, truth: np.ndarray, rows: np.ndarray) -> float:
    hits = 0
    for found, want, self_id in zip(ids, truth, rows, strict=True):
        found = [i for i in found.tolist() if i != self_id and i >= 0][:K]
        hits += len(set(found) & set(want.tolist()))
    return hits / (K * len(rows))
