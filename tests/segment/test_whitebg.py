import cv2
import numpy as np

from wildcat.segment.composites import drop_shadow
from wildcat.segment.config import WhiteBgConfig
from wildcat.segment.quality import iou
from wildcat.segment.whitebg import whitebg_matte

from tests.segment.conftest import disc_mask, studio

CFG = WhiteBgConfig()


def test_red_disc_on_white():
    mask = disc_mask(96, 28)
    m = whitebg_matte(studio(mask), CFG)
    assert iou(m.alpha, mask.astype(np.float32)) > 0.97


def test_pale_object_on_white_is_kept():
    # A near-white product on a white backdrop: only a few delta E apart.
    mask = disc_mask(96, 28)
    m = whitebg_matte(studio(mask, color=(232, 232, 222), noise=2.0), CFG)
    assert iou(m.alpha, mask.astype(np.float32)) > 0.9


def test_light_grey_backdrop_with_falloff():
    mask = disc_mask(96, 26, (50, 44))
    img = studio(mask, color=(40, 90, 200)).astype(np.float32)
    yy, xx = np.mgrid[:96, :96]
    backdrop = 215 - 12 * (xx / 96) - 6 * (yy / 96)  # darker towards the bottom right
    img[~mask] = backdrop[~mask][:, None]
    m = whitebg_matte(img.astype(np.uint8), CFG)
    assert iou(m.alpha, mask.astype(np.float32)) > 0.95


def test_white_panel_of_a_package_is_not_eaten():
    # A box whose upper half is printed white with paper texture, touching its outline.
    mask = np.zeros((96, 96), bool)
    mask[16:84, 30:66] = True
    img = studio(mask, color=(30, 120, 60))
    rng = np.random.default_rng(1)
    panel = np.zeros_like(mask)
    panel[16:50, 30:66] = True
    img[panel] = np.clip(250 + rng.normal(0, 3, (panel.sum(), 3)), 0, 255).astype(np.uint8)
    img[16:84, 30] = img[16:84, 65] = 236  # the faint outline a packshot has
    m = whitebg_matte(img, CFG)
    assert iou(m.alpha, mask.astype(np.float32)) > 0.93


def test_soft_shadow_goes_with_the_background():
    mask = disc_mask(128, 30, (58, 64))
    alpha = mask.astype(np.float32)
    shadow = drop_shadow(alpha, offset=(6, 8), blur=6.0, strength=0.3, squash=0.5)
    img = studio(mask).astype(np.float32)
    img[~mask] *= (1 - shadow[~mask])[:, None]
    m = whitebg_matte(np.clip(img, 0, 255).astype(np.uint8), CFG)
    assert iou(m.alpha, alpha) > 0.9
    no_removal = whitebg_matte(np.clip(img, 0, 255).astype(np.uint8), CFG.model_copy(update={"shadow_depth": 0.0}))
    assert iou(m.alpha, alpha) > iou(no_removal.alpha, alpha)


def test_soft_edge_gets_partial_alpha_and_unmixed_colour():
    big = disc_mask(384, 112).astype(np.float32)
    alpha = cv2.resize(big, (96, 96), interpolation=cv2.INTER_AREA)  # anti-aliased edge
    alpha = cv2.GaussianBlur(alpha, (0, 0), 1.2)
    img = np.array([30, 60, 200], np.float32) * alpha[..., None] + 255 * (1 - alpha[..., None])
    m = whitebg_matte(np.clip(img + 0.5, 0, 255).astype(np.uint8), CFG)
    edge = (alpha > 0.2) & (alpha < 0.8)
    assert ((m.alpha[edge] > 0.05) & (m.alpha[edge] < 0.95)).mean() > 0.5
    assert np.abs(m.alpha - alpha).mean() < 0.03
    # Edge colours unmixed from the white backdrop: close to the object's blue, not a pale blend.
    strong = edge & (m.alpha > 0.4)
    assert np.abs(m.foreground[strong].astype(float) - [30, 60, 200]).mean() < 40
    assert np.abs(img[strong] - [30, 60, 200]).mean() > 50  # the image itself is much paler there


def test_large_image_is_matted_at_work_size_and_returned_full_size():
    mask = disc_mask(300, 90)
    m = whitebg_matte(studio(mask), CFG.model_copy(update={"work_size": 120}))
    assert m.alpha.shape == (300, 300) and m.foreground.shape == (300, 300, 3)
    assert iou(m.alpha, mask.astype(np.float32)) > 0.95
