"""Any one composite can be made again alone, byte for byte: samples composed together in one process (sharing
its caches) are regenerated in a fresh process, in the opposite order, at two output sizes."""

import json
import subprocess
import sys

import cv2
import pytest

from wildcat.core.manifest import read_manifest
from wildcat.synth.compose import compose_dataset

from tests.synth.compose.fixtures import tiny_config

REGENERATE_ALL = """
import hashlib, json, sys
from wildcat.synth.compose import regenerate
ids, folder = json.loads(sys.argv[1]), sys.argv[2]
print(json.dumps({i: hashlib.sha256(regenerate(i, folder)).hexdigest() for i in ids}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("size", [64, 192])
def test_every_sample_regenerates_identically_in_a_fresh_process(compose_inputs, tmp_path, size):
    import hashlib

    catalog, fg, bg = compose_inputs
    out = tmp_path / f"out{size}"
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)  # as a command or a worker may leave it; the fresh process keeps OpenCV's default
    try:
        compose_dataset(catalog, [fg], out, tiny_config([str(bg)], size=size, per_product=5), seed=11, progress=False)
    finally:
        cv2.setNumThreads(threads)
    rows = read_manifest(out)
    assert len(rows) >= 12
    ids = [r.sample_id for r in reversed(rows)]
    done = subprocess.run(
        [sys.executable, "-c", REGENERATE_ALL, json.dumps(ids), str(out)], capture_output=True, text=True, check=True
    )
    again = json.loads(done.stdout.strip().splitlines()[-1])
    on_disk = {r.sample_id: hashlib.sha256((out / r.path).read_bytes()).hexdigest() for r in rows}
    assert again == on_disk
