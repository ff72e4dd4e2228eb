"""`wildcat eval ...`: evaluate a checkpoint, compare runs, tabulate, build and query an index.

Everything heavy is imported inside the commands, so `wildcat --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

eval_app = typer.Typer(
    help="Measure in-the-wild retrieval: recall@k with intervals, before vs after, faiss search.", no_args_is_help=True
)

CHECKPOINT = typer.Option(None, "--checkpoint", help="Trained checkpoint (loaded with train.load_embedder).")
BASELINE = typer.Option(
    None,
    "--baseline",
    help="Training-free embedder instead of a checkpoint: zero-shot (the ImageNet-pretrained EfficientNet-Lite0 "
    "at 224 px, untrained; zero-shot:BACKBONE@SIZE for another), or colorhist.",
)
CATALOG = typer.Option(..., "--catalog", help="Catalog: folder, listing, Grocery Store folder or catalog.json.")
VIEWS = typer.Option(
    None,
    "--views",
    help="Dataset folder whose composites (and labelled wild photos) are blended, per "
    "product, into the indexed catalog vectors (eval.views): pass the run's composites.",
)
VIEWS_WEIGHT = typer.Option(
    None,
    "--views-weight",
    min=0,
    help="Weight of a product's mean view against its catalog image (default: eval.views.DEFAULT_WEIGHT, 2; 0 = off).",
)


REFERENCE = typer.Option(
    None,
    "--reference",
    help="Comma-separated catalog splits of unlabelled photos of the query domain (labels unread): each indexed "
    "image's scores are corrected by its pull on them (eval.hubness; e.g. past shoppers' photos).",
)
CACHE = typer.Option(
    None,
    "--cache",
    help="Embedding cache folder (default: $WILDCAT_EMBEDDING_CACHE or ~/.cache/wildcat/embeddings).",
)
NO_CACHE = typer.Option(False, "--no-cache", help="Do not read or write cached embeddings.")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


def _split_list(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


@eval_app.command("run")
def run(
    out: Path = typer.Option(
        ..., "--out", help="Run folder to write (report.json, queries.parquet, report.md, figures)."
    ),
    catalog: Path = CATALOG,
    checkpoint: Path | None = CHECKPOINT,
    baseline: str | None = BASELINE,
    queries: str | None = typer.Option(
        None, "--queries", help="Comma-separated catalog splits to query with (default: all)."
    ),
    query_data: Path | None = typer.Option(
        None,
        "--query-data",
        help="Dataset folder whose wild manifest rows (domain wild) are the queries (instead of --queries); other "
        "rows are skipped.",
    ),
    synthetic: Path | None = typer.Option(
        None, "--synthetic", help="Synthetic dataset folder, for the domain-gap measure."
    ),
    views: Path | None = VIEWS,
    views_weight: float | None = VIEWS_WEIGHT,
    reference: str | None = REFERENCE,
    index: str = typer.Option(
        "exact", "--index", help="exact, or a faiss index searched to depth 1000: flat, hnsw, ivfpq."
    ),
    filter_by: str | None = typer.Option(
        None, "--filter", help="Search only products sharing the query's category or locale."
    ),
    crop_padding: int | None = typer.Option(
        None,
        "--crop-padding",
        help="Crop queries with a lineage box to it plus this many pixels (16 is the seed paper's best).",
    ),
    slices: str | None = typer.Option(
        None, "--slices", help="Comma-separated slice keys (default: category,parent_category,locale,generator,split)."
    ),
    topk: int = typer.Option(20, "--topk", min=1, help="Products kept per query in queries.parquet."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap resamples."),
    resamples: int = typer.Option(1000, "--resamples", min=10, help="Bootstrap resamples."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Images per embedding batch."),
    cache: Path | None = CACHE,
    no_cache: bool = NO_CACHE,
    plots: bool = typer.Option(True, "--plots/--no-plots", help="Write the figures."),
) -> None:
    """Evaluate one embedder: catalog images are the gallery, wild photos the queries."""
    from wildcat.core.catalog import load_catalog
    from wildcat.core.config import save_run_meta
    from wildcat.eval.breakdown import DEFAULT_SLICES
    from wildcat.eval.cache import default_cache_dir
    from wildcat.eval.evaluation import evaluate
    from wildcat.eval.report import write_report
    from wildcat.eval.sources import dataset_rows, gallery_rows, load_embedder, query_rows
    from wildcat.eval.views import view_rows

    cat = load_catalog(catalog)
    embedder = load_embedder(checkpoint, baseline)
    result = evaluate(
        embedder,
        gallery_rows(cat),
        query_rows(cat, _split_list(queries), query_data, note=typer.echo),
        slices=_split_list(slices) or DEFAULT_SLICES,
        seed=seed,
        synthetic=dataset_rows(synthetic) if synthetic else (),
        views=view_rows(dataset_rows(views)) if views else (),
        views_weight=views_weight,
        reference=query_rows(cat, _split_list(reference), option="--reference") if reference else (),
        index=index,
        filter_by=filter_by,
        crop_padding=crop_padding,
        topk=topk,
        n_resamples=resamples,
        cache=None if no_cache else (cache or default_cache_dir()),
        batch_size=batch_size,
    )
    write_report(result, out, plots=plots)
    save_run_meta(
        out,
        {
            "catalog": str(catalog),
            "checkpoint": str(checkpoint) if checkpoint else None,
            "baseline": baseline,
            **result.report["meta"],
        },
        seed,
    )
    s = result.report["summary"]
    typer.echo(
        f"recall@1 {s['recall@1']['value']:.3f}  recall@5 {s['recall@5']['value']:.3f}  recall@10 "
        f"{s['recall@10']['value']:.3f}"
        f"  MRR {s['mrr']['value']:.3f} on {s['answerable']} queries -> {out}/report.md"
    )


@eval_app.command("compare")
def compare_cmd(
    run_a: Path = typer.Argument(..., help="Run folder of the 'before' model."),
    run_b: Path = typer.Argument(..., help="Run folder of the 'after' model."),
    out: Path = typer.Option(..., "--out", help="Folder for the before/after report."),
    names: str = typer.Option("before,after", "--names", help="Labels of the two runs."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap resamples."),
    resamples: int = typer.Option(1000, "--resamples", min=10, help="Bootstrap resamples."),
    plots: bool = typer.Option(True, "--plots/--no-plots", help="Write the figures."),
) -> None:
    """Before/after report of two runs on the same queries: intervals, paired tests, deltas, figures."""
    from wildcat.eval.comparison import compare

    labels = _split_list(names)
    if len(labels) != 2:
        raise typer.BadParameter("give two comma-separated names", param_hint="--names")
    report = compare(run_a, run_b, out, names=(labels[0], labels[1]), seed=seed, n_resamples=resamples, plots=plots)
    m = report["metrics"]["recall@1"]
    typer.echo(
        f"recall@1 {m['a']['value']:.3f} -> {m['b']['value']:.3f} (delta {m['paired_bootstrap']['delta']:+.3f},"
        f" McNemar p={m['mcnemar']['p']:.3g}) on {report['n_common']} queries -> {out}/report.md"
    )


@eval_app.command("table")
def table_cmd(
    runs: list[Path] = typer.Argument(..., help="Run folders (named by their folder name)."),
    before: str | None = typer.Option(None, "--before", help="Name of the 'before' run, for the gap-closed column."),
    oracle: str | None = typer.Option(None, "--oracle", help="Name of the oracle run, for the gap-closed column."),
    out: Path | None = typer.Option(None, "--out", help="Also write the table to this markdown file."),
) -> None:
    """One markdown table over several runs (recall@1/5/10, MRR, share of the gap closed)."""
    from wildcat.core.atomic import write_text
    from wildcat.eval.table import tabulate

    text = tabulate(runs, before=before, oracle=oracle)
    if out:
        write_text(out, text)
    typer.echo(text)


@eval_app.command("index")
def index_cmd(
    out: Path = typer.Option(..., "--out", help="Index file to write (signed; only wildcat loads it)."),
    catalog: Path = CATALOG,
    checkpoint: Path | None = CHECKPOINT,
    baseline: str | None = BASELINE,
    kind: str = typer.Option("flat", "--kind", help="flat (exact), hnsw, or ivfpq (large catalogs)."),
    views: Path | None = VIEWS,
    views_weight: float | None = VIEWS_WEIGHT,
    reference: str | None = REFERENCE,
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of IVF-PQ training."),
    cache: Path | None = CACHE,
    no_cache: bool = NO_CACHE,
) -> None:
    """Embed a catalog's images and save a product search index."""
    from wildcat.core.catalog import load_catalog
    from wildcat.core.seeding import sample_rng
    from wildcat.eval.cache import default_cache_dir
    from wildcat.eval.catalog_index import index_catalog
    from wildcat.eval.index import IndexSpec
    from wildcat.eval.sources import dataset_rows, gallery_rows, load_embedder, query_rows
    from wildcat.eval.views import view_rows

    cat = load_catalog(catalog)
    embedder = load_embedder(checkpoint, baseline)
    built = index_catalog(
        embedder,
        gallery_rows(cat),
        IndexSpec(kind=kind),
        sample_rng(seed, "index", 0, "build"),
        views=view_rows(dataset_rows(views)) if views else (),
        views_weight=views_weight,
        reference=query_rows(cat, _split_list(reference), option="--reference") if reference else (),
        cache=None if no_cache else (cache or default_cache_dir()),
    )
    if built.views:
        blended = built.views
        typer.echo(f"blended {blended['view_images']} views into {blended['gallery_images_blended']} catalog images")
    if built.index.hub_correction:
        hub = built.index.hub_correction
        typer.echo(
            f"hub-corrected on {hub['reference_images']} reference photos (k {hub['k']}; "
            f"{len(built.reference_rejects)} unreadable)"
        )
    pindex = built.index
    pindex.save(out)
    typer.echo(f"indexed {len(pindex)} images ({pindex.n_products} products, {len(built.rejects)} unreadable) -> {out}")


