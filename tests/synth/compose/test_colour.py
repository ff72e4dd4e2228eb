"""Colour maths of the compositor on data with known answers: harmonisation tables, camera
effects' colour tables and white balance, and the wide Gaussian blur done at reduced resolution."""

import cv2
import numpy as np
import pytest
from pydantic import ValidationError

from wildcat.synth.compose import harmonize, smooth
from wildcat.synth.compose.config import EffectsConfig
from wildcat.synth.compose.effects import apply_effects, colour_lut, phone_processing, white_balance_gains


def test_reinhard_moves_luma_statistics_to_the_target():
    grey = np.tile(np.array([100, 140], np.uint8).repeat(3).reshape(1, 2, 3), (4, 4, 1))  # mean 120, std 20
    own = harmonize.scene_stats(grey)
    assert abs(float(harmonize.LUMA @ own[0]) - 120) < 0.5 and abs(own[1] - 20) < 0.5
    target = (np.array([60, 60, 60], np.float32), 10.0)
    out = harmonize.apply_lut(grey, harmonize.reinhard_lut(own, target, 1.0, 0.0))
    assert sorted(np.unique(out).tolist()) == [50, 70]  # mean 60, std 10
    half = harmonize.apply_lut(grey, harmonize.reinhard_lut(own, target, 0.5, 0.0))
    assert sorted(np.unique(half).tolist()) == [75, 105]  # half way: mean 90, std 15


def test_reinhard_colour_strength_moves_only_the_cast():
    obj = np.full((2, 2, 3), (120, 100, 80), np.uint8)
    target = (np.array([100, 100, 140], np.float32), 1.0)  # a bluish scene
    own = harmonize.scene_stats(obj)
    out = harmonize.apply_lut(obj, harmonize.reinhard_lut(own, target, 0.0, 1.0))[0, 0].astype(int)
    assert out[2] > 80 and out[0] < 120  # toward the scene's cast
    assert abs(float(harmonize.LUMA @ out) - float(harmonize.LUMA @ obj[0, 0])) < 1.5  # brightness kept


def test_histogram_lut_maps_quantiles():
    obj = np.zeros((2, 2, 3), np.uint8)
    obj[0] = 10
    obj[1] = 20
    ref = np.zeros((2, 2, 3), np.uint8)
    ref[0] = 100
    ref[1] = 200
    lut = harmonize.histogram_lut(harmonize.cdfs(obj), harmonize.cdfs(ref), 1.0)
    assert np.round(lut[[10, 20], 0]).tolist() == [100, 200]
    rgba = np.dstack([obj, np.array([[255, 255], [0, 0]], np.uint8)])
    assert harmonize.apply_lut(rgba, lut)[..., 3].tolist() == [[255, 255], [0, 0]]  # alpha untouched


def test_white_balance_and_colour_table():
    assert np.allclose(white_balance_gains(6000), [0.4979 / 0.4584, 1, 0.4468 / 0.4584], atol=1e-4)
    warm, cold = white_balance_gains(4500), white_balance_gains(8500)
    assert warm[0] > 1 > warm[2] and cold[2] > 1 > cold[0]
    assert colour_lut(None)[:, 0, 0].tolist() == list(range(256))  # no change: identity
    lut = colour_lut(np.array([2.0, 1.0, 1.0], np.float32), 1.0, 10.0)[:, 0]
    assert lut[100].tolist() == [210, 110, 110] and lut[200, 0] == 255  # gain clipped, then brightness


def test_effects_are_a_function_of_the_generator():
    img = np.random.default_rng(0).integers(0, 255, (32, 32, 3), dtype=np.uint8)
    cfg = EffectsConfig(blur_prob=1, noise_prob=1, white_balance_prob=1, brightness_contrast_prob=1, vignette_prob=1)
    a, rec = apply_effects(img, cfg, np.random.default_rng(3))
    b, again = apply_effects(img, cfg, np.random.default_rng(3))
    assert (a == b).all() and rec == again
    assert set(rec["applied"]) >= {"PlanckianJitter", "RandomBrightnessContrast", "SensorNoise", "Vignette"}
    off = EffectsConfig(blur_prob=0, noise_prob=0, white_balance_prob=0, brightness_contrast_prob=0, vignette_prob=0)
    same, rec = apply_effects(img, off, np.random.default_rng(3))
    assert (same == img).all() and rec["applied"] == []


