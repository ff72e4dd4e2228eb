"""Procedural garments: deterministic, and the classes differ in the cue that defines them,
measured on the generated masks."""

import dataclasses

import numpy as np
import pytest

from wildcat.core.jobs import Task
from wildcat.core.locales import BACKGROUND_KINDS
from wildcat.synth.garments import SHAPES, draw_garment, make_wild, sample_spec
from wildcat.synth.garments.backgrounds import BACKGROUNDS, draw_background
from wildcat.synth.garments.demo import work

SIZE = 128
SEEDS = range(4)


def _garment(shape, seed, size=SIZE):
    return draw_garment(sample_spec(shape, np.random.default_rng(seed)), size)


def _rows(mask):
    return np.flatnonzero(mask.any(axis=1))


def _runs(row):
    """Number of separate stretches of cloth in one row of a mask."""
    return int(np.sum(np.diff(np.concatenate([[0], row.astype(np.int8), [0]])) == 1))


def _width(mask, y):
    cols = np.flatnonzero(mask[y])
    return cols[-1] - cols[0] + 1 if cols.size else 0


def test_same_seed_same_bytes_other_seed_other_bytes():
    task = Task(
        "p",
        "en-IN-kurti-000",
        ("catalog/x", "wild/x/0"),
        {
            "shape": "kurti",
            "category": "kurti",
            "locale": "en-IN",
            "parent": "tops",
            "ref": "en-IN:kurti",
            "seed": 11,
            "size": 64,
            "wild": 1,
            "n_val": 0,
            "backgrounds": ["market", "street"],
        },
    )
    a, b = work(task), work(task)
    assert a.files == b.files and [s.lineage for s in a.samples] == [s.lineage for s in b.samples]
    other = work(dataclasses.replace(task, params={**task.params, "seed": 12}))
    assert all(other.files[k] != a.files[k] for k in a.files)


def test_every_shape_draws_inside_the_canvas():
    for shape in SHAPES:
        g = _garment(shape, 0, 64)
        sil = g.parts["silhouette"]
        assert 0.03 < sil.mean() < 0.7, shape
        assert g.rgba.shape == (64, 64, 4) and (g.rgba[..., 3] > 0).sum() >= sil.sum()


def test_kurti_is_longer_than_tunic_and_top():
    hems = {
        s: [_rows(_garment(s, seed).parts["silhouette"])[-1] / SIZE for seed in SEEDS]
        for s in ("kurti", "tunic", "top")
    }
    assert min(hems["kurti"]) > max(hems["tunic"]) + 0.08
    assert min(hems["tunic"]) > max(hems["top"]) + 0.05


def test_kurti_has_side_slits_and_tunic_does_not():
    def max_runs_near_hem(shape, seed):
        sil = _garment(shape, seed, 192).parts["silhouette"]
        bottom = _rows(sil)[-1]
        return max(_runs(sil[y]) for y in range(bottom - 14, bottom - 3))

    assert all(max_runs_near_hem("kurti", s) >= 3 for s in SEEDS)  # back panel, front panel, back panel
    assert all(max_runs_near_hem("tunic", s) == 1 for s in SEEDS)


@pytest.mark.parametrize("shape", ["saree", "dhoti", "lehenga"])
def test_saree_dhoti_lehenga_have_a_contrast_border(shape):
    for seed in SEEDS:
        g = _garment(shape, seed)
        border, body = g.parts["border"], g.parts["body"]
        assert border.sum() > 0.03 * g.parts["silhouette"].sum()
        rgb = g.rgba[..., :3].astype(float)
        assert np.linalg.norm(np.median(rgb[border], 0) - np.median(rgb[body], 0)) > 60


@pytest.mark.parametrize("shape", ["lungi", "sarong", "scarf", "tunic", "trousers"])
def test_look_alikes_without_a_border_have_none(shape):
    assert all(not _garment(shape, s).parts.get("border", np.zeros(1, bool)).any() for s in SEEDS)


def test_lungi_checks_run_both_ways():
    spec = dataclasses.replace(sample_spec("lungi", np.random.default_rng(0)), print_kind="checks")
    g = draw_garment(spec, SIZE)
    body = g.parts["body"]
    ys, xs = np.flatnonzero(body.any(1)), np.flatnonzero(body.any(0))
    patch = g.rgba[ys[10] : ys[-10], xs[5] : xs[-5], :3].astype(float).mean(axis=2)
    assert patch.mean(axis=0).std() > 8 and patch.mean(axis=1).std() > 8  # bands across and down


def test_salwar_narrows_to_the_ankle_trousers_do_not():
    def taper(shape):
        sil = _garment(shape, 0).parts["silhouette"]
        rows = _rows(sil)
        knee, ankle = rows[int(len(rows) * 0.6)], rows[-3]
        return _width(sil, knee) / _width(sil, ankle)

    assert taper("salwar") > 1.6 and taper("trousers") < 1.4


def test_anarkali_flares_far_more_than_a_dress():
    def hem_width(shape, seed):  # both hang from the same shoulders at about the same chest width
        sil = _garment(shape, seed).parts["silhouette"]
        rows = _rows(sil)
        return max(_width(sil, y) for y in rows[-len(rows) // 6 :]) / SIZE

    assert min(hem_width("anarkali", s) for s in SEEDS) > max(hem_width("dress", s) for s in SEEDS) + 0.05


def test_wild_photos_leave_the_white_background():
    rng = np.random.default_rng(5)
    spec = sample_spec("saree", rng)
    catalog = draw_garment(spec, 96).on_white()
    wild, info = make_wild(spec, rng, 96, ["market"])
    white = lambda im: float(np.mean(im.min(axis=2) > 240))  # noqa: E731
    assert white(catalog) > 0.4 and white(wild) < 0.1
    assert info["background"] == "market" and wild.shape == (96, 96, 3)


def test_every_pack_background_kind_is_drawn():
    assert set(BACKGROUND_KINDS) == set(BACKGROUNDS)
    for kind in BACKGROUNDS:
        a = draw_background(kind, np.random.default_rng(1), 48)
        assert a.shape == (48, 48, 3) and a.std() > 5
        assert np.array_equal(a, draw_background(kind, np.random.default_rng(1), 48))
