"""The workspace's samples as one table: catalog images, labelled photos and every dataset."""

from __future__ import annotations

from pathlib import Path

from wildcat.ui.sample_table import CATALOG_DATASET, sample_row, workspace_samples

from tests.ui.tiny_workspace import COMPOSITES_PER_PRODUCT, CUTOUTS_PER_PRODUCT, PRODUCTS, WILD_PER_PRODUCT


def test_every_sample_with_an_absolute_file_and_its_background(tiny_ws):
    table = workspace_samples(tiny_ws.ws, tiny_ws.catalog)
    rows = table.to_pylist()
    assert len(rows) == len(PRODUCTS) * (1 + WILD_PER_PRODUCT + CUTOUTS_PER_PRODUCT + COMPOSITES_PER_PRODUCT)
    assert all(Path(r["file"]).is_absolute() and Path(r["file"]).is_file() for r in rows)
    by_gen = {}
    for r in rows:
        by_gen.setdefault(r["generator"], set()).add(r["background"])
    assert by_gen["cutpaste"] <= {"store", "room"} and by_gen["cutpaste"]
    assert by_gen["catalog"] == by_gen["wild"] == by_gen["cutout"] == {""}
    assert {r["dataset"] for r in rows} == {CATALOG_DATASET, "cutouts", "cutpaste"}


def test_sample_row_reads_the_full_lineage(tiny_ws):
    row = sample_row(tiny_ws.ws, tiny_ws.catalog, "cutpaste", "cutpaste/mug-yellow/00001")
    assert row.lineage["seed"] == 3 and row.lineage["index"] == 1 and "background" in row.lineage
    catalog_row = sample_row(tiny_ws.ws, tiny_ws.catalog, CATALOG_DATASET, "catalog/mug-yellow/0")
    assert catalog_row.path == str(tiny_ws.catalog.by_id()["mug-yellow"].images[0])
    assert sample_row(tiny_ws.ws, tiny_ws.catalog, "cutpaste", "no/such/sample") is None


def test_an_empty_workspace_has_an_empty_table(tmp_path):
    from wildcat.core.workspace import Workspace

    assert workspace_samples(Workspace.at(tmp_path), None).num_rows == 0
