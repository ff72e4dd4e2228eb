"""How the Samples page scales: build a workspace with a 100k-row manifest
(composite-style lineage) and time each step of one page view.

    OMP_NUM_THREADS=1 python -m ui.benchmark --rows 100000

Steps: load (read the manifest, slim it, pull out background kinds: once per
manifest change), cache hit (what st.cache_data costs on every rerun: a pickle
round trip of the slim table), filter, facets, one page of rows, and decoding
one page of thumbnails.
"""

from __future__ import annotations

import argparse
import json
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from wildcat.core.imageio import encode_jpeg
from wildcat.core.manifest import MANIFEST_SCHEMA
from wildcat.core.workspace import Workspace
from wildcat.ui import sample_filter, thumbnails
from wildcat.ui.sample_table import workspace_samples

KINDS = ("room", "street", "store")


def make_workspace(root: Path, rows: int, rng: np.random.Generator) -> Workspace:
    """A workspace whose data/bench/ holds `rows` composites over 48 distinct 256 px JPEGs."""
    ws = Workspace.at(root)
    folder = ws.data("bench")
    (folder / "images").mkdir(parents=True)
    for i in range(48):
        (folder / "images" / f"{i}.jpg").write_bytes(encode_jpeg(rng.integers(0, 255, (256, 256, 3), dtype=np.uint8)))
    products = [f"p{i:04d}" for i in range(2000)]
    pid = rng.integers(0, len(products), rows)
    kind = rng.integers(0, 3, rows)
    lineage = [
        json.dumps(
            {
                "background": {
                    "id": f"{KINDS[k]}/{i % 97}",
                    "kind": KINDS[k],
                    "off_context": False,
                    "source": "procedural",
                    "view": "photo",
                    "window": [0.0, 0.0, 256.0],
                },
                "blend": "gaussian",
                "effects": {"seed": i},
                "index": i,
                "instances": [{"product": products[p], "role": "hero", "source": 0}],
                "seed": 0,
            },
            sort_keys=True,
        )
        for i, (p, k) in enumerate(zip(pid, kind, strict=False))
    ]
    table = pa.table(
        {
            "sample_id": [f"cutpaste/{products[p]}/{i:06d}" for i, p in enumerate(pid)],
            "path": [f"images/{i % 48}.jpg" for i in range(rows)],
            "product_id": [products[p] for p in pid],
            "domain": ["synthetic"] * rows,
            "generator": ["cutpaste"] * rows,
            "split": ["train"] * rows,
            "category": [f"c{p % 40}" for p in pid],
            "locale": np.array(["en-IN", "en-US", "global"])[pid % 3],
            "width": np.full(rows, 256, np.int32),
            "height": np.full(rows, 256, np.int32),
            "score": rng.random(rows),
            "lineage": lineage,
        },
        schema=MANIFEST_SCHEMA,
    )
    pq.write_table(table, folder / "manifest.parquet")
    return ws


def timed(label: str, fn, repeat: int = 3):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<42} {best * 1000:9.1f} ms")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--per-page", type=int, default=48)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp), args.rows, np.random.default_rng(0))
        print(f"{args.rows:,} samples, {args.per_page} per page")
        table = timed("load manifest + slim + background kinds", lambda: workspace_samples(ws, None), repeat=1)
        blob = pickle.dumps(table)
        timed(f"cache hit (unpickle {len(blob) / 1e6:.1f} MB)", lambda: pickle.loads(blob))
        f = sample_filter.SampleFilter(
            backgrounds=("room", "store"),
            categories=tuple(f"c{i}" for i in range(10)),
            market="en-IN",
            market_products=frozenset(f"p{i:04d}" for i in range(0, 2000, 3)),
            score_range=(0.2, 0.9),
        )
        shown = timed("filter (4 filters)", lambda: sample_filter.apply(table, f))
        timed("facets (value counts of 5 columns)", lambda: sample_filter.facets(table))
        last = sample_filter.page_count(shown.num_rows, args.per_page)
        timed(f"rows of the last page ({last:,} pages)", lambda: sample_filter.page_rows(shown, last, args.per_page))
        rows = sample_filter.page_rows(shown, 1, args.per_page)
        timed(
            f"decode {len(rows)} thumbnails (uncached)",
            lambda: [thumbnails.thumbnail(r["file"]) for r in rows],
            repeat=1,
        )
        print(f"{shown.num_rows:,} rows pass the filter")


if __name__ == "__main__":
    main()