@eval_app.command("search")
def search_cmd(
    images: list[Path] = typer.Argument(..., help="Query photos."),
    index: Path = typer.Option(..., "--index", help="Index file from 'wildcat eval index'."),
    checkpoint: Path | None = CHECKPOINT,
    baseline: str | None = BASELINE,
    k: int = typer.Option(5, "--k", min=1, help="Products to list per photo (per region with --regions)."),
    category: str | None = typer.Option(None, "--category", help="Only products of this category."),
    locale: str | None = typer.Option(None, "--locale", help="Only products sold in this locale."),
    box: str | None = typer.Option(
        None, "--box", help="Search only this region of each photo: x0,y0,x1,y1 in pixels (16 px of context added)."
    ),
    regions: int = typer.Option(
        0, "--regions", min=0, help="No box? Propose regions and list the best N (a photo of several products)."
    ),
    colour: str | None = typer.Option(
        None, "--colour", help="Only products of this colour (as named by 'wildcat catalog audit'; needs --colours)."
    ),
    colours: Path | None = typer.Option(None, "--colours", help="The audit's colours.json."),
) -> None:
    """Find the catalog products closest to each photo, to a box of it, or to each of its proposed regions."""
    from wildcat.core.imageio import load_array
    from wildcat.eval.product_index import ProductIndex
    from wildcat.eval.region_search import of_colour, parse_box, search_photo
    from wildcat.eval.sources import load_embedder, require_same_model

    pindex = ProductIndex.load(index)
    embedder = load_embedder(checkpoint, baseline)
    require_same_model(pindex, embedder, index)
    where: dict = {f: v for f, v in (("category", category), ("locale", locale)) if v}
    if colour:
        where["product_id"] = of_colour(colours, colour)
    wanted = parse_box(box) if box else None
    for path in images:
        typer.echo(f"{path}:")
        for found in search_photo(embedder, pindex, load_array(path, mode="RGB"), k, where, wanted, regions):
            indent = "  "
            if found.box is not None:
                typer.echo(f"  region {','.join(f'{v:.0f}' for v in found.box)}:")
                indent = "    "
            for rank, h in enumerate(found.hits, start=1):
                typer.echo(f"{indent}{rank}. {h.product_id}  {h.score:.4f}  ({h.path})")


@eval_app.command("style")
def style_cmd(
    products: list[str] = typer.Argument(..., help="Product ids to find look-alikes for."),
    index: Path = typer.Option(..., "--index", help="Index file from 'wildcat eval index'."),
    k: int = typer.Option(5, "--k", min=1, help="Products to list per product."),
) -> None:
    """Cross-category style search: each product's nearest products of other categories (a lamp's vase, a
    sneaker's bag), by the products' mean indexed vectors."""
    from wildcat.core.errors import WildcatError
    from wildcat.eval.product_index import ProductIndex
    from wildcat.eval.scenes import style_neighbours

    pindex = ProductIndex.load(index)
    vectors, categories = pindex.product_vectors(), pindex.categories()
    for pid in products:
        if pid not in vectors:
            raise WildcatError(index, f"has no product {pid!r}", "give an id listed by 'wildcat catalog check'")
        typer.echo(f"{pid} ({categories[pid]}):")
        for rank, (other, score) in enumerate(style_neighbours(vectors, categories, pid, k), start=1):
            typer.echo(f"  {rank}. {other} ({categories[other]})  {score:.4f}")
