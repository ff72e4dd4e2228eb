from wildcat.core.workspace import Workspace


def test_listing_finds_only_finished_things(tmp_path):
    ws = Workspace.at(tmp_path)
    assert ws.datasets() == [] and ws.runs() == []
    (ws.data("cutouts")).mkdir(parents=True)
    (ws.data("cutouts") / "manifest.parquet").write_bytes(b"")
    ws.data("empty").mkdir()
    ws.run("before").mkdir(parents=True)
    (ws.run("before") / "final.pt").write_bytes(b"")
    ws.run("crashed").mkdir()
    assert [p.name for p in ws.datasets()] == ["cutouts"]
    assert [p.name for p in ws.runs()] == ["before"]
    assert ws.catalog == tmp_path / "catalog.json"


def test_disk_usage_sums_each_top_level_folder(tmp_path):
    ws = Workspace.at(tmp_path)
    assert ws.disk_usage() == {} and ws.size_line() == "workspace: 0.0 MB (empty)"
    ws.run("a").mkdir(parents=True)
    (ws.run("a") / "final.pt").write_bytes(b"x" * 2_000_000)
    ws.data("cutouts/images").mkdir(parents=True)
    (ws.data("cutouts/images") / "0.png").write_bytes(b"x" * 300_000)
    (ws.data("cutouts") / "manifest.parquet").write_bytes(b"x" * 200_000)
    ws.catalog.write_bytes(b"x" * 50_000)
    assert ws.disk_usage() == {"runs": 2_000_000, "data": 500_000, ".": 50_000}
    assert ws.size_line() == "workspace: 2.5 MB (runs 2.0 MB, data 0.5 MB, . 0.1 MB)"
