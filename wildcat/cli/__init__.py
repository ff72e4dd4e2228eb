"""The `wildcat` command: one Typer app; each stage contributes its subcommands
through a `register(app)` function in its own `cli` module, imported here by
name so a misspelt or missing one fails loudly at import time.

Every command module keeps its heavy imports (torch, faiss, pyrender) inside
its commands, so `wildcat --help` stays fast.
"""

from __future__ import annotations

import sys

import typer

from wildcat import __version__
from wildcat.cli import catalog, locale, run, scenes
from wildcat.core.errors import WildcatError
from wildcat.eval import cli as eval_cli
from wildcat.segment import cli as segment_cli
from wildcat.synth import cli as synth_cli
from wildcat.train import cli as train_cli
from wildcat.ui import cli as ui_cli

app = typer.Typer(
    name="wildcat",
    help="Synthetic data and domain adaptation for visual product search: "
    "close the gap between clean catalog images and shoppers' photos.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# In the order they appear in --help.
for commands in (catalog, locale, segment_cli, synth_cli, train_cli, eval_cli, scenes, ui_cli, run):
    commands.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wildcat {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """wildcat command line."""


def main() -> None:
    try:
        app()
    except WildcatError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
