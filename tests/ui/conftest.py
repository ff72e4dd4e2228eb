"""Fixtures for the UI tests: one tiny real workspace per session (about 20 s to
build), an empty one, and an embedding cache of their own."""

from __future__ import annotations

import pytest

from wildcat.ui.context import WORKSPACE_ENV
from wildcat.ui.models import CACHE_ENV

from tests.ui.tiny_workspace import TinyWorkspace, build


@pytest.fixture(scope="session")
def tiny_ws(tmp_path_factory) -> TinyWorkspace:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("embedding-cache")))
        yield build(tmp_path_factory.mktemp("ui"))


@pytest.fixture
def use_workspace(monkeypatch, tmp_path):
    """Point the app at a workspace (as `wildcat ui` does) with a fresh embedding cache."""

    def use(root) -> None:
        monkeypatch.setenv(WORKSPACE_ENV, str(root))
        monkeypatch.setenv(CACHE_ENV, str(tmp_path / "embedding-cache"))

    return use
