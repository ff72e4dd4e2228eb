"""Which batch-norm layers carry the synthetic -> real gap? A diagnostic on finished runs.

    .venv/bin/python bench/grocery_bn_layers.py --out workspace/grocery \\
        --runs synthetic-unlabeled-proto-s0 synthetic-unlabeled-proto-s1

Each run must hold two sets of BN statistics: its training set and a query-side
set (`query_bn`: the photos' own from the synthetic+unlabeled protocol, or the
query side's from `domain_bn` training). The queries of the run's evaluation
are embedded with the training set, the query set, and mixtures that take the
query set for one group of layers only (the stem, layer1..layer4) or for all
but one; for the stem, the mean alone and the variance alone as well. Recall@1
is printed overall and for packages, fruit and vegetables.

It also prints the mean input colour each set implies. ResNet's first
convolution has no bias, so the stem BN's running mean is that convolution
applied to the mean input: three numbers (the mean R, G, B), recovered here by
least squares over the 64 channels.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.train import load_embedder  # noqa: E402
from wildcat.train.bn_adapt import bn_statistics, with_bn_statistics  # noqa: E402
from wildcat.train.embedder import Embedder  # noqa: E402

from bench.grocery_query_time import load_gallery, recall, run_queries, runs_args  # noqa: E402

STEM = "trunk.bn1."
KINDS = ("Packages", "Fruit", "Vegetables")


def group(key: str) -> str:
    """The ResNet stage a BN buffer belongs to: stem, layer1..layer4."""
    found = re.search(r"layer\d", key)
    return found.group(0) if found else "stem"


def mixtures(own: dict, query: dict) -> dict[str, dict]:
    """Named statistics sets: the training set, the query set, and the query set for some layers only."""
    mix = lambda pick: {k: (query[k] if pick(k) else own[k]) for k in own}  # noqa: E731
    out = {"training statistics": own, "query statistics": query}
    for g in sorted({group(k) for k in own}):
        out[f"query statistics for {g} only"] = mix(lambda k, g=g: group(k) == g)
        out[f"query statistics except {g}"] = mix(lambda k, g=g: group(k) != g)
    out["stem: query mean only"] = mix(lambda k: k == STEM + "running_mean")
    out["stem: query variance only"] = mix(lambda k: k == STEM + "running_var")
    return out


def mean_input_colour(emb: Embedder, stats: dict) -> np.ndarray:
    """The mean input RGB (0-255) whose stem response is the set's running mean."""
    weight = emb.model.trunk.conv1.weight.detach().sum((2, 3)).cpu().numpy()  # response to a flat colour
    m = np.linalg.lstsq(weight, stats[STEM + "running_mean"].cpu().numpy(), rcond=None)[0]
    return (m * np.array(emb.model.std) + np.array(emb.model.mean)) * 255


def kind_of(path: str) -> str:
    return next((k for k in KINDS if f"/{k}/" in path), "other")


def main() -> None:
    args = runs_args(__doc__)
    catalog, gallery_rows, gallery = load_gallery(args.root)
    g_ids = [s.product_id for s in gallery_rows]
    for run in args.runs:
        emb = load_embedder(args.out / "runs" / run / "final.pt")
        if not emb.query_bn:
            raise SystemExit(f"{run}: the checkpoint holds no query-side statistics (query_bn)")
        rows, queries = run_queries(args.out, catalog, run)
        q_ids, kinds = np.array([s.product_id for s in rows]), np.array([kind_of(str(s.path)) for s in rows])
        g = emb.embed_images(gallery)
        own = bn_statistics(emb.model)
        for name, stats in mixtures(own, emb.query_bn).items():
            q = Embedder(with_bn_statistics(emb.model, stats), emb.device).embed_images(queries)
            r1, r5 = recall(g, q, g_ids, list(q_ids))
            per_kind = " ".join(
                f"{k} {recall(g, q[kinds == k], g_ids, list(q_ids[kinds == k]))[0]:.3f}"
                for k in KINDS
                if (kinds == k).any()
            )
            print(f"{run:34s} {name:34s} recall@1 {r1:.3f} recall@5 {r5:.3f} | recall@1 {per_kind}", flush=True)
        for name, stats in (("training", own), ("query", emb.query_bn)):
            print(
                f"{run:34s} mean input colour of the {name} statistics: RGB "
                f"{np.round(mean_input_colour(emb, stats)).astype(int).tolist()}"
            )


if __name__ == "__main__":
    main()
