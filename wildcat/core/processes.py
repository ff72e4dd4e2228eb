"""Tasks on a pool of worker processes on this machine: every core busy, no Ray needed.

The default executor of the batch commands. Workers start from a fresh
interpreter (`forkserver`), never as forks of this process: a fork would
inherit this process's OpenMP threads and OpenGL context, and both can hang a
child. The work function is sent once per worker (pickled, as Ray's object
store does), and each worker keeps its module-level caches (decoded
foregrounds, a renderer, an ONNX session) for all the tasks it runs. Workers
use one thread each: the processes are the parallelism.

A worker that dies (a segfault in a native library, the out-of-memory killer)
breaks the whole pool; the tasks that were in flight are then run again one
at a time on a single worker, so a death is pinned on the task that
caused it, which becomes a Reject. The batch always completes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from wildcat.core.jobs import LocalExecutor, Produced, Task, Work, guarded
from wildcat.core.manifest import Reject

log = logging.getLogger(__name__)
#: below this many tasks a batch runs in this process: starting workers would cost more than it saves
MIN_TASKS = 8
MAX_CHUNK = 16  # tasks sent to a worker in one message
DIED = (
    "the worker process died while running this task (a crash in a native library, or out of memory). "
    "Fix: run this input alone with --executor local to see the error"
)
_WORK: Work | None = None  # the work function of this worker process


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers and `taskset` narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ProcessExecutor:
    """Runs tasks on `workers` local processes (default: every available core); results as they finish."""

    def __init__(self, workers: int | None = None, min_tasks: int = MIN_TASKS) -> None:
        self.workers = workers or available_cores()
        self.min_tasks = min_tasks

    def map(self, work: Work, tasks: Sequence[Task]) -> Iterator[tuple[Task, Produced | Reject]]:
        if self.workers <= 1 or len(tasks) < self.min_tasks:
            yield from LocalExecutor().map(work, tasks)
            return
        try:
            payload = pickle.dumps(work)
        except (pickle.PicklingError, AttributeError, TypeError) as exc:  # a lambda, a closure, an open file
            log.warning("the work function cannot be sent to worker processes (%s); running in this process", exc)
            yield from LocalExecutor().map(work, tasks)
            return
        # A few tasks per message: fewer round trips for the driver, still many chunks per worker to balance.
        size = max(1, min(MAX_CHUNK, len(tasks) // (8 * self.workers)))
        chunks = iter([list(tasks[i : i + size]) for i in range(0, len(tasks), size)])
        while lost := (yield from self._pool_run(payload, chunks)):
            yield from _one_by_one(payload, lost)

    def _pool_run(self, payload: bytes, chunks: Iterator[list[Task]]):
        """Run chunks until none is left (returns []) or a worker dies (returns the tasks in flight)."""
        limit = 2 * self.workers  # every worker has its next chunk queued
        in_flight: dict[Future, list[Task]] = {}
        pool = _pool(self.workers, payload)
        try:
            while True:
                while len(in_flight) < limit and (chunk := next(chunks, None)) is not None:
                    try:
                        in_flight[pool.submit(_run, chunk)] = chunk
                    except BrokenProcessPool:  # a worker died since the last result
                        return [*chunk, *(yield from _salvage(in_flight))]
                if not in_flight:
                    return []
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    if isinstance(future.exception(), BrokenProcessPool):
                        return (yield from _salvage(in_flight))
                    yield from _outcomes(future, in_flight.pop(future))
        finally:  # also when the consumer stops early (an error downstream, Ctrl-C): queued chunks are dropped
            pool.shutdown(wait=False, cancel_futures=True)


def _one_by_one(payload: bytes, tasks: list[Task]) -> Iterator[tuple[Task, Produced | Reject]]:
    """Run the tasks that were in flight when a worker died, one at a time on one worker, so that a death is
    the task's own: that task becomes a Reject (and the worker is replaced), the others come back as usual."""
    pool = _pool(1, payload)
    try:
        for task in tasks:
            try:
                future = pool.submit(_run, [task])
                wait([future])
                died = isinstance(future.exception(), BrokenProcessPool)
            except BrokenProcessPool:  # the replacement worker could not even start
                died = True
            if not died:
                yield from _outcomes(future, [task])
                continue
            yield task, Reject(item=task.key, stage="", product_id=task.product_id, reason=DIED)
            pool.shutdown(wait=False)
            pool = _pool(1, payload)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _outcomes(future: Future, chunk: list[Task]) -> Iterator[tuple[Task, Produced | Reject]]:
    """Each task of a finished chunk with its outcome; an error outside `guarded` (a result that cannot be
    pickled back) rejects the chunk's tasks with its reason."""
    exc = future.exception()
    if exc is None:
        yield from zip(chunk, future.result(), strict=True)
        return
    reason = f"unexpected error: {type(exc).__name__}: {exc}"
    for task in chunk:
        yield task, Reject(item=task.key, stage="", product_id=task.product_id, reason=reason)


def _salvage(in_flight: dict[Future, list[Task]]):
    """After a worker died: yield what finished, return the tasks to run again."""
    lost = []
    for future, chunk in in_flight.items():
        if future.done() and not isinstance(future.exception(), BrokenProcessPool):
            yield from _outcomes(future, chunk)
        else:
            lost += chunk
    return lost


def _pool(workers: int, payload: bytes) -> ProcessPoolExecutor:
    # forkserver where the platform has it (Linux, macOS); spawn elsewhere (Windows): never a plain fork
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_install, initargs=(payload,))


def _install(payload: bytes) -> None:
    """Worker start: one thread per library, then the work function (unpickling it imports the stages)."""
    global _WORK
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    _WORK = pickle.loads(payload)
    # Libraries loaded before the variables were set (the server's copy of __main__) keep their pools: limit them.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    if "cv2" in sys.modules:  # OpenCV reads no environment variable for its threads
        sys.modules["cv2"].setNumThreads(1)


def _run(chunk: list[Task]) -> list[Produced | Reject]:
    assert _WORK is not None, "worker started without its work function"
    return [guarded(_WORK, task) for task in chunk]
