"""faiss indexes by name: exact inner product, HNSW, IVF-PQ (optionally re-ranked).

All use inner product, which is cosine similarity on L2-normalised embeddings.
`flat` is exact and right for catalogs up to a few hundred thousand images;
`hnsw` is the fast approximate graph; `ivfpq` scans a few coarse cells of
`pq_m`-byte codes. By default it re-ranks 16 x k candidates with exact vectors
(`refine`), which bench/search.py found necessary for recall@10 >= 0.95;
`refine=0` keeps only the codes, for catalogs whose vectors do not fit in memory.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from wildcat.core.config import Config
from wildcat.core.errors import ConfigError, MissingDependencyError

IndexKind = Literal["flat", "hnsw", "ivfpq"]
INDEX_KINDS: tuple[str, ...] = ("flat", "hnsw", "ivfpq")
TRAIN_PER_CELL = 64  # IVF training vectors per coarse cell


class IndexSpec(Config):
    kind: IndexKind = Field("flat", description="flat (exact), hnsw or ivfpq")
    hnsw_m: int = Field(32, ge=4, description="HNSW: graph neighbours per node (links)")
    ef_construction: int = Field(80, ge=8, description="HNSW: candidate list size while building (nodes)")
    ef_search: int = Field(
        128, ge=1, description="HNSW: candidate list size while searching (nodes); higher = better recall, slower"
    )
    nlist: int = Field(0, ge=0, description="IVF: number of coarse cells (0 = about sqrt(n))")
    nprobe: int = Field(16, ge=1, description="IVF: cells visited per query")
    pq_m: int = Field(0, ge=0, description="PQ: sub-quantizers, i.e. bytes per vector at 8 bits (0 = dim / 4)")
    pq_bits: int = Field(8, ge=4, le=12, description="PQ: bits per sub-quantizer code")
    refine: int = Field(
        16,
        ge=0,
        description="IVF-PQ: re-rank refine * k candidates with exact vectors (0 = off: PQ codes only, least memory)",
    )
    target_recall: float | None = Field(
        0.95,
        gt=0.0,
        le=1.0,
        description="choose ef_search (hnsw) or nprobe (ivfpq) at build time: the smallest reaching this recall@10 "
        "against exact search on a sample of the gallery (eval.tuning); None = use the values as given",
    )
    tuned_recall: float | None = Field(
        None, description="recall@10 against exact search that the chosen value reached at build time (set by tuning)"
    )


def faiss_module() -> Any:
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - faiss is a core dependency
        raise MissingDependencyError("faiss-cpu") from exc
    return faiss


def build_index(vectors: np.ndarray, spec: IndexSpec, rng: np.random.Generator) -> Any:
    """A populated faiss index over `vectors` [n, d] float32 (row i gets id i)."""
    faiss = faiss_module()
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    n, d = x.shape
    if spec.kind == "flat":
        index = faiss.IndexFlatIP(d)
    elif spec.kind == "hnsw":
        index = faiss.IndexHNSWFlat(d, spec.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = spec.ef_construction
    else:
        index = _ivfpq(faiss, x, spec, rng)
    index.add(x)
    configure(index, spec)
    return index


def _ivfpq(faiss: Any, x: np.ndarray, spec: IndexSpec, rng: np.random.Generator) -> Any:
    n, d = x.shape
    pq_m = spec.pq_m or max(1, d // 4)
    if d % pq_m:
        raise ConfigError(
            "<IndexSpec>",
            f"pq_m={pq_m} does not divide the embedding size {d}",
            "choose pq_m among the divisors of the dimension",
        )
    # sqrt(n) cells keep k-means training affordable on a CPU (1M vectors: 1000 cells, seconds).
    nlist = spec.nlist or int(max(1, min(n // 39, np.sqrt(n))))
    if n < max(nlist, 2**spec.pq_bits):
        raise ConfigError(
            "<IndexSpec>",
            f"ivfpq needs at least {max(nlist, 2**spec.pq_bits)} vectors to train, got {n}",
            "use kind=flat or hnsw for small catalogs",
        )
    quantizer = faiss.IndexFlatIP(d)
    ivf = faiss.IndexIVFPQ(quantizer, d, nlist, pq_m, spec.pq_bits, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.seed = int(rng.integers(0, 2**31 - 1))  # k-means init and training subsample
    ivf.pq.cp.seed = int(rng.integers(0, 2**31 - 1))
    size = max(TRAIN_PER_CELL * nlist, 2**spec.pq_bits * 64)  # faiss wants >= 39 per cell and per PQ centroid
    train = x if n <= size else x[np.sort(rng.choice(n, size, replace=False))]
    ivf.train(train)
    ivf.make_direct_map()  # so filtered search can reconstruct a small allowed subset
    # The Python wrappers keep `quantizer` and `ivf` alive through the index that uses them.
    return faiss.IndexRefineFlat(ivf) if spec.refine else ivf  # wrap before anything is added


def configure(index: Any, spec: IndexSpec) -> None:
    """Apply the search-time knobs (also after loading a saved index)."""
    faiss = faiss_module()
    if spec.kind == "hnsw":
        index.hnsw.efSearch = spec.ef_search
    elif spec.kind == "ivfpq":
        faiss.extract_index_ivf(index).nprobe = spec.nprobe
        if spec.refine:
            faiss.downcast_index(index).k_factor = float(spec.refine)


def search_params(spec: IndexSpec, selector: Any, k: int) -> Any:
    """faiss search parameters restricted to `selector`, widened for the over-fetch `k`."""
    faiss = faiss_module()
    if spec.kind == "hnsw":
        return faiss.SearchParametersHNSW(sel=selector, efSearch=max(spec.ef_search, 2 * k))
    if spec.kind == "ivfpq":
        ivf = faiss.SearchParametersIVF(sel=selector, nprobe=spec.nprobe)
        if spec.refine:
            return faiss.IndexRefineSearchParameters(k_factor=float(spec.refine), base_index_params=ivf)
        return ivf
    return faiss.SearchParameters(sel=selector)
