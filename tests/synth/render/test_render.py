"""Rendering views: exact alpha, determinism, presets, samplers, the renderer cache."""

from __future__ import annotations

import numpy as np
import pytest

from wildcat.core.config import load_config
from wildcat.core.errors import ConfigError
from wildcat.core.imageio import encode_png
from wildcat.synth.optics import kelvin_to_rgb, look_at
from wildcat.synth.render import RenderConfig, load_asset, preset_config, render_views
from wildcat.synth.render.camera import CameraConfig, fit_distance, sample_camera
from wildcat.synth.render.config import render_config
from wildcat.synth.render.lights import LightConfig, sample_lighting
from wildcat.synth.render.materials import MaterialConfig, jittered, sample_material_jitter
from wildcat.synth.render.renderer import compose_rgba, get_renderer

from tests.synth.conftest import SIZE, tall_cylinder, write_asset


@pytest.fixture
def asset(tmp_path):
    return load_asset(write_asset(tmp_path / "a", tall_cylinder("z"), "obj"))


@pytest.mark.render
@pytest.mark.parametrize("antialias", [False, True])
def test_alpha_is_exactly_the_depth_mask(asset, antialias):
    for view in render_views(asset, 3, 7, RenderConfig(size=SIZE, antialias=antialias)):
        assert set(np.unique(view.rgba[..., 3])) <= {0, 255}
        assert np.array_equal(view.rgba[..., 3] == 255, view.depth > 0)
        assert view.mask.sum() > 30
        assert (view.rgba[~view.mask, :3] == 0).all()  # background colour where alpha is 0
        x0, y0, x1, y1 = view.box
        assert view.mask[y0:y1, x0:x1].sum() == view.mask.sum()


@pytest.mark.render
def test_same_seed_same_bytes_different_seed_different(asset, tmp_path):
    cfg = RenderConfig(size=SIZE)
    first = [encode_png(v.rgba) for v in render_views(asset, 2, 11, cfg)]
    other = load_asset(write_asset(tmp_path / "b", tall_cylinder("y"), "ply"))
    render_views(other, 1, 3, cfg)  # whatever ran in between must not matter
    again = [encode_png(v.rgba) for v in render_views(asset, 2, 11, cfg)]
    changed = [encode_png(v.rgba) for v in render_views(asset, 2, 12, cfg)]
    assert first == again
    assert first[0] != changed[0] and first[1] != changed[1]
    assert first[0] != first[1]  # views differ from each other


@pytest.mark.render
def test_lineage_has_everything_to_redo_a_view(asset):
    view = render_views(asset, 1, 5, RenderConfig(size=SIZE))[0]
    p = view.params
    assert p["seed"] == 5 and p["index"] == 0 and p["key"] == asset.name
    assert np.array(p["camera"]["pose"]).shape == (4, 4)
    assert 1 <= len(p["lighting"]["lights"]) <= 3 and "kelvin" in p["lighting"]["lights"][0]
    assert set(p["materials"][0]) == {"base_color", "roughness", "metallic"}
    assert p["box"] == view.box


@pytest.mark.render
def test_catalog_preset_is_a_front_studio_view_on_white(asset):
    cfg = preset_config("catalog", size=SIZE, views=5)
    assert cfg.views == 1 and cfg.background == (255, 255, 255)
    view = render_views(asset, 1, 0, cfg)[0]
    assert (view.rgba[~view.mask, :3] == 255).all()
    cam = view.params["camera"]
    assert (cam["azimuth_deg"], cam["elevation_deg"], cam["roll_deg"]) == (0.0, 12.0, 0.0)
    x0, y0, x1, y1 = view.box
    assert abs((x0 + x1) / 2 - SIZE / 2) <= 2  # centred, no jitter


@pytest.mark.render
def test_pyrender_shader_renders_the_same_silhouette(asset):
    lean = render_views(asset, 1, 3, RenderConfig(size=SIZE, shader="lean"))[0]
    ref = render_views(asset, 1, 3, RenderConfig(size=SIZE, shader="pyrender"))[0]
    assert np.array_equal(lean.mask, ref.mask)
    diff = np.abs(lean.rgba[..., :3].astype(int) - ref.rgba[..., :3].astype(int))[lean.mask].mean()
    assert diff < 40  # same look, different shading maths


@pytest.mark.render
def test_renderer_is_created_once_per_process():
    assert get_renderer(SIZE, SIZE, False) is get_renderer(SIZE, SIZE, False)


def test_compose_unmixes_multisampled_edges():
    color = np.array([[[100, 50, 0, 128], [0, 0, 0, 0]]], dtype=np.uint8)  # half-covered red-ish over black
    depth = np.array([[1.0, 0.0]], dtype=np.float32)
    out = compose_rgba(color, depth, (0, 0, 0), antialias=True)
    assert out[0, 0].tolist() == [199, 100, 0, 255] and out[0, 1].tolist() == [0, 0, 0, 0]


