"""Wild test queries rendered in full 3D scenes: rows, visibility, reproducibility, resuming."""

from __future__ import annotations

import numpy as np
import pytest

from wildcat.core.imageio import load_array
from wildcat.core.manifest import read_manifest
from wildcat.synth.procedural import build_default_catalog, make_wild_queries
from wildcat.synth.procedural.wild import queries

pytestmark = pytest.mark.render
SIZE, PER_PRODUCT = 64, 2
CATEGORIES = ("mug", "bottle", "bag")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    flat = lambda glb_path: np.full((16, 16, 3), 255, np.uint8)  # noqa: E731 - catalog images are not needed here
    return build_default_catalog(
        tmp_path_factory.mktemp("cat") / "default",
        1,
        seed=1,
        render_catalog_image=flat,
        categories=CATEGORIES,
        progress=False,
    )


@pytest.fixture(scope="module")
def wild(catalog, tmp_path_factory):
    return make_wild_queries(
        catalog, tmp_path_factory.mktemp("wild") / "q", per_product=PER_PRODUCT, seed=4, size=SIZE, progress=False
    )


def _rows(folder):
    return sorted((r.sample_id, r.path, r.model_dump_json()) for r in read_manifest(folder))


def test_rows_describe_wild_test_queries(wild):
    rows = read_manifest(wild)
    assert sorted(r.sample_id for r in rows) == sorted(
        f"wild/{c}-00/{i:02d}" for c in CATEGORIES for i in range(PER_PRODUCT)
    )
    for r in rows:
        assert (r.domain, r.generator, r.split) == ("wild", "wild-scene", "test")
        assert r.category == r.product_id.split("-")[0] and (r.width, r.height) == (SIZE, SIZE)
        assert r.lineage["seed"] == 4 and r.lineage["scene"]["environment"] in ("room", "store", "street")
        assert {"camera", "lighting", "phone", "mask_fraction", "unoccluded_fraction"} <= set(r.lineage)
        assert load_array(r.resolve(wild)).shape == (SIZE, SIZE, 3)
    assert (wild / "contact_sheet.png").exists() and (wild / "config.yaml").exists()


def test_the_product_is_visible_in_every_photo(wild):
    fractions = []
    for r in read_manifest(wild):
        mask = load_array(wild / r.lineage["mask"], "RGB")[..., 0] > 127
        assert np.isclose(mask.mean(), r.lineage["mask_fraction"], atol=1e-4)
        assert mask.mean() > 0.005, r.sample_id
        fractions.append(mask.mean())
        # the camera aims at the product: it is in the frame, not cut off at an edge
        ys, xs = np.nonzero(mask)
        assert 0.1 < ys.mean() / SIZE < 0.9 and 0.1 < xs.mean() / SIZE < 0.9, r.sample_id
    assert np.median(fractions) > 0.02


def test_a_killed_run_resumes_to_the_same_manifest_and_bytes(catalog, wild, tmp_path, monkeypatch):
    calls, real_work = [], queries.work

    def dies_on_the_second_task(task):
        if calls:
            raise KeyboardInterrupt  # like a killed job: not a reject, the batch stops
        calls.append(task.key)
        return real_work(task)

    out = tmp_path / "resumed"
    with monkeypatch.context() as m:
        m.setattr(queries, "work", dies_on_the_second_task)
        with pytest.raises(KeyboardInterrupt):
            make_wild_queries(catalog, out, per_product=PER_PRODUCT, seed=4, size=SIZE, progress=False)
    assert len(read_manifest(out)) == PER_PRODUCT
    make_wild_queries(catalog, out, per_product=PER_PRODUCT, seed=4, size=SIZE, progress=False)
    assert _rows(out) == _rows(wild)
    for r in read_manifest(wild):
        assert (out / r.path).read_bytes() == (wild / r.path).read_bytes()
