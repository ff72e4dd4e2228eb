"""`wildcat synth ...`: rendering and compositing commands.

Rendering (synth/render_cli.py) and compositing (synth/compose_cli.py) each
add their commands to `synth_app` through their own `register(synth_app)`.
"""
from __future__ import annotations

import importlib

import typer

synth_app = typer.Typer(help="Make synthetic training images: render 3D models, paste cutouts onto scenes.", no_args_is_help=True)

PARTS = ("synth.render_cli", "synth.compose_cli")


def register(app: typer.Typer) -> None:
    found = False
    for name in PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(synth_app)
        found = True
    if found:
        app.add_typer(synth_app, name="synth")
