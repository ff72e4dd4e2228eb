"""`wildcat locale ...`: install locale packs, list them, make offline demo data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from wildcat.core.config import load_config
from wildcat.core.errors import WildcatError
from wildcat.core.locales import ClassRef, add_pack, load_packset, read_index, shipped_pack_paths
from wildcat.core.seeding import draw_seed

locale_app = typer.Typer(
    help="Locale packs: a market's classes, their look-alikes elsewhere, accessories.", no_args_is_help=True
)

WORKSPACE = typer.Option(
    Path("workspace"),
    "--workspace",
    envvar="WILDCAT_WORKSPACE",
    help="Workspace folder; packs go to WORKSPACE/locales/.",
)


def register(app: typer.Typer) -> None:
    app.add_typer(locale_app, name="locale")


@locale_app.command("add")
def add(
    pack: str = typer.Argument(..., help="Pack YAML file, or the id of a pack shipped with wildcat (en-IN, en-US)."),
    workspace: Path = WORKSPACE,
    replace: bool = typer.Option(False, help="Overwrite an installed pack with the same locale id."),
) -> None:
    """Validate a locale pack and install it in the workspace."""
    path = Path(pack)
    if not path.exists() and pack in shipped_pack_paths():
        path = shipped_pack_paths()[pack]
    result = add_pack(path, workspace, replace=replace)
    entry = read_index(workspace)[result.locale]
    verb = "replaced" if result.replaced else "installed"
    typer.echo(
        f"{verb} {result.locale} ({entry['name']}: {entry['classes']} classes, {entry['look_alikes']} look-alike "
        f"pairs) -> {result.path}"
    )
    for dep in result.dependencies:
        typer.echo(f"also installed {dep} (shipped with wildcat), which {result.locale} refers to")


@locale_app.command("list")
def list_(workspace: Path = WORKSPACE, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the packs installed in the workspace and those shipped with wildcat."""
    index = read_index(workspace)
    shipped = shipped_pack_paths()
    if as_json:
        typer.echo(json.dumps({"installed": index, "shipped": {k: str(v) for k, v in shipped.items()}}, indent=2))
        return
    typer.echo(f"installed in {Path(workspace) / 'locales'}:" if index else f"no locale pack installed in {workspace}")
    for loc, e in index.items():
        typer.echo(
            f"  {loc:<8} {e['name']:<22} {e['classes']:>3} classes {e['look_alikes']:>3} look-alike pairs  "
            f"v{e['version']}  from {e['source']}"
        )
    typer.echo("shipped with wildcat (install with 'wildcat locale add <id>'):")
    packs = load_packset(None)
    for loc in shipped:
        mark = "installed" if loc in index else "not installed"
        typer.echo(f"  {loc:<8} {packs.packs[loc].name:<22} {len(packs.packs[loc].classes):>3} classes  ({mark})")


@locale_app.command("show")
def show(locale: str = typer.Argument(..., help="Locale id, e.g. en-IN."), workspace: Path = WORKSPACE) -> None:
    """Print a pack's classes with their look-alikes in other markets and their accessories."""
    packs = load_packset(workspace)
    if locale not in packs.packs:
        raise WildcatError(None, f"no locale pack '{locale}'", f"installed or shipped: {', '.join(packs.locales)}")
    pack = packs.packs[locale]
    typer.echo(f"{locale}: {pack.name} (v{pack.version}); backgrounds: {', '.join(pack.backgrounds) or '-'}")
    for c in pack.classes:
        ref = ClassRef(locale, c.name)
        alikes = ", ".join(sorted(str(r) for r in packs.look_alikes(ref))) or "-"
        acc = ", ".join(a.name if a.locale == locale else str(a) for a in packs.accessories(ref)) or "-"
        typer.echo(f"  {c.name:<12} {c.parent:<10} looks like: {alikes:<28} goes with: {acc}")


