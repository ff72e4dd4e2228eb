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