def test_wide_blur_matches_the_full_resolution_blur():
    img = cv2.resize(np.random.default_rng(1).integers(0, 255, (8, 8, 3), dtype=np.uint8), (128, 128))
    edge = np.zeros((160, 160), np.uint8)  # a sharp alpha edge, as feathering blurs it
    cv2.circle(edge, (80, 80), 50, 255, -1)
    for sigma in (1.6, 2.5, 4.0, 9.0):
        for x in (img, edge):
            exact = cv2.GaussianBlur(x, (0, 0), sigma).astype(float)
            fast = smooth.gaussian(x, sigma).astype(float)
            assert fast.shape == exact.shape
            assert np.abs(fast - exact).mean() < 1.0 and np.abs(fast - exact).max() < 12
    assert (smooth.gaussian(img, 1.2) == cv2.GaussianBlur(img, (0, 0), 1.2)).all()  # small sigmas stay exact


def test_fda_window_grows_with_beta_and_a_full_swap_takes_the_scene_colour():
    from wildcat.synth.compose.harmonize import fda

    rng = np.random.default_rng(0)
    obj = rng.integers(40, 90, (64, 64, 3), dtype=np.uint8)
    scene = np.zeros((64, 64, 3), np.uint8)
    scene[:] = (200, 120, 60)
    scene[::2] += 20  # stripes: energy beyond the DC term
    tinted = fda(obj, scene, beta=0.01, blend=1.0)
    # Swapping the lowest frequencies gives the object the scene's mean colour (within resampling error).
    np.testing.assert_allclose(tinted.reshape(-1, 3).mean(0), scene.reshape(-1, 3).mean(0), atol=3)
    small, wide = (fda(obj, scene, beta=b, blend=1.0) for b in (1 / 32, 0.2))
    assert np.array_equal(tinted, small)  # any beta up to 1/32 swaps the same minimal window
    assert not np.array_equal(small, wide)  # a wider window swaps more of the scene's structure


def test_phone_processing_saturates_colour_sharpens_edges_and_leaves_grey_flat():
    grey = np.full((16, 16, 3), 128, np.uint8)
    assert (phone_processing(grey, 1.5, 1.0) == grey).all()  # no colour to push, no edge to sharpen
    flat = np.full((16, 16, 3), (150, 100, 100), np.uint8)
    out = phone_processing(flat, 1.5, 1.0)[8, 8].astype(int)
    assert abs((out[0] - out[1]) - 75) <= 1  # red minus green: 50 pushed to 75 by a 1.5 saturation gain
    step = np.zeros((16, 16, 3), np.uint8)
    step[:, 8:] = 200
    sharp = phone_processing(step, 1.0, 1.0)
    assert sharp[8, 8, 0] == 255 and sharp[8, 7, 0] == 0  # overshoot on the bright side, clipped
    assert 200 < int(phone_processing(step, 1.0, 0.3)[8, 8, 0]) < 255  # a milder amount, a smaller overshoot


def test_phone_processing_is_drawn_with_the_other_effects():
    img = np.random.default_rng(1).integers(0, 255, (24, 24, 3), dtype=np.uint8)
    off = EffectsConfig(blur_prob=0, noise_prob=0, white_balance_prob=0, brightness_contrast_prob=0, vignette_prob=0)
    out, rec = apply_effects(img, off.model_copy(update={"isp_prob": 1.0}), np.random.default_rng(3))
    assert rec["applied"] == ["PhoneProcessing"] and not (out == img).all()
    warm = EffectsConfig(white_balance_prob=1, warm_prob=1.0, white_balance_k=(3000, 8500))
    grey_card = np.full((8, 8, 3), 128, np.uint8)
    for seed in range(5):  # every white-balance shift drawn below 6000 K: a grey card turns warm
        shifted, _ = apply_effects(grey_card, warm, np.random.default_rng(seed))
        assert int(shifted[4, 4, 0]) > int(shifted[4, 4, 2])