@locale_app.command("demo")
def demo(
    locale: str = typer.Argument(..., help="Locale id of the pack, e.g. en-IN."),
    out: Path = typer.Option(..., "--out", help="Output folder (catalog/, queries/, manifest.parquet)."),
    products_per_class: int = typer.Option(4, help="Products per class (count)."),
    wild_per_product: int = typer.Option(3, help="Wild-style query photos per product (count)."),
    size: int = typer.Option(256, help="Image side (pixels)."),
    look_alikes: bool = typer.Option(True, help="Also draw the other markets' look-alike classes."),
    seed: int | None = typer.Option(None, min=0, help="Seed; drawn and saved in OUT/config.yaml when absent."),
    workspace: Path = WORKSPACE,
) -> None:
    """Make an offline demo catalog and labelled wild queries for a pack (a stand-in for real photos)."""
    from wildcat.synth.garments.demo import DemoConfig, demo_classes, make_demo

    cfg = load_config(
        DemoConfig,
        None,
        locale=locale,
        products_per_class=products_per_class,
        wild_per_product=wild_per_product,
        size=size,
        look_alikes=look_alikes,
    )
    packs = load_packset(workspace)
    seed = draw_seed() if seed is None else seed
    drawn, skipped = demo_classes(packs, locale, look_alikes)
    typer.echo(
        f"seed {seed}; drawing {len(drawn)} classes"
        + (f"; no demo shape for {', '.join(map(str, skipped))}" if skipped else "")
    )
    summary = make_demo(packs, out, cfg, seed)
    typer.echo(summary.line())
    typer.echo(
        f"catalog: {out / 'catalog'} (wildcat catalog check {out / 'catalog'}); "
        f"wild queries: {out / 'manifest.parquet'} rows with domain=wild; contact sheet: {out / 'contact_sheet.png'}"
    )
    if summary.produced == 0 and summary.rejected:
        raise typer.Exit(1)


@locale_app.command("train")
def train(
    locale: str = typer.Argument(..., help="Locale id of the market being added, e.g. en-IN."),
    base_run: Path = typer.Option(..., "--base-run", help="Finished run to start from (its folder or final.pt)."),
    out: Path = typer.Option(..., "--out", help="Folder for the fine-tuned run and locale_report.json/.md."),
    data: list[Path] = typer.Option(
        None, "--data", help="The new market's dataset folder (repeatable); DATA/catalog is its catalog when present."
    ),
    catalog: Path = typer.Option(None, "--catalog", help="The new market's catalog (default: DATA/catalog)."),
    base_data: list[Path] = typer.Option(
        None,
        "--base-data",
        help="Dataset folder with the existing markets' wild queries, when the base run's data has none (repeatable).",
    ),
    query_split: list[str] = typer.Option(
        None, "--query-split", help="Split of wild rows used as queries (repeatable; default: val and test)."
    ),
    replay_fraction: float = typer.Option(
        None, help="Share of each old product's training images replayed (fraction; 0 = no replay; default 0.5)."
    ),
    steps: int = typer.Option(None, help="Fine-tune steps (default: a quarter of the base run's)."),
    lr_scale: float = typer.Option(None, help="Fine-tune learning rate as a multiple of the base run's (default 0.1)."),
    max_drop: float = typer.Option(
        None, help="Largest allowed fall of recall@1 on an existing market (default 0.01 = one point)."
    ),
    leak_k: int = typer.Option(
        None, help="Top-k depth at which a look-alike of another market counts as a leak (default 10)."
    ),
    seed: int | None = typer.Option(
        None, min=0, help="Seed; drawn and saved in OUT/locale_job/config.yaml when absent."
    ),
    device: str = typer.Option(None, help="auto, cpu, cuda, ... (default: the base run's)."),
    plots: bool = typer.Option(True, help="Write the evaluations' figures."),
    progress: bool = typer.Option(True, help="Progress bars."),
    workspace: Path = WORKSPACE,
) -> None:
    """Add a market to a trained model: fine-tune with replay, then report recall and look-alike leaks per market.

    Exits with status 1 when recall@1 on a market the base model served falls by more than --max-drop.
    """
    from wildcat.pipeline.locale_job import LocaleTrainJob, run_locale_job
    from wildcat.train.incremental import IncrementalConfig

    inc = load_config(IncrementalConfig, None, replay_fraction=replay_fraction, steps=steps, lr_scale=lr_scale)
    job = load_config(
        LocaleTrainJob,
        None,
        locale=locale,
        base_run=str(base_run),
        data=[str(d) for d in data or []],
        catalog=str(catalog) if catalog else None,
        base_data=[str(d) for d in base_data or []],
        query_splits=query_split or None,
        incremental=inc,
        max_drop=max_drop,
        leak_k=leak_k,
        plots=plots,
        device=device,
        workspace=str(workspace),
    )
    result = run_locale_job(job, out, seed=seed, progress=progress)
    for market, m in result.report["markets"].items():
        r1 = (m["before"]["recall@1"]["value"], m["after"]["recall@1"]["value"])
        typer.echo(
            f"  {market:<8} {m['role']:<8} {m['queries']:>5} queries  recall@1 {r1[0]:.3f} -> {r1[1]:.3f}  "
            f"leak@{job.leak_k} {m['before']['leak_rate']:.3f} -> {m['after']['leak_rate']:.3f}"
        )
    typer.echo(f"report: {result.report_path.with_suffix('.md')}; model: {result.run_dir / 'final.pt'}")
    if not result.passed:
        typer.secho(result.report["check"]["message"], fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    typer.echo(result.report["check"]["message"])
