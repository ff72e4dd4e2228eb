"""How well a listing's title picks the product's region in a photo that shows more (eval.audit.crops), measured
on composites, whose boxes are known: the composite stands for a lifestyle listing photo of its hero product.

    .venv/bin/python bench/audit_crops.py --composites workspace/grocery/data/composites-120x256-s0 \\
        [--root ../shared/data/grocery_store] [--n 150] [--checkpoint runs/.../final.pt]

For each of N composites with the hero and at least one other product visible: the regions (the whole image and
the best proposals, at several counts), the one nearest the hero listing's title vector (cross-fitted from the
catalog's titles, eval.audit.titles) is picked, and counts as a hit when its centre lies on a hero instance.
Baselines: the best-objectness proposal, a random proposal, and the region nearest the hero's own catalog image
(what the title stands in for). Writes the table to stdout and COMPOSITES/../audit-crops.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import catalog_samples, load_catalog  # noqa: E402
from wildcat.core.manifest import Sample, read_manifest  # noqa: E402
from wildcat.core.scenes import visible_boxes  # noqa: E402
from wildcat.eval.audit.crops import hero_hit_rate, region_rows  # noqa: E402
from wildcat.eval.audit.titles import predicted_image_vectors  # noqa: E402
from wildcat.eval.embedder import embed_samples, embedding_args  # noqa: E402
from wildcat.eval.markdown import table  # noqa: E402
from wildcat.eval.regions import ProposalConfig  # noqa: E402
from wildcat.eval.scenes import PADDING  # noqa: E402
from wildcat.eval.sources import load_embedder  # noqa: E402

from bench.grocery_ablation import DEFAULT_ROOT  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--composites", type=Path, required=True)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--checkpoint", type=Path)
    ap.add_argument("--teach", type=int, default=1000, help="other composites whose hero boxes teach the titles")
    args = ap.parse_args()
    embedder = load_embedder(args.checkpoint, None if args.checkpoint else "zero-shot")
    catalog = load_catalog(args.root)
    gallery = embed_samples(embedder, catalog_samples(catalog), progress=False)
    ids = [s.product_id for s in gallery.samples]
    by_id = catalog.by_id()
    texts = [f"{by_id[i].title} {by_id[i].description}" for i in ids]
    rows, teaching = _cluttered(args.composites, args.n, args.teach)
    taught = hero_targets(embedder, teaching, ids, gallery.vectors)
    titles = dict(zip(ids, predicted_image_vectors(texts, gallery.vectors, np.random.default_rng(0)), strict=True))
    titles_taught = dict(zip(ids, predicted_image_vectors(texts, taught, np.random.default_rng(0)), strict=True))
    images = dict(zip(ids, gallery.vectors, strict=True))
    heroes = [hero_boxes(r) for r in rows]
    out = []
    for regions in (4, 8, 16):
        cfg = ProposalConfig(max_regions=regions)
        regs = region_rows([str(r.path) for r in rows], list(range(len(rows))), cfg)
        emb = embed_samples(embedder, regs, crop_padding=PADDING, progress=False)
        by_image: dict[int, list] = {}
        for row, vec in zip(emb.samples, emb.vectors, strict=True):
            box = None if row.lineage["whole"] else row.lineage["box"]  # the whole image locates nothing: a miss
            by_image.setdefault(row.lineage["image"], []).append((box, vec))
        picks = {"title": [], "title taught": [], "catalog image": [], "best objectness": [], "random": []}
        rng = np.random.default_rng(0)
        for i, r in enumerate(rows):
            cands = by_image.get(i, [])
            picks["title"].append(max(cands, key=lambda c: c[1] @ titles[r.product_id])[0])
            picks["title taught"].append(max(cands, key=lambda c: c[1] @ titles_taught[r.product_id])[0])
            picks["catalog image"].append(max(cands, key=lambda c: c[1] @ images[r.product_id])[0])
            picks["best objectness"].append(cands[1][0] if len(cands) > 1 else cands[0][0])  # [0] is the whole image
            picks["random"].append(cands[int(rng.integers(len(cands)))][0])
        out.append([regions, *(f"{hero_hit_rate(p, heroes):.3f}" for p in picks.values())])
    header = ["regions", "picked by the title", "by the title taught by composites", "by the catalog image"]
    text = table([*header, "best objectness", "random"], out)
    text += f"\n\n{len(rows)} composites, hero and another product visible; a hit: the region's centre on a hero."
    (args.composites.parent / "audit-crops.md").write_text(text + "\n", encoding="utf-8")
    print(text)


def _cluttered(folder: Path, n: int, teach: int):
    """n composites to measure on, and `teach` others (disjoint) whose hero boxes teach the title branch."""
    rows = [r for r in read_manifest(folder, absolute=True) if hero_boxes(r) and _others(r)]
    order = np.random.default_rng(0).permutation(len(rows))
    return [rows[i] for i in order[:n]], [rows[i] for i in order[n : n + teach]]


def _others(row) -> list:
    return [b for b in visible_boxes(row.lineage.get("instances", [])) if b.product_id != row.product_id]


def hero_targets(
    embedder, composites: Sequence[Sample], products: Sequence[str], catalog_vectors: np.ndarray, cache=None
) -> np.ndarray:
    """[products, d] what each product looks like in a scene: the mean of its catalog vector and of its visible
    hero instances cropped from composites (their boxes are known): targets that teach the title branch where
    the product is in a listing photo that shows more. A product without composites keeps its catalog vector."""
    rows = [
        Sample(
            sample_id=f"{r.sample_id}#{j}",
            path=str(r.path),
            product_id=r.product_id,
            domain="synthetic",
            generator="hero-crop",
            lineage={"box": list(box)},
        )  # fmt: skip
        for r in composites
        for j, box in enumerate(hero_boxes(r))
    ]
    embedded = embed_samples(
        samples=rows, crop_padding=PADDING, desc="hero crops", **embedding_args(embedder, cache, 64, False)
    )
    index = {p: i for i, p in enumerate(products)}
    sums, counts = np.zeros_like(catalog_vectors, dtype=np.float64), np.zeros(len(products))
    for row, vec in zip(embedded.samples, embedded.vectors, strict=True):
        if row.product_id in index:
            sums[index[row.product_id]] += vec
            counts[index[row.product_id]] += 1
    crops = sums / np.maximum(counts, 1)[:, None]
    out = np.where(counts[:, None] > 0, (catalog_vectors + crops) / 2, catalog_vectors)
    return (out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def hero_boxes(row: Sample) -> list[list[float]]:
    """A composite's visible boxes (x0, y0, x1, y1) of its hero product."""
    return [list(b.box) for b in visible_boxes(row.lineage.get("instances", [])) if b.product_id == row.product_id]


if __name__ == "__main__":
    main()
