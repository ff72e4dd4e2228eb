"""Local and Ray executors make the same datasets, byte for byte, and a bad input
under Ray is a reject, not the end of the batch. Ray starts once for the module
(2 CPUs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wildcat.core.errors import ConfigError, MissingDependencyError
from wildcat.core.executors import RayExecutor, create_executor
from wildcat.core.jobs import LocalExecutor, Produced, Task, run_batch
from wildcat.core.manifest import read_manifest_table, read_rejects
from wildcat.segment import SegmentConfig, segment_catalog

from tests.conftest import product_image
from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds, tiny_config


@pytest.fixture(scope="module")
def ray_executor():
    executor = RayExecutor(num_cpus=2)
    try:
        executor.connect()
    except Exception as exc:  # no shared memory, no ports, ...: say why instead of failing every test
        pytest.skip(f"a local Ray cannot start here: {type(exc).__name__}: {exc}")
    yield executor
    executor.shutdown()


@pytest.fixture
def shop(tmp_path):
    """Four good catalog images and one that is not an image at all."""
    root = tmp_path / "shop"
    for category, pid, color, shape in [
        ("mugs", "mug-red", (200, 30, 30), "disc"),
        ("mugs", "mug-blue", (30, 30, 200), "disc"),
        ("lamps", "lamp-green", (30, 200, 30), "box"),
        ("lamps", "lamp-grey", (90, 90, 90), "box"),
    ]:
        (root / category / pid).mkdir(parents=True)
        product_image(color, size=64, shape=shape).save(root / category / pid / "front.png")
    (root / "lamps" / "lamp-broken").mkdir(parents=True)
    (root / "lamps" / "lamp-broken" / "front.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not a picture")
    return root


def files(folder: Path, sub: str) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / sub).rglob("*")) if p.is_file()}


def same_dataset(a: Path, b: Path, sub: str) -> None:
    assert read_manifest_table(a).equals(read_manifest_table(b))
    assert files(a, sub) == files(b, sub) and files(a, sub)
    assert (a / "contact_sheet.png").read_bytes() == (b / "contact_sheet.png").read_bytes()


@pytest.mark.slow
def test_segment_on_ray_equals_local_and_a_bad_image_is_a_reject(ray_executor, shop, tmp_path):
    cfg = SegmentConfig(backend="whitebg")
    local = segment_catalog(shop, tmp_path / "local", cfg, seed=3, progress=False)
    on_ray = segment_catalog(shop, tmp_path / "ray", cfg, seed=3, progress=False, executor=ray_executor)
    assert local.produced == on_ray.produced == 4
    same_dataset(tmp_path / "local", tmp_path / "ray", "cutouts")
    [reject] = read_rejects(tmp_path / "ray")
    assert reject.product_id == "lamp-broken" and reject.stage == "segment"
    assert "lamp-broken/front.png" in reject.reason and "Fix:" in reject.reason


@pytest.mark.slow
def test_compose_on_ray_equals_local(ray_executor, tmp_path):
    catalog = make_catalog(tmp_path / "shop")
    fg = make_foregrounds(tmp_path / "fg")
    bg = make_photo_backgrounds(tmp_path / "bg")
    cfg = tiny_config([str(bg)], per_product=4, bank_dir=str(tmp_path / "bank"))
    from wildcat.synth.compose import compose_dataset

    for name, executor in (("local", None), ("ray", ray_executor)):
        summary = compose_dataset(catalog, [fg], tmp_path / name, cfg, seed=11, progress=False, executor=executor)
        assert summary.produced == 12 and not summary.rejected
    same_dataset(tmp_path / "local", tmp_path / "ray", "images")
    assert (tmp_path / "local" / "coco.json").read_bytes() == (tmp_path / "ray" / "coco.json").read_bytes()


def pid_or_fail(task: Task) -> Produced:
    """Work that names the process it ran in, and fails on one task as a bad input would."""
    if task.params["bad"]:
        raise ValueError(f"cannot use input {task.key}")
    return Produced({f"{task.key}.txt": str(os.getpid()).encode()}, [])


@pytest.mark.slow
def test_ray_reuses_worker_processes_and_survives_a_raising_task(ray_executor, tmp_path):
    tasks = [Task(f"t{i:02d}", "p", (), {"bad": i == 5}) for i in range(16)]
    seen = {task.key: out for task, out in ray_executor.map(pid_or_fail, tasks)}
    assert sorted(seen) == [t.key for t in tasks]  # every task came back, the failing one included
    assert "cannot use input t05" in seen["t05"].reason
    pids = {out.files[f"{key}.txt"] for key, out in seen.items() if isinstance(out, Produced)}
    assert os.getpid() not in {int(p) for p in pids}
    assert len(pids) <= 4 < 15  # a handful of reused workers, not a process per task

    summary = run_batch(tasks, pid_or_fail, tmp_path / "batch", stage="toy", executor=ray_executor, progress=False)
    assert sum(summary.rejected.values()) == 1 and len(list((tmp_path / "batch").glob("t*.txt"))) == 15


def exit_worker(task: Task) -> Produced:
    os._exit(3)  # what a segfault in a native library looks like to Ray


@pytest.mark.slow
def test_a_dying_worker_is_a_reject(ray_executor):
    executor = RayExecutor(max_in_flight=1, max_retries=0)  # joins the module's Ray; no retries keeps it quick
    [(task, outcome)] = list(executor.map(exit_worker, [Task("crash", "p", (), {})]))
    assert outcome.item == "crash" and outcome.reason.startswith("ray task failed")


@pytest.mark.slow
def test_segment_cli_takes_the_ray_executor(ray_executor, shop, tmp_path):
    from wildcat.cli import app

    result = CliRunner().invoke(
        app,
        [
            "segment",
            str(shop),
            "--out",
            str(tmp_path / "out"),
            "--backend",
            "whitebg",
            "--seed",
            "3",
            "--quiet",
            "--executor",
            "ray",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "4 samples made" in result.output and len(read_manifest_table(tmp_path / "out")) == 4


@pytest.mark.parametrize(
    "command",
    [
        ["segment", "{shop}", "--out", "{out}"],
        ["synth", "render", "{shop}", "--cutouts", "{out}", "--out", "{out}"],
        ["synth", "compose", "{shop}", "--foregrounds", "{out}", "--out", "{out}"],
        ["run", "--out", "{out}"],
    ],
)
def test_every_batch_command_takes_the_executor_options(command, shop, tmp_path):
    from wildcat.cli import app

    args = [a.format(shop=shop, out=tmp_path / "out") for a in command] + [
        "--executor",
        "dask",
        "--ray-address",
        "auto",
    ]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, ConfigError) and "unknown executor 'dask'" in str(result.exception)


def test_executor_names_and_options_are_checked(monkeypatch):
    assert isinstance(create_executor("local"), LocalExecutor)
    with pytest.raises(ConfigError, match="unknown executor 'dask'"):
        create_executor("dask")
    with pytest.raises(ConfigError, match="add --executor ray"):
        create_executor("local", address="auto")
    with pytest.raises(ConfigError, match="local Ray only"):
        create_executor("ray", address="auto", num_cpus=4)
    monkeypatch.setitem(sys.modules, "ray", None)  # as if ray were not installed
    with pytest.raises(MissingDependencyError, match=r"wildcat\[ray\]"):
        create_executor("ray")
