"""synthetic+unlabeled with mixed batch-norm statistics, on finished runs (TrainConfig.query_bn_share).

    .venv/bin/python bench/grocery_bn_share.py --out workspace/grocery \\
        --runs synthetic-unlabeled-pretrained-s0 --shares 0 0.25 0.5 1 [--save 0.25 DIR]

A synthetic+unlabeled run's checkpoint holds the query side's batch-norm
statistics estimated on the unlabelled photos (`query_bn`); its network holds
the training ones. For each share s, the query side is given the statistics s
of the way from the training ones to the photos' (train.bn_adapt.mix_bn_statistics:
what `query_bn_share: s` makes at the end of training), and the run is
evaluated as the benchmark evaluates it: its queries and its views (composites)
through that query side, the catalog through the training statistics, views
blended into the index at the default weight. Share 0 is the synthetic twin (no
adaptation), share 1 the photos' statistics alone (the run as reported).

An anchored run's pretrained half never changes with the share (the anchor keeps
its own statistics), so it is read once from the run's own query side, and each
share costs one pass of the trained trunk (bench/grocery_anchor.py's
decomposition); share 1 is the run's own evaluation, read back. Embeddings go
through the benchmark's cache (OUT/cache). Prints recall@1/@5 per run and share;
--save S DIR writes share S's evaluations as DIR/eval/RUN (with the zero-shot
folders copied), for `bench/grocery_pretrained.py --out DIR --tabulate-only`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.eval.embedder import Embedded  # noqa: E402
from wildcat.eval.views import blend_views  # noqa: E402
from wildcat.pipeline.stages import catalog_samples  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402
from wildcat.train.bn_adapt import bn_statistics, mix_bn_statistics, with_bn_statistics  # noqa: E402
from wildcat.train.embedder import Embedder  # noqa: E402

from bench.grocery_anchor import _embed, anchored, parts, ranking, recall_at, run_rows, save, sweep_main  # noqa: E402


def trained_half(model):
    """`model` (a copy: with_bn_statistics makes one) outputting its trained embedding alone, the anchor detached."""
    model.anchor, model.anchor_weight, model.anchor_dim = None, 0.0, 0
    return model


def share_side(emb: Embedder, share: float) -> Embedder:
    """The trained half of `emb`'s query side with batch-norm statistics `share` of the way from the training
    ones to the photos' (emb.query_bn)."""
    stats = mix_bn_statistics(bn_statistics(emb.model), emb.query_bn, share)
    model = trained_half(with_bn_statistics(emb.model, stats))
    return Embedder(model, emb.device, checkpoint_hash=f"{emb.checkpoint_hash}:share{share:g}:trained-half")


def sweep(out: Path, catalog, run: str, shares: list[float], save_to: tuple[float, Path] | None = None):
    """recall@1/@5 per share of run `run`; with save_to = (share, DIR), that share's evaluation goes to
    DIR/eval/RUN."""
    emb = load_embedder(out / "runs" / run / "final.pt")
    if not emb.query_bn:
        raise SystemExit(f"{run}: its checkpoint holds no query-side statistics (not a synthetic+unlabeled run)")
    weight = emb.model.anchor_weight
    queries, views = run_rows(out, catalog, run)
    gallery = _embed(emb, catalog_samples(catalog), out)
    # both halves of every wild-side row at share 1, from the run's own query side (its evaluation cached them)
    wild = {name: _embed(emb.for_queries(), rows, out) for name, rows in (("queries", queries), ("views", views))}
    halves = {name: parts(got.vectors, emb, None) if weight else (got.vectors, None) for name, got in wild.items()}
    result = {}
    for share in shares:
        at = {}
        for name, got in wild.items():
            e, pretrained = halves[name]
            if share != 1.0:
                e = _embed(share_side(emb, share), got.samples, out).vectors
            at[name] = Embedded(anchored(e, pretrained, weight) if weight else e, got.samples, [])
        r = ranking(blend_views(gallery, at["views"])[0], at["queries"])
        result[share] = recall_at(r)
        if save_to is not None and save_to[0] == share:
            made = {"made_by": "bench/grocery_bn_share.py", "query_bn_share": share}
            save(r, gallery, at["queries"], weight, save_to[1] / "eval" / run, **made)
    return result


def main(argv: list[str] | None = None) -> None:
    sweep_main(__doc__, "shares", [0.0, 0.25, 0.5, 1.0], "share", sweep, argv)


if __name__ == "__main__":
    main()
