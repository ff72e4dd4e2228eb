"""The compositing tests' shared inputs: a tiny catalog, foregrounds and photo backgrounds."""

from __future__ import annotations

import pytest

from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds


@pytest.fixture
def compose_inputs(tmp_path):
    """(catalog, foreground folder, background folder) for a small compose run."""
    catalog = make_catalog(tmp_path / "shop")
    fg = make_foregrounds(tmp_path / "fg")
    bg = make_photo_backgrounds(tmp_path / "bg")
    return catalog, fg, bg
