"""BackgroundBank: every background a compose job may use, by kind, with loading and caching.

Sources are named as on the command line: "room", "street", "store" (the
procedural bank), a folder path (kinds from subfolders or backgrounds.csv), or
"KIND=DIR" (every image of DIR has that kind, e.g. "wild=photos/").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from wildcat.core.errors import ConfigError
from wildcat.core.imageio import load_array
from wildcat.core.lru import LruCache
from wildcat.synth.backgrounds.config import KINDS, BankConfig
from wildcat.synth.backgrounds.entry import Background, BackgroundEntry
from wildcat.synth.backgrounds.geometry import Geometry
from wildcat.synth.backgrounds.photos import scan_folder
from wildcat.synth.backgrounds.procedural import PROCEDURAL_KINDS
from wildcat.synth.backgrounds.procedural_bank import build_procedural

_CACHE = LruCache(256)  # (file, photo side) -> Background; bounded by BankConfig.cache_size


def parse_sources(sources: Sequence[str]) -> tuple[list[str], list[tuple[Path, str | None]]]:
    """("room", "store", "wild=/x", "/y") -> procedural kinds, [(folder, kind or None)]."""
    kinds, folders = [], []
    for item in (s.strip() for s in sources):
        if not item:
            continue
        if item in PROCEDURAL_KINDS:
            kinds.append(item)
        elif "=" in item and item.split("=", 1)[0] in KINDS:
            kind, path = item.split("=", 1)
            folders.append((Path(path), kind))
        elif Path(item).expanduser().is_dir():
            folders.append((Path(item), None))
        else:
            raise ConfigError(
                item,
                "is neither a background kind nor an existing folder",
                f"use {', '.join(PROCEDURAL_KINDS)}, a folder of photos, "
                f"or KIND=FOLDER with KIND in {', '.join(KINDS)}",
            )
    return kinds, folders


@dataclass
class BackgroundBank:
    entries: list[BackgroundEntry]
    config: BankConfig = field(default_factory=BankConfig)

    def __post_init__(self) -> None:
        self.entries = sorted(self.entries, key=lambda e: e.id)
        if not self.entries:
            raise ConfigError(
                None, "no backgrounds to compose on", "give --backgrounds room,street,store or a folder of photos"
            )

    @classmethod
    def open(
        cls, sources: Sequence[str], config: BankConfig, bank_dir: str | Path, progress: bool = True
    ) -> BackgroundBank:
        """Render the missing procedural backgrounds into `bank_dir` and list every source's backgrounds."""
        kinds, folders = parse_sources(sources)
        entries = build_procedural(bank_dir, kinds, config, progress) if kinds else []
        for folder, kind in folders:
            entries += scan_folder(folder, kind)
        return cls(entries, config)

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.entries})

    def pick(
        self, rng: np.random.Generator, accept: Callable[[BackgroundEntry], bool] | None = None
    ) -> BackgroundEntry:
        """A uniformly drawn entry among those `accept` likes (all of them if it likes none)."""
        return pick_entry(self.entries, rng, accept)

    def load(self, entry: BackgroundEntry) -> Background:
        return load_background(entry, self.config.photo_side, self.config.cache_size)


def pick_entry(
    entries: Sequence[BackgroundEntry],
    rng: np.random.Generator,
    accept: Callable[[BackgroundEntry], bool] | None = None,
) -> BackgroundEntry:
    """A uniformly drawn entry among those `accept` likes (among all if it likes none)."""
    pool = [e for e in entries if accept(e)] if accept else list(entries)
    pool = pool or list(entries)
    return pool[int(rng.integers(len(pool)))]


def load_background(entry: BackgroundEntry, photo_side: int, cache_size: int) -> Background:
    """Pixels and geometry of a background, cached per process (most recently used kept)."""
    _CACHE.items = cache_size
    return _CACHE.get(
        (entry.path, photo_side), lambda: _load(entry, photo_side)
    )  # the file, not the id: two banks reuse ids


def _load(entry: BackgroundEntry, photo_side: int) -> Background:
    image = load_array(entry.path, "RGB")
    if entry.geometry is not None:
        labels = load_array(entry.regions_path, "RGB")[..., 0]  # saved as a grey PNG; any channel holds the labels
        geometry = Geometry.from_dict(entry.geometry, np.ascontiguousarray(labels))
        if not geometry.regions:  # no surface in view (a wall, the sky): usable like a photo
            geometry = Geometry.frame(image.shape[1], image.shape[0])
    else:
        image = _fit_short_side(image, photo_side)
        geometry = Geometry.frame(image.shape[1], image.shape[0])
    return Background(entry, image, geometry)


def _fit_short_side(image: np.ndarray, side: int) -> np.ndarray:
    h, w = image.shape[:2]
    s = side / min(h, w)
    if abs(s - 1) < 1e-3:
        return image
    size = (max(1, round(w * s)), max(1, round(h * s)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
