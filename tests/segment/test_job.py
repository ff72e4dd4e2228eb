"""segment_catalog on a small folder catalog with good and bad images: the batch goes on."""

import numpy as np
import pytest
import yaml

from wildcat.core.errors import ConfigError
from wildcat.core.manifest import read_manifest, read_rejects
from wildcat.segment import SegmentConfig, segment_catalog
from wildcat.segment.quality import BORDER, EMPTY, TOO_SMALL

from tests.segment.conftest import disc_mask, save, studio


@pytest.fixture
def shop(tmp_path):
    root = tmp_path / "shop"
    save(root / "mugs" / "mug-red" / "front.jpg", studio(disc_mask(96, 28), color=(200, 30, 30)))
    save(root / "mugs" / "mug-red" / "side.png", studio(disc_mask(96, 20, (40, 50)), color=(180, 40, 40)))
    save(root / "mugs" / "mug-blue" / "front.png", studio(disc_mask(96, 28), color=(30, 30, 200)))
    save(root / "bad" / "all-white" / "a.png", np.full((96, 96, 3), 255, np.uint8))
    save(
        root / "bad" / "cut-off" / "a.png", studio(disc_mask(96, 30, (48, 0)), color=(40, 120, 40))
    )  # half off the left edge
    save(root / "bad" / "tiny" / "a.png", studio(disc_mask(16, 5)))
    empty = np.dstack([studio(disc_mask(96, 28)), np.zeros((96, 96), np.uint8)])
    save(root / "bad" / "empty-alpha" / "a.png", empty)
    save(
        root / "rgba" / "bottle" / "a.png",
        np.dstack(
            [studio(disc_mask(96, 30), backdrop=(0, 0, 0)), np.where(disc_mask(96, 30), 255, 0).astype(np.uint8)]
        ),
    )
    return root


def test_batch_rejects_bad_inputs_with_reasons_and_finishes_the_rest(shop, tmp_path):
    out = tmp_path / "out"
    summary = segment_catalog(shop, out, SegmentConfig(), seed=5, progress=False)
    assert summary.produced == 4 and sum(summary.rejected.values()) == 4
    rejects = {r.product_id: r.reason for r in read_rejects(out)}
    assert EMPTY in rejects["all-white"] and EMPTY in rejects["empty-alpha"]
    assert BORDER in rejects["cut-off"] and TOO_SMALL in rejects["tiny"]
    assert all("shop/bad/" in reason and "Fix:" in reason for reason in rejects.values())
    rows = {s.sample_id: s for s in read_manifest(out)}
    assert set(rows) == {"cutout/mug-red/0", "cutout/mug-red/1", "cutout/mug-blue/0", "cutout/bottle/0"}
    row = rows["cutout/mug-red/1"]
    assert row.path == "cutouts/mug-red/1.png" and row.domain == "catalog" and row.generator == "cutout"
    assert row.category == "mugs" and 0.5 < row.score <= 1.0
    assert row.lineage["backend"] == "whitebg" and row.lineage["auto_choice"] == "whitebg"
    assert row.lineage["source"].endswith("mug-red/side.png") and "quality" in row.lineage and row.lineage["version"]
    assert rows["cutout/bottle/0"].lineage["backend"] == "alpha"
    png = out / row.path
    from PIL import Image

    im = Image.open(png)
    assert im.mode == "RGBA" and (im.width, im.height) == (row.width, row.height) and im.width < 60
    meta = yaml.safe_load((out / "config.yaml").read_text())
    assert meta["seed"] == 5 and meta["config"]["backend"] == "auto"
    assert (out / "contact_sheet.png").stat().st_size > 0


def test_rerun_skips_done_work_and_bytes_are_identical(shop, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    first = segment_catalog(shop, a, SegmentConfig(backend="whitebg"), seed=1, progress=False)
    again = segment_catalog(shop, a, SegmentConfig(backend="whitebg"), seed=1, progress=False)
    assert first.produced >= 4 and again.skipped == first.produced and again.produced == 0
    segment_catalog(shop, b, SegmentConfig(backend="whitebg"), seed=1, progress=False)
    for p in sorted((a / "cutouts").rglob("*.png")):
        assert p.read_bytes() == (b / p.relative_to(a)).read_bytes()


def test_a_folder_resumes_only_with_its_seed_and_settings(shop, tmp_path):
    out = tmp_path / "cut"
    segment_catalog(shop, out, SegmentConfig(backend="whitebg"), seed=1, progress=False)
    with pytest.raises(ConfigError, match="seed 1, not 2"):
        segment_catalog(shop, out, SegmentConfig(backend="whitebg"), seed=2, progress=False)
    with pytest.raises(ConfigError, match=r"other settings \(backend"):
        segment_catalog(shop, out, SegmentConfig(backend="alpha"), seed=1, progress=False)
    again = segment_catalog(shop, out, SegmentConfig(backend="whitebg"), progress=False)  # no seed: the folder's own
    assert again.produced == 0 and yaml.safe_load((out / "config.yaml").read_text())["seed"] == 1
