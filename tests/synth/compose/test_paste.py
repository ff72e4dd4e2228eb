"""Paste maths on tiny arrays with known answers: alpha-over, boxes, truncation, occlusion, blending."""

import numpy as np

from wildcat.synth.compose.blend import motion_blur, poisson_paste, soften
from wildcat.synth.compose.canvas import Canvas, Instance
from wildcat.synth.compose.paste import alpha_over, clip, occluded_fraction, over, paste
from wildcat.synth.compose.patch import Patch, alpha_box
from wildcat.synth.compose.shadow import with_drop_shadow
from wildcat.synth.compose.warp import base_point, make_patch, prepare_rgba


def square(size: int, color=(255, 0, 0), pad: int = 0) -> np.ndarray:
    rgba = np.zeros((size + 2 * pad, size + 2 * pad, 4), np.uint8)
    rgba[pad : pad + size, pad : pad + size] = (*color, 255)
    return rgba


def solid_patch(w: int, h: int, color=(255, 0, 0)) -> Patch:
    rgb = np.empty((h, w, 3), np.uint8)
    rgb[:] = color
    return Patch(rgb, np.full((h, w), 255, np.uint8), (0.0, 0.0))


def test_alpha_over_known_values():
    bg = np.array([[[100, 0, 50]]], np.uint8)
    fg = np.array([[[200, 255, 50]]], np.uint8)
    assert alpha_over(bg, fg, np.array([[0]], np.uint8)).tolist() == [[[100, 0, 50]]]
    assert alpha_over(bg, fg, np.array([[255]], np.uint8)).tolist() == [[[200, 255, 50]]]
    # a = 51 (20%): 200*0.2 + 100*0.8 = 120; 255*0.2 = 51; 50 stays 50
    assert alpha_over(bg, fg, np.array([[51]], np.uint8)).tolist() == [[[120, 51, 50]]]


def test_paste_box_and_pixels():
    bg = np.full((10, 10, 3), 50, np.uint8)
    res = paste(square(4, pad=2), bg, xy=(5, 5))
    assert res.box == (3, 3, 4, 4)
    assert res.truncated == 0.0
    assert res.image[3:7, 3:7].tolist() == [[[255, 0, 0]] * 4] * 4
    assert (res.image[:3] == 50).all() and (res.image[7:] == 50).all()


def test_paste_truncated_at_the_border():
    bg = np.zeros((10, 10, 3), np.uint8)
    res = paste(square(4), bg, xy=(0, 5))  # centred on the left edge: half the square is outside
    assert res.box == (0, 3, 2, 4)
    assert res.truncated == 0.5


def test_paste_scale_and_base_anchor():
    bg = np.zeros((20, 20, 3), np.uint8)
    res = paste(square(4), bg, xy=(10, 15), scale=2.0, anchor="base")  # 8x8, standing on y=15
    assert res.box == (6, 7, 8, 8)


def test_alpha_box_and_occluded_fraction():
    a = np.zeros((6, 6), np.uint8)
    a[1:3, 2:5] = 200
    assert alpha_box(a) == (2, 1, 3, 2)
    assert alpha_box(np.zeros((3, 3), np.uint8)) is None
    full = np.zeros((4, 4), bool)
    full[:, :2] = True
    visible = np.zeros((4, 4), bool)
    visible[:1, :] = True
    assert occluded_fraction(full, visible) == 0.75


def test_clip_gives_matching_slices():
    fs, ps = clip((4, 4), (-1, 8), (10, 10))
    assert (fs[0].start, fs[0].stop, fs[1].start, fs[1].stop) == (8, 10, 0, 3)
    assert (ps[0].start, ps[0].stop, ps[1].start, ps[1].stop) == (0, 2, 1, 4)
    assert clip((4, 4), (20, 0), (10, 10)) is None


def test_canvas_records_occlusion_truncation_and_visible_box():
    canvas = Canvas(np.zeros((10, 10, 3), np.uint8))
    a = canvas.paste(solid_patch(4, 4), (2, 2), Instance("a", 0, "hero", 2, 2, 4))
    b = canvas.paste(solid_patch(2, 6, (0, 255, 0)), (4, 1), Instance("b", 0, "distractor", 4, 1, 6))
    c = canvas.paste(solid_patch(4, 4), (8, 8), Instance("c", 0, "distractor", 8, 8, 4))  # 2x2 of it inside
    canvas.cover(solid_patch(10, 1, (0, 0, 255)), (0, 9))  # hides the bottom row
    canvas.finish()
    assert a.occluded == 0.5 and a.box == (2, 2, 2, 4)  # columns 4-5 of a are under b
    assert b.occluded == 0.0 and b.box == (4, 1, 2, 6)
    assert c.truncated == 0.75 and c.occluded == 0.5 and c.box == (8, 8, 2, 1)
    assert canvas.image[3, 3].tolist() == [255, 0, 0] and canvas.image[3, 4].tolist() == [0, 255, 0]


