"""Where the UI reads from: the workspace named by the environment (never by
the URL), the folders images may be shown from, and change stamps that key
the caches."""

from __future__ import annotations

import os
from pathlib import Path

from wildcat.core.workspace import Workspace

#: Environment variable holding the workspace folder (`wildcat ui` sets it; the
#: `wildcat locale` commands read the same one).
WORKSPACE_ENV = "WILDCAT_WORKSPACE"


def current_workspace() -> Workspace:
    """The workspace given by $WILDCAT_WORKSPACE (default: ./workspace)."""
    return Workspace.at(os.environ.get(WORKSPACE_ENV) or None)


def stamp(*paths: str | Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of each path that exists: a cache key that changes when a file is rewritten.

    A folder's entry changes when files are added to or removed from it (a job writing parts)."""
    out = []
    for p in paths:
        try:
            st = Path(p).stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def manifest_stamp(dataset_dir: str | Path) -> tuple[tuple[str, int, int], ...]:
    """Change stamp of a dataset's manifest: the consolidated file and the parts folder of a running job."""
    d = Path(dataset_dir)
    parts = d / "manifest.parts"
    files = sorted(parts.glob("part-*.parquet")) if parts.is_dir() else []
    return stamp(d / "manifest.parquet", parts, *files)
