"""Where `wildcat.core.jobs.run_batch` runs its tasks: in this process, on a pool of
local worker processes (`wildcat.core.processes`, the commands' default), or as
Ray tasks on this machine or a cluster.

Every executor has one method, `map(work, tasks)`, yielding `(task, Produced |
Reject)`. The Ray executor runs `guarded(work, task)` inside each Ray task, so
a bad input comes back as a Reject exactly as it does locally, and a task whose
worker dies outright becomes a Reject too: the batch always completes. Work
functions are pure (they return bytes, the driver writes), so the same seed
gives the same files whichever executor ran them; results arrive in completion
order, and the manifest is sorted by sample id when it is closed.

At most `max_in_flight` tasks are submitted at a time, so the driver never
holds a million pending results. Ray keeps its worker processes between tasks
(`max_calls=0`, even for tasks that ask for a GPU, where Ray's default would
start a fresh process per task), so the module-level caches the stages keep (a
renderer, an ONNX session, decoded foregrounds) are built once per worker.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import typer

from wildcat.core.errors import ConfigError, MissingDependencyError
from wildcat.core.jobs import LocalExecutor, Produced, Task, Work, guarded
from wildcat.core.manifest import Reject
from wildcat.core.processes import ProcessExecutor

EXECUTORS = ("processes", "local", "ray")
#: folders of a source checkout that Ray must not ship to a cluster (on top of .gitignore)
SHIP_EXCLUDES = [".git", ".venv", "tests", "docs", "workspace", "runs"]


def create_executor(
    name: str = "local",
    address: str | None = None,
    num_cpus: int | None = None,
    gpus_per_task: float | None = None,
    max_in_flight: int | None = None,
):
    """`LocalExecutor()` for "local"; a `ProcessExecutor` for "processes" (`num_cpus` workers, default every
    available core); a `RayExecutor` for "ray" (a local Ray of `num_cpus` CPUs unless `address` names a cluster).

    gpus_per_task: GPUs requested by each Ray task; None = the cluster's GPUs
    shared evenly over its CPUs (0 when it has none); 0 = never ask for one.
    """
    if name in ("local", "processes") and address:
        raise ConfigError(None, f"--ray-address {address} is given but the executor is {name}", "add --executor ray")
    if name == "local":
        return LocalExecutor()
    if name == "processes":
        return ProcessExecutor(num_cpus)
    if name == "ray":
        return RayExecutor(address, num_cpus, gpus_per_task, max_in_flight)
    raise ConfigError(None, f"unknown executor {name!r}", f"use one of: {', '.join(EXECUTORS)}")


def executor_option():
    """The `--executor` option every batch command shares."""
    return typer.Option(
        "processes",
        "--executor",
        help="Where tasks run: processes (one worker process per core), local (this process) or ray "
        "(Ray tasks; see docs/scale.md).",
    )


def workers_option():
    """The `--workers` option every batch command shares."""
    return typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes (--executor processes) or CPUs of a local Ray; default: every available core.",
    )


def ray_address_option():
    """The `--ray-address` option every batch command shares."""
    return typer.Option(
        None,
        "--ray-address",
        help="Ray cluster to join (e.g. auto, HOST:6379, ray://HOST:10001); "
        "default: start a local Ray on this machine.",
    )


class RayExecutor:
    """Runs tasks as Ray tasks, one CPU each, with bounded in-flight tasks; results as they finish."""

    def __init__(
        self,
        address: str | None = None,
        num_cpus: int | None = None,
        gpus_per_task: float | None = None,
        max_in_flight: int | None = None,
        runtime_env: dict | None = None,
        max_retries: int = 3,
    ) -> None:
        if importlib.util.find_spec("ray") is None:
            raise MissingDependencyError("ray", "ray")
        if num_cpus is not None and address:
            raise ConfigError(
                None,
                "--workers (num_cpus) applies to a local Ray only",
                "size the cluster when starting it (ray start --num-cpus)",
            )
        self.address, self.num_cpus, self.gpus_per_task = address, num_cpus, gpus_per_task
        self.max_in_flight = max_in_flight
        self.max_retries = max_retries  # times Ray re-runs a task whose worker died (Ray's default: 3)
        self.runtime_env = runtime_env if runtime_env is not None else default_runtime_env(address)
        self.started = False  # whether this executor started Ray (and so may shut it down)

    def connect(self):
        """Start (or join) Ray once; returns the `ray` module."""
        import ray

        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"address": self.address} if self.address else {"num_cpus": self.num_cpus}
            if self.runtime_env:
                kwargs["runtime_env"] = self.runtime_env
            # Quiet: worker output stays in Ray's session logs; failures come back as rejects.
            ray.init(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False, **kwargs)
            self.started = True
        return ray

    def resources(self) -> tuple[float, float]:
        """(CPUs, GPUs) of the cluster."""
        res = self.connect().cluster_resources()
        return float(res.get("CPU", 1.0)), float(res.get("GPU", 0.0))

    def task_gpus(self) -> float:
        """GPUs each task asks for: none on a cluster without GPUs, whatever was asked for."""
        cpus, gpus = self.resources()
        if gpus <= 0:
            return 0.0
        if self.gpus_per_task is not None:
            return float(self.gpus_per_task)
        return min(1.0, gpus / max(cpus, 1.0))  # every CPU slot busy, the GPUs shared among them

    def map(self, work: Work, tasks: Sequence[Task]) -> Iterator[tuple[Task, Produced | Reject]]:
        if not tasks:
            return  # a resumed job with nothing left: no need to start Ray
        ray = self.connect()
        remote = ray.remote(num_cpus=1, num_gpus=self.task_gpus(), max_calls=0, max_retries=self.max_retries)(
            run_guarded
        )
        work_ref = ray.put(work)  # shipped once, not with every task
        limit = self.max_in_flight or max(2, 2 * int(self.resources()[0]))
        queue, in_flight = iter(tasks), {}
        try:
            while True:
                while len(in_flight) < limit and (task := next(queue, None)) is not None:
                    in_flight[remote.remote(work_ref, task)] = task
                if not in_flight:
                    return
                [ref], _ = ray.wait(list(in_flight), num_returns=1)
                task = in_flight.pop(ref)
                yield task, _outcome(ray, ref, task)
        finally:
            for ref in in_flight:  # stopped early (Ctrl-C, an error downstream): drop what is queued
                ray.cancel(ref)

    def shutdown(self) -> None:
        """Stop the Ray this executor started (joined clusters are left running)."""
        if self.started:
            import ray

            ray.shutdown()
            self.started = False


def run_guarded(work: Work, task: Task) -> Produced | Reject:
    """The Ray task: a failure in `work` becomes a Reject, as in the local executor."""
    return guarded(work, task)


def _outcome(ray, ref, task: Task) -> Produced | Reject:
    try:
        return ray.get(ref)
    except ray.exceptions.RayError as exc:  # the worker died or could not run the task at all
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        fix = ""
        if "ModuleNotFoundError" in str(exc):
            fix = (
                " Fix: install wildcat on every node, or run from a source checkout so its code is shipped"
                " (docs/scale.md)."
            )
        return Reject(
            item=task.key, stage="", product_id=task.product_id, reason=f"ray task failed: {first[:300]}.{fix}"
        )


def default_runtime_env(address: str | None) -> dict | None:
    """What Ray workers need to import wildcat.

    A local Ray starts its workers from this interpreter and environment, with
    this directory on their path: nothing to ship. A cluster gets this source
    checkout as its working_dir (honouring .gitignore); a pip-installed wildcat
    has no checkout to ship and must be installed on the nodes.
    """
    root = Path(__file__).resolve().parents[2]
    if not address or not (root / "pyproject.toml").is_file():
        return None
    return {"working_dir": str(root), "excludes": SHIP_EXCLUDES}
