import pyarrow.parquet as pq

from wildcat.core.manifest import ManifestWriter, Reject, Sample, read_manifest, read_manifest_table, read_rejects


def _sample(i: int) -> Sample:
    return Sample(
        sample_id=f"s{i:03d}",
        path=f"img/{i}.png",
        product_id=f"p{i % 3}",
        domain="synthetic",
        generator="cutpaste",
        width=32,
        height=32,
        lineage={"seed": 5, "index": i, "bg": {"kind": "room"}},
    )


def test_roundtrip_typed_rows(tmp_path):
    with ManifestWriter(tmp_path) as mw:
        for i in (2, 0, 1):
            mw.add(_sample(i))
        mw.reject(Reject(item="bad.jpg", stage="segment", product_id="p1", reason="empty mask"))
    rows = read_manifest(tmp_path)
    assert [r.sample_id for r in rows] == ["s000", "s001", "s002"]  # sorted
    assert rows[1] == _sample(1) and rows[1].lineage["bg"] == {"kind": "room"}
    assert read_rejects(tmp_path) == [Reject(item="bad.jpg", stage="segment", product_id="p1", reason="empty mask")]
    assert (tmp_path / "manifest.parquet").exists() and not (tmp_path / "manifest.parts").exists()
    assert read_manifest(tmp_path / "manifest.parquet") == rows


def test_kill_and_resume_equals_uninterrupted(tmp_path):
    whole = tmp_path / "whole"
    with ManifestWriter(whole, flush_every=4) as mw:
        for i in range(10):
            mw.add(_sample(i))

    killed = tmp_path / "killed"
    mw = ManifestWriter(killed, flush_every=4)
    for i in range(7):
        mw.add(_sample(i))
    del mw  # "killed": no close; rows 4..6 were never flushed, 0..3 were
    resumed = ManifestWriter(killed, flush_every=4)
    assert resumed.done == {f"s{i:03d}" for i in range(4)}
    for i in range(10):
        if f"s{i:03d}" not in resumed.done:
            resumed.add(_sample(i))
    resumed.close()
    assert pq.read_table(killed / "manifest.parquet").equals(pq.read_table(whole / "manifest.parquet"))


def test_duplicate_rows_deduplicated_newest_wins(tmp_path):
    mw = ManifestWriter(tmp_path, flush_every=1)
    mw.add(_sample(1))
    mw.add(_sample(1).model_copy(update={"split": "val"}))
    assert read_manifest_table(tmp_path).num_rows == 1
    assert read_manifest(tmp_path)[0].split == "val"


def test_exception_inside_writer_keeps_finished_rows(tmp_path):
    try:
        with ManifestWriter(tmp_path, flush_every=100) as mw:
            mw.add(_sample(0))
            raise RuntimeError("worker died")
    except RuntimeError:
        pass
    assert [r.sample_id for r in read_manifest(tmp_path)] == ["s000"]
    assert ManifestWriter(tmp_path).done == {"s000"}


def test_absolute_paths_for_use_away_from_the_folder(tmp_path):
    with ManifestWriter(tmp_path) as mw:
        mw.add(_sample(1))
        mw.add(_sample(2).model_copy(update={"path": "/elsewhere/x.png"}))
    rows = read_manifest(tmp_path, absolute=True)
    assert [r.path for r in rows] == [str(tmp_path / "img" / "1.png"), "/elsewhere/x.png"]
    assert read_manifest(tmp_path)[0].path == "img/1.png"
