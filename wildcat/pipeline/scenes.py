"""Scenes in a workspace: the built-in demo's multi-product scenes, and a model's scene evaluation (region search,
in-situ search) written beside its retrieval evaluation and compared across models in one table."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wildcat.core.atomic import write_json, write_text
from wildcat.core.catalog import Catalog, catalog_samples
from wildcat.core.manifest import Sample
from wildcat.core.scenes import SceneSet
from wildcat.core.seeding import stable_hash
from wildcat.core.workspace import Workspace
from wildcat.eval.markdown import ci, table
from wildcat.eval.regions import ProposalConfig
from wildcat.eval.scenes import evaluate_scenes, known_rows
from wildcat.pipeline.stages import evaluation_inputs
from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes

REPORT = "scenes.json"
MARKDOWN = "scenes.md"
DEMO_SCENES = "scenes"  # the demo's scene set, under the workspace's data/
#: the demo's scenes: its wild photos (3D scenes, another generator than the training data), two to four a scene
DEMO_MOSAIC = MosaicConfig(size=384, max_scenes=48)


def demo_scenes(ws: Workspace, queries: Sequence[Sample], seed: int, progress: bool) -> SceneSet:
    """Multi-product scenes made of the demo's labelled wild photos (each photo in one scene at most)."""
    return make_mosaic_scenes(list(queries), ws.data(DEMO_SCENES), DEMO_MOSAIC, seed, progress)


def evaluate_scene_set(
    catalog: Catalog,
    ws: Workspace,
    name: str,
    embedder,
    scenes: SceneSet,
    seed: int,
    progress: bool,
    views: Sequence[Sample] = (),
    views_weight: float | None = None,
    proposals: ProposalConfig | None = None,
) -> dict[str, Any]:
    """The model's scene report in its evaluation folder (scenes.json, scenes.md); read back when its inputs
    (model, catalog and scene images, views, seed, proposal settings) are unchanged."""
    proposals = proposals or ProposalConfig()
    gallery = catalog_samples(catalog)
    regions = known_rows(scenes)
    inputs = evaluation_inputs(embedder, gallery, regions, [], views, views_weight, seed)
    boxes = [(r.product_id, r.lineage["box"]) for r in regions]  # an edited box of an unchanged photo counts
    inputs += f"|{stable_hash(json.dumps([boxes, proposals.model_dump()], sort_keys=True)):016x}"
    out = ws.evaluation(name)
    done = _read(out / REPORT)
    if done.get("meta", {}).get("inputs") == inputs:
        return done
    report = evaluate_scenes(
        embedder, gallery, scenes, views=views, views_weight=views_weight, proposals=proposals, seed=seed,
        cache=ws.root / "cache", progress=progress,
    )  # fmt: skip
    report.setdefault("meta", {})["inputs"] = inputs
    write_json(out / REPORT, report)
    write_text(out / MARKDOWN, scene_table({name: report}) + "\n")
    return report


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def scene_table(reports: Mapping[str, Mapping[str, Any]]) -> str:
    """One row per model: region search recall@1/@5 and in-situ mAP and recall@10 (known boxes, then proposed
    regions), each with its 95% bootstrap interval."""
    header = ["model", "region search R@1", "region search R@5", "in-situ mAP", "in-situ R@10"]
    header += ["in-situ mAP, proposals", "in-situ R@10, proposals"]
    rows = []
    for name, r in reports.items():
        region, situ = r.get("region_search", {}), r.get("in_situ", {})
        known, proposed = situ.get("known_boxes", {}), situ.get("proposals", {})
        rows.append(
            [name, ci(region.get("recall@1")), ci(region.get("recall@5")), ci(known.get("map"))]
            + [ci(known.get("recall@10")), ci(proposed.get("map")), ci(proposed.get("recall@10"))]
        )
    first = next(iter(reports.values()), {})
    found = first.get("proposals", {})
    note = (
        f"\n\n{first.get('scenes', 0)} scenes, {first.get('known_boxes', 0)} known boxes "
        f"(region search queries), {first.get('in_situ', {}).get('known_boxes', {}).get('products', 0)} products "
        f"asked for (in-situ); proposals: {found.get('per_scene', 0):.0f} a scene, "
        f"recall of the known boxes at IoU 0.5 {found.get('recall@iou0.5', float('nan')):.3f}."
    )
    return table(header, rows) + note
