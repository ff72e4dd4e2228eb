"""Two real processes writing one folder: the second waits for the first's lock, then finds the work done
(same settings) or is refused by name (other settings); the folder never mixes two jobs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wildcat.core.config import load_run_meta
from wildcat.core.manifest import read_manifest
from wildcat.synth.compose import regenerate
from wildcat.train import read_metrics

from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds
from tests.train.conftest import make_toy_problem

REPO = Path(__file__).resolve().parents[2]


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "wildcat", *args]
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=240), p.stdout.read()) for p in procs]


@pytest.mark.slow
def test_two_composes_with_different_seeds_never_mix_in_one_folder(tmp_path):
    catalog, fg = make_catalog(tmp_path / "shop"), make_foregrounds(tmp_path / "fg")
    bg = make_photo_backgrounds(tmp_path / "bg")
    out = tmp_path / "out"
    common = ["synth", "compose", str(catalog.root), "--foregrounds", str(fg), "--backgrounds", str(bg)]
    common += ["--out", str(out), "--size", "48", "--per-product", "3"]
    results = _finish([_start([*common, "--seed", str(seed)], tmp_path) for seed in (1, 2)])
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(text for code, text in results if code == 2)
    assert "holds output made with seed" in refused and "Traceback" not in refused
    seed = load_run_meta(out)["seed"]
    rows = read_manifest(out)
    assert rows and all(regenerate(r.sample_id, out) == (out / r.path).read_bytes() for r in rows)
    assert all(r.lineage["seed"] == seed for r in rows)


@pytest.mark.slow
def test_two_trainings_into_one_run_folder(tmp_path):
    toy = make_toy_problem(tmp_path / "toy")
    args = ["train", "--data", str(toy.dataset), "--catalog", str(toy.catalog), "--backbone", "tiny"]
    args += ["--image-size", "32", "--batch-size", "8", "--steps", "6", "--seed", "3", "--out", str(tmp_path / "run")]
    first, second = _finish([_start(args, tmp_path), _start([*args, "--resume"], tmp_path)])
    # whichever got the folder first trained it; the other waited, then found it finished (with --resume)
    # or was refused by name (without): never two runs' files in one folder
    assert sorted([first[0], second[0]]) in ([0, 0], [0, 2]), (first, second)
    for code, text in (first, second):
        assert "Traceback" not in text
        if code == 2:
            assert "already holds a run" in text
    records = [r for r in read_metrics(tmp_path / "run") if "summary" in r]
    assert len(records) == 1 and records[0]["summary"]["images_per_s"] > 0