def test_hidden_share_predicts_cover():
    canvas = Canvas(np.zeros((10, 10, 3), np.uint8))
    canvas.paste(solid_patch(4, 4), (2, 2), Instance("a", 0, "hero", 2, 2, 4))
    bar = solid_patch(10, 1)
    assert canvas.hidden_share(bar, (0, 2), canvas.owned_by([0])) == 0.25
    canvas.cover(bar, (0, 2))
    assert canvas.finish()[0].occluded == 0.25


def test_translucent_cover_does_not_hide():
    canvas = Canvas(np.zeros((6, 6, 3), np.uint8))
    canvas.paste(solid_patch(4, 4), (1, 1), Instance("a", 0, "hero", 1, 1, 4))
    film = Patch(np.full((6, 6, 3), 255, np.uint8), np.full((6, 6), 60, np.uint8), (0, 0))
    canvas.cover(film, (0, 0))
    assert canvas.finish()[0].occluded == 0.0
    assert canvas.image[2, 2].tolist() == [255, 60, 60]


def test_soften_keeps_the_core_and_halves_the_rim():
    p = soften(Patch(np.zeros((20, 20, 3), np.uint8), square(20)[..., 3], (10, 10)), 1.0)
    h, w = p.alpha.shape
    pad = (w - 20) // 2
    assert p.anchor == (10 + pad, 10 + pad)
    assert p.alpha[h // 2, w // 2] == 255
    assert 40 < p.alpha[h // 2, pad] < 200  # the original outline is about half transparent
    assert p.alpha[h // 2, 0] == 0 and p.alpha[h // 2, pad + 3] > 230


def test_motion_blur_keeps_alpha_mass():
    p = Patch(np.zeros((10, 10, 3), np.uint8), square(10)[..., 3], (5, 5))
    m = motion_blur(p, 5, 0.0)
    assert abs(int(m.alpha.astype(int).sum()) - 100 * 255) < 100 * 255 * 0.05
    assert m.alpha.shape[1] > 10


def test_poisson_changes_only_inside_the_mask():
    img = np.full((30, 30, 3), 90, np.uint8)
    img[:, 15:] = 160
    patch = Patch(np.full((10, 10, 3), (200, 20, 20), np.uint8), square(8, pad=1)[..., 3], (5, 5))
    out = poisson_paste(img, patch, (15, 15))
    assert out is not None
    changed = np.any(out != img, axis=2)
    assert changed[11:19, 11:19].any() and not changed[:8].any() and not changed[22:].any()
    assert poisson_paste(img, patch, (2, 2)) is None  # cut by the border: not applicable


def test_drop_shadow_is_not_part_of_the_object():
    p = Patch(np.full((10, 10, 3), 200, np.uint8), square(10)[..., 3], (5, 5))
    s = with_drop_shadow(p, (3, 3), 1.0, 0.9)
    assert s.solid() == 100  # only the object counts for boxes and occlusion
    assert (s.alpha >= 128).sum() > 100  # while the shadow darkens more than the object covers


def test_prepare_and_make_patch():
    rgba = square(10, pad=5)
    tidy = prepare_rgba(rgba)
    assert tidy.shape[:2] == (12, 12)  # cropped with a 1-pixel margin
    assert (tidy[0, 0, :3] > 0).any()  # the transparent rim took the object's colour
    p = make_patch(tidy, 24, anchor="base")
    assert p.anchor == base_point(p.alpha) and p.anchor[1] <= p.alpha.shape[0]
    r = make_patch(tidy, 24, angle=45)
    assert r.alpha.shape[0] > 24  # a rotated square needs a bigger canvas


def test_over_blends_in_place_through_a_view_of_the_frame():
    frame = np.full((6, 6, 3), 100, np.uint8)
    patch = Patch(np.full((2, 2, 3), 200, np.uint8), np.array([[255, 51], [0, 255]], np.uint8), (0.0, 0.0))
    over(frame[2:4, 3:5], patch.layers())  # the canvas pastes this way: no copy of the frame
    assert frame[2:4, 3:5, 0].tolist() == [[200, 120], [100, 200]]
    assert (frame[:2] == 100).all() and (frame[:, :3] == 100).all()


def test_one_warp_scales_mirrors_and_rotates():
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[:, :10] = (255, 0, 0, 255)  # red left half, blue right half
    rgba[:, 10:] = (0, 0, 255, 255)
    left_down = make_patch(rgba, 10, angle=90)  # counter-clockwise on screen: the left half goes down
    h = left_down.alpha.shape[0]
    assert left_down.rgb[h - 3, :, 0].max() > 200 and left_down.rgb[2, :, 2].max() > 200
    mirrored = make_patch(rgba, 10, angle=90, flip=True)  # mirrored first: red on the right, so it goes up
    assert mirrored.rgb[2, :, 0].max() > 200 and mirrored.rgb[h - 3, :, 2].max() > 200
    assert max(left_down.alpha.shape) <= 12  # scaled in the same warp


def test_canvas_paste_blends_like_alpha_over_and_maps_the_object():
    """The compiled paste gives the bytes of the OpenCV alpha-over (rounded multiply, saturating add)
    on every alpha value, and marks exactly the solid pixels in the id map, clipped at the frame."""
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 256, (12, 12, 3), dtype=np.uint8)
    rgb = rng.integers(0, 256, (7, 9, 3), dtype=np.uint8)
    alpha = rng.integers(0, 256, (7, 9), dtype=np.uint8)
    alpha[0, :3] = (0, 255, 128)
    canvas = Canvas(frame.copy())
    inst = canvas.paste(Patch(rgb, alpha, (0.0, 0.0)), (5, -2), Instance("a", 0, "hero", 5, -2, 9))
    expect = frame.copy()
    expect[:5, 5:12] = alpha_over(frame[:5, 5:12], rgb[2:, :7], alpha[2:, :7])
    assert np.array_equal(canvas.image, expect)
    solid = np.zeros((12, 12), bool)
    solid[:5, 5:12] = alpha[2:, :7] >= 128
    assert np.array_equal(canvas.ids == 1, solid)
    assert inst.inside == solid.sum() and inst.full == (alpha >= 128).sum()


def test_canvas_finish_counts_and_boxes_every_instance():
    canvas = Canvas(np.zeros((9, 9, 3), np.uint8))
    for k in range(3):
        canvas.instances.append(Instance(str(k), 0, "pile", 0, 0, 1))
    canvas.ids[1:3, 2:6] = 1
    canvas.ids[8, 0] = 1
    canvas.ids[4:9, 7:9] = 3  # instance 2 shows nowhere
    a, b, c = canvas.finish()
    assert (a.visible, a.box) == (9, (0, 1, 6, 8))
    assert (b.visible, b.box) == (0, None)
    assert (c.visible, c.box) == (10, (7, 4, 2, 5))


def test_interleaved_patch_resizes_and_pastes_like_separate_colour_and_alpha():
    """A pile copy is rescaled as one RGBA array: the same bytes as resizing colour and alpha apart,
    and pasted from it the same way."""
    import cv2

    from wildcat.synth.compose.composer import scaled

    rng = np.random.default_rng(8)
    rgb = rng.integers(0, 256, (13, 9, 3), dtype=np.uint8)
    alpha = rng.integers(0, 256, (13, 9), dtype=np.uint8)
    patch = Patch(rgb, alpha, (4.5, 6.5))
    big = scaled(patch, 1.6)
    assert big.interleaved is not None and big.anchor == (4.5 * 1.6, 6.5 * 1.6)
    size = big.alpha.shape[::-1]
    assert np.array_equal(big.rgb, cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR))
    assert np.array_equal(big.alpha, cv2.resize(alpha, size, interpolation=cv2.INTER_LINEAR))
    frame = rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)
    one, two = Canvas(frame.copy()), Canvas(frame.copy())
    one.paste(big, (10, 10), Instance("a", 0, "pile", 10, 10, 20))
    apart = Patch(np.ascontiguousarray(big.rgb), big.alpha.copy(), big.anchor)
    two.paste(apart, (10, 10), Instance("a", 0, "pile", 10, 10, 20))
    assert np.array_equal(one.image, two.image) and np.array_equal(one.ids, two.ids)
