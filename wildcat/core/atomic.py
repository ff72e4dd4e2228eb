"""Atomic file writes: write to a temporary name in the same folder, then rename.

A job killed in the middle of a write leaves either the old file or the new
one, never half of one, so a restarted job can trust every file it finds.
"""

from __future__ import annotations

import contextlib
import filecmp
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one writer per folder is then the user's care
    fcntl = None

from wildcat.core.errors import WildcatError  # noqa: E402  (after the optional fcntl)

TMP_PREFIX, TMP_SUFFIX = ".", ".tmp"
LOCK_NAME = ".wildcat.lock"
_LOCAL = threading.local()  # per thread: folders whose lock it holds -> how deeply `exclusive` is nested
# mkstemp's names: PREFIX + the target's name + "." + 8 characters of [a-z0-9_] + SUFFIX.
_OUR_TMP = re.compile(re.escape(TMP_PREFIX) + r".+\.[a-z0-9_]{8}" + re.escape(TMP_SUFFIX))


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it onto `path` on success.

    When the new bytes equal the file already there, that file is kept as it is (its modification time too):
    rerunning a finished job rewrites nothing, and caches keyed by modification time stay valid."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if not _same_bytes(tmp_path, path):
            os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return b.is_file() and a.stat().st_size == b.stat().st_size and filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str | Path, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")


def remove_stale_temps(folder: str | Path) -> int:
    """Delete the temporary files a killed `atomic_path` left under `folder` (only names it makes); return how many.

    Call it only where no other writer is at work in `folder` (a job opening its own output to resume).
    """
    removed = 0
    for root, _, names in os.walk(folder):
        for name in names:
            if _OUR_TMP.fullmatch(name):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed


@contextlib.contextmanager
def exclusive(folder: str | Path) -> Iterator[None]:
    """Hold `folder`'s lock: a second job writing the same folder (two bench protocols sharing a
    workspace's data, two commands pointed at one --out) waits here until the first is done, then finds
    its work finished, or its settings refused by name when they differ from the folder's.

    Without it the second job's clean-up of stale temporaries deletes the first one's files mid-write.
    The lock is the kernel's (flock): a killed holder releases it, so a killed job never blocks a resume.
    Re-entrant within a thread: a job that holds the folder's lock may call code that takes it again.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file in its place, a read-only parent
        raise WildcatError(
            folder, f"cannot make the output folder ({exc.strerror or exc})", "choose a writable --out folder"
        ) from exc
    key, held = folder.resolve(), _held()
    if fcntl is None or key in held:
        held[key] = held.get(key, 0) + 1
        try:
            yield
        finally:
            _release(key)
        return
    with open(folder / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held[key] = 1
        try:
            yield
        finally:
            _release(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _held() -> dict[Path, int]:
    if not hasattr(_LOCAL, "held"):
        _LOCAL.held = {}
    return _LOCAL.held


def _release(key: Path) -> None:
    held = _held()
    held[key] -= 1
    if not held[key]:
        del held[key]
