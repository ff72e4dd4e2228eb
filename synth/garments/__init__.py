"""Procedural garments: 2D silhouettes with the cues people use to tell
look-alike classes apart (length, side slits, neckline, drape, contrast border,
prints), drawn as catalog shots and as wild-style photos. Demo data for
locale packs: a stand-in for real catalog photos (docs/locales.md).

    spec = sample_spec("kurti", rng)            # every choice, from an explicit rng
    garment = draw_garment(spec, 256)           # deterministic: RGBA + part masks
    photo, info = make_wild(spec, rng, 256, ["market", "street"])
"""

from wildcat.synth.garments.demo import DemoConfig, demo_classes, make_demo, plan_products
from wildcat.synth.garments.profiles import PROFILES, SHAPES, sample_spec
from wildcat.synth.garments.render import Garment, draw_garment
from wildcat.synth.garments.spec import GarmentSpec
from wildcat.synth.garments.wild import make_wild

__all__ = [
    "DemoConfig",
    "Garment",
    "GarmentSpec",
    "PROFILES",
    "SHAPES",
    "demo_classes",
    "draw_garment",
    "make_demo",
    "make_wild",
    "plan_products",
    "sample_spec",
]
