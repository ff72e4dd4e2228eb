"""wildcat's built-in default catalog: procedural products written as a folder catalog.

    <root>/products.csv                                  id, title, category, parent_category, locales, up_axis
    <root>/<category>/<product_id>/catalog.png           the catalog image (white background, studio light)
    <root>/<category>/<product_id>/model/model.glb       the textured model (glTF: Y up, metres, front +Z)

`wildcat.core.catalog.load_catalog(root)` reads it with the folder importer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from wildcat.core.atomic import write_bytes, write_text
from wildcat.core.config import load_run_meta, save_run_meta
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_png
from wildcat.core.seeding import sample_rng
from wildcat.synth.procedural.assembly import glb_bytes, to_scene
from wildcat.synth.procedural.registry import CATEGORIES, category, make_product_3d

MODEL_DIR, MODEL_FILE, IMAGE_FILE = "model", "model.glb", "catalog.png"
COLUMNS = ("id", "title", "category", "parent_category", "locales", "up_axis", "description")
STREAM = "procedural-product"

RenderFn = Callable[[Path], np.ndarray]


def product_id(category_name: str, index: int) -> str:
    return f"{category_name}-{index:02d}"


def build_default_catalog(
    out_root: str | Path,
    products_per_category: int = 4,
    seed: int = 0,
    render_catalog_image: RenderFn | None = None,
    size: int = 256,
    categories: Sequence[str] | None = None,
    progress: bool = True,
) -> Path:
    """Generate the catalog under `out_root` and return it.

    render_catalog_image(glb_path) -> RGB array makes the catalog image (the
    render stage's catalog preset); None uses this package's minimal studio
    (`synth.procedural.studio`) at `size` x `size` pixels. Re-running with the
    same arguments rewrites identical files and skips renders whose model did
    not change.
    """
    root = Path(out_root)
    names = list(categories or CATEGORIES)
    for name in names:
        category(name)  # unknown names fail before any work
    renderer = f"synth.procedural.studio ({size} px)" if render_catalog_image is None else _name(render_catalog_image)
    if render_catalog_image is None:
        from wildcat.synth.procedural.studio import render_catalog_image as studio

        render_catalog_image = lambda path: studio(path, size)  # noqa: E731
    # images made by another renderer are made again; otherwise an unchanged model keeps its image
    keep = _previous_renderer(root) == renderer
    rows = []
    jobs = [(name, i) for name in names for i in range(products_per_category)]
    for name, i in tqdm(jobs, desc="default catalog", unit="product", disable=not progress):
        rows.append(_write_product(root, name, product_id(name, i), seed, render_catalog_image, keep))
    write_text(root / "products.csv", _csv(rows))
    save_run_meta(
        root,
        {"products_per_category": products_per_category, "categories": names, "size": size, "renderer": renderer},
        seed,
    )
    return root


def _name(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', type(fn).__name__)}"


def _previous_renderer(root: Path) -> str | None:
    try:
        return load_run_meta(root).get("config", {}).get("renderer")
    except WildcatError:
        return None


def _write_product(root: Path, name: str, pid: str, seed: int, render: RenderFn, keep_images: bool) -> dict[str, str]:
    product = make_product_3d(name, sample_rng(seed, pid, 0, STREAM))
    folder = root / name / pid
    model = folder / MODEL_DIR / MODEL_FILE
    data = glb_bytes(to_scene(product))
    image = folder / IMAGE_FILE
    unchanged = keep_images and model.exists() and image.exists() and model.read_bytes() == data
    if not unchanged:
        write_bytes(model, data)
        write_bytes(image, encode_png(np.ascontiguousarray(render(model))[..., :3]))
    details = ", ".join(f"{k}: {v}" for k, v in sorted(product.attributes.items()))
    return {
        "id": pid,
        "title": product.title,
        "category": name,
        "parent_category": CATEGORIES[name].parent,
        "locales": "global",
        "up_axis": "y",
        "description": f"{product.title} ({details})",
    }


def _csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
