"""Which shader pyrender uses for meshes: its own PBR shader, or wildcat's lean one.

The lean shader (shaders/mesh.*) reads the same uniforms but does less work
per fragment, lights back faces of double-sided meshes from the side the
camera sees, and skips pyrender's per-vertex matrix inverse. Other passes
(shadows, flat, segmentation) keep pyrender's shaders.
"""

from __future__ import annotations

from pathlib import Path

SHADERS = ("lean", "pyrender")
LEAN_DIR = Path(__file__).with_name("shaders")


def use_shader(renderer, shader: str) -> None:
    """Make `renderer` (a pyrender.OffscreenRenderer) draw meshes with `shader`."""
    if shader not in SHADERS:
        raise ValueError(f"unknown shader {shader!r}; use one of {', '.join(SHADERS)}")
    if shader == "lean":
        renderer._renderer._program_cache = _lean_cache()


def _lean_cache():
    from pyrender.shader_program import ShaderProgramCache

    class LeanShaderCache(ShaderProgramCache):
        """pyrender's cache, with mesh.vert/mesh.frag taken from wildcat's shader folder."""

        def __init__(self) -> None:
            super().__init__()
            self._lean = ShaderProgramCache(shader_dir=str(LEAN_DIR))

        def get_program(self, vertex_shader, fragment_shader, geometry_shader=None, defines=None):
            cache = (
                self._lean
                if (vertex_shader, fragment_shader, geometry_shader) == ("mesh.vert", "mesh.frag", None)
                else super()
            )
            return cache.get_program(vertex_shader, fragment_shader, geometry_shader, defines)

        def clear(self) -> None:
            self._lean.clear()
            super().clear()

    return LeanShaderCache()
