"""Why an asset cannot be rendered; each names the file and the fix."""

from __future__ import annotations

from wildcat.core.errors import WildcatError


class AssetError(WildcatError):
    """A 3D model that cannot be used: unreadable, empty, NaN vertices, unknown format."""


class UnsafeAssetError(AssetError):
    """A 3D model that references files outside its own folder (absolute or `..` paths)."""


class CutoutError(WildcatError):
    """A cutout that cannot become a 3D proxy (no alpha, empty, too small)."""
