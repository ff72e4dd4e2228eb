"""End to end in a real browser: `wildcat ui` serves the tiny workspace on
127.0.0.1 and Debian's headless Chromium, driven by Playwright, filters the
samples, opens one (and regenerates it), uploads a query photo and reads the
results of both models. Screenshots go to the test's tmp folder."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from wildcat.ui.models import CACHE_ENV

from tests.ui.tiny_workspace import COMPOSITES_PER_PRODUCT, PRODUCTS, object_on

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 120  # seconds for the server to answer (a loaded 2-core machine imports slowly)
STEP_TIMEOUT = 120_000  # milliseconds for one page to finish running


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tiny_ws, tmp_path):
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does)")
    pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[dev]')"
    )
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    env = {**os.environ, CACHE_ENV: str(tmp_path / "embedding-cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wildcat", "ui", str(tiny_ws.root), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, tmp_path / "server.log")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the CLI and the streamlit process it started
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"wildcat ui exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"wildcat ui did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def settle(page) -> None:
    """Wait until the script run is over: no skeleton, no 'running' indicator."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
        timeout=STEP_TIMEOUT,
    )


def test_browse_filter_open_and_query_in_chromium(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shots = tmp_path / "screenshots"
    shots.mkdir()
    photo = tmp_path / "photo.png"
    Image.fromarray(object_on(np.full((96, 96, 3), 128, np.uint8), (30, 180, 30), "box")).save(photo)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        page.set_default_timeout(STEP_TIMEOUT)
        expect.set_options(timeout=STEP_TIMEOUT)
        page.goto(server)
        expect(page.get_by_role("heading", name="Workspace")).to_be_visible()
        settle(page)
        page.screenshot(path=shots / "01-workspace.png")

        # Samples: filter to the composites, open one, regenerate it.
        page.get_by_role("link", name="Samples").click()
        expect(page.get_by_text("samples match")).to_be_visible()
        settle(page)
        page.get_by_role("combobox", name="Source").click()
        page.get_by_role("option", name="cut-paste").click()
        page.keyboard.press("Escape")
        n = len(PRODUCTS) * COMPOSITES_PER_PRODUCT
        expect(page.get_by_text("samples match")).to_contain_text(f"{n} of")
        settle(page)
        expect(page.locator("[data-testid='stImage']")).to_have_count(n)  # retries: the grid re-renders after the count
        page.screenshot(path=shots / "02-samples.png")
        page.get_by_role("button", name="Details", exact=True).first.click()
        expect(page.get_by_text("Lineage")).to_be_visible()
        page.get_by_role("button", name="Regenerate from its seed").click()
        expect(page.get_by_text("identical to the file on disk")).to_be_visible()
        settle(page)
        page.set_viewport_size({"width": 1400, "height": 2200})  # the app scrolls inside its own pane: show it all
        page.screenshot(path=shots / "03-sample-detail.png")
        page.set_viewport_size({"width": 1400, "height": 1300})

        # Query: upload a photo of the green box, read both models' top 5.
        page.get_by_role("link", name="Query").click()
        page.locator(".st-key-query-upload input[type='file']").set_input_files(str(photo))
        result = re.compile(r"cosine similarity -?\d\.\d{3}")
        expect(page.get_by_text(result).nth(9)).to_be_visible()  # 5 results x 2 models
        settle(page)
        results = page.locator("[data-testid='stMarkdownContainer']", has_text=result)
        assert results.count() == 10
        assert "runs/before" in page.content() and "runs/after" in page.content()
        page.screenshot(path=shots / "04-query.png")

        page.get_by_role("link", name="Runs").click()
        expect(page.get_by_text("Queries that changed")).to_be_visible()
        settle(page)
        page.set_viewport_size({"width": 1400, "height": 2400})
        page.screenshot(path=shots / "05-runs.png")
        page.set_viewport_size({"width": 1400, "height": 1300})

        # Scenes: the scene set with its boxes, then a known box searched.
        page.get_by_role("link", name="Scenes").click()
        expect(page.get_by_text(re.compile(r"\d+ scenes, \d+ known boxes"))).to_be_visible()
        expect(page.locator("[data-testid='stImage']").nth(1)).to_be_visible()  # a grid of scenes, boxes drawn
        settle(page)
        page.get_by_text("Search from a box").click()
        expect(page.get_by_text(re.compile(r"similarity -?\d\.\d{3}")).first).to_be_visible()
        settle(page)
        # draw with the mouse: drag the cropper's box 30 px right (its outline adds a few pixels); the page reads it
        page.get_by_text("draw a box").click()
        expect(page.get_by_text("drawn box: 40, 40, 120, 120")).to_be_visible()
        frame = page.locator("iframe[data-testid='stCustomComponentV1']")
        expect(frame).to_be_visible()
        settle(page)
        at = frame.bounding_box()
        page.mouse.move(at["x"] + 80, at["y"] + 80)
        page.mouse.down()
        page.mouse.move(at["x"] + 95, at["y"] + 80, steps=5)
        page.mouse.move(at["x"] + 110, at["y"] + 80, steps=5)
        page.mouse.up()
        expect(page.get_by_text(re.compile(r"drawn box: (6[5-9]|7[0-5]), 4\d, 1[45]\d, 1[23]\d"))).to_be_visible()
        settle(page)
        page.screenshot(path=shots / "06-scenes.png")
        browser.close()
    assert sorted(f.name for f in shots.iterdir()) == [
        "01-workspace.png",
        "02-samples.png",
        "03-sample-detail.png",
        "04-query.png",
        "05-runs.png",
        "06-scenes.png",
    ]
