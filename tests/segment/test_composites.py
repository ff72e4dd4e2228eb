import numpy as np

from wildcat.segment.composites import composite, drop_shadow, sample_composite


def test_composite_is_the_alpha_blend():
    fg = np.full((4, 4, 3), 0.2, np.float32)
    bg = np.ones((4, 4, 3), np.float32)
    a = np.array([[0, 0.5, 1, 1]] * 4, np.float32)
    out = composite(fg, a, bg)
    assert np.allclose(out[0, :, 0], [1.0, 0.6, 0.2, 0.2])
    shadow = np.full((4, 4), 0.5, np.float32)
    assert np.allclose(composite(fg, a, bg, shadow)[0, :, 0], [0.5, 0.35, 0.2, 0.2])


def test_drop_shadow_lies_below_and_is_soft():
    a = np.zeros((64, 64), np.float32)
    a[10:30, 20:40] = 1
    s = drop_shadow(a, offset=(4, 6), blur=2.0, strength=0.4, squash=0.5)
    assert s.max() <= 0.4 + 1e-6 and s[:10].max() < 0.01  # nothing above the object
    assert s[30:34, 26:46].mean() > 0.1  # on the floor next to its base
    assert ((s > 0.02) & (s < 0.38)).sum() > 40  # a penumbra, not a hard edge


def test_sample_is_deterministic_and_alpha_is_the_truth():
    a = sample_composite(np.random.default_rng(11), 64)
    b = sample_composite(np.random.default_rng(11), 64)
    assert np.array_equal(a.image, b.image) and np.array_equal(a.alpha, b.alpha)
    assert a.image.shape == (64, 64, 3) and a.alpha.shape == (64, 64) and 0.02 < a.alpha.mean() < 0.7
    assert a.alpha[0].max() == 0 and a.alpha[:, -1].max() == 0  # placed with a margin


def test_sample_from_rgba_sources():
    src = np.zeros((30, 20, 4), np.uint8)
    src[5:25, 4:16] = (200, 20, 20, 255)
    c = sample_composite(np.random.default_rng(2), 64, sources=[src], shadow_prob=0.0)
    assert c.shadow == 0.0
    red = (c.image[..., 0] > 150) & (c.image[..., 1] < 90)
    assert np.abs(red.astype(float) - (c.alpha > 0.5)).mean() < 0.03
