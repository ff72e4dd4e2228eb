"""Placement stays on the surface it was given, at the scale the surface says."""

import numpy as np
import pytest

from wildcat.synth.backgrounds.camera import Camera
from wildcat.synth.backgrounds.geometry import Geometry
from wildcat.synth.compose import layouts
from wildcat.synth.compose.config import Profile
from wildcat.synth.compose.framing import to_bank, to_out, window_around
from wildcat.synth.optics import look_at

from tests.synth.compose.fixtures import BG, composer, make_geometry_background, make_job


def test_window_shows_the_object_at_the_wanted_size():
    x0, y0, side = window_around(
        (100, 200), obj_px=20, want_px=64, out=128, image_wh=(400, 300), zoom_max=8, rel=(0.5, 0.75)
    )
    assert side == pytest.approx(40) and (x0, y0) == pytest.approx((80, 170))
    assert to_out((100, 200), (x0, y0, side), 128) == pytest.approx((64, 96))
    assert to_bank((64, 96), (x0, y0, side), 128) == pytest.approx((100, 200))
    # too small to reach the wish at 4x: clamped, and kept inside the image
    x0, y0, side = window_around(
        (5, 5), obj_px=2, want_px=100, out=128, image_wh=(400, 300), zoom_max=4, rel=(0.5, 0.5)
    )
    assert side == pytest.approx(75) and (x0, y0) == (0, 0)


def test_sample_point_stays_in_region_and_window():
    labels = np.zeros((50, 50), np.uint8)
    labels[30:, 10:40] = 1
    from wildcat.synth.backgrounds.geometry import AREA, Region

    region = Region("floor", AREA, np.array([[10, 30], [40, 30], [40, 50], [10, 50]], float), None, 1)
    geo = Geometry(50, 50, [region], labels)
    rng = np.random.default_rng(0)
    for _ in range(50):
        x, y = geo.sample_point(region, rng, window=(20, 20, 15))
        assert labels[int(y), int(x)] == 1 and 20 <= x < 35 and 20 <= y < 35
    assert geo.sample_point(region, rng, window=(0, 0, 10)) is None


def test_plane_ppm_matches_projection():
    cam = Camera(np.radians(60), 64, 48, look_at((0.3, 1.5, 2.0), (0, 0, -1)))
    a, b, c = cam.plane_ppm((0, 0, 0), (0, 1, 0))
    for point in ([0.2, 0, -1.0], [-0.5, 0, 0.0], [1.0, 0, -3.0]):
        uv, depth = cam.project(np.array(point))
        assert a * uv[0, 0] + b * uv[0, 1] + c == pytest.approx(cam.focal / depth[0], rel=1e-6)


def test_hero_and_distractors_stand_on_the_floor_at_its_scale(tmp_path):
    profile = Profile(match=["*"], size_m=(0.3, 0.5), layouts={"hero": 1.0})
    job = make_job(tmp_path, ("floor",), profile, distractors=(1, 3), min_hero_fraction=0.0)
    labels = make_geometry_background(tmp_path / "check", ("floor",))
    for index in range(6):
        c = composer(job, index)
        assert layouts.hero(c) == "hero"
        insts = c.canvas.finish()
        assert sum(i.role == "hero" for i in insts) == 1 and len(insts) >= 2
        for inst in insts:
            bx, by = c.to_bank((inst.x, inst.y))
            assert by >= BG // 2 - 1, f"{inst.role} base {bx:.1f},{by:.1f} is not on the floor"
            ppm = 2.0 * by - 40.0
            assert 0.3 * ppm * c.zoom - 1.5 <= inst.size <= 0.5 * ppm * c.zoom + 1.5
    assert labels.id == "store/geo"


def test_close_up_floor_overrides_a_tiny_geometric_scale(tmp_path):
    profile = Profile(match=["*"], size_m=(0.02, 0.03), layouts={"hero": 1.0})
    job = make_job(tmp_path, ("floor",), profile, min_hero_fraction=0.5)
    c = composer(job, 0)
    layouts.hero(c)
    hero = next(i for i in c.canvas.finish() if i.role == "hero")
    assert hero.size >= 0.5 * 64 and c.notes["scale"] == "frame"
    assert c.to_bank((hero.x, hero.y))[1] >= BG // 2 - 1  # still standing on the floor


def test_pile_fills_only_its_bin(tmp_path):
    profile = Profile(match=["*"], size_m=(0.05, 0.08), layouts={"pile": 1.0})
    job = make_job(tmp_path, ("bin",), profile, pile_fill_frame_prob=0.0, neighbour_prob=0.0, other_bins_prob=0.0)
    for index in range(3):
        c = composer(job, index)
        layouts.pile(c)
        insts = c.canvas.finish()
        assert len(insts) >= 3
        for inst in insts:
            bx, by = c.to_bank((inst.x, inst.y))
            assert 8 <= bx < 56 and 8 <= by < 40, "pile instance outside its bin"
            assert inst.size == pytest.approx(300 * 0.065 * c.zoom, rel=0.35)


