"""Searching scenes with one embedding (after Bell and Bala, SIGGRAPH 2015):

- region search: a box of a scene, cropped with padding, against the catalog (recall@k of the boxed product:
  the ordinary evaluation, with each known box as a query);
- in-situ search: a product's catalog vector against an index of scene regions (the known boxes, or proposals
  for photos without boxes); a scene scores by its best region, and the scenes that show the product should
  come first (average precision and recall@k over products);
- style search: a product's nearest products of other categories.

Regions are manifest rows whose lineage carries the box, so the embedding cache and `evaluate` serve them as they
serve any cropped query.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from tqdm.auto import tqdm

from wildcat.core.errors import WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import Sample
from wildcat.core.scenes import Scene, SceneSet
from wildcat.core.seeding import sample_rng
from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, bootstrap_mean
from wildcat.eval.embedder import Embedded, Embedder, embed_samples, embedding_args, query_side
from wildcat.eval.evaluation import evaluate
from wildcat.eval.regions import ProposalConfig, proposal_recall, propose
from wildcat.eval.views import product_means, with_views

#: pixels of context round a box before it is searched (as evaluation's crop_padding; the seed paper's best)
PADDING = 16
KS = (1, 5, 10)
GENERATOR = "scene-region"


def region_row(scenes: SceneSet, i: int, box: Sequence[float], product_id: str, tag: str, category: str = "") -> Sample:
    """Region `tag` of scene `i` as a query row: the scene's file, the box in its lineage (eval.images crops it)."""
    scene = scenes.scenes[i]
    return Sample(
        sample_id=f"{scene.scene_id}#{tag}",
        path=str(scenes.file(scene)),
        product_id=product_id,
        domain="wild",
        generator=GENERATOR,
        split="test",
        category=category,
        width=scene.width,
        height=scene.height,
        lineage={"box": [float(v) for v in box], "scene": i, "scene_id": scene.scene_id},
    )


def known_rows(scenes: SceneSet, categories: Mapping[str, str] | None = None) -> list[Sample]:
    """Every known box of every scene as a region row."""
    categories = categories or {}
    return [
        region_row(scenes, i, b.box, b.product_id, f"box{j}", categories.get(b.product_id, ""))
        for i, s in enumerate(scenes.scenes)
        for j, b in enumerate(s.boxes)
    ]


def proposal_rows(
    scenes: SceneSet, cfg: ProposalConfig | None = None, progress: bool = False, only: Sequence[int] | None = None
) -> tuple[list[Sample], list[np.ndarray]]:
    """Proposed regions of every scene (or of the scenes at indices `only`) as rows with their product unknown,
    and each of those scenes' proposals."""
    rows, per_scene = [], []
    indices = range(len(scenes.scenes)) if only is None else only
    for i in tqdm(indices, desc="proposals", unit="scene", disable=not progress):
        try:
            boxes = propose(load_array(scenes.file(scenes.scenes[i]), mode="RGB"), cfg)
        except WildcatError:  # an unreadable photo has no regions (embedding it would record it as a reject)
            boxes = np.zeros((0, 4))
        per_scene.append(boxes)
        rows += [region_row(scenes, i, b, "", f"p{j}") for j, b in enumerate(boxes)]
    return rows, per_scene


def search_rows(scenes: SceneSet, cfg: ProposalConfig | None = None, progress: bool = False) -> list[Sample]:
    """What in-situ search indexes: a scene's known boxes when it has any, else its proposed regions."""
    unboxed = [i for i, s in enumerate(scenes.scenes) if not s.boxes]
    return known_rows(scenes) + (proposal_rows(scenes, cfg, progress, unboxed)[0] if unboxed else [])


def draw_box(image: np.ndarray, box: Sequence[float], colour=(255, 40, 40), width: int = 3) -> np.ndarray:
    """A copy of `image` with `box` outlined."""
    out = image.copy()
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    cv2.rectangle(out, (x0, y0), (max(x0, x1 - 1), max(y0, y1 - 1)), colour, width)
    return out


@dataclass(frozen=True)
class SceneHit:
    scene: int  # index into the scene set
    score: float  # the best region's similarity
    box: tuple[float, float, float, float]  # that region


