"""Error types shared by every stage.

Every error a user can cause names the file (or field) at fault and says how to
fix it, so a batch can record it as a reject and go on.
"""

from __future__ import annotations

from pathlib import Path


class WildcatError(Exception):
    """Base class: a problem with the user's input, not a bug in wildcat."""

    def __init__(self, path: str | Path | object | None, reason: str, fix: str = "") -> None:
        self.path = describe_source(path) if path is not None else None
        self.reason = reason
        self.fix = fix
        where = f"{self.path}: " if self.path else ""
        hint = f" Fix: {fix}" if fix else ""
        super().__init__(f"{where}{reason}.{hint}")


class ImageLoadError(WildcatError):
    """An image that cannot be used: unreadable, truncated, too large, odd format."""


class ConfigError(WildcatError):
    """An invalid configuration file or value."""


class CatalogError(WildcatError):
    """A catalog that cannot be imported."""


class MissingDependencyError(WildcatError):
    """An optional dependency (pyrender, rembg, ray, ...) is not installed."""

    def __init__(self, module: str, extra: str | None = None) -> None:
        fix = f"pip install 'wildcat[{extra}]'" if extra else f"pip install {module}"
        super().__init__(None, f"the optional dependency '{module}' is not installed", fix)


def describe_source(source: object) -> str:
    """What to call an input in a message: a path as written, an open file by its name, anything else read from
    memory (an upload, a buffer) as such, never as `<_io.BytesIO object at 0x...>`."""
    if isinstance(source, str | Path):
        return str(source)
    name = getattr(source, "name", None)
    if isinstance(name, str) and name:
        return name
    return "<uploaded data>" if isinstance(source, bytes | bytearray) else f"<{type(source).__name__} in memory>"
