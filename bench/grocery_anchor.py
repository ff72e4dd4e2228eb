"""The anchor's weight on finished grocery runs, without retraining (train.model.attach_anchor).

    .venv/bin/python bench/grocery_anchor.py --out workspace/grocery \\
        --runs synthetic-pretrained-s0 oracle-pretrained-s0 catalog-only-pretrained-s0 --weights 0 0.3 0.4 0.5

An anchored embedding is [sqrt(1-w) e, sqrt(w) a] with e the trained embedding
and a the pretrained trunk's unit features, so one forward pass of a run's
final.pt gives both parts, and any other weight is a recombination of them (a
run without an anchor takes a from the zero-shot embedder). Each weight is
evaluated as the benchmark evaluates: the run's own queries (its report's
split), the index blending each catalog vector with its run's views at the
default views weight (the composites it trained on, or the oracle's labelled
photos). Embeddings go through the benchmark's cache (OUT/cache). Prints
recall@1/@5 per run and weight.

--save W DIR writes each run's evaluation at weight W as DIR/eval/RUN/ (per-query
ranks, as the benchmark's evaluation folders hold them; zero-shot's folder is
copied), so `bench/grocery_pretrained.py --out DIR --tabulate-only` tables the
anchored protocols with their gap closed and intervals.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog, wild_samples  # noqa: E402
from wildcat.core.config import load_run_meta  # noqa: E402
from wildcat.core.manifest import Sample  # noqa: E402
from wildcat.eval.cache import EmbeddingCache  # noqa: E402
from wildcat.eval.embedder import Embedded, embed_samples  # noqa: E402
from wildcat.eval.ranking import Ranking, rank_products  # noqa: E402
from wildcat.eval.result import EvalResult  # noqa: E402
from wildcat.eval.views import blend_views, composite_views  # noqa: E402
from wildcat.pipeline.stages import catalog_samples  # noqa: E402
from wildcat.train import load_embedder, zero_shot_embedder  # noqa: E402
from wildcat.train.model import anchor_ensemble  # noqa: E402


def parts(vectors: np.ndarray, embedder, zero_shot: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(trained embedding, pretrained features), each unit rows, from an anchored embedding (or a plain one and
    the zero-shot embedder's vectors of the same images)."""
    model = embedder.model
    if not model.anchor_dim:
        return vectors, _unit(zero_shot)
    w = model.anchor_weight
    return vectors[:, : model.dim] / np.sqrt(1 - w), vectors[:, model.dim :] / np.sqrt(w)


def anchored(e: np.ndarray, a: np.ndarray, weight: float) -> np.ndarray:
    """The model's anchored embedding (train.model.anchor_ensemble, as EmbeddingNet.forward makes it) at another
    weight."""
    as_tensor = lambda x: torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))  # noqa: E731
    return anchor_ensemble(as_tensor(e), as_tensor(a), weight).numpy()


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def ranking(g: Embedded, q: Embedded) -> Ranking:
    return rank_products(q.vectors, g.vectors, [s.product_id for s in q.samples], [s.product_id for s in g.samples])


def recall_at(r: Ranking) -> tuple[float, float]:
    return float(np.mean(r.ranks == 0)), float(np.mean((r.ranks >= 0) & (r.ranks < 5)))


def save(r: Ranking, g: Embedded, q: Embedded, weight: float, folder: Path, **made: object) -> None:
    """The evaluation at one weight as an evaluation folder (the fields the benchmark's tables read); `made`:
    report fields saying how it was made (default: by this script)."""
    report = {"kind": "eval-run", "anchor_weight": weight, "made_by": "bench/grocery_anchor.py", **made}
    shutil.rmtree(folder, ignore_errors=True)  # a folder of its own: nothing left over from another evaluation
    topk = [[r.products[j] for j in row if j >= 0] for row in r.topk]
    EvalResult(q.samples, g.samples, r.ranks, r.ap, topk, r.topk_scores, report).save(folder)


def run_rows(out: Path, catalog, run: str) -> tuple[list[Sample], list[Sample]]:
    """The run's evaluation queries and its views (oracle: the labelled photos; else its composites)."""
    meta = load_run_meta(out / "eval" / run)
    queries = wild_samples(catalog, meta["query_splits"])
    config = load_run_meta(out / "runs" / run)["config"]
    if config.get("wild_splits"):
        return queries, wild_samples(catalog, config["wild_splits"])
    return queries, composite_views([Path(d) for d in config["data"]])


def sweep(out: Path, catalog, run: str, weights: list[float], save_to: tuple[float, Path] | None = None):
    """recall@1/@5 per weight; with save_to = (weight, DIR), that weight's evaluation goes to DIR/eval/RUN."""
    emb = load_embedder(out / "runs" / run / "final.pt")
    zs = zero_shot_embedder() if not emb.model.anchor_dim else None
    queries, views = run_rows(out, catalog, run)
    sides = {}
    for name, rows in (("gallery", catalog_samples(catalog)), ("queries", queries), ("views", views)):
        if not rows:
            continue
        got = _embed(emb.for_queries() if name != "gallery" else emb, rows, out)
        zero = _embed(zs, got.samples, out).vectors if zs is not None else None
        sides[name] = (got.samples, *parts(got.vectors, emb, zero))
    result = {}
    for w in weights:
        at = {name: _at(side, w) for name, side in sides.items()}
        g = blend_views(at["gallery"], at["views"])[0] if "views" in at else at["gallery"]
        r = ranking(g, at["queries"])
        result[w] = recall_at(r)
        if save_to is not None and save_to[0] == w:
            save(r, at["gallery"], at["queries"], w, save_to[1] / "eval" / run)
    return result


def _at(side: tuple[list[Sample], np.ndarray, np.ndarray], weight: float) -> Embedded:
    samples, e, a = side
    return Embedded(anchored(e, a, weight) if weight else e, samples, [])


def _embed(embedder, rows: list[Sample], out: Path) -> Embedded:
    return embed_samples(embedder, rows, cache=EmbeddingCache(out / "cache", embedder.checkpoint_hash))


def sweep_main(doc: str, option: str, defaults: list[float], label: str, sweep_fn, argv: list[str] | None) -> None:
    """The command line of a sweep over finished runs (this script's and bench/grocery_bn_share.py's): `--OPTION`
    values, each run's recall per value printed, `--save V DIR` writing value V's evaluations (and the zero-shot
    folders) to DIR/eval for bench/grocery_pretrained.py's tables."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path("../shared/data/grocery_store"))
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument(f"--{option}", nargs="+", type=float, default=defaults)
    ap.add_argument("--save", nargs=2, metavar=("V", "DIR"), help="write value V's evaluations to DIR/eval/RUN")
    args = ap.parse_args(argv)
    save_to = (float(args.save[0]), Path(args.save[1])) if args.save else None
    if save_to is not None and save_to[1].resolve() == args.out.resolve():
        ap.error("--save DIR must be another folder than --out: the runs' own evaluations would be replaced")
    catalog = load_catalog(args.root)
    if save_to is not None:
        for zero_shot in (args.out / "eval").glob("zero-shot-*"):
            shutil.copytree(zero_shot, save_to[1] / "eval" / zero_shot.name, dirs_exist_ok=True)
    for run in args.runs:
        for value, (r1, r5) in sweep_fn(args.out, catalog, run, getattr(args, option), save_to).items():
            print(f"{run:42s} {label} {value:<5g} recall@1 {r1:.3f} recall@5 {r5:.3f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    sweep_main(__doc__, "weights", [0.0, 0.3, 0.4, 0.5], "anchor", sweep, argv)


if __name__ == "__main__":
    main()
