import numpy as np

from wildcat.core.contact_sheet import contact_sheet
from wildcat.core.errors import ImageLoadError
from wildcat.core.imageio import encode_png
from wildcat.core.jobs import Produced, Task, run_batch
from wildcat.core.manifest import Sample, read_manifest, read_rejects


def _work(task: Task) -> Produced:
    if task.params.get("bad"):
        raise ImageLoadError(f"/data/{task.key}.jpg", "the image data is truncated or corrupt", "re-export it")
    if task.params.get("bug"):
        raise ZeroDivisionError("boom")
    arr = np.full((4, 4, 3), task.params["v"], dtype=np.uint8)
    rel = f"img/{task.key}.png"
    return Produced(
        {rel: encode_png(arr)},
        [
            Sample(
                sample_id=task.sample_ids[0],
                path=rel,
                product_id=task.product_id,
                domain="synthetic",
                generator="test",
                lineage={"v": task.params["v"]},
            )
        ],
    )


def _tasks(n, bad=()):
    return [
        Task(key=f"t{i}", product_id="p", sample_ids=(f"t{i}",), params={"v": i, "bad": i in bad, "bug": i == 99})
        for i in range(n)
    ]


def test_batch_goes_on_past_bad_input_and_records_it(tmp_path):
    summary = run_batch(_tasks(5, bad={1, 3}), _work, tmp_path, stage="test", progress=False)
    assert summary.produced == 3 and sum(summary.rejected.values()) == 2
    assert list(summary.rejected) == ["the image data is truncated or corrupt"]
    assert [r.item for r in read_rejects(tmp_path)] == ["t1", "t3"]
    assert all(r.stage == "test" and "/data/t1.jpg" in read_rejects(tmp_path)[0].reason for r in read_rejects(tmp_path))
    assert [s.sample_id for s in read_manifest(tmp_path)] == ["t0", "t2", "t4"]
    assert (tmp_path / "img" / "t4.png").exists()


def test_unexpected_error_is_a_reject_not_a_crash(tmp_path):
    tasks = _tasks(2) + [Task(key="t99", product_id="p", sample_ids=("t99",), params={"v": 0, "bug": True})]
    summary = run_batch(tasks, _work, tmp_path, stage="test", progress=False)
    assert summary.produced == 2 and "ZeroDivisionError" in read_rejects(tmp_path)[0].reason


def test_rerun_skips_finished_tasks(tmp_path):
    run_batch(_tasks(3), _work, tmp_path, stage="test", progress=False)
    again = run_batch(_tasks(4), _work, tmp_path, stage="test", progress=False)
    assert again.skipped == 3 and again.produced == 1


def test_contact_sheet_grid():
    imgs = [np.zeros((10, 20, 3), np.uint8), np.zeros((20, 10, 4), np.uint8)]
    sheet = contact_sheet(imgs, ["a", "b"], tile=32, columns=2)
    assert sheet.shape == (32 + 14, 64, 3)
    assert sheet[16, 16].tolist() == [0, 0, 0]  # the opaque black image, centred in its tile
    assert sheet[16, 48].tolist() in ([235] * 3, [200] * 3)  # transparent image shows the checkerboard


def test_resume_removes_stale_temporary_files_of_the_atomic_writer(tmp_path, caplog):
    run_batch(_tasks(2), _work, tmp_path, stage="test", progress=False)
    # What a SIGKILL mid-write leaves: an image's and a manifest part's temporary files (mkstemp names).
    (tmp_path / "manifest.parts").mkdir()
    stale = [tmp_path / "img" / ".t2.png.k3_x9q0a.tmp", tmp_path / "manifest.parts" / ".part-0a1b.parquet.abcd1234.tmp"]
    kept = [tmp_path / "img" / "notes.tmp", tmp_path / ".hidden.tmp", tmp_path / "img" / ".t3.png.ABCDEFGH.tmp"]
    for p in stale + kept:
        p.write_bytes(b"half a file")
    with caplog.at_level("WARNING", logger="wildcat.core.jobs"):
        again = run_batch(_tasks(3), _work, tmp_path, stage="test", progress=False)
    assert again.produced == 1 and not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)  # not names our writer makes: left alone
    assert "removed 2 stale temporary file(s)" in caplog.text
    assert not (tmp_path / "manifest.parts").exists()  # the parts folder could be folded and removed


def test_a_second_job_on_the_same_folder_waits_for_the_first(tmp_path):
    """Two bench protocols sharing a workspace's data: the second must not clean up the first's files mid-write."""
    import threading

    from wildcat.core.atomic import exclusive

    run_batch(_tasks(2), _work, tmp_path, stage="test", progress=False)
    in_flight = tmp_path / "img" / ".t2.png.k3_x9q0a.tmp"  # a file the first job is writing right now
    second = threading.Thread(
        target=run_batch, args=(_tasks(3), _work, tmp_path), kwargs=dict(stage="test", progress=False)
    )
    with exclusive(tmp_path):  # the first job, at work
        in_flight.write_bytes(b"half an image")
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive() and in_flight.exists()  # waiting, and the first job's file untouched
        assert [s.sample_id for s in read_manifest(tmp_path)] == ["t0", "t1"]
    second.join(timeout=30)
    assert not second.is_alive()
    assert [s.sample_id for s in read_manifest(tmp_path)] == ["t0", "t1", "t2"]  # then it did its share
    assert not in_flight.exists()  # the first job is gone: what it left is stale now, and removed


def test_a_file_the_system_refuses_rejects_its_task_alone(tmp_path):
    tasks = _tasks(3)
    long_key = Task(key="x" * 300, product_id="p", sample_ids=("long",), params={"v": 7, "bad": False, "bug": False})
    summary = run_batch([*tasks, long_key], _work, tmp_path, stage="test", progress=False)
    assert summary.produced == 3 and sum(summary.rejected.values()) == 1
    (reject,) = read_rejects(tmp_path)
    assert reject.item == "x" * 300 and "cannot write the output file" in reject.reason
    assert len(read_manifest(tmp_path)) == 3


def test_an_unwritable_output_folder_is_one_clear_error(tmp_path):
    import pytest

    from wildcat.core.errors import WildcatError

    occupied = tmp_path / "out"
    occupied.write_text("a file where the folder should be")
    with pytest.raises(WildcatError, match="cannot write to the output folder.*choose a writable --out folder"):
        run_batch(_tasks(2), _work, occupied, stage="test", progress=False)
