"""Errors of the segment stage; each names the file and the fix (see `wildcat.core.errors`)."""

from __future__ import annotations

from wildcat.core.errors import WildcatError


class SegmentError(WildcatError):
    """An image or setting the segment stage cannot work with."""


class CutoutRejected(SegmentError):
    """A cutout made but not good enough to use; `reason` is one of `segment.quality.REASONS`."""


class ModelNotFoundError(SegmentError):
    """A matting model that is not on disk (wildcat never downloads one)."""