def test_indoor_light_turns_every_indoor_scene_warm_and_leaves_streets_alone():
    cfg = EffectsConfig(indoor_light=True, blur_prob=0, noise_prob=0, brightness_contrast_prob=0, vignette_prob=0)
    off = cfg.model_copy(update={"indoor_light": False})
    assert cfg.for_scene("street") is cfg and off.for_scene("store") is off
    grey_card = np.full((8, 8, 3), 128, np.uint8)
    for kind in ("store", "room"):
        for seed in range(8):  # the default shifts half the samples, most of them cool: indoors, all of them warm
            shifted, rec = apply_effects(grey_card, cfg.for_scene(kind), np.random.default_rng(seed))
            assert rec["applied"] == ["PlanckianJitter"] and int(shifted[4, 4, 0]) > int(shifted[4, 4, 2])
    street = [
        apply_effects(grey_card, cfg.for_scene("street"), np.random.default_rng(s))[1]["applied"] for s in range(8)
    ]
    assert [] in street  # outdoors the white balance is still left alone about half the time


def test_indoor_exposure_darkens_indoor_scenes_by_the_drawn_gain_and_nothing_else():
    quiet = EffectsConfig(
        indoor_light=False, blur_prob=0, noise_prob=0, white_balance_prob=0, brightness_contrast_prob=0, vignette_prob=0
    )
    dim = quiet.model_copy(update={"indoor_exposure": (0.5, 0.5)})
    for bad in ((0.0, 1.0), (1.0, 0.6), (-0.5, 1.0)):  # a gain of 0 or below, or a reversed range: refused
        with pytest.raises(ValidationError, match="indoor_exposure must be gains"):
            EffectsConfig(indoor_exposure=bad)
    card = np.full((8, 8, 3), 200, np.uint8)
    for kind in ("store", "room"):
        out, rec = apply_effects(card, dim.for_scene(kind), np.random.default_rng(0))
        assert rec["applied"] == ["IndoorExposure"] and rec["exposure"] == 0.5 and (out == 100).all()  # 200 * 0.5
    out, rec = apply_effects(card, dim.for_scene("street"), np.random.default_rng(0))
    assert rec["applied"] == [] and (out == card).all()  # outdoors: daylight, no dimming
    # drawn after every other effect: dimming leaves the other draws alone and scales their result
    img = np.random.default_rng(2).integers(0, 255, (24, 24, 3), dtype=np.uint8)
    lit = EffectsConfig(
        indoor_light=False,
        white_balance_prob=0.5,
        brightness_contrast_prob=0.5,
        blur_prob=0,
        noise_prob=0,
        vignette_prob=0,
    )
    for seed in range(6):
        a, rec_a = apply_effects(img, lit.for_scene("store"), np.random.default_rng(seed))
        b, rec_b = apply_effects(
            img, lit.model_copy(update={"indoor_exposure": (0.5, 0.5)}).for_scene("store"), np.random.default_rng(seed)
        )
        assert rec_b["applied"] == rec_a["applied"] + ["IndoorExposure"] and rec_b["seed"] == rec_a["seed"]
        unclipped = (a > 0) & (a < 255)  # (the gain scales the table before it is clipped to 8 bits)
        assert np.abs(b.astype(int) - a.astype(int) * 0.5)[unclipped].max() <= 1


def test_compiled_tables_and_row_gains_give_opencvs_bytes():
    """The compositor's compiled per-channel lookup and per-row gain replace cv2.LUT and cv2.multiply
    (which multiplies 8-bit by float32 in float32, rounding half to even): same bytes, every value."""
    from wildcat.synth.compose.kernels import lut_channels, scale_rows

    rng = np.random.default_rng(4)
    for channels in (3, 4):
        img = rng.integers(0, 256, (5, 256, channels), dtype=np.uint8)
        img[0, :, :] = np.arange(256, dtype=np.uint8)[:, None]  # every input value in every channel
        table = rng.integers(0, 256, (256, 1, channels), dtype=np.uint8)
        assert np.array_equal(lut_channels(img, np.ascontiguousarray(table[:, 0].T)), cv2.LUT(img, table))
    values = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    rows = np.ascontiguousarray(np.repeat(values, 64, axis=0))  # 64 rows of 0..255
    gains = np.concatenate([np.float32([0.5, 1.0, 1.5]), rng.uniform(0.6, 1.1, 61).astype(np.float32)])
    gain_image = np.ascontiguousarray(np.broadcast_to(gains[:, None, None], rows.shape))
    expect = cv2.multiply(rows, gain_image, dtype=cv2.CV_8U)
    out = scale_rows(rows, gains)
    assert np.array_equal(out, expect)
    assert out[0, 3, 0] == 2 and out[0, 5, 0] == 2  # 1.5 and 2.5 round half to even
    assert out[2, 200, 0] == 255  # saturates
