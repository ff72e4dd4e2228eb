"""`segment_catalog`: every catalog image through `cut_out`, as a resumable batch job.

One task per catalog image. The work function is pure (image path and config
in, PNG bytes and a manifest row out), so it runs the same in this process
or on Ray workers; `run_batch` writes files, rows and rejects, and skips
what a killed run already finished.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from wildcat.core.atomic import exclusive
from wildcat.core.catalog import Catalog, load_catalog, safe_name
from wildcat.core.config import resume_seed, save_run_meta
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.imageio import encode_png, load_array
from wildcat.core.jobs import BatchSummary, Produced, Task, run_batch
from wildcat.core.manifest import Sample, read_manifest
from wildcat.segment.backends import create_backend
from wildcat.segment.config import SegmentConfig
from wildcat.segment.cutout import cut_out
from wildcat.segment.errors import CutoutRejected, SegmentError
from wildcat.segment.quality import FIXES

STAGE = "segment"
CONTACT_SHEET = "contact_sheet.png"


def segment_catalog(
    catalog: Catalog | str | Path,
    out_dir: str | Path,
    config: SegmentConfig | None = None,
    seed: int | None = None,
    progress: bool = True,
    executor: Any = None,
) -> BatchSummary:
    """Cut out every catalog image into OUT/cutouts/, with manifest, rejects, config.yaml and a contact sheet."""
    catalog = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    config = config or SegmentConfig()
    out = Path(out_dir)
    with exclusive(out):  # from reading the folder's config to the last file written
        seed = resume_seed(out, seed, config)
        if "rembg" in (config.backend, config.agree_with):
            create_backend("rembg", config)  # a missing model is one error now, not a reject per image
        save_run_meta(out, config, seed, stage=STAGE, catalog=str(catalog.root))
        tasks = make_tasks(catalog, config, seed)
        summary = run_batch(tasks, cutout_task, out, stage=STAGE, executor=executor, progress=progress)
        save_cutout_sheet(out, config.contact_sheet_size, progress)
        return summary


def make_tasks(catalog: Catalog, config: SegmentConfig, seed: int) -> list[Task]:
    cfg = config.model_dump(mode="json")
    tasks = []
    for p in catalog.products:
        for i, image in enumerate(p.images):
            sid = sample_id(p.id, i)
            params = {
                "path": str(image),
                "index": i,
                "category": p.category,
                "parent_category": p.parent_category,
                "locale": p.locales[0] if p.locales else "",
                "config": cfg,
                "seed": seed,
            }
            tasks.append(Task(key=sid, product_id=p.id, sample_ids=(sid,), params=params))
    return tasks


def sample_id(product_id: str, index: int) -> str:
    return f"cutout/{product_id}/{index}"


def cutout_task(task: Task) -> Produced:
    """Work function: one catalog image -> one cropped RGBA PNG and its manifest row (or a reject)."""
    prm = task.params
    config = SegmentConfig.model_validate(prm["config"])
    path = prm["path"]
    image = load_array(path, "auto", min_side=1)
    try:
        cut = cut_out(image, config.backend, config)
    except SegmentError as exc:
        if exc.path is not None:
            raise
        raise SegmentError(path, exc.reason, exc.fix) from exc  # the same error, now naming the image
    if not cut.ok:
        reason = cut.quality.reason
        raise CutoutRejected(path, reason, f"{cut.quality.detail}; {FIXES.get(reason, '')}".strip("; "))
    png = cut.cropped(config.margin)
    rel = f"cutouts/{safe_name(task.product_id)}/{prm['index']}.png"
    lineage = {"source": path, "seed": prm["seed"], "parent_category": prm["parent_category"], **cut.lineage()}
    sample = Sample(
        sample_id=task.sample_ids[0],
        path=rel,
        product_id=task.product_id,
        domain="catalog",
        generator="cutout",
        category=prm["category"],
        locale=prm["locale"],
        width=png.shape[1],
        height=png.shape[0],
        score=round(cut.score, 4),
        lineage=lineage,
    )
    return Produced({rel: encode_png(png)}, [sample])


def save_cutout_sheet(out: Path, limit: int, progress: bool = True) -> Path | None:
    """A contact sheet of the cutouts, lowest score first (the ones worth a look)."""
    samples = [s for s in read_manifest(out) if s.generator == "cutout"]
    if not samples:
        return None
    samples.sort(key=lambda s: (s.score if s.score is not None else 1.0, s.sample_id))
    chosen = samples[:limit]
    images = [
        load_array(out / s.path, "RGBA") for s in tqdm(chosen, desc="contact sheet", disable=not progress, unit="img")
    ]
    captions = [f"{s.product_id[:14]} {s.score:.2f}" for s in chosen]
    return save_contact_sheet(out / CONTACT_SHEET, images, captions, tile=128, columns=min(10, len(images)))


def mean_score(out: str | Path) -> float | None:
    scores = [s.score for s in read_manifest(out) if s.generator == "cutout" and s.score is not None]
    return float(np.mean(scores)) if scores else None
