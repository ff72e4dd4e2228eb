"""Backgrounds from folders of photos: the user's own (kind from the subfolder
name or a listing CSV) or unlabelled in-the-wild photos (kind "wild").

Only image files are listed; nothing else in the folder (labels, listings of
the benchmark) is ever read for wild photos.
"""

from __future__ import annotations

import csv
from pathlib import Path

from wildcat.core.catalog.schema import IMAGE_SUFFIXES
from wildcat.core.errors import ConfigError
from wildcat.core.seeding import stable_hash
from wildcat.synth.backgrounds.config import KINDS
from wildcat.synth.backgrounds.entry import BackgroundEntry

LISTING = "backgrounds.csv"


def scan_folder(folder: str | Path, kind: str | None = None) -> list[BackgroundEntry]:
    """Entries for every image under `folder`; `kind` for all of them, or per file from the listing or subfolder."""
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise ConfigError(folder, "the background folder does not exist", "check the path given to --backgrounds")
    if kind is not None and kind not in KINDS:
        raise ConfigError(folder, f"unknown background kind {kind!r}", f"use one of {', '.join(KINDS)}")
    listing = _read_listing(folder) if kind is None else {}
    tag = f"{stable_hash(str(folder)) % 16**6:06x}"
    entries = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()):
        rel = path.relative_to(folder).as_posix()
        k = kind or listing.get(rel) or _kind_from_subfolder(rel)
        entries.append(BackgroundEntry(f"{k}/{tag}/{rel}", k, "photo", "wild" if k == "wild" else "folder", str(path)))
    if not entries:
        raise ConfigError(
            folder,
            "the background folder holds no images",
            f"add {', '.join(IMAGE_SUFFIXES)} files or drop it from --backgrounds",
        )
    return entries


def _kind_from_subfolder(rel: str) -> str:
    parts = rel.split("/")
    return parts[0].lower() if len(parts) > 1 and parts[0].lower() in KINDS else "other"


def _read_listing(folder: Path) -> dict[str, str]:
    """path -> kind from `backgrounds.csv` (columns path, kind), if the folder has one."""
    path = folder / LISTING
    if not path.is_file():
        return {}
    out = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            if not row.get("path") or not row.get("kind"):
                raise ConfigError(
                    path, f"line {i} lacks a path or kind", "write a header 'path,kind' and one image per line"
                )
            kind = row["kind"].strip().lower()
            if kind not in KINDS:
                raise ConfigError(path, f"line {i}: unknown kind {kind!r}", f"use one of {', '.join(KINDS)}")
            out[Path(row["path"].strip()).as_posix()] = kind
    return out
