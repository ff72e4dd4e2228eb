"""Make one composite, top to bottom: layout, background, objects, occluders,
camera effects, JPEG; and the lineage that explains (and regenerates) it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import cv2
import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_jpeg
from wildcat.synth.backgrounds.bank import pick_entry
from wildcat.synth.backgrounds.entry import BackgroundEntry
from wildcat.synth.compose.composer import STREAM, Composer
from wildcat.synth.compose.effects import apply_effects
from wildcat.synth.compose.job import Job
from wildcat.synth.compose.layouts import LAYOUT_FUNCS, SMALL_M, prefers
from wildcat.synth.compose.look import choose
from wildcat.synth.compose.occlusion import occlude

HERO_ROLES = ("hero", "pile", "facing", "held", "bagged", "backdrop")


def make_sample(job: Job, product_id: str, index: int) -> tuple[bytes, dict[str, Any]]:
    """JPEG bytes of sample `index` of `product_id`, and its lineage."""
    with _one_opencv_thread():
        return _make_sample(job, product_id, index)


@contextmanager
def _one_opencv_thread() -> Iterator[None]:
    """Some OpenCV filters round differently when split over threads, so a sample's bytes would depend on the
    machine's cores and on what the process set before (a local compose, a regeneration, a Ray worker). One
    thread per sample makes them a function of the seed alone; processes give the parallelism."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def _make_sample(job: Job, product_id: str, index: int) -> tuple[bytes, dict[str, Any]]:
    c = Composer(job, product_id, index)
    cfg, profile = job.config, job.profile(product_id)
    layout = choose(c.rng, profile.layouts)
    off_context = bool(c.rng.random() < cfg.placement.off_context_prob)
    small = profile.size_m[1] < SMALL_M
    entry = _background(c, None if off_context else (lambda e: prefers(layout, e, small)))
    used = LAYOUT_FUNCS[layout](c)
    occlude(c)
    instances = c.canvas.finish()
    camera = cfg.effects.for_scene(entry.kind, profile.indoor_light)
    image, effects = apply_effects(c.canvas.image, camera, c.rng)
    data = encode_jpeg(image, effects["jpeg_quality"])
    heroes = [i for i in instances if i.product == product_id and i.role in HERO_ROLES]
    lineage = {
        "seed": job.seed,
        "index": index,
        "stream": STREAM,
        "layout": used,
        "layout_drawn": layout,
        "background": {**entry.lineage(), "window": [round(v, 2) for v in c.window], "off_context": off_context},
        "sources": c.sources,
        "instances": [i.to_dict() for i in instances],
        "occluders": c.occluders,
        "blend": c.look.blend,
        "blend_params": {k: round(v, 3) for k, v in c.look.blend_params.items()},
        "harmonize": c.look.harmonize,
        "harmonize_params": {k: round(v, 4) for k, v in c.look.harm_params.items()},
        "shadows": c.look.shadows,
        "effects": effects,
        "hero_instances": len(heroes),
        "hero_occluded": round(float(np.mean([i.occluded for i in heroes])) if heroes else 1.0, 3),
        "hero_truncated": round(float(np.mean([i.truncated for i in heroes])) if heroes else 0.0, 3),
        "skipped": c.skipped,
        "notes": c.notes,
    }
    return data, lineage


def _background(c: Composer, accept: Callable | None) -> BackgroundEntry:
    """Draw and load a background; an unreadable one is recorded in `c.skipped` and another drawn."""
    pool = list(c.job.backgrounds)
    while True:
        entry = pick_entry(pool, c.rng, accept)
        try:
            c.load_background(entry)
            return entry
        except WildcatError as exc:
            c.skipped.setdefault(entry.path, str(exc))
            pool.remove(entry)
            if not pool:
                raise
