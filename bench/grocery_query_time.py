"""Query-time variants on trained grocery-store runs: centre crops, mirror averaging, padded gallery.

    .venv/bin/python bench/grocery_query_time.py --out workspace/grocery \\
        --runs catalog-only-proto-s0 synthetic-proto-s0 oracle-proto-s0

Each run's final.pt embeds the gallery (iconic images) and its evaluation's
queries (the split recorded in OUT/eval/RUN/config.yaml) once per variant;
prints recall@1/@5 per run and variant, and the share of the catalog-only ->
oracle gap closed when the first run is catalog-only and the last the oracle.
The training is unchanged, so this answers "does cropping or flipping the
query help, and does it help the synthetic model more than the baselines?".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import Catalog, catalog_samples, load_catalog, wild_samples  # noqa: E402
from wildcat.core.config import load_run_meta  # noqa: E402
from wildcat.core.imageio import load_array  # noqa: E402
from wildcat.core.manifest import Sample  # noqa: E402
from wildcat.core.retrieval import ranks_from_scores, recall_at_k  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "grocery_store"


def centre(image: np.ndarray, fraction: float) -> np.ndarray:
    """The centred square crop covering `fraction` of the shorter side."""
    h, w = image.shape[:2]
    s = int(min(h, w) * fraction)
    y, x = (h - s) // 2, (w - s) // 2
    return image[y : y + s, x : x + s]


def mirror(image: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(image[:, ::-1])


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def recall(gallery: np.ndarray, queries: np.ndarray, g_ids: list[str], q_ids: list[str], ks=(1, 5)) -> list[float]:
    """Product-level recall@k: a product scores its best gallery image (as eval's exact ranking)."""
    return recall_from_scores(queries @ gallery.T, g_ids, q_ids, ks)


def recall_from_scores(sims: np.ndarray, g_ids: list[str], q_ids: list[str], ks=(1, 5)) -> list[float]:
    """recall@k from a [queries, gallery] score matrix (higher = closer), ranked as eval ranks (ties pessimistic)."""
    at_k = recall_at_k(ranks_from_scores(sims, q_ids, g_ids), ks)
    return [at_k[k] for k in ks]


def variants(emb, gallery: list[np.ndarray], queries: list[np.ndarray]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    q_side = emb.for_queries()
    g0, gm = emb.embed_images(gallery), emb.embed_images([mirror(g) for g in gallery])
    q0, qm = q_side.embed_images(queries), q_side.embed_images([mirror(q) for q in queries])
    q8, q6 = (q_side.embed_images([centre(q, f) for q in queries]) for f in (0.8, 0.6))
    return {
        "whole photo (default)": (g0, q0),
        "centre crop 0.8": (g0, q8),
        "centre crop 0.6": (g0, q6),
        "mirror average (query and gallery)": (unit(g0 + gm), unit(q0 + qm)),
        "whole + centre 0.8 average": (g0, unit(q0 + q8)),
    }


def runs_args(doc: str) -> argparse.Namespace:
    """--root, --out and --runs: the arguments of the scripts that re-read finished grocery runs."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--runs", nargs="+", required=True)
    return ap.parse_args()


def load_gallery(root: Path) -> tuple[Catalog, list[Sample], list[np.ndarray]]:
    """The benchmark's catalog, its gallery rows (the iconic images) and their pixels."""
    catalog = load_catalog(root)
    rows = catalog_samples(catalog)
    return catalog, rows, [load_array(s.path, mode="RGB") for s in rows]


def run_queries(out: Path, catalog: Catalog, run: str) -> tuple[list[Sample], list[np.ndarray]]:
    """The queries a finished run was evaluated on (the splits in OUT/eval/RUN/config.yaml): rows and pixels."""
    rows = wild_samples(catalog, load_run_meta(out / "eval" / run)["query_splits"])
    return rows, [load_array(s.path, mode="RGB") for s in rows]


def main() -> None:
    args = runs_args(__doc__)
    catalog, gallery_rows, gallery = load_gallery(args.root)
    results: dict[str, dict[str, list[float]]] = {}
    for run in args.runs:
        rows, queries = run_queries(args.out, catalog, run)
        emb = load_embedder(args.out / "runs" / run / "final.pt")
        found = variants(emb, gallery, queries)
        results[run] = {
            name: recall(g, q, [s.product_id for s in gallery_rows], [s.product_id for s in rows])
            for name, (g, q) in found.items()
        }
        for name, (r1, r5) in results[run].items():
            print(f"{run:34s} {name:36s} recall@1 {r1:.3f} recall@5 {r5:.3f}", flush=True)
    if len(args.runs) >= 3:
        before, oracle = results[args.runs[0]], results[args.runs[-1]]
        for run in args.runs[1:-1]:
            for name, (r1, r5) in results[run].items():
                share = [(a - b) / (o - b) for a, b, o in zip((r1, r5), before[name], oracle[name], strict=False)]
                print(f"gap closed by {run} with {name}: @1 {share[0]:.2f}, @5 {share[1]:.2f}")


if __name__ == "__main__":
    main()
