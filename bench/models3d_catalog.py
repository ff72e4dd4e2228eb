"""An example catalog of real 3D product models (../shared/data/models3d), run end to end.

    .venv/bin/python bench/models3d_catalog.py --out runs/models3d [--budget demo] [--sheets docs/img]

Writes OUT/catalog.json: one product per model, and one per variant where a glTF declares
KHR_materials_variants (the sneaker's three colourways, the chair's two velvets, the sofa's five), with the
categories below; no catalog image, so `wildcat run` renders each product's catalog image in the studio preset.
Then runs the whole job on it (`wildcat run --catalog OUT/catalog.json --out OUT/ws`): cutouts, renders,
composites, the before and after models; with no labelled photos nothing is measured. With --sheets, the
catalog images', renders' and composites' contact sheets are copied there. The models stay where they are
(never in the repository): the catalog names them by absolute path.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import Catalog, Product, load_catalog  # noqa: E402
from wildcat.core.catalog.variants import expand_variants  # noqa: E402
from wildcat.core.contact_sheet import save_contact_sheet  # noqa: E402
from wildcat.core.imageio import load_array  # noqa: E402
from wildcat.core.processes import ProcessExecutor  # noqa: E402
from wildcat.core.workspace import Workspace  # noqa: E402

MODELS = Path(__file__).resolve().parents[2] / "shared" / "data" / "models3d"
#: folder -> (category, parent category)
CATEGORIES = {
    "avocado": ("fruit", "groceries"),
    "yellow_bell_pepper": ("vegetable", "groceries"),
    "fuze_bottle": ("bottle", "groceries"),
    "water_bottle": ("bottle", "home"),
    "bowl": ("dish", "home"),
    "plate": ("dish", "home"),
    "dish_olives": ("dish", "home"),
    "candle_holder": ("candle holder", "home"),
    "vase_flowers": ("vase", "home"),
    "desk_lamp": ("lamp", "home"),
    "iridescence_lamp": ("lamp", "home"),
    "sheen_chair": ("chair", "furniture"),
    "wicker_chair": ("chair", "furniture"),
    "velvet_sofa": ("sofa", "furniture"),
    "shoe_variants": ("shoe", "fashion"),
    "toy_car": ("toy", "toys"),
}
SUFFIXES = (".glb", ".gltf", ".obj")


def build_catalog(out: Path) -> Path:
    products = []
    for folder, (category, parent) in CATEGORIES.items():
        model = next(p for p in sorted((MODELS / folder).iterdir()) if p.suffix.lower() in SUFFIXES)
        products.append(
            Product(
                id=folder,
                title=folder.replace("_", " "),
                category=category,
                parent_category=parent,
                images=[],
                model3d=model.resolve(),
                up_axis="z" if folder == "fuze_bottle" else None,  # the models3d README: Z-up
                attributes={"licence": "see " + str((MODELS / folder).resolve())},
            )
        )
    products, _ = expand_variants(products)
    catalog = Catalog(name="models3d", root=out.resolve(), source_format="saved", products=products)
    return catalog.save(out / "catalog.json")


def sheets(ws: Workspace, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog(ws.catalog)
    images = [load_array(p.images[0], "RGB") for p in catalog.products]
    save_contact_sheet(target / "models3d-catalog.png", images, [p.id for p in catalog.products], tile=112, columns=7)
    for prefix, name in (("renders", "models3d-renders.png"), ("composites", "models3d-composites.png")):
        folder = next(p for p in ws.datasets() if p.name.startswith(prefix))
        shutil.copyfile(folder / "contact_sheet.png", target / name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("runs/models3d"))
    ap.add_argument("--budget", default="demo")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sheets", type=Path, default=None, help="copy the contact sheets into this folder")
    args = ap.parse_args()
    if not MODELS.is_dir():
        sys.exit(f"{MODELS} not found")
    path = build_catalog(args.out)
    print(f"catalog: {path} ({len(load_catalog(path).products)} products)", flush=True)
    from wildcat.pipeline.default_job import run_default

    start = time.perf_counter()
    report = run_default(args.out / "ws", seed=args.seed, budget=args.budget, catalog=path, executor=ProcessExecutor())
    ws = Workspace.at(args.out / "ws")
    print(f"done in {time.perf_counter() - start:.0f} s; report: {report}; {ws.size_line()}")
    print("runs:", ", ".join(p.name for p in ws.runs()), "| datasets:", ", ".join(p.name for p in ws.datasets()))
    if args.sheets:
        sheets(ws, args.sheets)


if __name__ == "__main__":
    main()
