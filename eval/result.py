"""The outcome of one evaluation, in memory and on disk.

A run folder holds `report.json` (every number), `queries.parquet` (one row
per query: its manifest fields, rank, AP, top-k product ids and scores),
`gallery.parquet` (the gallery rows) and `embeddings.npz` (a sample of each
domain's vectors, for maps and the domain gap). `EvalResult.load` reads it
back, so comparisons can run on folders written long ago.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from wildcat.core.atomic import atomic_path, write_bytes, write_json
from wildcat.core.errors import WildcatError
from wildcat.core.manifest import Sample
from wildcat.eval.markdown import strict_json
from wildcat.eval.metrics import hits_at

REPORT = "report.json"
QUERIES = "queries.parquet"
GALLERY = "gallery.parquet"
EMBEDDINGS = "embeddings.npz"


@dataclass
class EvalResult:
    queries: list[Sample]
    gallery: list[Sample]
    ranks: np.ndarray  # int64 [Q], 0-based rank of the right product; -1 = not in the gallery
    ap: np.ndarray  # float64 [Q]
    topk_ids: list[list[str]]  # [Q][<=k] product ids, best first
    topk_scores: np.ndarray  # float32 [Q, k] (-inf pads)
    report: dict[str, Any]  # summary, curve, slices, gap, meta, rejects
    embeddings: dict[str, np.ndarray] = field(default_factory=dict)  # domain -> [n, d] sample
    topk_paths: list[list[str]] = field(default_factory=list)  # [Q][<=k] the gallery image each top product scored with

    @property
    def query_ids(self) -> list[str]:
        return [q.sample_id for q in self.queries]

    def subset(self, keep: Sequence[int]) -> EvalResult:
        """The result restricted to the queries at positions `keep` (their rankings unchanged: they were made
        against the whole gallery); the report's aggregates still describe every query."""
        keep = list(keep)
        return dataclasses.replace(
            self,
            queries=[self.queries[i] for i in keep],
            ranks=self.ranks[keep],
            ap=self.ap[keep],
            topk_ids=[self.topk_ids[i] for i in keep],
            topk_scores=self.topk_scores[keep] if keep else self.topk_scores[:0],
            topk_paths=[self.topk_paths[i] for i in keep] if self.topk_paths else [],
        )

    def hits(self, k: int) -> np.ndarray:
        """1/0 per answerable query: right product in the top k."""
        return hits_at(self.ranks, k)

    def to_json(self) -> dict[str, Any]:
        """Every aggregate number (per-query values live in queries.parquet)."""
        return self.report

    @functools.cached_property
    def product_images(self) -> dict[str, str]:
        """Product id -> path of its first gallery image (for thumbnails); built once per result."""
        out: dict[str, str] = {}
        for g in self.gallery:
            out.setdefault(g.product_id, g.path)
        return out

    def top_images(self, i: int) -> list[str]:
        """Query i's top products as the gallery images they scored with (runs saved before: their first image)."""
        if self.topk_paths:
            return list(self.topk_paths[i])
        return [self.product_images.get(pid, "") for pid in self.topk_ids[i]]

    def save(self, out_dir: str | Path) -> Path:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / REPORT, strict_json(self.report))
        _write_table(out / QUERIES, self._query_table())
        _write_table(out / GALLERY, pa.Table.from_pylist([g.to_record() for g in self.gallery]))
        buf = io.BytesIO()
        np.savez_compressed(buf, **{d: v.astype(np.float32) for d, v in self.embeddings.items()})
        write_bytes(out / EMBEDDINGS, buf.getvalue())
        return out

    def _query_table(self) -> pa.Table:
        rows = []
        for i, q in enumerate(self.queries):
            rec = q.to_record()
            rec.update(
                query_id=q.sample_id,
                rank=int(self.ranks[i]),
                ap=float(self.ap[i]),
                topk_ids=list(self.topk_ids[i]),
                topk_scores=[float(s) for s in self.topk_scores[i][: len(self.topk_ids[i])]],
            )
            if self.topk_paths:
                rec["topk_paths"] = list(self.topk_paths[i])
            rows.append(rec)
        return pa.Table.from_pylist(rows)

    @classmethod
    def load(cls, run_dir: str | Path) -> EvalResult:
        run = Path(run_dir)
        if not (run / REPORT).is_file() or not (run / QUERIES).is_file():
            raise WildcatError(
                run,
                f"is not an evaluation run (needs {REPORT} and {QUERIES})",
                "pass a folder written by 'wildcat eval run' or eval.write_report",
            )
        report = json.loads((run / REPORT).read_text(encoding="utf-8"))
        rows = pq.read_table(run / QUERIES).to_pylist()
        sample_fields = set(Sample.model_fields)
        queries = [Sample.from_record({k: v for k, v in r.items() if k in sample_fields}) for r in rows]
        k = max((len(r["topk_scores"]) for r in rows), default=0)
        scores = np.full((len(rows), k), -np.inf, np.float32)
        for i, r in enumerate(rows):
            scores[i, : len(r["topk_scores"])] = r["topk_scores"]
        gallery = (
            [Sample.from_record(r) for r in pq.read_table(run / GALLERY).to_pylist()]
            if (run / GALLERY).is_file()
            else []
        )
        embeddings = {}
        if (run / EMBEDDINGS).is_file():
            with np.load(run / EMBEDDINGS, allow_pickle=False) as data:
                embeddings = {d: data[d] for d in data.files}
        return cls(
            queries=queries,
            gallery=gallery,
            ranks=np.array([r["rank"] for r in rows], dtype=np.int64),
            ap=np.array([np.nan if r["ap"] is None else r["ap"] for r in rows], dtype=np.float64),
            topk_ids=[list(r["topk_ids"]) for r in rows],
            topk_scores=scores,
            report=report,
            embeddings=embeddings,
            topk_paths=[list(r["topk_paths"]) for r in rows] if rows and "topk_paths" in rows[0] else [],
        )


def as_result(run: EvalResult | str | Path) -> EvalResult:
    return run if isinstance(run, EvalResult) else EvalResult.load(run)


def _write_table(path: Path, table: pa.Table) -> None:
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
