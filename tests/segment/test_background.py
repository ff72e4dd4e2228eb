import numpy as np

from wildcat.segment.background import border_mask, delta_e, fit_background, is_plain_light, to_lab

PLAIN = dict(plain_share=0.55, light_l=78.0, max_chroma=14.0)


def _lab(rgb):
    return to_lab(np.asarray(rgb, np.uint8))


def test_fit_follows_a_gradient_and_ignores_the_object():
    yy, xx = np.mgrid[:64, :64]
    img = np.stack([235 - 20 * xx / 63] * 3, -1)  # light grey, darker to the right
    img[:, :20] = [30, 30, 200]  # an object covering the whole left border
    lab = _lab(img)
    model = fit_background(lab, 2)
    truth = _lab(np.stack([235 - 20 * xx / 63] * 3, -1))
    assert delta_e(model.lab, truth)[:, 24:].max() < 1.5
    assert 0.55 < model.border_share < 0.75  # the object's share of the border is left out


def test_plain_light_border_detection():
    white = np.full((48, 48, 3), 255, np.uint8)
    white[10:38, 10:38] = (200, 30, 30)
    grey = np.full((48, 48, 3), 210, np.uint8)
    dark = np.full((48, 48, 3), 40, np.uint8)
    rng = np.random.default_rng(0)
    busy = rng.integers(0, 256, (48, 48, 3), dtype=np.uint8)
    green = np.full((48, 48, 3), (120, 220, 120), np.uint8)
    verdict = {
        n: is_plain_light(fit_background(_lab(im), 2), **PLAIN)
        for n, im in [("white", white), ("grey", grey), ("dark", dark), ("busy", busy), ("green", green)]
    }
    assert verdict == {"white": True, "grey": True, "dark": False, "busy": False, "green": False}


def test_border_mask_ring():
    m = border_mask((6, 5), 1)
    assert m.sum() == 2 * 5 + 2 * 4 and not m[1:-1, 1:-1].any()
