"""Batch jobs that survive bad input and being killed.

A stage describes its work as picklable `Task`s and one pure function
`work(task) -> Produced`. `run_batch` skips tasks already done (read from the
manifest), runs the rest on an executor, writes each returned file atomically
*before* its manifest row, records every failure as a reject and goes on, and
prints a summary. Because workers return bytes instead of writing, the same
function runs in-process or on Ray workers on other machines, with the same
bytes for the same seed.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from wildcat.core.atomic import exclusive, remove_stale_temps, write_bytes
from wildcat.core.errors import WildcatError
from wildcat.core.manifest import ManifestWriter, Reject, Sample

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    """One unit of work: makes the samples named in `sample_ids` (or is rejected as a whole)."""

    key: str  # unique within the job; a rejected task is recorded under it
    product_id: str
    sample_ids: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Produced:
    """What a task made: files (path relative to the dataset folder -> bytes) and their manifest rows."""

    files: dict[str, bytes]
    samples: list[Sample]


@dataclass
class BatchSummary:
    total: int
    skipped: int = 0
    produced: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0  # wall time of the tasks run (executor start included), not of skipped ones

    def line(self) -> str:
        rej = ", ".join(f"{n}x {r}" for r, n in self.rejected.most_common(5)) or "none"
        rejected = sum(self.rejected.values())
        rate = f" ({self.produced / self.seconds:.1f} samples/s)" if self.produced and self.seconds > 0 else ""
        return (
            f"{self.produced} samples made, {self.skipped} tasks already done, {rejected} rejected ({rej}) "
            f"in {self.seconds:.1f} s{rate}"
        )


Work = Callable[[Task], Produced]


class LocalExecutor:
    """Runs tasks one after another in this process."""

    def map(self, work: Work, tasks: Sequence[Task]) -> Iterator[tuple[Task, Produced | Reject]]:
        for task in tasks:
            yield task, guarded(work, task)


def guarded(work: Work, task: Task, stage: str = "") -> Produced | Reject:
    """Run `work`, turning any failure into a Reject that names the task and the reason."""
    try:
        return work(task)
    except WildcatError as exc:
        return Reject(item=task.key, stage=stage, product_id=task.product_id, reason=str(exc))
    except Exception as exc:  # a bad input must not end the batch; the reason is kept
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Reject(item=task.key, stage=stage, product_id=task.product_id, reason=f"unexpected error: {tb}")


def pending(tasks: Iterable[Task], writer: ManifestWriter) -> tuple[list[Task], int]:
    """Tasks not yet finished (a task rejected before is tried again: the input may be fixed)."""
    todo, skipped = [], 0
    for t in tasks:
        if t.sample_ids and all(s in writer.done for s in t.sample_ids):
            skipped += 1
        else:
            todo.append(t)
    return todo, skipped


def run_batch(
    tasks: Sequence[Task],
    work: Work,
    dataset_dir: str | Path,
    *,
    stage: str,
    executor: Any = None,
    progress: bool = True,
    flush_every: int = 64,
) -> BatchSummary:
    dataset_dir = Path(dataset_dir)
    _check_writable(dataset_dir)
    with exclusive(dataset_dir):
        return _run_locked(tasks, work, dataset_dir, stage, executor or LocalExecutor(), progress, flush_every)


def _check_writable(dataset_dir: Path) -> None:
    """An output folder that cannot be made or locked (read-only, a file in its place) is one clear error, before
    any task runs; a file that cannot be written later rejects only its own task (`_keep`)."""
    try:
        dataset_dir.mkdir(parents=True, exist_ok=True)
        probe = dataset_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise WildcatError(
            dataset_dir, f"cannot write to the output folder ({exc.strerror or exc})", "choose a writable --out folder"
        ) from exc


def _run_locked(
    tasks: Sequence[Task], work: Work, dataset_dir: Path, stage: str, executor: Any, progress: bool, flush_every: int
) -> BatchSummary:
    summary = BatchSummary(total=len(tasks))
    # A job killed mid-write leaves temporary files (images, manifest parts); starting again, with the
    # folder's lock held, is the moment to drop them: no other writer is at work.
    if stale := remove_stale_temps(dataset_dir):
        log.warning("%s: removed %d stale temporary file(s) left by a killed job", dataset_dir, stale)
    with ManifestWriter(dataset_dir, flush_every=flush_every) as writer:
        todo, summary.skipped = pending(tasks, writer)
        bar = tqdm(total=len(todo), desc=stage, unit="task", disable=not progress)
        start = time.perf_counter()
        for task, outcome in executor.map(work, todo):
            if isinstance(outcome, Reject):
                outcome = outcome.model_copy(update={"stage": stage})
                writer.reject(outcome)
                summary.rejected[_short(outcome.reason)] += 1
            else:
                summary.produced += _keep(task, outcome, dataset_dir, writer, stage, summary)
            bar.update(1)
        bar.close()
        summary.seconds = time.perf_counter() - start
    return summary


def _keep(task: Task, outcome: Produced, dataset_dir: Path, writer: ManifestWriter, stage: str, summary) -> int:
    """Write a task's files, then its manifest rows; a file the system refuses (a name too long, a full disk)
    rejects this task alone, with the reason, and the batch goes on. Returns the samples kept."""
    try:
        for rel, data in outcome.files.items():
            write_bytes(dataset_dir / rel, data)
    except OSError as exc:
        reason = f"{exc.filename or rel}: cannot write the output file ({exc.strerror or exc})"
        writer.reject(Reject(item=task.key, stage=stage, product_id=task.product_id, reason=reason))
        summary.rejected[_short(reason)] += 1
        return 0
    for sample in outcome.samples:
        writer.add(sample)
    return len(outcome.samples)


def _short(reason: str) -> str:
    """The reason without the file name, so rejects group by kind in the summary."""
    text = reason.split(": ", 1)[1] if ": " in reason and "/" in reason.split(": ", 1)[0] else reason
    return text.split(". Fix:")[0]
