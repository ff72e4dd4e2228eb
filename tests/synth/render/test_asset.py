"""Loading assets: every format, up axis, textures kept inside the asset folder, broken files rejected."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from PIL import Image

from wildcat.synth.render import AssetError, UnsafeAssetError, load_asset, preset_config, render_views
from wildcat.synth.render.basisu import patch_basisu
from wildcat.synth.render.frame import detect_up_axis, normalising_transform
from wildcat.synth.render.resolver import FolderResolver

from tests.synth.conftest import SIZE, tall_cylinder, write_asset


def _texture_image(mesh):
    mat = mesh.visual.material
    return getattr(mat, "image", None) if hasattr(mat, "image") else mat.baseColorTexture


@pytest.mark.parametrize("fmt", ["obj", "gltf", "glb", "ply", "stl"])
def test_each_format_loads_into_the_render_frame(assets, fmt):
    asset = load_asset(assets[fmt])
    assert asset.faces == 96
    v = np.concatenate([m.vertices for m in asset.meshes])
    lo, hi = v.min(axis=0), v.max(axis=0)
    assert lo[1] == pytest.approx(0, abs=1e-9)  # stands on y=0
    assert np.linalg.norm(hi - lo) / 2 == pytest.approx(1.0)  # unit bounding sphere
    assert (lo + hi)[[0, 2]] == pytest.approx([0, 0], abs=1e-9)  # centred on x and z
    if fmt != "stl":  # STL has no texture
        image = np.asarray(_texture_image(asset.meshes[0]).convert("RGB"))
        assert (image[0, 0] != image[-1, 0]).any()  # the two-tone texture came through


@pytest.mark.parametrize("fmt", ["obj", "ply", "stl"])
def test_up_axis_detected_for_z_up_and_y_up_versions(tmp_path, fmt):
    z_up = load_asset(write_asset(tmp_path / "z", tall_cylinder("z"), fmt))
    y_up = load_asset(write_asset(tmp_path / "y", tall_cylinder("y"), fmt))
    assert (z_up.up_axis, y_up.up_axis) == ("z", "y")
    for asset in (z_up, y_up):  # both end up 1.5 tall, 0.5 wide
        ext = np.ptp(asset.meshes[0].vertices, axis=0)
        assert ext[1] / ext[0] == pytest.approx(3.0, rel=0.02)


def test_up_axis_override_wins(tmp_path):
    path = write_asset(tmp_path / "z", tall_cylinder("z"), "obj")
    lying = load_asset(path, up_axis="y")
    assert lying.up_axis == "y" and lying.up_reason == "given"
    ext = np.ptp(lying.meshes[0].vertices, axis=0)
    assert ext[1] < ext[2]  # taken as Y-up, the cylinder lies along z
    with pytest.raises(AssetError, match="unknown up axis"):
        load_asset(path, up_axis="x")


def test_gltf_is_y_up_and_frame_maths():
    assert detect_up_axis(np.zeros((3, 3)), np.zeros((1, 3, 3)), ".glb")[0] == "y"
    v = np.array([[0, 0, 0], [2, 0, 0], [0, 4, 0], [0, 0, 6]], dtype=float)
    t = normalising_transform(v, "z")
    placed = v @ t[:3, :3].T + t[:3, 3]
    assert np.ptp(placed, axis=0) == pytest.approx(np.array([2, 6, 4]) / np.sqrt(56) * 2)  # z became up
    assert placed[:, 1].min() == pytest.approx(0)


@pytest.mark.render
@pytest.mark.parametrize("up", ["z", "y"])
def test_renders_stand_upright(tmp_path, up):
    asset = load_asset(write_asset(tmp_path / up, tall_cylinder(up), "obj"))
    view = render_views(asset, 1, 0, preset_config("catalog", size=SIZE))[0]
    x0, y0, x1, y1 = view.box
    assert (y1 - y0) > 2 * (x1 - x0)  # 1.5 tall, 0.5 wide
    top, bottom = view.rgba[y0 + 2, (x0 + x1) // 2, :3], view.rgba[y1 - 3, (x0 + x1) // 2, :3]
    assert top[0] > top[2] and bottom[2] > bottom[0]  # red half on top: not upside down


# -- textures stay inside the asset's folder ---------------------------------------------------


def _obj_with_mtl(folder, mtl_text, mtllib="material.mtl"):
    path = write_asset(folder, tall_cylinder("z"), "obj")
    (folder / "material.mtl").write_text(mtl_text)
    if mtllib != "material.mtl":
        path.write_text(path.read_text().replace("mtllib material.mtl", f"mtllib {mtllib}"))
    return path


def test_texture_path_climbing_out_is_refused(tmp_path):
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(tmp_path / "secret.png")
    path = _obj_with_mtl(tmp_path / "asset", "newmtl material_0\nmap_Kd ../secret.png\n")
    with pytest.raises(UnsafeAssetError, match=r"outside its folder.*\.\./secret\.png"):
        load_asset(path)


def test_absolute_mtl_path_elsewhere_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.mtl"
    outside.write_text("newmtl material_0\nKd 1 0 0\n")
    path = _obj_with_mtl(tmp_path / "asset", "", mtllib=str(outside))
    with pytest.raises(UnsafeAssetError, match="elsewhere.mtl"):
        load_asset(path)


def test_gltf_image_and_buffer_outside_are_refused(tmp_path):
    path = write_asset(tmp_path / "asset", tall_cylinder("z"), "gltf")
    doc = json.loads(path.read_text())
    doc["images"] = [{"uri": "../../tex.png"}]
    path.write_text(json.dumps(doc))
    with pytest.raises(UnsafeAssetError, match="tex.png"):
        load_asset(path)
    doc["buffers"][0]["uri"] = "/etc/hostname"
    path.write_text(json.dumps(doc))
    with pytest.raises(UnsafeAssetError, match="/etc/hostname"):
        load_asset(path)


def test_resolver_refuses_symlinks_out_and_never_guesses(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    folder = tmp_path / "asset"
    folder.mkdir()
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    (folder / "secret.png").write_bytes(b"inside")
    r = FolderResolver(folder)
    with pytest.raises(ValueError):
        r.get("link.png")
    with pytest.raises(ValueError):  # trimesh alone would fall back to the bare name inside
        r.get("../secret.png")
    assert r.refused == ["link.png", "../secret.png"]
    assert r.get("./secret.png") == b"inside"


@pytest.mark.render
def test_missing_texture_renders_untextured_with_a_warning(tmp_path):
    path = _obj_with_mtl(tmp_path / "asset", "newmtl material_0\nKd 0.2 0.8 0.2\nmap_Kd nothere.png\n")
    with pytest.warns(UserWarning, match="nothere.png.*untextured"):
        asset = load_asset(path)
    view = render_views(asset, 1, 0, preset_config("catalog", size=SIZE))[0]
    assert view.mask.sum() > 50
    assert any("nothere.png" in w for w in asset.lineage()["warnings"])


def test_basisu_only_texture_falls_back_to_png_of_same_stem(tmp_path):
    path = write_asset(tmp_path / "asset", tall_cylinder("z"), "gltf")
    doc = json.loads(path.read_text())
    Image.fromarray(np.full((8, 8, 3), (10, 200, 10), np.uint8)).save(path.parent / "skin.png")
    doc["images"] = [{"uri": "skin.ktx2", "mimeType": "image/ktx2"}]
    doc["textures"] = [{"extensions": {"KHR_texture_basisu": {"source": 0}}}]
    doc["extensionsUsed"] = ["KHR_texture_basisu"]
    path.write_text(json.dumps(doc))
    asset = load_asset(path)
    texel = np.asarray(asset.meshes[0].visual.material.baseColorTexture.convert("RGB"))[0, 0]
    assert tuple(texel) == (10, 200, 10)
    assert any("skin.png" in w for w in asset.warnings)


def test_basisu_patch_on_glb_container_and_listed_fallback():
    doc = {
        "images": [{"uri": "a.ktx2"}, {"uri": "a.png"}],
        "textures": [{"extensions": {"KHR_texture_basisu": {"source": 0}}}],
    }
    body = json.dumps(doc).encode()
    body += b" " * (-len(body) % 4)
    glb = b"glTF" + (2).to_bytes(4, "little") + (12 + 8 + len(body)).to_bytes(4, "little")
    glb += len(body).to_bytes(4, "little") + (0x4E4F534A).to_bytes(4, "little") + body
    patched, notes = patch_basisu(glb, True, lambda name: False)
    out = json.loads(patched[20 : 20 + int.from_bytes(patched[12:16], "little")])
    assert out["textures"][0]["source"] == 1 and int.from_bytes(patched[8:12], "little") == len(patched)
    assert patch_basisu(json.dumps({"textures": [{"source": 0}]}).encode(), False, lambda n: False)[0] is None


# -- broken meshes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.obj", b"", "empty"),
        ("points.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\n", "no faces"),
        ("nan.obj", b"v 0 0 0\nv 1 0 0\nv 0 nan 0\nv 1 1 0\nf 1 2 3\nf 1 2 4\n", "NaN"),
        ("garbage.glb", b"\x00\x01not a model at all" * 10, "cannot read|not a valid glTF"),
        ("flat.obj", b"v 0 0 0\nv 0 0 0\nv 0 0 0\nf 1 2 3\n", "no faces|zero size"),
        ("model.fbx", b"x", "unsupported 3D format"),
    ],
)
def test_broken_meshes_are_rejected_naming_the_file(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AssetError, match=reason) as info:
        load_asset(path)
    assert str(path) in str(info.value) and "Fix:" in str(info.value)


def test_missing_model_file(tmp_path):
    with pytest.raises(AssetError, match="does not exist"):
        load_asset(tmp_path / "gone.obj")


def test_real_models_when_present():
    root = "/work/shared/data/models3d/fuze_bottle/fuze.obj"
    if not shutil.os.path.exists(root):
        pytest.skip("shared models not on this machine")
    assert load_asset(root).up_axis == "z"
