"""The catalog audit on real 3D products with colour and fabric variants: the sneaker's three colourways, the
chair's two velvets and the sofa's five fabrics of ../shared/data/models3d, as bench/models3d_catalog.py lists
them (one product per glTF variant, its catalog image rendered in that variant's materials).

    .venv/bin/python bench/models3d_catalog.py --out workspace/models3d        # makes the catalog (once)
    .venv/bin/python bench/audit_models3d.py --catalog workspace/models3d/ws/catalog.json --out workspace/audit-3d

Audits the clean catalog, then the catalog with the main images of variant pairs swapped (navy sofa <-> pale pink
sofa, gray <-> champagne, mango chair <-> peacock chair, midnight sneaker <-> beach sneaker), and reports where
each swapped variant ranks among the colour findings and the wrong-image findings of that catalog. Writes
OUT/audit-models3d.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog  # noqa: E402
from wildcat.eval.markdown import table  # noqa: E402
from wildcat.pipeline.audit import audit_listings, listings_of  # noqa: E402
from wildcat.train import zero_shot_embedder  # noqa: E402

SWAPS = [
    ("velvet_sofa-Navy", "velvet_sofa-Pale Pink"),
    ("velvet_sofa-Gray", "velvet_sofa-Champagne"),
    ("sheen_chair-Mango Velvet", "sheen_chair-Peacock Velvet"),
    ("shoe_variants-midnight", "shoe_variants-beach"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalog", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("workspace/audit-3d"))
    args = ap.parse_args()
    listings = listings_of(load_catalog(args.catalog))
    embedder = zero_shot_embedder()
    clean = audit_listings(listings, embedder, progress=False)
    by_id = {lst.product_id: lst for lst in listings}
    swapped = list(listings)
    for a, b in SWAPS:
        ia, ib = swapped.index(by_id[a]), swapped.index(by_id[b])
        swapped[ia] = replace(by_id[a], images=by_id[b].images)
        swapped[ib] = replace(by_id[b], images=by_id[a].images)
    dirty = audit_listings(swapped, embedder, progress=False)
    rows = []
    for name, audit in (("clean", clean), ("swapped", dirty)):
        colour = audit.of_kind("colour")
        ranks = {f.product_id: i + 1 for i, f in enumerate(colour)}
        for pid in sorted({p for pair in SWAPS for p in pair}):
            f = next((f for f in colour if f.product_id == pid), None)
            rows.append([name, pid, ", ".join(audit.colours.get(pid, [])), f"{ranks.get(pid, '-')} of {len(colour)}",
                         f"{f.score:.1f}" if f else "-", f.fix if f else ""])  # fmt: skip
    text = table(["catalog", "variant", "image colours", "colour rank", "score", "suggested fix"], rows)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "audit-models3d.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