class RegionIndex:
    """Vectors of scene regions; a scene scores by its best region. Exact: a scene set of a million regions is one
    matrix product per query."""

    def __init__(self, embedded: Embedded, n_scenes: int) -> None:
        self.vectors = embedded.vectors
        self.rows = embedded.samples
        self.n_scenes = n_scenes
        self._scene = np.asarray([int(r.lineage["scene"]) for r in self.rows], dtype=np.int64)

    def _sims(self, query: np.ndarray) -> np.ndarray:
        return self.vectors @ np.asarray(query, np.float32).ravel() if len(self.rows) else np.zeros(0)

    def scene_scores(self, query: np.ndarray) -> np.ndarray:
        """[n_scenes] best region similarity per scene (-inf for a scene with no region)."""
        out = np.full(self.n_scenes, -np.inf)
        np.maximum.at(out, self._scene, self._sims(query))
        return out

    def search(self, query: np.ndarray, k: int = 10) -> list[SceneHit]:
        """The k best scenes for a product vector, each with its best region."""
        sims = self._sims(query)
        hits, seen = [], set()
        for r in np.argsort(-sims, kind="stable"):
            scene = int(self._scene[r])
            if scene not in seen:
                seen.add(scene)
                hits.append(SceneHit(scene, float(sims[r]), tuple(self.rows[r].lineage["box"])))
                if len(hits) == k:
                    break
        return hits