# -- samplers (pure, no rendering) --------------------------------------------------------------


def test_camera_sampler_respects_ranges_and_is_reproducible():
    cfg = CameraConfig(
        azimuth_deg=(-30, 30), elevation_deg=(10, 20), fov_deg=(40, 40), distance_scale=(1, 2), roll_deg=(0, 0)
    )
    cams = [sample_camera(np.random.default_rng(i), cfg, np.array([0, 0.5, 0])) for i in range(50)]
    assert all(-30 <= c.azimuth_deg <= 30 and 10 <= c.elevation_deg <= 20 for c in cams)
    assert all(fit_distance(40) <= c.distance <= 2 * fit_distance(40) for c in cams)
    assert all(np.abs(np.array(c.target) - [0, 0.5, 0]).max() <= cfg.look_at_jitter for c in cams)
    assert sample_camera(np.random.default_rng(3), cfg, np.zeros(3)) == sample_camera(
        np.random.default_rng(3), cfg, np.zeros(3)
    )


def test_look_at_points_minus_z_at_the_target_with_roll():
    eye, target = np.array([3.0, 2.0, 1.0]), np.array([0.0, 0.5, 0.0])
    pose = look_at(eye, target, roll_deg=30)
    forward = -pose[:3, 2]
    assert forward == pytest.approx((target - eye) / np.linalg.norm(target - eye))
    assert np.allclose(pose[:3, :3] @ pose[:3, :3].T, np.eye(3))
    level = look_at(eye, target)
    assert level[1, 0] == pytest.approx(0, abs=1e-12)  # no roll: the camera's x axis stays horizontal


def test_kelvin_to_rgb():
    warm, white, cool = kelvin_to_rgb(2700), kelvin_to_rgb(6600), kelvin_to_rgb(12000)
    assert warm[0] == 1.0 and warm[2] < 0.6
    assert min(white) > 0.97
    assert cool[2] == 1.0 and cool[0] < 0.9
    assert all(max(kelvin_to_rgb(k)) == pytest.approx(1.0) for k in (1000, 3000, 5000, 8000, 40000))


def test_lighting_sampler_counts_kinds_and_key_light():
    cfg = LightConfig(count=(1, 3), kinds={"point": 1.0, "spot": 1.0})
    for seed in range(30):
        lit = sample_lighting(np.random.default_rng(seed), cfg, 0.0, np.zeros(3))
        assert 1 <= len(lit.lights) <= 3 and cfg.ambient[0] <= lit.ambient <= cfg.ambient[1]
        assert {li.kind for li in lit.lights} <= {"point", "spot"}
        assert all(li.intensity <= lit.lights[0].intensity for li in lit.lights)  # light 0 is the key
        assert lit.lights[0].candela == pytest.approx(
            lit.lights[0].intensity * np.sum(np.square(lit.lights[0].position))
        )


def test_material_jitter_stays_within_bounds():
    cfg = MaterialConfig(
        roughness_bounds=(0.3, 0.6), metallic_bounds=(0.0, 0.2), roughness_delta=1.0, metallic_delta=1.0
    )
    base = (np.array([0.9, 0.5, 0.1, 1.0]), 0.5, 0.1)
    for seed in range(30):
        color, r, m = jittered(base, sample_material_jitter(np.random.default_rng(seed), cfg), cfg)
        assert 0.3 <= r <= 0.6 and 0.0 <= m <= 0.2 and color[3] == 1.0
        assert color[0] > color[2]  # an orange stays orange


def test_render_config_layers_preset_file_and_options(tmp_path):
    path = tmp_path / "render.yaml"
    path.write_text("size: 32\ncamera:\n  fov_deg: [20, 20]\nproxy:\n  category_kinds: {Crisps: box}\n")
    cfg = render_config("catalog", path, size=48, views=9)
    assert (cfg.size, cfg.views, cfg.preset) == (48, 1, "catalog")  # options beat the file; the preset makes 1 view
    assert cfg.camera.fov_deg == (20, 20) and cfg.camera.azimuth_deg == (0, 0)  # file fields over the preset's
    assert cfg.proxy.category_kinds == {"crisps": "box"}  # a mapping is replaced, not merged


def test_config_rejects_reversed_ranges_and_unknown_fields(tmp_path):
    bad = tmp_path / "render.yaml"
    bad.write_text("camera:\n  fov_deg: [60, 30]\n")
    with pytest.raises(ConfigError, match="fov_deg"):
        load_config(RenderConfig, bad)
    with pytest.raises(ConfigError, match="lights.kinds"):
        load_config(RenderConfig, None, lights={"kinds": {"laser": 1.0}})
