"""Backgrounds to paste products onto: procedural 3D scenes (room, street,
store) rendered once into a cached bank, the user's photos, and unlabelled
in-the-wild photos; each with the support geometry that says where an object
can stand and how big a metre is there."""

from wildcat.synth.backgrounds.bank import BackgroundBank, load_background, parse_sources
from wildcat.synth.backgrounds.config import KINDS, BankConfig
from wildcat.synth.backgrounds.entry import Background, BackgroundEntry
from wildcat.synth.backgrounds.geometry import AREA, LINE, Geometry, Region
from wildcat.synth.backgrounds.procedural import PROCEDURAL_KINDS

__all__ = [
    "AREA",
    "KINDS",
    "LINE",
    "PROCEDURAL_KINDS",
    "Background",
    "BackgroundBank",
    "BackgroundEntry",
    "BankConfig",
    "Geometry",
    "Region",
    "load_background",
    "parse_sources",
]
