import numpy as np
import pytest
import torch

from wildcat.train import augment
from wildcat.train.augment import AugmentParams
from wildcat.train.config import AugmentConfig


def quadrants(side: int = 16) -> torch.Tensor:
    """One image with four flat quadrants: red, green / blue, white."""
    img = np.zeros((side, side, 3), dtype=np.uint8)
    h = side // 2
    img[:h, :h] = (255, 0, 0)
    img[:h, h:] = (0, 255, 0)
    img[h:, :h] = (0, 0, 255)
    img[h:, h:] = (255, 255, 255)
    return torch.from_numpy(img[None])


def test_identity_params_return_the_image():
    x = quadrants()
    out = augment.apply(x, AugmentParams.identity(1), 16)
    assert torch.allclose(out, x.permute(0, 3, 1, 2).float() / 255, atol=1e-5)


def test_flip_mirrors_left_and_right():
    p = AugmentParams.identity(1)
    p.flip[:] = -1
    out = augment.apply(quadrants(), p, 16)
    assert torch.allclose(out, (quadrants().permute(0, 3, 1, 2).float() / 255).flip(-1), atol=1e-5)


def test_crop_box_selects_a_quadrant_and_resizes():
    p = AugmentParams.identity(1)
    p.w[:], p.h[:], p.cx[:], p.cy[:] = 0.5, 0.5, 0.5, 0.5  # bottom-right quadrant
    out = augment.apply(quadrants(32), p, 8)
    assert out.shape == (1, 3, 8, 8)
    assert torch.allclose(out[0, :, 1:-1, 1:-1], torch.ones(3, 6, 6), atol=1e-5)  # white


def test_zero_saturation_gives_grey_and_unit_factors_change_nothing():
    p = AugmentParams.identity(1)
    p.saturation[:] = 0.0
    out = augment.apply(quadrants(), p, 16)
    assert torch.allclose(out[:, 0], out[:, 1], atol=1e-5) and torch.allclose(out[:, 1], out[:, 2], atol=1e-5)


def test_sampled_params_are_reproducible_and_respect_inactive_images():
    cfg = AugmentConfig()
    active = np.array([True, False, True, True])
    a = augment.sample_params(np.random.default_rng(5), active, cfg)
    b = augment.sample_params(np.random.default_rng(5), active, cfg)
    assert all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("cx", "w", "flip", "contrast"))
    assert (a.w[1], a.h[1], a.cx[1], a.flip[1], a.brightness[1]) == (1, 1, 0, 1, 1)
    # crops stay inside the image: |centre| + half-size <= 1
    assert (np.abs(a.cx) + a.w <= 1 + 1e-9).all() and (np.abs(a.cy) + a.h <= 1 + 1e-9).all()


def test_crop_area_within_configured_range():
    cfg = AugmentConfig(crop_scale_min=0.5, crop_ratio=(1.0, 1.0))
    p = augment.sample_params(np.random.default_rng(6), np.ones(500, dtype=bool), cfg)
    area = p.w * p.h
    assert area.min() >= 0.5 - 1e-9 and area.max() <= 1.0
    assert np.mean(area) == pytest.approx(0.75, abs=0.03)


def test_white_balance_scales_red_and_blue_oppositely_and_keeps_green():
    x = torch.full((1, 4, 4, 3), 100, dtype=torch.uint8)
    p = AugmentParams.identity(1)
    p.cast[:] = 0.2
    out = augment.apply(x, p, 4)
    r, g, b = (out[0, c].mean().item() * 255 for c in range(3))
    assert r == pytest.approx(100 * np.exp(0.2), rel=1e-4)
    assert g == pytest.approx(100, rel=1e-4)
    assert b == pytest.approx(100 * np.exp(-0.2), rel=1e-4)


def test_white_balance_off_leaves_every_other_draw_unchanged():
    active = np.ones(64, dtype=bool)
    off = augment.sample_params(np.random.default_rng(3), active, AugmentConfig())
    on = augment.sample_params(np.random.default_rng(3), active, AugmentConfig(white_balance=0.3))
    assert not off.cast.any()
    for f in ("cx", "cy", "w", "h", "flip", "brightness", "contrast", "saturation"):
        assert np.array_equal(getattr(off, f), getattr(on, f))
    assert np.abs(on.cast).max() <= 0.3 and on.cast.std() > 0.1
