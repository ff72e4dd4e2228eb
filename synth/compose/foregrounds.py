"""Foregrounds: RGBA cutouts (segment/) and renders (synth/render) listed in
dataset folders' manifests, loaded tidy (cropped, rim colour filled, shrunk
to the output size) and cached per process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.lru import LruCache
from wildcat.core.manifest import read_manifest
from wildcat.core.paths import inside
from wildcat.synth.compose.patch import SOLID
from wildcat.synth.compose.warp import prepare_rgba
from wildcat.synth.compose.whole import whole_view

#: Generators whose rows are RGBA foregrounds.
FOREGROUND_GENERATORS = ("cutout", "render", "proxy")
CACHE_SIZE = 512
#: Memory the decoded and tidied foregrounds of one process may hold: cutouts keep the catalog photo's
#: resolution (a 2000-px cutout decodes to 16 MB), so a count alone would not bound it.
CACHE_BYTES = 768 * 2**20
#: A foreground path with this suffix is the file shown whole (synth.compose.whole): cut faces repainted as skin.
WHOLE = "#whole"
STATS_SIZE = 4096
_BAD: dict[str, WildcatError] = {}  # files that failed to load in this process: fail fast next time


_STATS = LruCache(STATS_SIZE)  # (file, size, statistic) -> colour statistics
_CACHE = LruCache(CACHE_SIZE, CACHE_BYTES)  # (file, size; 0 = as decoded) -> RGBA


class ForegroundError(WildcatError):
    """A foreground that cannot be pasted (no alpha, empty alpha)."""


@dataclass(frozen=True)
class Foreground:
    product_id: str
    path: str  # absolute
    generator: str  # cutout, render, proxy
    sample_id: str


@dataclass
class ForegroundPool:
    by_product: dict[str, list[Foreground]] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # rows left out: their file is not in their dataset folder

    @classmethod
    def from_dirs(cls, dirs: Sequence[str | Path]) -> ForegroundPool:
        """Every cutout/render row of the given dataset folders, grouped by product, in a stable order."""
        if not dirs:
            raise ConfigError(
                None,
                "no foreground folders given",
                "pass --foregrounds with dataset folders made by 'wildcat segment' (cutouts) or 'wildcat synth "
                "render' (renders)",
            )
        pool: dict[str, list[Foreground]] = {}
        outside: list[str] = []
        for d in dirs:
            d = Path(d).expanduser().resolve()
            if not (d / "manifest.parquet").exists() and not (d / "manifest.parts").is_dir():
                raise ConfigError(
                    d,
                    "is not a dataset folder (no manifest.parquet)",
                    "point --foregrounds at the output folder of segment or synth render",
                )
            for row in read_manifest(d):
                if row.generator not in FOREGROUND_GENERATORS:
                    continue
                path = row.resolve(d)
                if not inside(path, d):  # never paste a file the manifest does not own
                    outside.append(f"{d}: row {row.sample_id} names {row.path}, outside its dataset folder")
                    continue
                pool.setdefault(row.product_id, []).append(
                    Foreground(row.product_id, str(path), row.generator, row.sample_id)
                )
        if not pool:
            raise ConfigError(
                ", ".join(map(str, dirs)),
                f"the manifests list no foregrounds (generator in {FOREGROUND_GENERATORS})",
                "run 'wildcat segment' or 'wildcat synth render' first",
            )
        return cls({p: sorted(v, key=lambda f: (f.sample_id, f.path)) for p, v in sorted(pool.items())}, outside)

    def products(self) -> list[str]:
        return sorted(self.by_product)


def load_foreground(path: str, max_side: int) -> np.ndarray:
    """Tidy RGBA of a foreground file no larger than `max_side`, cached (most recently used kept).

    Every size is made from the decoded file itself (cached under size 0),
    never from another cached size: what a process computed before must not
    change the bytes, or a resumed or distributed job would differ.
    """
    if path.endswith(WHOLE):
        return _CACHE.get((path, max_side), lambda: whole_view(load_foreground(path[: -len(WHOLE)], max_side)))
    return _CACHE.get((path, max_side), lambda: _prepared(path, max_side))


def foreground_stats(path: str, max_side: int, stat):
    """`stat(rgba, object mask)` of `load_foreground(path, max_side)`, computed once per process
    (a function of the file and size: harmonisation statistics)."""

    def make():
        rgba = load_foreground(path, max_side)
        return stat(rgba, rgba[..., 3] >= SOLID)

    return _STATS.get((path, max_side, stat.__name__), make)


def _prepared(path: str, max_side: int) -> np.ndarray:
    if path in _BAD:
        raise _BAD[path]
    try:
        return prepare_rgba(_decoded(path), max_side)
    except WildcatError as exc:
        _BAD[path] = exc
        raise


def _decoded(path: str) -> np.ndarray:
    return _CACHE.get((path, 0), lambda: _read(path))


def _read(path: str) -> np.ndarray:
    rgba = load_array(path, "RGBA")
    if rgba[..., 3].max() == 0:
        raise ForegroundError(
            path,
            "the foreground's alpha channel is empty (nothing to paste)",
            "re-run the cutout or render for this product",
        )
    if rgba[..., 3].min() == 255:
        raise ForegroundError(
            path,
            "the foreground has no transparent pixels (it would paste as a rectangle)",
            "give RGBA cutouts or renders, not catalog images",
        )
    return rgba


def footprint(path: str, max_side: int) -> float:
    """sqrt(object area / square of its largest side): ~0.9 for an apple, ~0.5 for a leek; piles pack by it
    (computed once per process)."""
    return foreground_stats(path, max_side, _packing)


def _packing(rgba: np.ndarray, mask: np.ndarray) -> float:
    return float(np.sqrt(np.count_nonzero(mask) / max(rgba.shape[:2]) ** 2))
