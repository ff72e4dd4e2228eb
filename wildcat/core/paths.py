"""Where a path really is: `..` and symlinks resolved, so a file named in a manifest, a catalog or a lineage
can be checked against the folder it must stay in."""

from __future__ import annotations

from pathlib import Path


def inside(path: str | Path, *roots: str | Path) -> bool:
    """Whether `path`, with `..` and symlinks resolved, lies within one of `roots` (a symlink loop does not)."""
    try:
        real = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    return any(real.is_relative_to(Path(root).resolve()) for root in roots)
