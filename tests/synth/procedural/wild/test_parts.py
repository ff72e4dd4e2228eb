"""The pieces of the wild-photo process, on inputs with a known answer (no rendering)."""

from __future__ import annotations

import numpy as np
import pytest

from wildcat.synth.optics import kelvin_to_rgb
from wildcat.synth.procedural.wild import phone
from wildcat.synth.procedural.wild.cameras import barrel_maps, sample_camera
from wildcat.synth.procedural.wild.clutter import place_clutter
from wildcat.synth.procedural.wild.environments import ENVIRONMENTS, build
from wildcat.synth.procedural.wild.lighting import sample_lighting
from wildcat.synth.procedural.wild.stage import visible_mask


def test_shot_noise_grows_with_the_signal_and_the_gain():
    rng = np.random.default_rng(0)
    measured = {}
    for level in (0.05, 0.6):
        for gain in (1.0, 8.0):
            raw = phone.sensor(np.full((128, 128, 3), level, np.float32), gain, rng).astype(float) / 1023
            measured[level, gain] = raw.var()
            expected = phone.FULL_WELL * gain * level + (phone.READ_NOISE * gain) ** 2
            assert abs(raw.var() - expected) < 0.2 * expected + 2e-6, (level, gain)
    assert measured[0.6, 1.0] > 3 * measured[0.05, 1.0]
    assert measured[0.05, 8.0] > 5 * measured[0.05, 1.0]


def test_demosaic_recovers_a_flat_colour_and_softens_an_edge():
    flat = np.zeros((16, 16, 3), np.float32) + [0.7, 0.3, 0.1]
    rgb = phone.demosaic(phone.sensor(flat, 0.0, np.random.default_rng(0)))
    assert np.allclose(rgb[4:-4, 4:-4], [0.7, 0.3, 0.1], atol=2 / 1023)
    edge = np.zeros((16, 16, 3), np.float32)
    edge[:, 8:] = 1.0
    out = phone.demosaic(phone.sensor(edge, 0.0, np.random.default_rng(0)))
    assert 0.05 < out[8, 7:9].mean() < 0.95  # pixels at the edge mix both sides


def test_develop_makes_a_jpeg_that_brightens_a_dark_frame():
    from wildcat.core.imageio import load_array

    dark = np.full((32, 32, 3), 20, np.uint8)
    params = phone.sample_phone(np.random.default_rng(1), low_light=True)
    data, info = phone.develop(dark, params, np.random.default_rng(2))
    assert data[:2] == b"\xff\xd8" and info["gain"] > 1
    assert load_array(data).mean() > dark.mean()


def test_barrel_maps_keep_centre_and_corners_and_bow_the_edges():
    mx, my = barrel_maps(65, 0.2, 0.0)
    assert np.isclose(mx[32, 32], 32) and np.isclose(my[32, 32], 32)
    assert np.isclose(mx[0, 0], 0, atol=1e-3) and np.isclose(my[64, 64], 64, atol=1e-3)
    # the middle of the right edge samples from inside the frame: content there is squeezed outwards
    assert mx[32, 64] < 63


def test_colour_temperature_warm_is_red_cool_is_blue():
    warm, cool = kelvin_to_rgb(2700), kelvin_to_rgb(9000)
    assert warm[0] == 1.0 and warm[2] < 0.6
    assert cool[2] == 1.0 and cool[0] < 0.9


def test_visible_mask_cuts_out_what_stands_in_front():
    full = np.full((4, 4), 2.0)
    alone = np.zeros((4, 4))
    alone[1:3, 1:3] = 2.0
    full[1, 1] = 1.0  # something nearer hides this product pixel
    mask = visible_mask(full, alone)
    assert mask.sum() == 3 and not mask[1, 1] and not mask[0, 0]


@pytest.mark.render  # the scene builders make pyrender materials
def test_clutter_stands_on_the_support_without_overlaps():
    for seed in range(6):
        rng = np.random.default_rng(seed)
        env = build(ENVIRONMENTS[seed % 3], 0.2, 0.05, rng)
        items, lineage = place_clutter(rng, env, 0.05, 0.2, [], 5)
        spots = [(0.0, 0.0)] + [(c["x"], c["z"]) for c in lineage]
        fx, z0, z1 = env.free
        for c in lineage:
            assert abs(c["x"]) <= fx and z0 - 0.3 <= c["z"] <= z1 and c["height"] <= env.max_clutter_height + 1e-9
        gaps = [np.hypot(a[0] - b[0], a[1] - b[1]) for i, a in enumerate(spots) for b in spots[i + 1 :]]
        assert not gaps or min(gaps) > 0.01
        assert all(np.isclose(item.pose[1, 3], env.support_y, atol=0.002) for item in items)


def test_lighting_matches_the_place():
    rng = np.random.default_rng(0)
    street = {sample_lighting(rng, "street", 0.0).setup for _ in range(40)}
    store = {sample_lighting(rng, "store", 0.0).setup for _ in range(40)}
    assert "daylight" in street and "warm lamps" not in street
    assert "strip lights" in store and "daylight" not in store


def test_cameras_frame_the_product_from_the_open_side():
    rng = np.random.default_rng(0)
    for model in ("normal", "wide", "telephoto", "tilted", "handheld"):
        cam = sample_camera(rng, model, np.array([0.0, 0.5, 0.0]), 0.1, (-40.0, 40.0))
        eye = cam.pose()[:3, 3]
        assert eye[2] > 0 and eye[1] >= 0.05 - 1e-9
        assert (cam.k1 > 0) == (model == "wide")
