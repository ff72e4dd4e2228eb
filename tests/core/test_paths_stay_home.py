"""Manifest paths stay inside their dataset folder: a row naming a file elsewhere (absolute, `..`, a symlink out)
is refused or left out, with the reason, by every reader: compose, eval and the UI."""

import os

import numpy as np
import pytest

from wildcat.core.errors import ConfigError
from wildcat.core.imageio import encode_png
from wildcat.core.manifest import ManifestWriter, Sample, read_manifest, read_rejects
from wildcat.core.paths import inside
from wildcat.core.workspace import Workspace
from wildcat.eval.sources import dataset_rows
from wildcat.ui.sample_table import workspace_samples


def _dataset(folder, outside_file):
    """Two rows in the folder, and one each naming a file outside it: absolute, climbing, and a symlink out."""
    (folder / "img").mkdir(parents=True)
    png = encode_png(np.full((8, 8, 4), 200, np.uint8))
    for name in ("a", "b"):
        (folder / "img" / f"{name}.png").write_bytes(png)
    os.symlink(outside_file, folder / "img" / "link.png")
    paths = {
        "a": "img/a.png",
        "b": "img/b.png",
        "abs": str(outside_file),
        "up": "../secret.png",
        "link": "img/link.png",
    }
    with ManifestWriter(folder) as mw:
        for sid, path in paths.items():
            mw.add(Sample(sample_id=sid, path=path, product_id="p1", domain="wild", generator="cutout"))


@pytest.fixture
def hostile(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(encode_png(np.zeros((8, 8, 4), np.uint8)))
    ws = Workspace.at(tmp_path / "ws")
    _dataset(ws.data("cutouts"), secret)
    return ws, secret


def test_inside_follows_dots_and_symlinks(hostile):
    ws, secret = hostile
    folder = ws.data("cutouts")
    assert inside(folder / "img" / "a.png", folder)
    assert not inside(folder / ".." / "x.png", folder) and not inside(folder / "img" / "link.png", folder)
    rows = {r.sample_id: r for r in read_manifest(folder)}
    assert rows["a"].resolve_inside(folder) == folder / "img" / "a.png"
    for sid in ("abs", "up", "link"):
        with pytest.raises(ConfigError, match="outside the dataset folder"):
            rows[sid].resolve_inside(folder)


def test_eval_refuses_query_rows_that_leave_their_dataset(hostile):
    ws, _ = hostile
    with pytest.raises(ConfigError, match="names a file outside the dataset folder"):
        dataset_rows(ws.data("cutouts"))


def test_the_ui_shows_only_files_inside_their_folder(hostile):
    ws, secret = hostile
    problems: list[str] = []
    table = workspace_samples(ws, None, problems)
    assert sorted(table.column("sample_id").to_pylist()) == ["a", "b"]
    assert str(secret) not in table.column("file").to_pylist()
    assert problems and "3 rows name files outside their folder" in problems[0]


def test_compose_leaves_out_foregrounds_outside_their_dataset_and_records_them(hostile, tmp_path):
    from wildcat.synth.compose.dataset import _record_skipped
    from wildcat.synth.compose.foregrounds import ForegroundPool

    ws, secret = hostile
    pool = ForegroundPool.from_dirs([ws.data("cutouts")])
    used = {f.path for fs in pool.by_product.values() for f in fs}
    assert str(secret) not in used and len(used) == 2
    assert len(pool.outside) == 3 and all("outside its dataset folder" in line for line in pool.outside)
    _record_skipped(tmp_path / "composites", [], pool.outside)  # what compose_dataset does with them
    rejects = read_rejects(tmp_path / "composites")
    assert len(rejects) == 3 and all("outside its dataset folder" in r.reason for r in rejects)
