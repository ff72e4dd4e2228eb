"""What a workspace holds and the commands for what it lacks."""

from __future__ import annotations

from wildcat.core.workspace import Workspace
from wildcat.ui import hints
from wildcat.ui.catalog_info import ALL_MARKETS, market_options, market_products
from wildcat.ui.workspace_status import workspace_parts


def test_parts_of_a_full_and_an_empty_workspace(tiny_ws, tmp_path):
    parts = {p.name: p for p in workspace_parts(tiny_ws.ws, tiny_ws.catalog, "", ["en-IN", "en-US"])}
    assert (
        parts["catalog"].count == 6
        and parts["training runs"].detail == "after, before"
        and not parts["evaluations"].command
    )
    empty = Workspace.at(tmp_path)
    parts = {p.name: p for p in workspace_parts(empty, None, "catalog.json does not exist", [])}
    assert parts["catalog"].command == f"wildcat catalog import PATH/TO/CATALOG --out {empty.catalog}"
    assert parts["locale packs"].command == f"wildcat locale add en-IN --workspace {empty.root}"


def test_missing_steps_lists_only_what_is_missing_in_order(tiny_ws, tmp_path):
    assert hints.missing_steps(tiny_ws.ws, "evaluations") == ""
    steps = hints.missing_steps(Workspace.at(tmp_path), "evaluations").splitlines()
    assert [s.split()[1] for s in steps] == ["catalog", "segment", "synth", "train", "train", "eval", "eval"]
    assert hints.missing_steps(Workspace.at(tmp_path / "with space"), "catalog").endswith(
        f"'{tmp_path / 'with space'}/catalog.json'"
    )


def test_markets_offered_and_products_sold_there(tiny_ws):
    assert market_options(tiny_ws.catalog, ["en-GB"]) == [ALL_MARKETS, "en-GB", "en-IN", "en-US"]
    assert market_products(tiny_ws.catalog, "en-US") == {"tunic-red", "tunic-green", "mug-yellow", "mug-purple"}
    assert market_products(tiny_ws.catalog, ALL_MARKETS) is None and market_products(None, "en-US") is None


def test_wild_photos_count_the_catalog_queries_and_the_wild_datasets(tiny_ws, tmp_path):
    from wildcat.core.manifest import ManifestWriter, Sample
    from wildcat.ui.workspace_status import wild_photos

    in_catalog = len(tiny_ws.catalog.queries)
    assert wild_photos(tiny_ws.ws, tiny_ws.catalog) >= in_catalog > 0
    ws = Workspace.at(tmp_path / "ws")
    with ManifestWriter(ws.data("wild-s0")) as mw:  # the way `wildcat run` keeps its query photos
        for i in range(4):
            mw.add(Sample(sample_id=f"w{i}", path=f"w{i}.png", product_id="p", domain="wild", generator="wild"))
        mw.add(Sample(sample_id="c0", path="c0.png", product_id="p", domain="catalog", generator="catalog"))
    assert wild_photos(ws, None) == 4
    parts = {p.name: p for p in workspace_parts(ws, tiny_ws.catalog, "", [])}
    assert f"{in_catalog + 4} labelled wild photos" in parts["catalog"].detail


def test_packs_in_use_are_the_installed_and_the_shipped_ones_products_name(tiny_ws):
    from wildcat.ui.workspace_status import packs_in_use

    named = sorted({loc for p in tiny_ws.catalog.products for loc in p.locales} & {"en-IN", "en-US"})
    assert packs_in_use([], ["en-IN", "en-US"], tiny_ws.catalog) == named
    assert packs_in_use(["xx-YY"], ["en-IN", "en-US"], None) == ["xx-YY"]
