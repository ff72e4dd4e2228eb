"""`wildcat scenes ...`: make scene sets, measure region and in-situ search on them, and search them."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from wildcat.eval.cli import BASELINE, CATALOG, CHECKPOINT, VIEWS, VIEWS_WEIGHT

scenes_app = typer.Typer(
    help="Photos of several products: search from a region, find the scenes that show a product.",
    no_args_is_help=True,
)
SCENES = typer.Option(..., "--scenes", help="Scene folder: made by 'wildcat scenes make', or photos (+ boxes.csv).")


def register(app: typer.Typer) -> None:
    app.add_typer(scenes_app, name="scenes")


@scenes_app.command("make")
def make(
    out: Path = typer.Option(..., "--out", help="Folder to write the scene set to (scenes.json, images/)."),
    composites: Path | None = typer.Option(
        None, "--composites", help="A 'wildcat synth compose' folder: its composites of 2+ products become scenes."
    ),
    photos: Path | None = typer.Option(
        None, "--photos", help="A dataset folder of labelled single-product photos to lay out 2-4 to a scene."
    ),
    catalog: Path | None = typer.Option(
        None, "--catalog", help="Or a catalog whose labelled wild photos (of --splits) to lay out."
    ),
    splits: str = typer.Option("test", "--splits", help="With --catalog: comma-separated photo splits."),
    min_products: int = typer.Option(2, "--min-products", min=1, help="With --composites: products a scene shows."),
    max_scenes: int | None = typer.Option(None, "--max-scenes", min=1, help="Stop after this many mosaic scenes."),
    size: int = typer.Option(512, "--size", min=64, help="Side of each mosaic scene (pixels)."),
    seed: int = typer.Option(0, "--seed", min=0),
) -> None:
    """Make a scene set with known boxes and products, from composites or from labelled photos."""
    from wildcat.core.catalog import load_catalog, wild_samples
    from wildcat.core.errors import WildcatError
    from wildcat.core.manifest import read_manifest
    from wildcat.core.scenes import scenes_from_composites
    from wildcat.synth.scenes.mosaic import MosaicConfig, make_mosaic_scenes

    if sum(x is not None for x in (composites, photos, catalog)) != 1:
        raise WildcatError(None, "give exactly one of --composites, --photos, --catalog", "see --help")
    if composites is not None:
        made = scenes_from_composites(composites, min_products)
        made.save(out)
    else:
        rows = (
            read_manifest(photos, absolute=True) if photos else wild_samples(load_catalog(catalog), splits.split(","))
        )
        made = make_mosaic_scenes(rows, out, MosaicConfig(size=size, max_scenes=max_scenes), seed)
    boxes = sum(len(s.boxes) for s in made.scenes)
    typer.echo(f"{len(made.scenes)} scenes, {boxes} known boxes, {len(made.rejects)} photos left out -> {out}")


@scenes_app.command("eval")
def evaluate(
    scenes: Path = SCENES,
    catalog: Path = CATALOG,
    out: Path = typer.Option(..., "--out", help="Folder for scenes.json and scenes.md."),
    checkpoint: Path | None = CHECKPOINT,
    baseline: str | None = BASELINE,
    views: Path | None = VIEWS,
    views_weight: float | None = VIEWS_WEIGHT,
    proposals: bool = typer.Option(True, help="Also measure in-situ search over proposed regions."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap intervals."),
) -> None:
    """Region search (recall@k of each boxed product) and in-situ search (do a product's scenes come first?)."""
    from wildcat.core.atomic import write_json, write_text
    from wildcat.core.catalog import load_catalog
    from wildcat.core.scenes import load_scenes
    from wildcat.eval.regions import ProposalConfig
    from wildcat.eval.scenes import evaluate_scenes
    from wildcat.eval.sources import dataset_rows, gallery_rows, load_embedder
    from wildcat.eval.views import view_rows
    from wildcat.pipeline.scenes import scene_table

    embedder = load_embedder(checkpoint, baseline)
    report = evaluate_scenes(
        embedder, gallery_rows(load_catalog(catalog)), load_scenes(scenes),
        views=view_rows(dataset_rows(views)) if views else (), views_weight=views_weight,
        proposals=ProposalConfig() if proposals else None, seed=seed,
    )  # fmt: skip
    name = checkpoint.parent.name if checkpoint else baseline
    write_json(out / "scenes.json", report)
    write_text(out / "scenes.md", scene_table({name: report}) + "\n")
    typer.echo(scene_table({name: report}))


@scenes_app.command("in-situ")
def in_situ(
    products: list[str] = typer.Argument(..., help="Product ids to find in the scenes."),
    scenes: Path = SCENES,
    catalog: Path = CATALOG,
    checkpoint: Path | None = CHECKPOINT,
    baseline: str | None = BASELINE,
    k: int = typer.Option(5, "--k", min=1, help="Scenes to list per product."),
    sheet: Path | None = typer.Option(None, "--sheet", help="Also save the found scenes, regions outlined (PNG)."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Which scenes show this product, and where: regions of the scenes (their known boxes, or proposed regions
    for photos without boxes) searched with the product's catalog vector."""
    from wildcat.core.catalog import load_catalog
    from wildcat.core.contact_sheet import save_contact_sheet
    from wildcat.core.errors import WildcatError
    from wildcat.core.imageio import load_array
    from wildcat.core.scenes import load_scenes
    from wildcat.eval.scenes import draw_box, embed_regions, product_vectors, search_rows
    from wildcat.eval.sources import gallery_rows, load_embedder

    embedder = load_embedder(checkpoint, baseline)
    scene_set = load_scenes(scenes)
    vectors = product_vectors(embedder, gallery_rows(load_catalog(catalog)))
    rows = search_rows(scene_set, progress=not as_json)
    regions = embed_regions(embedder, rows, len(scene_set.scenes), progress=not as_json)
    found, images, captions = {}, [], []
    for pid in products:
        if pid not in vectors:
            raise WildcatError(catalog, f"has no product {pid!r} with a readable image", "check the product id")
        hits = regions.search(vectors[pid], k)
        found[pid] = [{"scene": scene_set.scenes[h.scene].scene_id, "score": h.score, "box": h.box} for h in hits]
        for h in hits if sheet is not None else ():
            images.append(draw_box(load_array(scene_set.file(scene_set.scenes[h.scene]), mode="RGB"), h.box))
            captions.append(f"{pid} {h.score:.3f}")
    if sheet is not None and images:
        save_contact_sheet(sheet, images, captions)
    if as_json:
        typer.echo(json.dumps(found, indent=1))
        return
    for pid, hits in found.items():
        typer.echo(f"{pid}:")
        for rank, h in enumerate(hits, start=1):
            typer.echo(f"  {rank}. {h['scene']}  {h['score']:.4f}  box {','.join(f'{v:.0f}' for v in h['box'])}")
