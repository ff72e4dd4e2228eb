"""`wildcat catalog check`: find every defect of a catalog in one pass and report them together."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from wildcat.core.catalog.schema import UNLABELED, Catalog, Product
from wildcat.core.errors import ImageLoadError
from wildcat.core.imageio import load_image

#: Catalog images smaller than this on their short side (pixels) are flagged.
MIN_CATALOG_SIDE = 64

# Defects that make the whole catalog unusable, whatever --strict says.
FATAL = ("duplicate_id", "no_usable_product")


@dataclass(frozen=True)
class Defect:
    kind: str  # duplicate_id | missing_file | unreadable_image | small_image | no_image | bad_model | missing_query
    # | unassigned_image
    product_id: str
    path: str
    message: str


@dataclass
class CheckReport:
    catalog: str
    products: int
    usable_products: int
    queries: int
    defects: list[Defect] = field(default_factory=list)
    splits: dict[str, int] = field(default_factory=dict)  # wild photos per split ("unlabeled" included)

    def counts(self) -> Counter[str]:
        return Counter(d.kind for d in self.defects)

    def usable(self, strict: bool = False) -> bool:
        if strict:
            return not self.defects
        return not any(d.kind in FATAL for d in self.defects)


def check_catalog(
    catalog: Catalog,
    min_side: int = MIN_CATALOG_SIDE,
    load_models: bool = True,
    progress: bool = True,
    model_check: Callable[[Path], str | None] | None = None,
) -> CheckReport:
    """Every defect of `catalog` in one pass. model_check: why a 3D model cannot be used (its reason and fix), or
    None; the command line passes the render stage's own loader, so check refuses exactly what rendering would
    (this core module cannot import a stage); the default is a plain geometry check."""
    model_check = functools.cache(model_check or model_problem)  # variants share one model file: load it once
    defects: list[Defect] = []
    for pid, n in Counter(p.id for p in catalog.products).items():
        if n > 1:
            defects.append(
                Defect("duplicate_id", pid, "", f"product id '{pid}' is used by {n} products; ids must be unique")
            )
    usable = 0
    for product in tqdm(catalog.products, desc="checking products", disable=not progress, unit="product"):
        found = _check_product(product, min_side, model_check if load_models else None)
        defects += found
        usable += _usable(product, {d.path for d in found})
    for pid, images in catalog.unassigned_images.items():
        for path in images:
            message = "image (catalog image or wild photo) of a model with variants names no variant: it is left out"
            fix = "put the variant's name in the file name (e.g. front-beach.jpg), or list it in a listing"
            defects.append(Defect("unassigned_image", pid, str(path), f"{message}. Fix: {fix}"))
    for q in catalog.queries:
        if not q.path.is_file():
            defects.append(Defect("missing_query", q.product_id, str(q.path), "the wild photo does not exist"))
    if catalog.products and usable == 0:
        defects.append(
            Defect("no_usable_product", "", str(catalog.root), "no product has a readable catalog image or 3D model")
        )
    if not catalog.products:
        defects.append(Defect("no_usable_product", "", str(catalog.root), "the catalog has no products"))
    splits = dict(sorted(Counter(q.split for q in catalog.queries).items()))
    return CheckReport(catalog.name, len(catalog.products), usable, len(catalog.queries), defects, splits)


def _usable(product: Product, bad_paths: set[str]) -> bool:
    """A readable catalog image, or a 3D model that loads (rendered into catalog images in the studio preset)."""
    if any(str(p) not in bad_paths for p in product.images):
        return True
    return product.model3d is not None and str(product.model3d) not in bad_paths and product.model3d.is_file()


def _check_product(product: Product, min_side: int, model_check: Callable[[Path], str | None] | None) -> list[Defect]:
    out: list[Defect] = []
    if not product.images and product.model3d is None:
        out.append(Defect("no_image", product.id, "", "product has neither a catalog image nor a 3D model"))
    for path in product.images:
        out += _check_image(product.id, path, min_side)
    if product.model3d is not None and model_check is not None:
        problem = model_check(product.model3d)
        if problem:
            out.append(Defect("bad_model", product.id, str(product.model3d), problem))
    return out


def _check_image(pid: str, path: Path, min_side: int) -> list[Defect]:
    if not path.is_file():
        return [Defect("missing_file", pid, str(path), "catalog image does not exist")]
    try:
        im = load_image(path, min_side=1)
    except ImageLoadError as exc:
        return [Defect("unreadable_image", pid, str(path), f"{exc.reason}. Fix: {exc.fix}")]
    if min(im.size) < min_side:
        return [
            Defect(
                "small_image", pid, str(path), f"{im.size[0]}x{im.size[1]} px is below {min_side} px on the short side"
            )
        ]
    return []


def model_problem(path: Path) -> str | None:
    """Why a 3D model cannot be used, or None when it loads with finite, non-empty geometry."""
    if not path.is_file():
        return "3D model file does not exist"
    try:
        import numpy as np
        import trimesh

        scene = trimesh.load(str(path), force="scene")
        meshes = [g for g in scene.geometry.values() if isinstance(g, trimesh.Trimesh)]
    except Exception as exc:  # trimesh raises many types for broken files
        return f"cannot load the 3D model ({type(exc).__name__}: {exc})"
    if not meshes or sum(len(m.faces) for m in meshes) == 0:
        return "the 3D model has no faces"
    if not all(np.isfinite(m.vertices).all() for m in meshes):
        return "the 3D model has NaN or infinite vertices"
    return None


def format_report(report: CheckReport, strict: bool = False, limit: int = 20) -> str:
    per_split = f" ({', '.join(f'{k} {n}' for k, n in report.splits.items())})" if report.splits else ""
    lines = [
        f"catalog '{report.catalog}': {report.products} products ({report.usable_products} usable), {report.queries} "
        f"wild photos{per_split}",
    ]
    if not set(report.splits) - {UNLABELED}:
        lines.append(
            "no labelled wild photos: `wildcat run` will train and index but cannot measure recall "
            "(add <category>/<product>/wild/*.jpg, or photo rows to a listing: docs/catalogs.md)"
        )
    counts = report.counts()
    if not counts:
        lines.append("no defects found")
    else:
        lines.append("defects: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        for d in report.defects[:limit]:
            where = f" {d.path}" if d.path else ""
            lines.append(f"  [{d.kind}] {d.product_id}{where}: {d.message}")
        if len(report.defects) > limit:
            lines.append(f"  ... and {len(report.defects) - limit} more (use --all to list them)")
    lines.append("verdict: " + ("usable" if report.usable(strict) else "NOT usable"))
    return "\n".join(lines)
