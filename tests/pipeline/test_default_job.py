"""`wildcat run` end to end on a miniature of the built-in catalog."""

import hashlib
import json
import os
from pathlib import Path

import pytest

from wildcat.cli.run import zero_shot_line
from wildcat.core.catalog import load_catalog
from wildcat.core.manifest import read_manifest, read_rejects
from wildcat.core.scenes import load_scenes
from wildcat.core.workspace import Workspace
from wildcat.pipeline.default_job import DefaultCatalogSize, run_default


@pytest.mark.slow
@pytest.mark.render
def test_whole_job_on_a_miniature_default_catalog(tmp_path):
    size = DefaultCatalogSize(
        products_per_category=2,
        categories=["mug", "carton"],
        wild_per_product=2,
        wild_size=48,
        apparel_per_class=1,
        apparel_wild_per_product=1,
    )
    out = run_default(tmp_path / "ws", seed=3, budget="smoke", progress=False, size=size)
    ws = Workspace.at(tmp_path / "ws")
    report = json.loads((out / "report.json").read_text())
    assert (out / "report.md").exists()
    assert [p.name for p in ws.runs()] == ["after", "before"]
    assert [p.name for p in ws.evaluations()] == ["after", "before", "zero-shot"]
    wild = read_manifest(ws.data("wild"))
    assert len(wild) == 8 and {r.domain for r in wild} == {"wild"} and {r.generator for r in wild} == {"wild-scene"}
    # the same 8 queries were answered by both models
    assert "before" in json.dumps(report) and "after" in json.dumps(report)
    catalog = load_catalog(ws.catalog)
    apparel = [p for p in catalog.products if p.parent_category not in ("home", "groceries")]
    assert {"kurti", "tunic"} <= {p.category for p in apparel}  # the en-IN pack and its Western look-alikes
    assert {"en-IN", "en-US"} <= {loc for p in apparel for loc in p.locales}
    comp = read_manifest(next(p for p in ws.datasets() if p.name.startswith("composites")))
    missing = {p.id for p in catalog.products} - {r.product_id for r in comp}
    assert missing <= {r.product_id for r in read_rejects(ws.data("cutouts-s3"))}  # none lost without a recorded reason
    after, before = (json.loads((ws.evaluation(n) / "report.json").read_text())["meta"] for n in ("after", "before"))
    assert after["n_queries"] == 8 + len(apparel)  # built-in 3D-scene photos + one wild-style photo per garment
    # "after" indexes its training composites with the catalog; "before" trained on none, so it has none
    assert after["views"]["view_images"] == len(comp) and before["views"] is None
    zero_shot = json.loads((ws.evaluation("zero-shot") / "report.json").read_text())
    assert zero_shot["meta"]["n_queries"] == after["n_queries"]  # the untrained pretrained baseline, same queries
    assert zero_shot["meta"]["views"] is None
    assert zero_shot_line(tmp_path / "ws").startswith("zero-shot: EfficientNet-Lite0")
    # multi-product scenes of the wild photos, measured for the three models in one table
    scenes = load_scenes(ws.data("scenes"))
    assert scenes.scenes and all(len(s.products()) >= 2 for s in scenes.scenes)
    table = (ws.comparison("scenes") / "scenes.md").read_text()
    assert all(f"| {name} | " in table for name in ("zero-shot", "before", "after"))
    scene_report = json.loads((ws.evaluation("after") / "scenes.json").read_text())
    assert scene_report["region_search"]["n"] == sum(len(s.boxes) for s in scenes.scenes)
    assert scene_report["in_situ"]["known_boxes"]["products"] > 0 and "proposals" in scene_report["in_situ"]
    # A rerun of the finished job reads every stage back: no file is rewritten, none changes
    before_rerun = _files(tmp_path / "ws")
    run_default(tmp_path / "ws", seed=3, budget="smoke", progress=False, size=size)
    assert _files(tmp_path / "ws") == before_rerun
    # while an evaluation whose inputs changed (here: an edited query photo) is made again
    photo = Path(wild[0].resolve(ws.data("wild")))
    photo.write_bytes(photo.read_bytes())
    os.utime(photo, ns=(1, 1))
    run_default(tmp_path / "ws", seed=3, budget="smoke", progress=False, size=size)
    rewritten = {p for p, state in _files(tmp_path / "ws").items() if before_rerun.get(p) != state}
    assert {"eval/after/report.json", "eval/before/report.json", "eval/zero-shot/report.json"} <= rewritten


def _files(root: Path) -> dict[str, tuple[int, str]]:
    """Every file under `root` (caches and locks aside): modification time and content hash."""
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(root.rglob("*"))
        if p.is_file() and "cache" not in p.relative_to(root).parts and not p.name.endswith(".lock")
    }
