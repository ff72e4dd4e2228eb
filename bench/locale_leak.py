"""The en-IN locale demo with real embeddings: do kurti photos return kurtis, or Western tunics?

    .venv/bin/wildcat locale demo en-IN --out /tmp/demo_in --seed 1
    .venv/bin/python bench/locale_leak.py /tmp/demo_in --model after=workspace/runs/after/final.pt

Gallery: the demo's catalog (every market's products together, searched
unfiltered, as the shop after its launch). Queries: its labelled wild photos.
Each embedding (the zero-shot pretrained trunk always, plus every --model
NAME=CHECKPOINT) is measured three ways: plain search, restricted to the
query's market, and re-ranked with a market penalty (wildcat.core.locales).
Per row: the look-alike leak rate at k (a query leaks when its top k holds a
look-alike class of another market: a tunic among a kurti's results),
product recall@1 and @k, and the class hit rate @1 (the top result is of the
query's class: a kurti for a kurti) with a 95% bootstrap interval, overall
and for one class (--focus, default en-IN:kurti). Prints a Markdown table;
--json writes the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog  # noqa: E402
from wildcat.core.locales import load_packset, locales_of, rerank_by_market, restrict_to_market  # noqa: E402
from wildcat.core.manifest import Sample, read_manifest  # noqa: E402
from wildcat.eval.bootstrap import bootstrap_mean  # noqa: E402
from wildcat.eval.embedder import embed_samples  # noqa: E402
from wildcat.eval.locale_metrics import leaking, recall_by_locale  # noqa: E402
from wildcat.train import load_embedder, zero_shot_embedder  # noqa: E402

FETCH = 40  # results fetched before a market filter or re-ranking cuts them to k


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("demo", type=Path, help="folder written by `wildcat locale demo`")
    ap.add_argument("--model", action="append", default=[], help="NAME=CHECKPOINT (repeatable)")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--focus", default="en-IN:kurti", help="class whose queries get their own columns")
    ap.add_argument("--penalty", type=float, default=0.1, help="market re-ranking penalty")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    catalog = load_catalog(args.demo / "catalog")
    rows = read_manifest(args.demo, absolute=True)
    queries = [r for r in rows if r.domain == "wild"]
    gallery = [r for r in rows if r.domain == "catalog"]
    embedders = {"zero-shot": zero_shot_embedder()}
    for spec in args.model:
        name, _, path = spec.partition("=")
        embedders[name] = load_embedder(path)
    packs = load_packset()
    figures = {name: measure(e, gallery, queries, catalog, packs, args) for name, e in embedders.items()}
    print(markdown(figures, args))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


def measure(embedder, gallery: list[Sample], queries: list[Sample], catalog, packs, args) -> dict[str, dict]:
    g = embed_samples(embedder, gallery, desc="gallery").vectors
    q = embed_samples(embedder, queries, desc="queries").vectors
    sims = q @ g.T
    order = np.argsort(-sims, axis=1, kind="stable")[:, :FETCH]
    ids = np.array([s.product_id for s in gallery], dtype=object)[order]
    scores = np.take_along_axis(sims, order, 1)
    markets, locales = [r.locale for r in queries], locales_of(catalog.products)
    ranked = {
        "plain": ids[:, : args.k],
        "restricted to the query's market": restrict_to_market(ids, scores, markets, locales, k=args.k)[0],
        f"re-ranked, penalty {args.penalty:g}": rerank_by_market(ids, scores, markets, locales, args.penalty)[0][
            :, : args.k
        ],
    }
    classes = packs.product_classes(catalog.products)
    return {name: _figures(top, queries, classes, packs.look_alike_map(), args) for name, top in ranked.items()}


def _figures(top: np.ndarray, queries: list[Sample], classes, alikes, args) -> dict[str, float]:
    truth = [r.product_id for r in queries]
    q_classes = [classes[t] for t in truth]
    focus = np.array([c == args.focus for c in q_classes])
    leaks = leaking(top, q_classes, classes, alikes, args.k)
    recall = recall_by_locale(top, truth, ["all"] * len(truth), (1, args.k))["all"]
    class_hit = np.array([classes.get(row[0]) == c for row, c in zip(top.tolist(), q_classes, strict=True)], float)
    rng = np.random.default_rng(0)
    overall, in_focus = bootstrap_mean(class_hit, rng), bootstrap_mean(class_hit[focus], rng)
    return {
        "queries": len(truth),
        "leak": float(leaks.mean()),
        "recall@1": recall[1],
        f"recall@{args.k}": recall[args.k],
        "class@1": overall["value"],
        "class@1 ci": [overall["lo"], overall["hi"]],
        "focus queries": int(focus.sum()),
        "focus class@1": in_focus["value"],
        "focus class@1 ci": [in_focus["lo"], in_focus["hi"]],
        "focus leak": float(leaks[focus].mean()) if focus.any() else float("nan"),
    }


def markdown(figures: dict[str, dict[str, dict]], args) -> str:
    k, focus = args.k, args.focus
    head = (
        f"| embedding | search | leak@{k} | recall@1 | recall@{k} | class@1 [95% CI] | "
        f"{focus} class@1 [95% CI] | {focus} leak@{k} |"
    )
    lines = [head, "|" + "---|" * 8]
    for name, ways in figures.items():
        for way, f in ways.items():
            lines.append(
                f"| {name} | {way} | {f['leak']:.3f} | {f['recall@1']:.3f} | {f[f'recall@{k}']:.3f} | "
                f"{f['class@1']:.3f} [{f['class@1 ci'][0]:.3f}, {f['class@1 ci'][1]:.3f}] | "
                f"{f['focus class@1']:.3f} [{f['focus class@1 ci'][0]:.3f}, {f['focus class@1 ci'][1]:.3f}] "
                f"(n={f['focus queries']}) | {f['focus leak']:.3f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
