"""`wildcat ui [WORKSPACE]`: start the Streamlit workbench on a workspace.

The workspace reaches the app through $WILDCAT_WORKSPACE (never through the
URL), and the server is told the upload limit the query page enforces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

APP = Path(__file__).parent / "serve" / "workbench.py"


def register(app: typer.Typer) -> None:
    app.command("ui")(ui)


def streamlit_command(workspace: Path, port: int, host: str) -> tuple[list[str], dict[str, str]]:
    """The `streamlit run` command line and environment that serve the workbench on `workspace`."""
    from wildcat.ui.context import WORKSPACE_ENV
    from wildcat.ui.uploads import MAX_UPLOAD_MB

    argv = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--server.maxUploadSize",
        str(MAX_UPLOAD_MB),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]
    env = {**os.environ, WORKSPACE_ENV: str(workspace)}
    return argv, env


def ui(
    workspace: Path = typer.Argument(
        Path("workspace"), help="Workspace folder (catalog.json, data/, runs/, eval/, compare/)."
    ),
    port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 exposes it to the network)."),
) -> None:
    """Open the workbench: browse samples, compare runs, query with a photo, see the embedding map."""
    from wildcat.core.errors import WildcatError

    root = workspace.expanduser().resolve()
    if not root.is_dir():
        raise WildcatError(
            root,
            "is not a folder",
            f"create it with 'wildcat catalog import CATALOG --out {root}/catalog.json', or pass an existing workspace",
        )
    argv, env = streamlit_command(root, port, host)
    typer.echo(f"wildcat ui on http://{host}:{port} (workspace {root}); Ctrl+C stops it")
    try:
        code = subprocess.call(argv, env=env)
    except KeyboardInterrupt:  # Ctrl+C reached streamlit too; it stops on its own
        code = 130
    raise typer.Exit(code)
