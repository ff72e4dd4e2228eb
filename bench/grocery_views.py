"""Synthetic views in the index (eval.views) on finished grocery runs: which views, what weight, for which model.

    .venv/bin/python bench/grocery_views.py --out workspace/grocery \\
        --runs synthetic-proto-s0 catalog-only-proto-s0:synthetic-proto-s0 oracle-proto-s0:synthetic-proto-s0

RUN or RUN:SOURCE: the views are the composites and, separately, the 3D proxy
renders that SOURCE (default RUN itself) trained on, embedded with RUN's query
side; SOURCE `photos` takes the labelled `train` photos instead (what the
oracle's index blends in). Prints recall@1/@5 per run for each kind of view and weight (0 = the
catalog alone, "views only" = the mean view replaces the catalog image), so the
default weight and the choice of composites over renders can be checked, and a
model that never trained on synthetic data (catalog-only, oracle) can be given
the same views. No retraining.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import wild_samples  # noqa: E402
from wildcat.core.config import load_run_meta  # noqa: E402
from wildcat.core.manifest import Sample, read_manifest  # noqa: E402
from wildcat.eval.embedder import Embedded, embed_samples, query_side  # noqa: E402
from wildcat.eval.views import blend_views, product_means  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402

from bench.grocery_query_time import load_gallery, recall, run_queries, runs_args  # noqa: E402

WEIGHTS = (0.0, 1.0, 2.0, 4.0)
KINDS = {"composites": "cutpaste", "renders": "proxy"}  # view kind -> manifest generator


def source_views(out: Path, source: str, generator: str, emb) -> Embedded:
    """The `generator` rows of the datasets `source` trained on, embedded with `emb`'s query side."""
    rows = [
        r
        for d in load_run_meta(out / "runs" / source)["config"]["data"]
        for r in read_manifest(d, absolute=True)
        if r.generator == generator
    ]
    return embed_rows(rows, emb)


def embed_rows(rows: list[Sample], emb) -> Embedded:
    """Rows' images (unreadable ones left out) embedded with `emb`'s query side, as the evaluation embeds views."""
    return embed_samples(query_side(emb), rows, desc="views")


def sweep(gallery: Embedded, queries: np.ndarray, q_ids: list[str], views: Embedded) -> dict[str, list[float]]:
    """recall@1/@5 for each weight, and for the mean view alone."""
    g_ids = [s.product_id for s in gallery.samples]
    out = {f"weight {w:g}": recall(blend_views(gallery, views, w)[0].vectors, queries, g_ids, q_ids) for w in WEIGHTS}
    means = product_means(views)
    alone = np.stack([means.get(p, np.zeros(gallery.vectors.shape[1])) for p in g_ids])
    alone /= np.maximum(np.linalg.norm(alone, axis=1, keepdims=True), 1e-12)
    out["views only"] = recall(alone, queries, g_ids, q_ids)
    return out


def main() -> None:
    args = runs_args(__doc__)
    catalog, gallery_rows, gallery = load_gallery(args.root)
    for spec in args.runs:
        run, _, source = spec.partition(":")
        rows, queries = run_queries(args.out, catalog, run)
        emb = load_embedder(args.out / "runs" / run / "final.pt")
        g = Embedded(emb.embed_images(gallery), gallery_rows)
        q = emb.for_queries().embed_images(queries)
        if source == "photos":
            kinds = {"photos": embed_rows(wild_samples(catalog, ["train"]), emb)}
        else:
            kinds = {kind: source_views(args.out, source or run, generator, emb) for kind, generator in KINDS.items()}
        for kind, views in kinds.items():
            for name, (r1, r5) in sweep(g, q, [s.product_id for s in rows], views).items():
                print(f"{spec:42s} {kind:10s} {name:10s} recall@1 {r1:.3f} recall@5 {r5:.3f}", flush=True)


if __name__ == "__main__":
    main()
