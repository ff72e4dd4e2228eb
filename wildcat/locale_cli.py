"""`wildcat locale ...`: install locale packs, list them, make offline demo data."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from wildcat.config import load_config
from wildcat.errors import WildcatError
from wildcat.locales import ClassRef, add_pack, load_packset, read_index, shipped_pack_paths
from wildcat.seeding import draw_seed

locale_app = typer.Typer(help="Locale packs: a market's classes, their look-alikes elsewhere, accessories.", no_args_is_help=True)

WORKSPACE = typer.Option(Path("workspace"), "--workspace", envvar="WILDCAT_WORKSPACE",
                         help="Workspace folder; packs go to WORKSPACE/locales/.")


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
    typer.echo(f"{verb} {result.locale} ({entry['name']}: {entry['classes']} classes, {entry['look_alikes']} look-alike pairs) -> {result.path}")
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
        typer.echo(f"  {loc:<8} {e['name']:<22} {e['classes']:>3} classes {e['look_alikes']:>3} look-alike pairs  v{e['version']}  from {e['source']}")
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
    seed: int | None = typer.Option(None, help="Seed; drawn and saved in OUT/config.yaml when absent."),
    workspace: Path = WORKSPACE,
) -> None:
    """Make an offline demo catalog and labelled wild queries for a pack (a stand-in for real photos)."""
    try:
        from synth.garments.demo import DemoConfig, demo_classes, make_demo
    except ModuleNotFoundError as exc:
        raise WildcatError(None, f"the demo generator is missing ({exc})", "install wildcat with its synth stage") from exc
    cfg = load_config(DemoConfig, None, locale=locale, products_per_class=products_per_class,
                      wild_per_product=wild_per_product, size=size, look_alikes=look_alikes)
    packs = load_packset(workspace)
    seed = draw_seed() if seed is None else seed
    drawn, skipped = demo_classes(packs, locale, look_alikes)
    typer.echo(f"seed {seed}; drawing {len(drawn)} classes" + (f"; no demo shape for {', '.join(map(str, skipped))}" if skipped else ""))
    summary = make_demo(packs, out, cfg, seed)
    typer.echo(summary.line())
    typer.echo(f"catalog: {out / 'catalog'} (wildcat catalog check {out / 'catalog'}); "
               f"wild queries: {out / 'manifest.parquet'} rows with domain=wild; contact sheet: {out / 'contact_sheet.png'}")
    if summary.produced == 0 and summary.rejected:
        raise typer.Exit(1)
