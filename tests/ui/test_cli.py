"""`wildcat ui`: the streamlit command it runs, and its errors."""

from __future__ import annotations

from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.ui.cli import APP, streamlit_command
from wildcat.ui.context import WORKSPACE_ENV
from wildcat.ui.uploads import MAX_UPLOAD_MB


def test_streamlit_command_passes_the_workspace_by_environment(tmp_path):
    argv, env = streamlit_command(tmp_path, 8600, "127.0.0.1")
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4] == str(APP) and APP.is_file()
    opts = dict(zip(argv[5::2], argv[6::2], strict=False))
    assert opts["--server.port"] == "8600" and opts["--server.address"] == "127.0.0.1"
    assert opts["--server.maxUploadSize"] == str(MAX_UPLOAD_MB) and opts["--server.headless"] == "true"
    assert env[WORKSPACE_ENV] == str(tmp_path) and str(tmp_path) not in argv  # never on the command line or in a URL


def test_missing_workspace_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["ui", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "is not a folder" in str(result.exception) + result.output
    assert "ui" in CliRunner().invoke(app, ["--help"]).output
