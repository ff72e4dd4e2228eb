"""A user's own catalog for `wildcat run`: its products, the photos it carries, and catalog images rendered for
the products that have only a 3D model.

A shop arrives with what it has: catalog images, maybe AR models, maybe photos of its products in use. Products
with a model and no image get one catalog image rendered in the studio preset (white background, soft light),
recorded as such in the product's attributes, so they are searched and trained like any other. Photos labelled
with their product are the evaluation's queries; a catalog without any still trains and indexes (`run_default`
says that nothing could be measured).
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from wildcat.core.catalog import Catalog, Product, load_catalog, safe_name, wild_samples
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import save_image
from wildcat.core.manifest import Sample
from wildcat.core.seeding import stable_hash
from wildcat.core.workspace import Workspace
from wildcat.synth.render import load_asset, preset_config, render_views

log = logging.getLogger(__name__)
RENDERED = "rendered in the studio preset from the 3D model (no catalog image was given)"


def user_catalog(path: str | Path, ws: Workspace, size: int, progress: bool) -> tuple[Catalog, list[Sample]]:
    """The catalog at `path` with catalog images rendered where only a model was given, and its labelled wild
    photos as queries (none: nothing to measure). The catalog is re-rooted in the workspace: `run_default` saves
    it there, and training reads it from there, as the UI does (whatever layout it was imported from)."""
    cat = load_catalog(path)
    model_only = [p for p in cat.products if not p.images and p.model3d is not None]
    if model_only:
        rendered = _render_catalog_images(model_only, ws.data("catalog-renders"), size, progress)
        products = [rendered.get(p.id, p) for p in cat.products if p.images or p.id in rendered]
        kept = {p.id for p in products}
        queries = [q for q in cat.queries if not q.product_id or q.product_id in kept]  # none of a left-out product
        cat = cat.model_copy(update={"products": products, "queries": queries})
    cat = cat.model_copy(update={"root": ws.root})
    return cat, wild_samples(cat, cat.labelled_splits)


def _render_catalog_images(products: list[Product], out: Path, size: int, progress: bool) -> dict[str, Product]:
    """One studio catalog image per product (reused when already rendered); a model that cannot be rendered
    leaves its product out, with a warning naming the file."""
    render = studio_renderer(size)
    done = {}
    for product in tqdm(products, desc="catalog images from 3D models", disable=not progress, unit="product"):
        try:
            image = out / f"{safe_name(product.id)}-{_render_key(product, size)}.png"  # a changed model renders anew
            if not image.is_file():
                save_image(image, render(product.model3d, product.model_variant))
        except (WildcatError, ValueError, OSError) as exc:
            log.warning(
                "%s: %s; product %s is left out. Fix: repair or re-export the model", product.model3d, exc, product.id
            )
            continue
        attributes = {**product.attributes, "catalog_image": RENDERED}
        done[product.id] = product.model_copy(update={"images": [image], "attributes": attributes})
    return done


def _render_key(product: Product, size: int) -> str:
    """What the rendered image depends on: the model file (path, size, time), the variant and the image size."""
    stat = product.model3d.stat()
    return f"{stable_hash(f'{product.model3d}:{stat.st_size}:{stat.st_mtime_ns}:{product.model_variant}:{size}'):016x}"


def studio_renderer(size: int):
    """Catalog images of 3D models through synth/render's `catalog` studio preset, on white."""

    cfg = preset_config("catalog", size=size, write_depth=False)

    def render(path: Path, variant: str | None = None) -> np.ndarray:
        rgba = render_views(load_asset(path, variant=variant), 1, 0, cfg)[0].rgba.astype(np.float32)
        alpha = rgba[..., 3:] / 255.0
        return (rgba[..., :3] * alpha + 255.0 * (1 - alpha) + 0.5).astype(np.uint8)

    render.__name__ = f"synth.render catalog preset ({size} px)"
    return render