def test_facings_stand_on_the_shelf_edge(tmp_path):
    profile = Profile(match=["*"], size_m=(0.15, 0.2), layouts={"shelf": 1.0})
    job = make_job(tmp_path, ("shelf",), profile)
    p0, p1 = np.array([70.0, 30.0]), np.array([126.0, 34.0])
    for index in range(3):
        c = composer(job, index)
        assert layouts.shelf(c) == "shelf"
        insts = c.canvas.finish()
        assert any(i.role == "facing" for i in insts)
        for inst in insts:
            q = np.array(c.to_bank((inst.x, inst.y)))
            t = np.clip((q - p0) @ (p1 - p0) / ((p1 - p0) @ (p1 - p0)), 0, 1)
            assert np.linalg.norm(q - (p0 + t * (p1 - p0))) < 1.5 / c.zoom + 0.5


def test_background_without_support_regions_is_used_like_a_photo(tmp_path):
    from wildcat.synth.backgrounds.bank import load_background
    from wildcat.synth.backgrounds.entry import BackgroundEntry

    entry = make_geometry_background(tmp_path / "bg", kinds=())
    bare = BackgroundEntry(
        "store/bare",
        "store",
        "shelf",
        "procedural",
        entry.path,
        entry.regions_path,
        {"width": BG, "height": BG, "regions": []},
    )
    bg = load_background(bare, 384, 4)
    assert [r.kind for r in bg.geometry.regions] == ["frame"]
    profile = Profile(match=["*"], size_m=(0.2, 0.3), layouts={"hero": 1.0})
    job = make_job(tmp_path / "j", ("floor",), profile)
    job.backgrounds = [bare]
    c = composer(job, 0)
    assert layouts.hero(c) == "hero" and c.canvas.finish()


def test_pile_framing_follows_the_products_real_size():
    from wildcat.synth.compose.config import PlacementConfig
    from wildcat.synth.compose.layouts import pile_across

    rng = np.random.default_rng(0)
    framed = PlacementConfig(pile_frame_m=(0.5, 0.5), pile_across=(2.0, 10.0))
    assert pile_across(framed, 0.1, rng) == pytest.approx(5.0)  # 0.5 m of display / 0.1 m apples
    assert pile_across(framed, 0.02, rng) == 10.0 and pile_across(framed, 0.5, rng) == 2.0  # clamped
    free = PlacementConfig(pile_across=(3.0, 4.0))
    assert all(3.0 <= pile_across(free, s, rng) <= 4.0 for s in (0.02, 0.5))  # without a frame width: size-blind


def test_pile_copies_get_their_own_tint_and_none_when_off(tmp_path):
    profile = Profile(match=["*"], size_m=(0.05, 0.08), layouts={"pile": 1.0})
    job = make_job(tmp_path, ("bin",), profile, instance_tint=0.1, neighbour_prob=0.0, other_bins_prob=0.0)
    c = composer(job, 0)
    plain, _, _, _ = composer(make_job(tmp_path / "off", ("bin",), profile), 0).variant("apple-red", 24)
    patch, _, slot, _ = c.variant("apple-red", 24)
    gains = np.array([float(g) for g in c.notes[f"tint apple-red/{slot}"].split(",")])
    assert gains.min() > 0.5 and gains.max() < 2 and np.ptp(gains) > 0  # a shade of its own, per channel
    assert not any(k.startswith("tint") for k in composer(make_job(tmp_path / "off2", ("bin",), profile), 0).notes)
    assert patch.shape == plain.shape  # the same draws before the tint: the same copy, recoloured
    for ch in range(3):  # solid pixels, bright enough to measure, not clipped
        keep = (plain.alpha >= 250) & (plain.rgb[..., ch] > 20) & (patch.rgb[..., ch] < 255)
        ratio = patch.rgb[keep, ch].astype(float).mean() / plain.rgb[keep, ch].astype(float).mean()
        assert ratio == pytest.approx(gains[ch], rel=0.05)


def test_a_profile_without_indoor_light_keeps_the_general_white_balance_draw(tmp_path):
    """Indoor light makes every store composite warm; a profile can opt out (produce: told apart by colour)."""
    from wildcat.synth.compose.sample import make_sample

    def applied(indoor_light: bool) -> list[bool]:
        profile = Profile(match=["*"], size_m=(0.06, 0.1), layouts={"hero": 1.0}, indoor_light=indoor_light)
        job = make_job(tmp_path / str(indoor_light), ("floor",), profile)
        return ["PlanckianJitter" in make_sample(job, "apple-red", i)[1]["effects"]["applied"] for i in range(12)]

    assert all(applied(True))  # the store background: always shifted warm
    opted_out = applied(False)
    assert 0 < sum(opted_out) < len(opted_out)  # the general draw: about half the samples shifted
