"""Headless OpenGL for pyrender: EGL first (NVIDIA driver or Mesa's software
EGL), OSMesa as fallback, one clear error when neither works.

PYOPENGL_PLATFORM must be set before OpenGL is first imported, so every module
that renders calls `create_renderer` (or `ensure_platform`) before importing
pyrender.
"""
from __future__ import annotations

import os

from wildcat.errors import WildcatError

PLATFORMS = ("egl", "osmesa")
_FIX = (
    "install an EGL driver (Debian: apt-get install libegl1 libgl1-mesa-dri; a GPU machine: the NVIDIA driver) "
    "or OSMesa (apt-get install libosmesa6), or set PYOPENGL_PLATFORM to a working platform"
)


class RenderBackendError(WildcatError):
    """No headless OpenGL platform could create a context."""


def ensure_platform() -> str:
    """Pick the OpenGL platform (the user's PYOPENGL_PLATFORM wins) before OpenGL is imported.

    EGL when its library is installed, else OSMesa when that is; PyOpenGL binds
    the platform at first import, so the choice is made once, up front.
    """
    if "PYOPENGL_PLATFORM" not in os.environ:
        os.environ["PYOPENGL_PLATFORM"] = next((p for p in PLATFORMS if _library_present(p)), PLATFORMS[0])
    return os.environ["PYOPENGL_PLATFORM"]


def _library_present(platform: str) -> bool:
    import ctypes.util

    return ctypes.util.find_library({"egl": "EGL", "osmesa": "OSMesa"}[platform]) is not None


def create_renderer(width: int, height: int):
    """A pyrender.OffscreenRenderer on the first platform that works.

    Create it once per worker and reuse it: context creation costs far more
    than a frame.
    """
    chosen = ensure_platform()
    import pyrender

    try:
        return pyrender.OffscreenRenderer(width, height)
    except Exception as exc:  # EGL/OSMesa raise a zoo of error types
        # PyOpenGL binds the platform at first import, so falling back to
        # another platform within the same process is not possible.
        raise RenderBackendError(
            None, f"cannot create a headless OpenGL context with PYOPENGL_PLATFORM={chosen} ({type(exc).__name__}: {exc})", _FIX
        ) from exc
