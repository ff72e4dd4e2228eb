"""`wildcat run` end to end on a miniature of the built-in catalog."""
import json

import pytest

from wildcat.manifest import read_manifest
from wildcat.pipeline.default_job import DefaultCatalogSize, run_default
from wildcat.workspace import Workspace


@pytest.mark.slow
@pytest.mark.render
def test_whole_job_on_a_miniature_default_catalog(tmp_path):
    size = DefaultCatalogSize(products_per_category=2, categories=["mug", "carton"], wild_per_product=2, wild_size=48)
    out = run_default(tmp_path / "ws", seed=3, budget="smoke", progress=False, size=size)
    ws = Workspace.at(tmp_path / "ws")
    report = json.loads((out / "report.json").read_text())
    assert (out / "report.md").exists()
    assert [p.name for p in ws.runs()] == ["after", "before"]
    assert [p.name for p in ws.evaluations()] == ["after", "before"]
    wild = read_manifest(ws.data("wild"))
    assert len(wild) == 8 and {r.domain for r in wild} == {"wild"} and {r.generator for r in wild} == {"wild-scene"}
    # the same 8 queries were answered by both models
    assert "before" in json.dumps(report) and "after" in json.dumps(report)
    comp = read_manifest(next(p for p in ws.datasets() if p.name.startswith("composites")))
    assert len(comp) == 8 and {r.product_id for r in comp} == {r.product_id for r in wild}
    assert ws.catalog.exists()
