"""synthetic+unlabeled with mixed batch-norm statistics, on finished runs (TrainConfig.query_bn_share).

    .venv/bin/python bench/grocery_bn_share.py --out workspace/grocery \\
        --runs synthetic-unlabeled-pretrained-s0 --shares 0.25 1

A synthetic+unlabeled run's checkpoint holds the query side's batch-norm
statistics estimated on the unlabelled photos (`query_bn`); its network holds
the training ones. For each share s, the query side is given the statistics s
of the way from the training ones to the photos' (train.bn_adapt.mix_bn_statistics:
what `query_bn_share: s` makes at the end of training), and the run is
evaluated as the benchmark evaluates it: its queries and its views (composites)
through that query side, the catalog through the training statistics, views
blended into the index at the default weight. Prints recall@1/@5 per run and
share (1 = the photos' statistics alone, as the run was reported).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog  # noqa: E402
from wildcat.eval.embedder import embed_samples  # noqa: E402
from wildcat.eval.views import blend_views  # noqa: E402
from wildcat.pipeline.stages import catalog_samples  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402
from wildcat.train.bn_adapt import bn_statistics, mix_bn_statistics, with_bn_statistics  # noqa: E402
from wildcat.train.embedder import Embedder  # noqa: E402

from bench.grocery_anchor import ranking, recall_at, run_rows  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path("../shared/data/grocery_store"))
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--shares", nargs="+", type=float, default=[0.25, 1.0])
    args = ap.parse_args()
    catalog = load_catalog(args.root)
    for run in args.runs:
        emb = load_embedder(args.out / "runs" / run / "final.pt")
        if not emb.query_bn:
            raise SystemExit(f"{run}: its checkpoint holds no query-side statistics (not a synthetic+unlabeled run)")
        queries, views = run_rows(args.out, catalog, run)
        gallery = embed_samples(emb, catalog_samples(catalog), desc="gallery")
        for share in args.shares:
            stats = mix_bn_statistics(bn_statistics(emb.model), emb.query_bn, share)
            side = Embedder(with_bn_statistics(emb.model, stats), checkpoint_hash=f"{emb.checkpoint_hash}:share{share}")
            q, v = embed_samples(side, queries, desc="queries"), embed_samples(side, views, desc="views")
            r1, r5 = recall_at(ranking(blend_views(gallery, v)[0], q))
            print(f"{run:42s} share {share:<5g} recall@1 {r1:.3f} recall@5 {r5:.3f}", flush=True)


if __name__ == "__main__":
    main()
