"""Headless OpenGL for pyrender: EGL first (NVIDIA driver or Mesa's software
EGL), OSMesa as fallback, one clear error when neither works.

PYOPENGL_PLATFORM must be set before OpenGL is first imported, so every module
that renders calls `create_renderer` (or `ensure_platform`) before importing
pyrender.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import subprocess
import sys

from wildcat.core.errors import WildcatError

PLATFORMS = ("egl", "osmesa")
_FIX = (
    "install an EGL driver (Debian: apt-get install libegl1 libgl1-mesa-dri; a GPU machine: the NVIDIA driver) "
    "or OSMesa (apt-get install libosmesa6), or set PYOPENGL_PLATFORM to a working platform"
)
# Creates a 1x1 context in a child process: PyOpenGL binds its platform at
# first import, so a failed EGL attempt cannot be retried as OSMesa in-process.
_PROBE = "import pyrender; pyrender.OffscreenRenderer(1, 1).delete()"
_PROBE_TIMEOUT_S = 60


class RenderBackendError(WildcatError):
    """No headless OpenGL platform could create a context."""


def ensure_platform() -> str:
    """Pick the OpenGL platform (the user's PYOPENGL_PLATFORM wins) before OpenGL is imported.

    EGL when its library is installed and a context can be made, else OSMesa
    when that is installed. The choice is written to PYOPENGL_PLATFORM, so it is
    made once and worker processes started later inherit it.
    """
    if "PYOPENGL_PLATFORM" not in os.environ:
        present = [p for p in PLATFORMS if _library_present(p)]
        working = next((p for p in present if len(present) == 1 or _context_works(p)), None)
        os.environ["PYOPENGL_PLATFORM"] = working or (present or PLATFORMS)[0]
    return os.environ["PYOPENGL_PLATFORM"]


def _library_present(platform: str) -> bool:
    import ctypes.util

    return ctypes.util.find_library({"egl": "EGL", "osmesa": "OSMesa"}[platform]) is not None


def _context_works(platform: str) -> bool:
    """Whether `platform` can create a context (probed in a child process, once)."""
    env = dict(os.environ, PYOPENGL_PLATFORM=platform)
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, timeout=_PROBE_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def preload_torch_compiler() -> None:
    """Load torch's lazily imported compiler stack before Mesa's software rasteriser.

    Both bring their own LLVM; when Mesa's is mapped first, torch's first
    optimizer (which imports torch._dynamo) segfaults the process. A process
    that renders and then trains (the pipeline, the UI) must call this before
    its first render; it is done here whenever torch is already imported.
    """
    if "torch" in sys.modules:
        import torch._dynamo  # noqa: F401


def create_renderer(width: int, height: int, samples: int = 4):
    """A pyrender.OffscreenRenderer on the first platform that works.

    Create it once per worker and reuse it: context creation costs far more
    than a frame. `samples` is the multisample (anti-aliasing) count of its
    framebuffer; pyrender always uses 4, and 0 (none) is about 3x faster on a
    software rasteriser.
    """
    chosen = ensure_platform()
    preload_torch_compiler()
    import pyrender

    try:
        renderer = pyrender.OffscreenRenderer(width, height)
    except Exception as exc:  # EGL/OSMesa raise a zoo of error types
        # PyOpenGL binds the platform at first import, so falling back to
        # another platform within the same process is not possible.
        raise RenderBackendError(
            None,
            f"cannot create a headless OpenGL context with PYOPENGL_PLATFORM={chosen} ({type(exc).__name__}: {exc})",
            _FIX,
        ) from exc
    if samples != 4:
        _set_samples(renderer, samples)
    return renderer


def _set_samples(renderer, samples: int) -> None:
    """Give this renderer's framebuffer `samples` multisamples instead of pyrender's fixed 4.

    pyrender allocates the framebuffer lazily on the first render, with a
    hard-coded sample count; a per-instance subclass swaps the count in for
    that one allocation only.
    """
    import pyrender.renderer as pr

    base = type(renderer._renderer)

    class _SampledRenderer(base):
        def _configure_main_framebuffer(self):
            with _sample_count(pr, samples):
                super()._configure_main_framebuffer()

    renderer._renderer.__class__ = _SampledRenderer


@contextlib.contextmanager
def _sample_count(module, samples: int):
    original = module.glRenderbufferStorageMultisample
    module.glRenderbufferStorageMultisample = lambda target, _n, fmt, w, h: original(target, samples, fmt, w, h)
    try:
        yield
    finally:
        module.glRenderbufferStorageMultisample = original


def ordered_scene(**kwargs):
    """A pyrender.Scene that draws meshes and binds lights in the order they were added.

    pyrender keeps nodes in sets, which iterate in an order that follows
    object ids and so changes from process to process. Its draw order is that
    set order (stable-sorted by node distance, equal for nodes at the origin),
    so coplanar surfaces z-fight differently per run, and lights are summed in
    a different order (last-bit colour differences). Insertion order fixes both.
    """
    ensure_platform()
    return _ordered_scene_class()(**kwargs)


@functools.cache
def _ordered_scene_class():
    import pyrender

    def ordered(attr):
        return property(lambda self: sorted(getattr(self, attr), key=self._order.__getitem__))

    class OrderedScene(pyrender.Scene):
        mesh_nodes = ordered("_mesh_nodes")
        point_light_nodes = ordered("_point_light_nodes")
        spot_light_nodes = ordered("_spot_light_nodes")
        directional_light_nodes = ordered("_directional_light_nodes")

        @property
        def light_nodes(self):
            return self.directional_light_nodes + self.spot_light_nodes + self.point_light_nodes

        def add_node(self, node, parent_node=None):
            order = self.__dict__.setdefault("_order", {})
            ticket = self.__dict__.setdefault("_ticket", itertools.count())
            order.setdefault(node, next(ticket))
            super().add_node(node, parent_node)

        def remove_node(self, node):
            # Stages swap lights and cameras every view: forget removed nodes so they are not kept alive.
            super().remove_node(node)
            for gone in [n for n in self._order if n not in self.nodes]:
                del self._order[gone]

    return OrderedScene
