"""The process executor (the batch commands' default): the same datasets as in this process, byte for byte,
its workers reused, and a raising or dying task a reject while the batch completes."""

from __future__ import annotations

import os
import time

import pytest

from wildcat.core.executors import create_executor
from wildcat.core.jobs import Produced, Task, run_batch
from wildcat.core.manifest import read_rejects
from wildcat.core.processes import ProcessExecutor, available_cores

from tests.core.test_executors import same_dataset
from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds, tiny_config


def pid_or_fail(task: Task) -> Produced:
    """Work that names the process it ran in; fails as a bad input would, or kills its process as a segfault would."""
    if task.params.get("die"):
        os._exit(3)
    time.sleep(task.params.get("sleep", 0))
    if task.params.get("bad"):
        raise ValueError(f"cannot use input {task.key}")
    return Produced({f"{task.key}.txt": str(os.getpid()).encode()}, [])


def outcomes(executor, tasks):
    return {task.key: out for task, out in executor.map(pid_or_fail, tasks)}


@pytest.mark.slow
def test_compose_on_processes_equals_local(tmp_path):
    catalog = make_catalog(tmp_path / "shop")
    fg = make_foregrounds(tmp_path / "fg")
    bg = make_photo_backgrounds(tmp_path / "bg")
    cfg = tiny_config([str(bg)], per_product=4, bank_dir=str(tmp_path / "bank"))
    from wildcat.synth.compose import compose_dataset

    for name, executor in (("local", None), ("processes", ProcessExecutor(2, min_tasks=1))):
        summary = compose_dataset(catalog, [fg], tmp_path / name, cfg, seed=11, progress=False, executor=executor)
        assert summary.produced == 12 and not summary.rejected
    same_dataset(tmp_path / "local", tmp_path / "processes", "images")
    assert (tmp_path / "local" / "coco.json").read_bytes() == (tmp_path / "processes" / "coco.json").read_bytes()


def test_workers_are_reused_and_a_raising_task_is_a_reject(tmp_path):
    tasks = [Task(f"t{i:02d}", "p", (), {"bad": i == 5, "sleep": 0.2}) for i in range(16)]
    seen = outcomes(ProcessExecutor(2), tasks)
    assert sorted(seen) == [t.key for t in tasks]
    assert "cannot use input t05" in seen["t05"].reason
    pids = {int(out.files[f"{key}.txt"]) for key, out in seen.items() if isinstance(out, Produced)}
    assert os.getpid() not in pids and len(pids) == 2  # both workers ran the 15, not a process per task

    summary = run_batch(tasks, pid_or_fail, tmp_path / "batch", stage="toy", executor=ProcessExecutor(2))
    assert sum(summary.rejected.values()) == 1 and len(list((tmp_path / "batch").glob("t*.txt"))) == 15
    [reject] = read_rejects(tmp_path / "batch")
    assert reject.item == "t05" and reject.stage == "toy"


def test_a_dying_worker_rejects_its_own_task_and_the_batch_completes():
    tasks = [Task(f"t{i:02d}", "p", (), {"die": i == 3}) for i in range(12)]
    seen = outcomes(ProcessExecutor(2), tasks)
    assert sorted(seen) == [t.key for t in tasks]  # nothing lost, nothing twice
    rejected = {key for key, out in seen.items() if not isinstance(out, Produced)}
    assert rejected == {"t03"}  # the tasks in flight beside it were run again, not blamed
    assert "worker process died" in seen["t03"].reason and "Fix:" in seen["t03"].reason


def test_work_that_cannot_be_pickled_runs_in_this_process():
    tasks = [Task(f"t{i}", "p", (), {}) for i in range(10)]
    seen = list(ProcessExecutor(2).map(lambda task: pid_or_fail(task), tasks))  # a lambda: no worker can load it
    assert len(seen) == 10 and {int(out.files[f"{t.key}.txt"]) for t, out in seen} == {os.getpid()}


def test_small_batches_and_one_worker_run_in_this_process():
    few = [Task(f"t{i}", "p", (), {}) for i in range(3)]
    for executor, tasks in ((ProcessExecutor(2), few), (ProcessExecutor(1, min_tasks=1), few * 4)):
        pids = {int(out.files[f"{t.key}.txt"]) for t, out in executor.map(pid_or_fail, tasks)}
        assert pids == {os.getpid()}


def test_the_default_executor_uses_every_available_core():
    executor = create_executor("processes")
    assert isinstance(executor, ProcessExecutor) and executor.workers == available_cores() >= 1
    assert create_executor("processes", num_cpus=3).workers == 3
