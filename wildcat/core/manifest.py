"""Dataset manifest: one row per sample, with the lineage that regenerates it,
and a rejects table with the reason each unusable input was skipped."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel, Field

from wildcat.core.errors import ConfigError
from wildcat.core.paths import inside
from wildcat.core.tables import PartitionedTable

MANIFEST = "manifest"
REJECTS = "rejects"
Domain = Literal["catalog", "synthetic", "wild"]

MANIFEST_SCHEMA = pa.schema(
    [
        ("sample_id", pa.string()),
        ("path", pa.string()),
        ("product_id", pa.string()),
        ("domain", pa.string()),
        ("generator", pa.string()),
        ("split", pa.string()),
        ("category", pa.string()),
        ("locale", pa.string()),
        ("width", pa.int32()),
        ("height", pa.int32()),
        ("score", pa.float64()),
        ("lineage", pa.string()),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        ("item", pa.string()),
        ("stage", pa.string()),
        ("product_id", pa.string()),
        ("reason", pa.string()),
        ("time", pa.float64()),
    ]
)


class Sample(BaseModel):
    """One row of a manifest."""

    sample_id: str = Field(description="unique within the dataset; stable across resumed runs")
    path: str = Field(description="image path relative to the dataset folder (or absolute for catalog/wild images)")
    product_id: str
    domain: Domain = Field(description="catalog (gallery side), synthetic or wild (query side)")
    generator: str = Field(description="what made it: catalog, cutout, render, cutpaste, wild, ...")
    split: str = "train"
    category: str = ""
    locale: str = ""
    width: int = 0
    height: int = 0
    score: float | None = Field(None, description="quality score where the generator gives one (cutouts)")
    lineage: dict[str, Any] = Field(
        default_factory=dict, description="everything needed to regenerate it, seed included"
    )

    def to_record(self) -> dict[str, Any]:
        rec = self.model_dump(mode="json")
        rec["lineage"] = json.dumps(rec["lineage"], sort_keys=True)
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Sample:
        rec = dict(rec)
        rec["lineage"] = json.loads(rec["lineage"] or "{}")
        return cls.model_validate(rec)

    def resolve(self, dataset_dir: str | Path) -> Path:
        p = Path(self.path)
        return p if p.is_absolute() else Path(dataset_dir) / p

    def resolve_inside(self, dataset_dir: str | Path) -> Path:
        """`resolve`, refusing a path that leaves the dataset folder (absolute elsewhere, `..`, a symlink out):
        a manifest names its own files, and a stage reading it must not be pointed at any other file."""
        path = self.resolve(dataset_dir)
        if not inside(path, dataset_dir):
            raise ConfigError(
                dataset_dir,
                f"manifest row {self.sample_id!r} names a file outside the dataset folder ({self.path})",
                "keep manifest paths relative to their folder (re-make the dataset with wildcat)",
            )
        return path


class Reject(BaseModel):
    item: str = Field(description="the input that could not be used (path or id)")
    stage: str = Field(description="segment, render, compose, ...")
    product_id: str = ""
    reason: str


class ManifestWriter:
    """Writes a dataset's manifest and rejects table; safe to kill and restart.

    with ManifestWriter(out) as mw:
        for ...:
            if sample_id in mw.done: continue
            ... write the image atomically, then mw.add(Sample(...))
    """

    def __init__(self, dataset_dir: str | Path, flush_every: int = 256) -> None:
        self.dataset_dir = Path(dataset_dir)
        self.dataset_dir.mkdir(parents=True, exist_ok=True)
        self._samples = PartitionedTable(self.dataset_dir, MANIFEST, MANIFEST_SCHEMA, "sample_id", flush_every)
        self._rejects = PartitionedTable(self.dataset_dir, REJECTS, REJECTS_SCHEMA, "item", flush_every)
        self.done: set[str] = self._samples.keys()
        # item -> (reason, time) of the rejects already recorded: the same item rejected again for the same
        # reason keeps its first time, so a rerun that changes nothing writes the same table
        self._earlier = {r["item"]: (r["reason"], r["time"]) for r in self._rejects.read().to_pylist()}
        self.rejected: set[str] = set(self._earlier)
        self.added = 0
        self.rejected_now = 0

    def add(self, sample: Sample) -> None:
        self._samples.append(sample.to_record())
        self.done.add(sample.sample_id)
        self.added += 1

    def reject(self, reject: Reject) -> None:
        rec = reject.model_dump()
        reason, first = self._earlier.get(reject.item, (None, None))
        rec["time"] = first if reason == reject.reason else time.time()
        self._rejects.append(rec)
        self.rejected.add(reject.item)
        self.rejected_now += 1

    def flush(self) -> None:
        self._samples.flush()
        self._rejects.flush()

    def close(self) -> None:
        self._samples.close()
        self._rejects.close()

    def __enter__(self) -> ManifestWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        # On an exception we still flush what is finished; close() folds parts
        # only on success, so a crash leaves resumable parts.
        if exc[0] is None:
            self.close()
        else:
            self.flush()


def file_state(sample: Sample) -> str:
    """A row's id, product and file as it is now (size, modification time): part of the fingerprint of anything
    made from the row, so an edited file makes it anew."""
    try:
        st = Path(sample.path).stat()
    except OSError:
        return f"{sample.sample_id}|{sample.path}|missing"
    return f"{sample.sample_id}|{sample.product_id}|{sample.path}|{st.st_size}|{st.st_mtime_ns}"


def read_manifest_table(dataset: str | Path) -> pa.Table:
    """The manifest as an Arrow table (fast filtering for large datasets)."""
    folder = _dataset_dir(dataset)
    return PartitionedTable(folder, MANIFEST, MANIFEST_SCHEMA, "sample_id").read()


def read_manifest(dataset: str | Path, absolute: bool = False) -> list[Sample]:
    """Typed rows of a dataset's manifest (folder or its manifest.parquet).

    absolute: rewrite each row's path to the absolute path of its image, so the
    rows can be used away from the dataset folder (mixed with other datasets).
    """
    rows = [Sample.from_record(r) for r in read_manifest_table(dataset).to_pylist()]
    if absolute:
        folder = _dataset_dir(dataset)
        rows = [r.model_copy(update={"path": str(r.resolve(folder))}) for r in rows]
    return rows


def manifest_row(dataset: str | Path, sample_id: str) -> Sample:
    """The manifest row of one sample; a ConfigError naming the folder when it has none."""

    for row in read_manifest(dataset):
        if row.sample_id == sample_id:
            return row
    raise ConfigError(_dataset_dir(dataset), f"has no sample {sample_id!r}", "check the id (see manifest.parquet)")


def read_rejects(dataset: str | Path) -> list[Reject]:
    folder = _dataset_dir(dataset)
    rows = PartitionedTable(folder, REJECTS, REJECTS_SCHEMA, "item").read().to_pylist()
    return [Reject.model_validate({k: v for k, v in r.items() if k != "time"}) for r in rows]


def _dataset_dir(dataset: str | Path) -> Path:
    p = Path(dataset)
    return p.parent if p.suffix == ".parquet" else p
