"""The `wildcat` command. Each stage adds its own subcommands through a
`register(app)` function in its `cli` module; the core only lists them."""
from __future__ import annotations

import importlib
import sys

import typer

from wildcat import __version__
from wildcat.errors import WildcatError

app = typer.Typer(
    name="wildcat",
    help="Synthetic data and domain adaptation for visual product search: "
    "close the gap between clean catalog images and shoppers' photos.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Modules that contribute commands, in the order they appear in --help.
# A module missing from this checkout is skipped: only working commands show.
STAGE_CLIS = (
    "wildcat.catalog.cli",
    "wildcat.locale_cli",
    "segment.cli",
    "synth.cli",
    "train.cli",
    "eval.cli",
    "ui.cli",
    "wildcat.run_cli",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wildcat {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """wildcat command line."""


def _register_stages() -> None:
    for name in STAGE_CLIS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name or name.startswith(f"{exc.name}."):
                continue
            raise
        module.register(app)


_register_stages()


def main() -> None:
    try:
        app()
    except WildcatError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
