"""Search at catalog scale: flat, HNSW and IVF-PQ from 10k to 3.4M x 256 vectors, as wildcat builds them.

    .venv/bin/python bench/search_growth.py --sizes 10000,100000,1000000,3400000 --out docs/search_growth.json \
        --plot docs/img/search_growth.png

Each (size, index kind) runs in a fresh child process, so its peak memory is its own: the clustered unit
vectors of bench/search.py (same seed at every size: a smaller gallery is a prefix of a larger one's
distribution), 1,000 held-out queries, exact top 10 by brute force (faiss.knn), then the index built through
`eval.index.build_index` with wildcat's defaults and tuned by `eval.tuning.tune` to recall@10 0.95 on
sample queries (HNSW M 32, efConstruction 80; IVF-PQ sqrt(n) cells, 64-byte codes, exact re-rank x16),
`--build-threads` threads. Search runs on one thread: one query per call (CPU ms per query: on a shared
machine CPU time is what the search costs) and all queries in one call. Memory: the index's own bytes
(its serialised size) and the child's peak resident set (which includes the vectors it was built from).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from wildcat.eval.index import IndexSpec, build_index, faiss_module  # noqa: E402
from wildcat.eval.tuning import tune  # noqa: E402

from bench.search import clustered, one_by_one, recall  # noqa: E402

K = 10
KINDS = ("flat", "hnsw", "ivfpq")
SINGLE = {"flat": 100}  # one-query-at-a-time exact search is slow at millions; 100 queries suffice


def measure(n: int, kind: str, args: argparse.Namespace) -> dict:
    """One (size, kind) in this process: build, tune, search; the figures as a dict."""
    faiss = faiss_module()
    rng = np.random.default_rng(args.seed)
    data = clustered(n + args.queries, args.dim, args.clusters, args.intrinsic, rng)
    base, queries = data[:n], np.ascontiguousarray(data[n:])
    faiss.omp_set_num_threads(args.build_threads)
    truth = faiss.knn(queries, base, K, metric=faiss.METRIC_INNER_PRODUCT)[1]
    wall, cpu = time.perf_counter(), time.process_time()
    index = build_index(base, IndexSpec(kind=kind, target_recall=None), rng)
    spec = tune(index, base, IndexSpec(kind=kind), rng)
    build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
    faiss.omp_set_num_threads(1)
    single = queries[: SINGLE.get(kind, len(queries))]
    ids, ms_single, _ = one_by_one(index, single)
    cpu = time.process_time()
    batch_ids = index.search(queries, K)[1]
    ms_batched = 1000 * (time.process_time() - cpu) / len(queries)
    knob = {"hnsw": f"efSearch {spec.ef_search}", "ivfpq": f"nprobe {spec.nprobe}"}.get(kind, "-")
    return {
        "n": n,
        "kind": kind,
        "knob": knob,
        "tuned_recall": spec.tuned_recall,
        "recall@10": recall(batch_ids, truth),
        "recall@10_single": recall(ids, truth[: len(single)]),
        "ms_single": ms_single,
        "ms_batched": ms_batched,
        "build_s_wall": build_wall,
        "build_s_cpu": build_cpu,
        "index_mb": faiss.serialize_index(index).nbytes / 2**20,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(n: int, kind: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--one", f"{n}:{kind}", *passthrough(args)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def passthrough(args: argparse.Namespace) -> list[str]:
    names = ("dim", "queries", "clusters", "intrinsic", "seed", "build_threads")
    return [x for name in names for x in (f"--{name.replace('_', '-')}", str(getattr(args, name)))]


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(17, 4))
    panels = [
        ("ms_single", "ms per query, one per call (1 thread)"),
        ("ms_batched", "ms per query, 1,000 per call (1 thread)"),
        ("build_s_wall", "build + tuning, s (wall)"),
        ("index_mb", "index size, MB"),
    ]
    for ax, (field, title) in zip(axes, panels, strict=True):
        for kind in KINDS:
            pts = sorted((r["n"], r[field]) for r in rows if r["kind"] == kind)
            if pts:
                ax.plot(*zip(*pts, strict=True), marker="o", label=kind)
        ax.set(xscale="log", yscale="log", title=title, xlabel="gallery vectors (256-d)")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    fig.suptitle("wildcat's indexes as the gallery grows (tuned to recall@10 0.95; see docs/eval.md)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def table(rows: list[dict]) -> str:
    lines = [
        "| vectors | index | knob (tuned) | recall@10 | ms/query single | ms/query batched | build s (wall) "
        "| index MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['n']:,} | {r['kind']} | {r['knob']} | {r['recall@10']:.3f} | {r['ms_single']:.3f} | "
        f"{r['ms_batched']:.3f} | {r['build_s_wall']:.0f} | {r['index_mb']:.0f} | {r['peak_rss_mb']:.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000,3400000")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--clusters", type=int, default=1000)
    ap.add_argument("--intrinsic", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--build-threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="JSON of every row (rows already there are kept)")
    ap.add_argument("--plot", type=Path, default=None)
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # N:KIND, the child's job
    args = ap.parse_args()
    if args.one:
        n, kind = args.one.split(":")
        print(json.dumps(measure(int(n), kind, args)))
        return
    rows = json.loads(args.out.read_text()) if args.out and args.out.exists() else []
    done = {(r["n"], r["kind"]) for r in rows}
    for n in (int(s) for s in args.sizes.split(",")):
        for kind in args.kinds.split(","):
            if (n, kind) in done:  # resumable: a long run killed half-way keeps what it measured
                continue
            rows.append(child(n, kind, args))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
            if args.out:
                args.out.write_text(json.dumps(rows, indent=2) + "\n")
    rows.sort(key=lambda r: (r["n"], KINDS.index(r["kind"])))
    print(table(rows))
    if args.plot:
        plot(rows, args.plot)


if __name__ == "__main__":
    main()
