"""Camera poses, directions and black-body colour (synth/optics.py), checked against hand-worked answers."""

import numpy as np
import pytest

from wildcat.synth.optics import direction, kelvin_to_rgb, look_at


def test_a_camera_on_the_z_axis_looking_at_the_origin_is_unrotated():
    pose = look_at((0.0, 0.0, 5.0), (0.0, 0.0, 0.0))
    np.testing.assert_allclose(pose[:3, :3], np.eye(3), atol=1e-12)
    np.testing.assert_allclose(pose[:3, 3], [0.0, 0.0, 5.0])


def test_minus_z_points_at_the_target_and_the_axes_stay_orthonormal():
    rng = np.random.default_rng(0)
    for _ in range(100):
        eye, target = rng.uniform(-5, 5, 3), rng.uniform(-1, 1, 3)
        pose = look_at(eye, target, roll_deg=rng.uniform(-40, 40))
        forward = (target - eye) / np.linalg.norm(target - eye)
        np.testing.assert_allclose(-pose[:3, 2], forward, atol=1e-12)
        np.testing.assert_allclose(pose[:3, :3].T @ pose[:3, :3], np.eye(3), atol=1e-12)


def test_roll_turns_the_image_about_the_view_axis():
    upright, rolled = look_at((0, 0, 5), (0, 0, 0)), look_at((0, 0, 5), (0, 0, 0), roll_deg=90)
    np.testing.assert_allclose(rolled[:3, 0], upright[:3, 1], atol=1e-12)  # right now points where up did
    np.testing.assert_allclose(rolled[:3, 2], upright[:3, 2], atol=1e-12)


def test_a_camera_straight_above_gets_a_finite_pose():
    pose = look_at((0.0, 3.0, 0.0), (0.0, 0.0, 0.0))
    assert np.isfinite(pose).all()
    np.testing.assert_allclose(-pose[:3, 2], [0.0, -1.0, 0.0], atol=1e-12)


@pytest.mark.parametrize(("az", "el", "want"), [(0, 0, (0, 0, 1)), (90, 0, (1, 0, 0)), (0, 90, (0, 1, 0))])
def test_direction_conventions(az, el, want):
    np.testing.assert_allclose(direction(az, el), want, atol=1e-12)


def test_black_body_colours_run_from_warm_through_white_to_blue():
    warm, white, cool = kelvin_to_rgb(2700), kelvin_to_rgb(6600), kelvin_to_rgb(9000)
    assert warm[0] == 1.0 and warm[0] > warm[1] > warm[2]
    np.testing.assert_allclose(white, [1.0, 1.0, 1.0], atol=0.02)
    assert cool[2] == 1.0 and cool[2] > cool[0]
    np.testing.assert_array_equal(kelvin_to_rgb(500), kelvin_to_rgb(1000))  # clipped to the fit's range