def product_vectors(
    embedder: Embedder,
    gallery: Sequence[Sample],
    views: Sequence[Sample] = (),
    views_weight: float | None = None,
    cache: Any = None,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Each product's catalog vector as the index holds it (views blended in as evaluation does), averaged over
    its images and normalised: the query of in-situ search and style search."""
    gal = embed_samples(samples=gallery, desc="gallery", **embedding_args(embedder, cache, 64, progress))
    if views:
        q_args = embedding_args(query_side(embedder), cache, 64, progress)
        gal, _ = with_views(gal, views, lambda rows: embed_samples(samples=rows, desc="views", **q_args), views_weight)
    means = product_means(gal)
    return {p: v / max(float(np.linalg.norm(v)), 1e-12) for p, v in means.items()}


def embed_regions(
    embedder: Embedder, rows: Sequence[Sample], n_scenes: int, cache: Any = None, progress: bool = False
) -> RegionIndex:
    """Regions through the model's query side (scene photos are shoppers' side of the gap)."""
    args = embedding_args(query_side(embedder), cache, 64, progress)
    return RegionIndex(embed_samples(samples=rows, crop_padding=PADDING, desc="regions", **args), n_scenes)


def in_situ_metrics(
    vectors: Mapping[str, np.ndarray],
    regions: RegionIndex,
    scenes: SceneSet,
    ks: Sequence[int] = KS,
    seed: int = 0,
    n_resamples: int = DEFAULT_RESAMPLES,
) -> dict[str, Any]:
    """Per product that has a catalog vector and appears in some scene: average precision of its scenes in the
    ranking of all scenes, and recall@k = its scenes in the top k over min(k, its scenes); means with bootstrap
    intervals over products."""
    per_product = {}
    for pid, shown in scenes.scenes_of().items():
        if pid in vectors:
            per_product[pid] = _ranked_metrics(regions.scene_scores(vectors[pid]), shown, ks)
    if not per_product:
        return {"products": 0}
    names = list(next(iter(per_product.values())))
    out: dict[str, Any] = {"products": len(per_product), "scenes": regions.n_scenes}
    for name in names:
        values = np.asarray([m[name] for m in per_product.values()])
        out[name] = bootstrap_mean(values, sample_rng(seed, "in-situ", 0, name), n_resamples)
    return out


def _ranked_metrics(scores: np.ndarray, relevant: Sequence[int], ks: Sequence[int]) -> dict[str, float]:
    order = np.argsort(-scores, kind="stable")
    hit = np.isin(order, np.asarray(relevant))
    precision_at = np.cumsum(hit) / np.arange(1, len(hit) + 1)
    out = {"map": float(precision_at[hit].sum() / len(relevant))}
    for k in ks:
        out[f"recall@{k}"] = float(hit[:k].sum() / min(k, len(relevant)))
    return out


def style_neighbours(
    vectors: Mapping[str, np.ndarray], categories: Mapping[str, str], product_id: str, k: int = 5
) -> list[tuple[str, float]]:
    """The k products nearest to `product_id` that are not of its category, best first, with their similarity."""
    if product_id not in vectors:
        raise KeyError(f"no catalog vector for product {product_id!r}")
    mine = categories.get(product_id)
    others = [p for p in vectors if p != product_id and categories.get(p) != mine]
    if not others:
        return []
    sims = np.stack([vectors[p] for p in others]) @ vectors[product_id]
    return [(others[i], float(sims[i])) for i in np.argsort(-sims, kind="stable")[:k]]


def evaluate_scenes(
    embedder: Embedder,
    gallery: Sequence[Sample],
    scenes: SceneSet,
    *,
    views: Sequence[Sample] = (),
    views_weight: float | None = None,
    proposals: ProposalConfig | None = None,
    seed: int = 0,
    cache: str | Path | None = None,
    progress: bool = True,
    n_resamples: int = DEFAULT_RESAMPLES,
) -> dict[str, Any]:
    """Region search and in-situ search on the scenes with known boxes; in-situ search again over proposed
    regions (as for photos without boxes) unless `proposals` is None.

    The gallery, views and boxes each serve two measurements: with no `cache` folder given, a temporary one
    spares embedding them twice."""
    if cache is None:
        with tempfile.TemporaryDirectory(prefix="wildcat-scenes-") as tmp:
            return evaluate_scenes(
                embedder, gallery, scenes, views=views, views_weight=views_weight, proposals=proposals, seed=seed,
                cache=tmp, progress=progress, n_resamples=n_resamples,
            )  # fmt: skip
    categories = {g.product_id: g.category for g in gallery}
    known = known_rows(_in_catalog(scenes, set(categories)), categories)  # a box of another shop's product: no query
    report: dict[str, Any] = {"kind": "scene-eval", "scenes": len(scenes.scenes), "known_boxes": len(known)}
    if not known:
        return report
    region = evaluate(
        embedder, gallery, known, seed=seed, views=views, views_weight=views_weight, crop_padding=PADDING,
        cache=cache, progress=progress, n_resamples=n_resamples,
    )  # fmt: skip
    report["region_search"] = region.report["summary"]
    vectors = product_vectors(embedder, gallery, views, views_weight, cache, progress)
    n = len(scenes.scenes)
    # In-situ: every scene is ranked and every box indexed (unknown products are distractors too); only catalog
    # products are asked for.
    metrics = _metrics_for(vectors, scenes, seed, n_resamples)
    report["in_situ"] = {"known_boxes": metrics(embed_regions(embedder, known_rows(scenes), n, cache, progress))}
    if proposals is not None:
        rows, per_scene = proposal_rows(scenes, proposals, progress)
        report["in_situ"]["proposals"] = metrics(embed_regions(embedder, rows, n, cache, progress))
        report["proposals"] = {**proposal_recall(scenes.scenes, per_scene), "config": proposals.model_dump()}
    report["meta"] = {
        "checkpoint_hash": embedder.checkpoint_hash,
        "seed": seed,
        "padding_px": PADDING,
        "scene_set": str(scenes.root),
        "scene_meta": scenes.meta,
        "rejects": region.report.get("rejects", {}).get("count", 0),
    }
    return report


def _metrics_for(vectors, scenes: SceneSet, seed: int, n_resamples: int) -> Callable[[RegionIndex], dict]:
    return lambda regions: in_situ_metrics(vectors, regions, scenes, KS, seed, n_resamples)


def _in_catalog(scenes: SceneSet, products: set[str]) -> SceneSet:
    """The same scenes (same indices) with their boxes of catalog products only: the region search queries."""
    kept = [
        Scene(s.scene_id, s.path, s.width, s.height, tuple(b for b in s.boxes if b.product_id in products), s.lineage)
        for s in scenes.scenes
    ]
    return SceneSet(scenes.root, kept, scenes.meta, scenes.rejects)
