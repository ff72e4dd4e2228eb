"""Search benchmark: exact vs HNSW vs IVF-PQ on clustered vectors, single-threaded.

    OMP_NUM_THREADS=1 .venv/bin/python bench/search.py --n 1000000 --build-threads 2 --out /tmp/search-1M.json

Vectors are L2-normalised draws from a mixture of `--clusters` Gaussian
clusters whose spread lies mostly in an `--intrinsic`-dimensional subspace
(real embeddings sit near a low-dimensional manifold; isotropic noise in 256-d
would make every neighbour equally far). Queries are fresh draws from the same
mixture. Every index is built through eval.index (the code wildcat uses), then
searched one query at a time on one thread: recall@10 against the exact top 10
and milliseconds per query. The exact index is also timed in one batch (BLAS),
which is how evaluation uses it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from wildcat.eval.index import IndexSpec, build_index, configure, faiss_module  # noqa: E402

K = 10


def clustered(
    n: int, dim: int, clusters: int, intrinsic: int, rng: np.random.Generator, chunk: int = 100_000
) -> np.ndarray:
    """n unit vectors from a clustered mixture (cluster sizes uneven, Zipf-like)."""
    centres = rng.standard_normal((clusters, dim)).astype(np.float32)
    basis = rng.standard_normal((intrinsic, dim)).astype(np.float32) / np.sqrt(intrinsic)
    weights = 1.0 / np.arange(1, clusters + 1) ** 0.5
    labels = rng.choice(clusters, n, p=weights / weights.sum())
    out = np.empty((n, dim), np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        x = centres[labels[s : s + m]] + 0.8 * rng.standard_normal((m, intrinsic), dtype=np.float32) @ basis
        x += 0.15 * rng.standard_normal((m, dim), dtype=np.float32)
        out[s : s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def one_by_one(index, queries: np.ndarray, k: int = K) -> tuple[np.ndarray, float, float]:
    """Ids [q, k] and milliseconds per query (CPU time, wall time), searching one query at a time.

    CPU time is the figure to quote on a shared machine: with one thread it is
    what the search costs, whatever else competes for the cores.
    """
    ids = np.empty((len(queries), k), np.int64)
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(len(queries)):
        ids[i] = index.search(queries[i : i + 1], k)[1][0]
    n = len(queries)
    return ids, 1000 * (time.process_time() - cpu) / n, 1000 * (time.perf_counter() - wall) / n


def recall(ids: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / truth.shape[1] for a, b in zip(ids, truth, strict=False)]))


def measure(
    name: str, index, settings: list[tuple[str, IndexSpec]], queries: np.ndarray, truth: np.ndarray, build_s: float
) -> list[dict]:
    rows = []
    for label, spec in settings:
        configure(index, spec)
        ids, ms, wall_ms = one_by_one(index, queries)
        rows.append(
            {
                "index": name,
                "setting": label,
                "recall@10": recall(ids, truth),
                "ms_per_query": ms,
                "wall_ms_per_query": wall_ms,
                "qps": 1000 / ms,
                "build_s": build_s,
            }
        )
        print(
            f"{name:6s} {label:28s} recall@10 {rows[-1]['recall@10']:.4f}  {ms:7.3f} ms/query CPU ({wall_ms:.3f} wall)"
            f"  {1000 / ms:8.0f} q/s  (build {build_s:.0f} s)",
            flush=True,
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="database vectors")
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--clusters", type=int, default=1000)
    ap.add_argument("--intrinsic", type=int, default=32, help="dimension of the within-cluster spread")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--build-threads", type=int, default=1, help="threads for building (search is always single-threaded)"
    )
    ap.add_argument("--kinds", default="flat,hnsw,ivfpq")
    ap.add_argument("--hnsw-m", type=int, default=16, help="HNSW links per node")
    ap.add_argument("--ef-construction", type=int, default=40, help="HNSW build-time candidate list")
    ap.add_argument("--pq-m", type=int, default=32, help="IVF-PQ bytes per vector")
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = ap.parse_args()
    faiss = faiss_module()
    rng = np.random.default_rng(args.seed)

    t = time.perf_counter()
    data = clustered(args.n + args.queries, args.dim, args.clusters, args.intrinsic, rng)
    base, queries = data[: args.n], data[args.n :]
    print(
        f"data: {args.n} x {args.dim} ({args.clusters} clusters, intrinsic dim {args.intrinsic}) in "
        f"{time.perf_counter() - t:.0f} s",
        flush=True,
    )

    faiss.omp_set_num_threads(1)
    t = time.perf_counter()
    flat = build_index(base, IndexSpec(kind="flat"), rng)
    flat_build = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    truth = flat.search(queries, K)[1]
    batch_ms, batch_wall = (
        1000 * (time.process_time() - c) / len(queries),
        1000 * (time.perf_counter() - t) / len(queries),
    )
    print(f"exact  batched (BLAS, 1 thread)      {batch_ms:7.3f} ms/query CPU ({batch_wall:.3f} wall)", flush=True)
    rows = [
        {
            "index": "flat",
            "setting": "batched",
            "recall@10": 1.0,
            "ms_per_query": batch_ms,
            "wall_ms_per_query": batch_wall,
            "qps": 1000 / batch_ms,
            "build_s": flat_build,
        }
    ]
    kinds = args.kinds.split(",")
    if "flat" in kinds:
        sub = queries[: min(100, len(queries))]  # one-by-one exact search is slow; 100 queries suffice
        rows += measure(
            "flat", flat, [("one query at a time", IndexSpec(kind="flat"))], sub, truth[: len(sub)], flat_build
        )
    del flat

    if "hnsw" in kinds:
        spec = IndexSpec(kind="hnsw", hnsw_m=args.hnsw_m, ef_construction=args.ef_construction)
        index, build_s = _build(faiss, base, spec, rng, args.build_threads)
        sweep = [
            (f"M={args.hnsw_m} efSearch={ef}", spec.model_copy(update={"ef_search": ef}))
            for ef in (16, 32, 64, 128, 256)
        ]
        rows += measure("hnsw", index, sweep, queries, truth, build_s)
        del index
    if "ivfpq" in kinds:
        spec = IndexSpec(kind="ivfpq", pq_m=args.pq_m, refine=1)
        index, build_s = _build(faiss, base, spec, rng, args.build_threads)
        # refine x1 re-scores only the PQ top 10 (PQ alone); x16 re-ranks 160 candidates with exact vectors.
        sweep = [
            (f"nprobe={p} PQ{args.pq_m} refine x{r}", spec.model_copy(update={"nprobe": p, "refine": r}))
            for p in (16, 32, 64)
            for r in (1, 16)
        ]
        rows += measure("ivfpq", index, sweep, queries, truth, build_s)
    result = {
        "n": args.n,
        "dim": args.dim,
        "queries": args.queries,
        "clusters": args.clusters,
        "intrinsic": args.intrinsic,
        "build_threads": args.build_threads,
        "search_threads": 1,
        "rows": rows,
    }
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(_markdown(rows))


def _build(faiss, base: np.ndarray, spec: IndexSpec, rng: np.random.Generator, threads: int):
    faiss.omp_set_num_threads(threads)
    t, c = time.perf_counter(), time.process_time()
    index = build_index(base, spec, rng)
    faiss.omp_set_num_threads(1)
    print(
        f"{spec.kind}: built in {time.perf_counter() - t:.0f} s wall, {time.process_time() - c:.0f} s CPU ({threads} "
        "threads)",
        flush=True,
    )
    return index, time.perf_counter() - t


def _markdown(rows: list[dict]) -> str:
    lines = [
        "| index | setting | recall@10 | ms/query (CPU) | ms/query (wall) | queries/s (CPU) | build (s, wall) |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['index']} | {r['setting']} | {r['recall@10']:.3f} | {r['ms_per_query']:.3f} | "
        f"{r['wall_ms_per_query']:.3f} | {r['qps']:.0f} | {r['build_s']:.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
