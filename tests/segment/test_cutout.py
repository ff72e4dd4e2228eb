import numpy as np

from wildcat.segment import cut_out
from wildcat.segment.cutout import crop_to_object
from wildcat.segment.quality import TOO_SMALL, iou

from tests.segment.conftest import disc_mask, studio


def test_cut_out_gives_rgba_alpha_score_and_lineage():
    mask = disc_mask(80, 20, (30, 50))
    cut = cut_out(studio(mask), "whitebg")
    assert cut.ok and cut.rgba.shape == (80, 80, 4) and iou(cut.alpha, mask.astype(np.float32)) > 0.95
    assert 0.8 < cut.score <= 1.0
    lin = cut.lineage()
    assert lin["backend"] == "whitebg" and lin["version"] and lin["quality"]["components"] == 1


def test_cropped_cutout_has_a_transparent_margin():
    mask = disc_mask(80, 20, (30, 50))
    crop = cut_out(studio(mask), "whitebg").cropped(margin=0.1)
    assert 44 <= crop.shape[0] <= 50 and crop.shape[0] == crop.shape[1]
    assert crop[:3, :, 3].max() == 0 and crop[:, -3:, 3].max() == 0
    assert crop[crop.shape[0] // 2, crop.shape[1] // 2, 3] == 255


def test_crop_of_an_empty_alpha_is_unchanged():
    rgba = np.zeros((5, 6, 4), np.uint8)
    assert crop_to_object(rgba, 0.1).shape == (5, 6, 4)


def test_second_backend_agreement_is_recorded(tiny_onnx):
    mask = disc_mask(80, 22)
    cut = cut_out(studio(mask, color=(30, 40, 160)), "whitebg", agree_with="rembg", model_path=tiny_onnx)
    assert cut.info["agree_with"] == "rembg" and cut.quality.agreement > 0.9 and "agreement" in cut.quality.parts


def test_tiny_image_is_rejected_without_running_a_backend():
    cut = cut_out(np.full((12, 12, 3), 255, np.uint8), "whitebg")
    assert not cut.ok and cut.quality.reason == TOO_SMALL


def test_float_and_grey_inputs_are_accepted():
    mask = disc_mask(64, 18)
    img = studio(mask, color=(60, 60, 60)).astype(np.float32) / 255.0
    assert cut_out(img, "whitebg").ok
    assert cut_out(studio(mask, color=(60, 60, 60))[..., 0], "whitebg").ok
