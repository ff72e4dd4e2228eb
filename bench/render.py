"""Rendering throughput: renders per second at 256x256 for a ~10k-face textured mesh.

    OMP_NUM_THREADS=1 LP_NUM_THREADS=1 .venv/bin/python bench/render.py [--views 200] [--size 256]
        [--shader lean|pyrender] [--antialias] [--model PATH]

LP_NUM_THREADS=1 keeps Mesa's llvmpipe rasteriser on one thread, so the
figures are per core. Besides wall-clock rates it reports CPU seconds per
render (process time, all threads), which stays meaningful on a machine
shared with other jobs. Where the time goes:

  setup     building the pyrender scene for one asset (mesh + texture upload), once per asset
  frame     one `renderer.render` call: draw + multisample resolve + readback
  fixed     the same call on an empty scene: clear, resolve, glReadPixels, Python overhead
  draw      frame - fixed: vertex + fragment shading of the mesh
  compose   exact-alpha RGBA from colour + depth (numpy)
  encode    PNG encoding of the RGBA render
  rebuild   setup + frame per view, when the scene is NOT reused (for comparison)
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np


def textured_mesh(faces: int, texture_px: int):
    """A UV sphere with about `faces` faces and a generated texture, as an Asset."""
    import trimesh
    from PIL import Image

    from wildcat.synth.render.asset import from_meshes

    count = max(8, int(round(np.sqrt(faces / 4))))
    mesh = trimesh.creation.uv_sphere(radius=1.0, count=[count, count])
    uv = np.stack(
        [np.arctan2(mesh.vertices[:, 0], mesh.vertices[:, 2]) / (2 * np.pi) + 0.5, mesh.vertices[:, 1] * 0.5 + 0.5],
        axis=1,
    )
    yy, xx = np.mgrid[:texture_px, :texture_px]
    tex = np.stack([(xx * 255 // texture_px), (yy * 255 // texture_px), ((xx // 32 + yy // 32) % 2) * 200 + 30], -1)
    mesh.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.fromarray(tex.astype(np.uint8)))
    return from_meshes([mesh], name="bench", source="generated", up_axis="y")


def timed(fn, n: int) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) per call of `fn`, over `n` calls."""
    fn()  # warm-up: shader compilation, first texture upload
    w, c = time.perf_counter(), time.process_time()
    for _ in range(n):
        fn()
    return (time.perf_counter() - w) / n, (time.process_time() - c) / n


def run(args) -> dict:
    import pyrender

    from wildcat.core.imageio import encode_png
    from wildcat.core.seeding import sample_rng
    from wildcat.synth.render.asset import load_asset
    from wildcat.synth.render.config import RenderConfig
    from wildcat.synth.render.renderer import compose_rgba, get_renderer
    from wildcat.synth.render.stage import Stage
    from wildcat.synth.render.views import render_view

    asset = load_asset(args.model) if args.model else textured_mesh(args.faces, args.texture)
    cfg = RenderConfig(size=args.size, antialias=args.antialias, shader=args.shader)
    renderer = get_renderer(args.size, args.size, args.antialias, args.shader)
    stage = Stage(asset, cfg.max_texture, cfg.background)
    render_view(stage, cfg, sample_rng(0, "bench", 0), 0, {})
    empty = pyrender.Scene()
    empty.add(pyrender.PerspectiveCamera(yfov=0.7), pose=np.eye(4))
    rng_i = iter(range(10**9))
    out: dict = {
        "faces": asset.faces,
        "size": args.size,
        "antialias": args.antialias,
        "shader": args.shader,
        "views": args.views,
        "LP_NUM_THREADS": os.environ.get("LP_NUM_THREADS"),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
    }
    out["view"] = timed(lambda: render_view(stage, cfg, sample_rng(0, "bench", next(rng_i)), 0, {}), args.views)
    out["setup"] = timed(lambda: Stage(asset, cfg.max_texture, cfg.background), max(3, args.views // 20))
    flags = pyrender.RenderFlags.RGBA
    out["frame"] = timed(lambda: renderer.render(stage.scene, flags=flags), args.views)
    out["fixed"] = timed(lambda: renderer.render(empty, flags=flags), args.views)
    color, depth = renderer.render(stage.scene, flags=flags)
    out["compose"] = timed(lambda: compose_rgba(color, depth, cfg.background, cfg.antialias), args.views)
    rgba = compose_rgba(color, depth, cfg.background, cfg.antialias)
    out["encode"] = timed(lambda: encode_png(rgba), args.views)
    out["rebuild"] = timed(
        lambda: render_view(Stage(asset, cfg.max_texture, cfg.background), cfg, sample_rng(0, "bench", 1), 0, {}),
        max(3, args.views // 20),
    )
    out["draw"] = (out["frame"][0] - out["fixed"][0], out["frame"][1] - out["fixed"][1])
    out["renders_per_s_wall"] = 1.0 / (out["view"][0] + out["encode"][0])
    out["renders_per_cpu_s"] = 1.0 / (out["view"][1] + out["encode"][1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--views", type=int, default=200, help="views per measurement")
    parser.add_argument("--size", type=int, default=256, help="render size (pixels)")
    parser.add_argument("--faces", type=int, default=10_000, help="faces of the test mesh")
    parser.add_argument("--texture", type=int, default=1024, help="texture size (pixels)")
    parser.add_argument("--antialias", action="store_true", help="4x multisampling")
    parser.add_argument("--shader", default="lean", choices=("lean", "pyrender"), help="mesh shader")
    parser.add_argument(
        "--model", help="render this model file instead of the generated mesh (e.g. ../shared/data/models3d/...)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    out = run(args)
    if args.json:
        print(json.dumps(out))
        return
    print(
        f"{out['faces']} faces, {args.size}x{args.size}, antialias={args.antialias}, shader={args.shader}, "
        f"LP_NUM_THREADS={out['LP_NUM_THREADS']}, OMP_NUM_THREADS={out['OMP_NUM_THREADS']}"
    )
    for key in ("view", "setup", "frame", "fixed", "draw", "compose", "encode", "rebuild"):
        wall, cpu = out[key]
        print(f"  {key:8s} {wall * 1000:8.2f} ms wall {cpu * 1000:8.2f} ms cpu")
    print(
        f"  renders/s (view + PNG): {out['renders_per_s_wall']:.1f} wall, {out['renders_per_cpu_s']:.1f} per CPU-second"
    )


if __name__ == "__main__":
    main()
