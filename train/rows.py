"""Training rows: an image file and the manifest row that describes it, read
from dataset folders (the data module and the shard writer both read them)."""

from __future__ import annotations

from pathlib import Path

from wildcat.core.errors import ConfigError
from wildcat.core.manifest import Sample, read_manifest

#: One training row: the image file and the manifest row describing it.
Row = tuple[Path, Sample]


def manifest_rows(data_dirs: list[str], splits: list[str] | None, *, query_only: bool = False) -> list[Row]:
    """Rows of the given splits (None: all) from dataset folders, with their image paths resolved."""
    rows: list[Row] = []
    for d in data_dirs:
        folder = Path(d).expanduser()
        if not (folder / "manifest.parquet").is_file() and not (folder / "manifest.parts").is_dir():
            raise ConfigError(
                folder,
                "no manifest.parquet in this dataset folder",
                "pass a folder written by a wildcat generator (synth, segment)",
            )
        for s in read_manifest(folder):
            if (splits is None or s.split in splits) and not (query_only and s.domain == "catalog"):
                rows.append((s.resolve(folder), s))
    return rows
