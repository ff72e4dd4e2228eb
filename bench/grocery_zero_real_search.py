"""Search-time adjustments that need no real photo, tried on finished synthetic-protocol runs.

    .venv/bin/python bench/grocery_zero_real_search.py --out workspace/grocery --runs synthetic-proto-s0

The unlabeled protocol's gain comes from the store photos' batch-norm
statistics, and the search shows hubs (a few products ranked first for many
queries). Both have zero-real stand-ins, measured here without retraining:

- query-side BN statistics estimated on the run's own composites (all of them,
  or the room and store ones whose warm light is nearest the photos), for
  every layer or the stem only;
- CSLS (cross-domain similarity local scaling): each gallery item's score is
  lowered by its mean similarity to its k nearest composites (or to its k
  nearest other gallery items), which penalises hubs;
- centring: the gallery on its mean embedding, the queries on the mean
  embedding of the composites (the query side's training domain).

Prints recall@1/@5 per run and variant, plus the number of products ever
ranked first and the largest hub.
"""

from __future__ import annotations

import copy
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.config import load_run_meta  # noqa: E402
from wildcat.core.manifest import read_manifest  # noqa: E402
from wildcat.train import load_embedder  # noqa: E402
from wildcat.train.bn_adapt import adapt_bn, bn_statistics, with_bn_statistics  # noqa: E402
from wildcat.train.embedder import Embedder  # noqa: E402
from wildcat.train.images import decode_all  # noqa: E402

from bench.grocery_bn_layers import mixtures  # noqa: E402
from bench.grocery_query_time import load_gallery, recall_from_scores, run_queries, runs_args, unit  # noqa: E402

COMPOSITES = 2000  # a random sample of the run's composites: enough for BN statistics and neighbourhoods
INDOOR = ("room", "store")


def composites(run_dir: Path, side: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Up to COMPOSITES images of the composites folder the run trained on (decoded at `side`), and
    whether each one's background is indoor (room, store)."""
    (folder,) = [Path(d) for d in load_run_meta(run_dir)["config"]["data"] if Path(d).name.startswith("composites-")]
    rows = read_manifest(folder, absolute=True)
    rows = [rows[i] for i in np.random.default_rng(seed).permutation(len(rows))[:COMPOSITES]]
    images, failed = decode_all([r.path for r in rows], side)
    indoor = np.array([r.lineage["background"]["kind"] in INDOOR for r in rows])
    keep = np.array([i not in failed for i in range(len(rows))], dtype=bool)
    return images[keep], indoor[keep]


def composite_bn(emb: Embedder, images: np.ndarray) -> dict:
    """BN statistics of the composites, estimated on a copy of the model."""
    target = copy.deepcopy(emb.model)
    adapt_bn(target, images, batch_size=64, device=emb.device)
    return bn_statistics(target)


def csls(sims: np.ndarray, reference: np.ndarray, k: int) -> np.ndarray:
    """Scores lowered by each gallery item's mean similarity to its k nearest reference rows."""
    return 2 * sims - np.sort(reference, axis=0)[-k:].mean(0)[None]


def score_variants(g: np.ndarray, q: np.ndarray, s: np.ndarray) -> dict[str, np.ndarray]:
    """Score matrices [queries, gallery] for the search-time variants (s: composite embeddings)."""
    within = g @ g.T
    np.fill_diagonal(within, -1)
    out = {"plain": q @ g.T}
    out |= {f"CSLS, composites as reference, k={k}": csls(q @ g.T, s @ g.T, k) for k in (5, 10, 50)}
    out |= {f"CSLS within the gallery, k={k}": csls(q @ g.T, within, k) for k in (3, 5, 10)}
    out["gallery centred"] = unit(q - g.mean(0)) @ unit(g - g.mean(0)).T
    out["each side centred on its domain (queries: composites)"] = unit(q - s.mean(0)) @ unit(g - g.mean(0)).T
    return out


def main() -> None:
    args = runs_args(__doc__)
    catalog, gallery_rows, gallery = load_gallery(args.root)
    g_ids = [r.product_id for r in gallery_rows]
    for run in args.runs:
        rows, queries = run_queries(args.out, catalog, run)
        q_ids = [r.product_id for r in rows]
        emb = load_embedder(args.out / "runs" / run / "final.pt")
        q_side = emb.for_queries()  # the query side's statistics where the run has its own (domain_bn, unlabeled)

        def say(name, r, run=run):
            print(f"{run:30s} {name:56s} recall@1 {r[0]:.3f} recall@5 {r[1]:.3f}", flush=True)

        g, q = emb.embed_images(gallery), q_side.embed_images(queries)
        own = bn_statistics(emb.model)
        images, indoor = composites(args.out / "runs" / run, emb.model.image_size)
        for subset, pick in (("all", slice(None)), ("room+store", indoor)):
            stats = mixtures(own, composite_bn(emb, images[pick]))
            for name in ("query statistics", "query statistics for stem only"):
                qs = Embedder(with_bn_statistics(emb.model, stats[name]), emb.device).embed_images(queries)
                say(
                    f"BN of {subset} composites: {name.replace('query ', '')}",
                    recall_from_scores(qs @ g.T, g_ids, q_ids),
                )
        s = q_side.embed_images(list(images))  # composites stand in for the query domain
        for name, scores in score_variants(g, q, s).items():
            say(name, recall_from_scores(scores, g_ids, q_ids))
        firsts = Counter(g_ids[i] for i in (q @ g.T).argmax(1))
        hub, n = firsts.most_common(1)[0]
        print(
            f"{run}: {len(firsts)} of {len(g_ids)} products ranked first at least once; largest hub {hub} "
            f"({n} queries, {q_ids.count(hub)} of them its own)"
        )


if __name__ == "__main__":
    main()
