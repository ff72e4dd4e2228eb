"""Product search against the raw faiss call it wraps, in one process: what ProductIndex adds per query.

    OMP_NUM_THREADS=1 .venv/bin/python bench/product_search.py --n 1000000 --kinds flat,ivfpq --out /tmp/ps.json

A gallery of `--n` clustered unit vectors (bench/search.py's mixture), one to
three images per product. For each index kind, built once through
eval.ProductIndex, the same queries are searched, interleaved round by round
so that machine noise hits both alike: the raw faiss index at k, the raw
index at the depth ProductIndex fetches (k x the most images a product has),
and ProductIndex.search (fetch, then images collapsed to products), one
query at a time and in one batch. Prints the median milliseconds per query
of each, and ProductIndex's time as a ratio to the raw call at k (issue 26's
target: at most 1.5); for approximate kinds, the knob eval.tuning chose at build
time (--target-recall, default 0.95; none = the fixed defaults) and the recall@10
against exact search it reaches on the benchmark's held-out queries. The UI's
query page is timed too, on the same index, from an embedded photo to its top 5
products (`GallerySearch.search_vector`): unfiltered, and in a market where a
third of the products are sold, and at the depth of 100 it fetches to rank the
right product.
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

from wildcat.core.manifest import Sample  # noqa: E402
from wildcat.eval.index import IndexSpec  # noqa: E402
from wildcat.eval.product_index import ProductIndex  # noqa: E402
from wildcat.ui.product_search import RANK_DEPTH, GallerySearch  # noqa: E402

from bench.search import clustered  # noqa: E402

K = 10


def gallery_rows(n: int, rng: np.random.Generator) -> list[Sample]:
    """n gallery images of about n/2 products (1 to 3 images each, in order)."""
    counts = rng.integers(1, 4, size=n)
    product = np.repeat(np.arange(n), counts)[:n]
    return [
        Sample(sample_id=f"g{i}", path=f"/g/{i}.jpg", product_id=f"p{p}", domain="catalog", generator="catalog")
        for i, p in enumerate(product.tolist())
    ]


def timed(fn, queries: np.ndarray, batched: bool) -> float:
    """Milliseconds per query: one call per query, or one call for all."""
    start = time.perf_counter()
    if batched:
        fn(queries)
    else:
        for i in range(len(queries)):
            fn(queries[i : i + 1])
    return 1000 * (time.perf_counter() - start) / len(queries)


def measure(pindex: ProductIndex, queries: np.ndarray, rounds: int) -> dict[str, float]:
    fetch = K * pindex._most_images
    page = GallerySearch(None, pindex, _locales(pindex), unreadable=0)
    ways = {
        "raw@k": lambda q: pindex.index.search(q, K),
        "raw@fetch": lambda q: pindex.index.search(q, fetch),
        "product": lambda q: pindex.search(q, K),
        "ui top5": lambda q: [page.search_vector(v[None], 5) for v in q],
        "ui top5 market": lambda q: [page.search_vector(v[None], 5, market="en-IN") for v in q],
        "ui rank depth": lambda q: [page.search_vector(v[None], RANK_DEPTH) for v in q],
    }
    out: dict[str, float] = {}
    for batched in (False, True):
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(rounds):  # interleaved: each round times every way once
            for name, fn in ways.items():
                times[name].append(timed(fn, queries, batched))
        mode = "batched" if batched else "single"
        for name, values in times.items():
            out[f"{mode} {name} ms"] = float(np.median(values))
        out[f"{mode} ratio"] = out[f"{mode} product ms"] / out[f"{mode} raw@k ms"]
    return out


def _locales(pindex: ProductIndex) -> dict[str, list[str]]:
    """Every third product sold in en-IN, the others in en-US."""
    products = sorted(set(pindex.meta["product_id"]))
    return {p: ["en-IN"] if i % 3 == 0 else ["en-US"] for i, p in enumerate(products)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="gallery images")
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--kinds", default="flat,ivfpq")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--target-recall", default="0.95", help="IndexSpec.target_recall, or none for the fixed knobs")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    data = clustered(args.n + args.queries, args.dim, 1000, 32, rng)
    base, queries = data[: args.n], data[args.n :]
    rows = gallery_rows(args.n, rng)
    results = {}
    for kind in args.kinds.split(","):
        start = time.perf_counter()
        target = None if args.target_recall == "none" else float(args.target_recall)
        spec = IndexSpec(kind=kind, target_recall=target)
        pindex = ProductIndex.build(base, rows, spec, np.random.default_rng(args.seed))
        build_s = time.perf_counter() - start
        results[kind] = {"build s": build_s, "most images per product": pindex._most_images}
        tuned = {"ef_search": pindex.spec.ef_search, "nprobe": pindex.spec.nprobe}.get(
            "ef_search" if kind == "hnsw" else "nprobe"
        )
        if kind != "flat":  # the knob eval.tuning chose at build time, and the recall@10 it reached there
            results[kind].update({"tuned knob": tuned, "tuned recall@10": pindex.spec.tuned_recall})
        exact = np.concatenate(
            [np.argsort(-(queries[i : i + 50] @ base.T), axis=1)[:, :K] for i in range(0, len(queries), 50)]
        )
        found = pindex.index.search(queries, K)[1]
        results[kind]["recall@10 on the queries"] = float(
            np.mean([len(set(f) & set(e)) / K for f, e in zip(found.tolist(), exact.tolist(), strict=True)])
        )
        results[kind].update(measure(pindex, queries, args.rounds))
        print(kind, json.dumps({k: round(v, 3) for k, v in results[kind].items() if v is not None}), flush=True)
    if args.out:
        args.out.write_text(json.dumps({"n": args.n, "dim": args.dim, "k": K, "results": results}, indent=1))


if __name__ == "__main__":
    main()
