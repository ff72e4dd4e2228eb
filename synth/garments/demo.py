"""Offline demo data for a locale pack: a catalog of procedurally drawn
products for the pack's classes (and their look-alikes in other markets),
plus labelled wild-style query photos.

Layout of OUT (one resumable batch, see wildcat.core.jobs):

    OUT/catalog/<category>/<product_id>/front.png   catalog shots (flat, white)
    OUT/catalog/products.csv                        title, category, parent, locales, class_ref
    OUT/queries/<product_id>/wild_<j>.jpg           wild-style photos
    OUT/manifest.parquet    rows: domain "catalog" (the gallery) and domain "wild" (queries, split val/test)
    OUT/config.yaml, OUT/contact_sheet.png

`wildcat.core.catalog.load_catalog(OUT / "catalog")` reads the catalog;
`wildcat.core.manifest.read_manifest(OUT)` filtered on domain == "wild" gives the queries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from wildcat.core.atomic import write_text
from wildcat.core.config import Config, save_run_meta
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import WildcatError
from wildcat.core.imageio import encode_jpeg, encode_png, load_array
from wildcat.core.jobs import BatchSummary, Produced, Task, run_batch
from wildcat.core.locales import BACKGROUND_KINDS, ClassRef, PackSet
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.seeding import sample_rng
from wildcat.synth.garments.profiles import PROFILES, sample_spec
from wildcat.synth.garments.render import draw_garment
from wildcat.synth.garments.wild import make_wild

CATALOG_DIR = "catalog"
QUERIES_DIR = "queries"


class DemoConfig(Config):
    locale: str = Field(description="locale id of the pack to make demo data for, e.g. 'en-IN'")
    products_per_class: int = Field(4, ge=1, description="products drawn per class (count)")
    wild_per_product: int = Field(3, ge=0, description="wild-style query photos per product (count)")
    size: int = Field(256, ge=32, le=1024, description="side of catalog and wild images (pixels)")
    look_alikes: bool = Field(
        True, description="also draw the other markets' look-alike classes (en-US tunic for kurti, ...)"
    )
    val_share: float = Field(
        0.5, ge=0.0, le=1.0, description="share of each product's wild photos in split 'val'; the rest are 'test'"
    )


@dataclass(frozen=True)
class DemoProduct:
    product_id: str
    ref: ClassRef
    shape: str
    parent: str
    title: str
    description: str


def demo_classes(packs: PackSet, locale: str, look_alikes: bool = True) -> tuple[list[ClassRef], list[ClassRef]]:
    """(classes to draw, classes skipped because no built-in shape draws them)."""
    if locale not in packs.packs:
        raise WildcatError(
            None,
            f"no locale pack '{locale}' is installed or shipped",
            f"install one with 'wildcat locale add PACK.yaml' (known: {', '.join(packs.locales)})",
        )
    refs = packs.refs(locale)
    if look_alikes:
        refs += sorted({o for r in refs for o in packs.look_alikes(r, other_locales_only=True)})
    drawable = [r for r in refs if _shape(packs, r) in PROFILES]
    return drawable, [r for r in refs if r not in drawable]


def plan_products(packs: PackSet, cfg: DemoConfig, seed: int) -> list[DemoProduct]:
    refs, _ = demo_classes(packs, cfg.locale, cfg.look_alikes)
    out = []
    for ref in refs:
        cls = packs.get(ref)
        for i in range(cfg.products_per_class):
            pid = f"{ref.locale}-{ref.name}-{i:03d}"
            spec = sample_spec(_shape(packs, ref), sample_rng(seed, pid, 0, "garment"))
            title = spec.title.replace(spec.shape.replace("_", " "), cls.display.lower())
            words = [cls.description.strip()] + ([f"Also called: {', '.join(cls.synonyms)}."] if cls.synonyms else [])
            out.append(DemoProduct(pid, ref, spec.shape, cls.parent, title, " ".join(w for w in words if w)))
    return out


def make_demo(packs: PackSet, out: str | Path, cfg: DemoConfig, seed: int, progress: bool = True) -> BatchSummary:
    """Write the demo catalog and wild queries for `cfg.locale` to `out` (resumable; same seed, same bytes)."""
    out = Path(out)
    products = plan_products(packs, cfg, seed)
    if not products:
        raise WildcatError(
            None,
            f"no class of {cfg.locale} has a built-in demo shape",
            f"set 'demo_shape:' on the pack's classes to one of {', '.join(PROFILES)}",
        )
    tasks = [_task(p, packs, cfg, seed) for p in products]
    save_run_meta(out, cfg, seed, packs={loc: packs.packs[loc].version for loc in packs.locales})
    summary = run_batch(tasks, work, out, stage="locale-demo", progress=progress)
    _write_products_csv(out / CATALOG_DIR / "products.csv", products)
    _contact_sheet(out)
    return summary


def _shape(packs: PackSet, ref: ClassRef) -> str:
    return packs.get(ref).demo_shape or ref.name


def _task(p: DemoProduct, packs: PackSet, cfg: DemoConfig, seed: int) -> Task:
    n_val = int(round(cfg.wild_per_product * cfg.val_share))
    kinds = packs.packs[p.ref.locale].backgrounds or list(BACKGROUND_KINDS)
    ids = (f"catalog/{p.product_id}",) + tuple(f"wild/{p.product_id}/{j}" for j in range(cfg.wild_per_product))
    params = {
        "shape": p.shape,
        "category": p.ref.name,
        "locale": p.ref.locale,
        "parent": p.parent,
        "ref": str(p.ref),
        "seed": seed,
        "size": cfg.size,
        "wild": cfg.wild_per_product,
        "n_val": n_val,
        "backgrounds": list(kinds),
    }
    return Task(key=p.product_id, product_id=p.product_id, sample_ids=ids, params=params)


def work(task: Task) -> Produced:
    """Draw one product: its catalog shot and its wild photos (bytes, not written: see wildcat.core.jobs)."""
    prm, pid = task.params, task.product_id
    spec = sample_spec(prm["shape"], sample_rng(prm["seed"], pid, 0, "garment"))
    size = prm["size"]
    lineage = {"seed": prm["seed"], "class_ref": prm["ref"], "parent_category": prm["parent"], "spec": spec.to_dict()}
    cat_rel = f"{CATALOG_DIR}/{prm['category']}/{pid}/front.png"
    files = {cat_rel: encode_png(draw_garment(spec, size).on_white())}
    samples = [
        Sample(
            sample_id=task.sample_ids[0],
            path=cat_rel,
            product_id=pid,
            domain="catalog",
            generator="garment",
            category=prm["category"],
            locale=prm["locale"],
            width=size,
            height=size,
            lineage=lineage,
        )
    ]
    for j in range(prm["wild"]):
        img, info = make_wild(spec, sample_rng(prm["seed"], pid, j, "wild"), size, prm["backgrounds"])
        rel = f"{QUERIES_DIR}/{pid}/wild_{j:02d}.jpg"
        files[rel] = encode_jpeg(img, info["jpeg_quality"])
        samples.append(
            Sample(
                sample_id=task.sample_ids[1 + j],
                path=rel,
                product_id=pid,
                domain="wild",
                generator="garment-wild",
                split="val" if j < prm["n_val"] else "test",
                category=prm["category"],
                locale=prm["locale"],
                width=size,
                height=size,
                lineage={**lineage, "index": j, "wild": info},
            )
        )
    return Produced(files, samples)


def _write_products_csv(path: Path, products: list[DemoProduct]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "title", "description", "category", "parent_category", "locales", "class_ref", "demo_shape"])
    for p in products:
        w.writerow([p.product_id, p.title, p.description, p.ref.name, p.parent, p.ref.locale, str(p.ref), p.shape])
    write_text(path, buf.getvalue())


def _contact_sheet(out: Path, max_wild: int = 3) -> None:
    """First product of each class: its catalog shot, then its wild photos."""
    rows = read_manifest(out)
    firsts = sorted({r.product_id for r in rows if r.product_id.endswith("-000")})[:64]
    images, captions = [], []
    for pid in firsts:
        mine = [r for r in rows if r.product_id == pid]
        for r in sorted(mine, key=lambda s: (s.domain != "catalog", s.sample_id))[: 1 + max_wild]:
            images.append(load_array(r.resolve(out), mode="RGB"))
            captions.append(
                f"{r.locale} {r.category}" if r.domain == "catalog" else f"  wild {r.lineage['wild']['background']}"
            )
    if images:
        per_product = max(1, len(images) // max(len(firsts), 1))
        save_contact_sheet(out / "contact_sheet.png", images, captions, tile=128, columns=per_product * 2)
