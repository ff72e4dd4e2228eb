"""Time the default catalog and its wild queries: `python -m synth.procedural.bench OUT`.

Builds the catalog (studio fallback images) and the wild queries in OUT,
prints wall and CPU seconds for each step and per unit, and leaves contact
sheets (OUT/catalog_sheet.png, OUT/wild/contact_sheet.png) to look at.
Set OMP_NUM_THREADS=1 for figures comparable with docs/default_catalog.md.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from wildcat.core.catalog import load_catalog
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.imageio import load_array
from wildcat.core.manifest import read_manifest
from wildcat.synth.procedural import build_default_catalog, make_wild_queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-category", type=int, default=4)
    parser.add_argument("--per-product", type=int, default=8)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)

    t0, c0 = time.perf_counter(), time.process_time()
    root = build_default_catalog(args.out / "catalog", args.per_category, args.seed, size=args.size, progress=False)
    t1, c1 = time.perf_counter(), time.process_time()
    wild = make_wild_queries(root, args.out / "wild", args.per_product, args.seed, args.size, progress=False)
    t2, c2 = time.perf_counter(), time.process_time()

    products = load_catalog(root).products
    rows = read_manifest(wild)
    save_contact_sheet(
        args.out / "catalog_sheet.png",
        [load_array(p.images[0]) for p in products],
        [p.title for p in products],
        tile=128,
    )
    print(
        f"catalog: {len(products)} products in {t1 - t0:.1f} s wall, {c1 - c0:.1f} s CPU "
        f"({(t1 - t0) / len(products):.2f} s/product)"
    )
    print(
        f"wild:    {len(rows)} photos in {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU "
        f"({(t2 - t1) / max(len(rows), 1):.3f} s/photo)"
    )
    print(f"total:   {t2 - t0:.1f} s wall at {args.size} px")


if __name__ == "__main__":
    main()
