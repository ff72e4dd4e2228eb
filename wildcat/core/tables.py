"""Append-and-resume safe Parquet tables.

A table lives in a folder as `<name>.parquet` (consolidated) plus, while a job
runs, `<name>.parts/part-*.parquet`, each written atomically. A job killed at
any moment leaves only whole files; a restarted job reads what exists, skips
the keys it holds, and `close()` folds everything back into one sorted file.
Rows repeated across files (a crash between consolidation and cleanup) are
deduplicated by key, the newest winning.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from wildcat.core.atomic import atomic_path


class PartitionedTable:
    def __init__(self, folder: str | Path, name: str, schema: pa.Schema, key: str, flush_every: int = 256) -> None:
        self.folder = Path(folder)
        self.name = name
        self.schema = schema
        self.key = key
        self.flush_every = flush_every
        self._pending: list[dict[str, Any]] = []

    @property
    def path(self) -> Path:
        return self.folder / f"{self.name}.parquet"

    @property
    def parts_dir(self) -> Path:
        return self.folder / f"{self.name}.parts"

    def read(self) -> pa.Table:
        """Every row written so far (consolidated and parts), deduplicated by key, sorted by key."""
        files = [self.path] if self.path.exists() else []
        if self.parts_dir.is_dir():
            files += sorted(self.parts_dir.glob("part-*.parquet"), key=os.path.getmtime)
        if not files:
            return self.schema.empty_table()
        tables = [pq.read_table(f, schema=self.schema) for f in files]
        return _dedup_sorted(pa.concat_tables(tables), self.key)

    def keys(self) -> set[str]:
        return set(self.read().column(self.key).to_pylist())

    def append(self, row: dict[str, Any]) -> None:
        self._pending.append(row)
        if len(self._pending) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        table = pa.Table.from_pylist(self._pending, schema=self.schema)
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        # uuid, not a counter: two writers (or a resumed job) never collide.
        with atomic_path(self.parts_dir / f"part-{uuid.uuid4().hex}.parquet") as tmp:
            pq.write_table(table, tmp)
        self._pending.clear()

    def close(self) -> pa.Table:
        """Flush, then fold all parts into the single sorted `<name>.parquet`."""
        self.flush()
        table = self.read()
        with atomic_path(self.path) as tmp:
            pq.write_table(table, tmp)
        if self.parts_dir.is_dir():
            for part in self.parts_dir.glob("part-*.parquet"):
                part.unlink(missing_ok=True)
            self.parts_dir.rmdir()
        return table


def _dedup_sorted(table: pa.Table, key: str) -> pa.Table:
    keys = table.column(key).to_pylist()
    last = {k: i for i, k in enumerate(keys)}  # newest wins
    order = sorted(last, key=lambda k: k)
    return table.take(pa.array([last[k] for k in order], type=pa.int64()))
