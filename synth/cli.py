"""`wildcat synth ...`: rendering and compositing commands.

Rendering (synth/render_cli.py) and compositing (synth/compose_cli.py) each
add their commands to `synth_app` through their own `register(synth_app)`.
"""

from __future__ import annotations

import typer

from wildcat.synth import compose_cli, render_cli

synth_app = typer.Typer(
    help="Make synthetic training images: render 3D models, paste cutouts onto scenes.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    render_cli.register(synth_app)
    compose_cli.register(synth_app)
    app.add_typer(synth_app, name="synth")
