"""A compose job killed with SIGKILL and started again loses and duplicates nothing:
its manifest and images equal those of a run that was never interrupted."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from wildcat.core.manifest import read_manifest
from wildcat.synth.compose import compose_dataset

from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds, tiny_config

PER_PRODUCT = 24
RUN = """
import sys
from wildcat.synth.compose import compose_dataset
from tests.synth.compose.fixtures import tiny_config
compose_dataset(sys.argv[1], [sys.argv[2]], sys.argv[3], tiny_config([sys.argv[4]], per_product={n}), seed=9,
                progress=False, flush_every=3)
"""


def _rows(out: Path):
    return [r.model_dump() for r in read_manifest(out)]


def _images(out: Path):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "images").rglob("*.jpg"))}


def test_sigkill_then_resume_equals_uninterrupted(tmp_path):
    make_catalog(tmp_path / "shop")
    fg = make_foregrounds(tmp_path / "fg")
    bg = make_photo_backgrounds(tmp_path / "bg")
    killed = tmp_path / "killed"
    args = [str(tmp_path / "shop" / "catalog.json"), str(fg), str(killed), str(bg)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    proc = subprocess.Popen([sys.executable, "-c", RUN.format(n=PER_PRODUCT), *args], env=env)
    parts = killed / "manifest.parts"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= 2:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the job ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_at_kill = len(read_manifest(killed))
    assert 0 < done_at_kill < 3 * PER_PRODUCT and not (killed / "manifest.parquet").exists()

    cfg = tiny_config([str(bg)], per_product=PER_PRODUCT)
    resumed = compose_dataset(
        str(tmp_path / "shop" / "catalog.json"), [fg], killed, cfg, progress=False
    )  # seed from config.yaml
    assert resumed.skipped >= done_at_kill and resumed.skipped + resumed.produced == 3 * PER_PRODUCT
    clean = tmp_path / "clean"
    compose_dataset(str(tmp_path / "shop" / "catalog.json"), [fg], clean, cfg, seed=9, progress=False)

    rows = _rows(killed)
    assert len(rows) == len({r["sample_id"] for r in rows}) == 3 * PER_PRODUCT
    assert rows == _rows(clean)
    assert _images(killed) == _images(clean)
    assert not parts.exists()
