"""Backgrounds: photo folders with kinds, procedural scenes with their support geometry, the cached bank."""

import numpy as np
import pytest
from PIL import Image

from wildcat.core.errors import ConfigError
from wildcat.core.manifest import read_manifest
from wildcat.synth.backgrounds import AREA, LINE, BackgroundBank, BankConfig, parse_sources
from wildcat.synth.backgrounds.photos import scan_folder
from wildcat.synth.backgrounds.procedural import render_background
from wildcat.synth.backgrounds.procedural_bank import build_procedural


def _img(path, color=(90, 90, 90)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), color).save(path)


def test_kinds_from_subfolders_listing_and_override(tmp_path):
    _img(tmp_path / "a" / "room" / "1.jpg")
    _img(tmp_path / "a" / "Street" / "x" / "2.png")
    _img(tmp_path / "a" / "misc" / "3.jpg")
    _img(tmp_path / "a" / "4.jpg")
    assert {e.id.split("/")[-1]: e.kind for e in scan_folder(tmp_path / "a")} == {
        "1.jpg": "room",
        "2.png": "street",
        "3.jpg": "other",
        "4.jpg": "other",
    }
    (tmp_path / "a" / "backgrounds.csv").write_text("path,kind\nmisc/3.jpg,store\n")
    assert {e.id.split("/")[-1]: e.kind for e in scan_folder(tmp_path / "a")}["3.jpg"] == "store"
    wild = scan_folder(tmp_path / "a", "wild")
    assert {e.kind for e in wild} == {"wild"} and {e.source for e in wild} == {"wild"}


def test_wild_folder_reads_no_labels(tmp_path):
    _img(tmp_path / "w" / "Fruit" / "Apple" / "a.jpg")
    (tmp_path / "w" / "train.txt").write_text("Fruit/Apple/a.jpg, 0, 0\n")
    entries = scan_folder(tmp_path / "w", "wild")
    assert [e.kind for e in entries] == ["wild"] and entries[0].geometry is None


def test_bad_sources_name_the_fix(tmp_path):
    with pytest.raises(ConfigError, match="neither a background kind nor an existing folder"):
        parse_sources(["kitchen"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="holds no images"):
        scan_folder(tmp_path / "empty")
    (tmp_path / "l").mkdir()
    _img(tmp_path / "l" / "1.jpg")
    (tmp_path / "l" / "backgrounds.csv").write_text("path,kind\n1.jpg,moon\n")
    with pytest.raises(ConfigError, match="unknown kind 'moon'"):
        scan_folder(tmp_path / "l")
    kinds, folders = parse_sources(["room", f"wild={tmp_path / 'l'}", str(tmp_path / "l")])
    assert kinds == ["room"] and folders[0][1] == "wild" and folders[1][1] is None


def test_photo_background_loads_resized_with_frame_geometry(tmp_path):
    _img(tmp_path / "p" / "store" / "1.jpg")
    bank = BackgroundBank.open([str(tmp_path / "p")], BankConfig(photo_side=60), tmp_path / "bank", progress=False)
    bg = bank.load(bank.entries[0])
    assert bg.image.shape == (60, 80, 3)
    assert [r.kind for r in bg.geometry.regions] == ["frame"] and bg.geometry.regions[0].ppm is None
    assert bg.geometry.labels().all()


@pytest.mark.render
@pytest.mark.parametrize("kind,view", [("room", None), ("street", None), ("store", "bins"), ("store", "shelf")])
def test_procedural_scene_has_support_regions_with_scale(kind, view):
    views = {view: 1.0} if view else {"aisle": 1.0}
    rgb, geo, spec = render_background(kind, np.random.default_rng(3), 64, views)
    assert rgb.shape == (64, 64, 3) and rgb.std() > 5
    areas = [r for r in geo.regions if r.shape == AREA]
    wanted = {"room": "floor", "street": "pavement", "store": "bin" if view == "bins" else "shelf"}[kind]
    assert wanted in {r.kind for r in geo.regions}
    for r in areas:
        ys, xs = np.nonzero(geo.region_map == r.label)
        assert len(xs) > 0
        ppm = r.ppm_at(xs, ys)
        assert (ppm > 0).all(), f"{r.kind} has non-positive scale"
    floor = next((r for r in areas if r.kind in ("floor", "pavement")), None)
    if floor is not None:  # nearer (lower in the image) is bigger
        ys, xs = np.nonzero(geo.region_map == floor.label)
        assert floor.ppm_at(xs[ys.argmax()], ys.max()) > floor.ppm_at(xs[ys.argmin()], ys.min())
    for r in geo.regions:
        if r.shape == LINE:
            assert r.ppm_at(*r.points.mean(axis=0)) > 0
    again, geo2, _ = render_background(kind, np.random.default_rng(3), 64, views)
    assert np.array_equal(rgb, again) and np.array_equal(geo.region_map, geo2.region_map)


@pytest.mark.render
def test_bank_is_deterministic_resumable_and_refuses_to_mix(tmp_path):
    cfg = BankConfig(per_kind=1, size=48)
    first = build_procedural(tmp_path / "a", ["room", "store"], cfg, progress=False)
    assert [e.id for e in first] == ["room/00000", "store/00000"]
    other = build_procedural(tmp_path / "b", ["room"], cfg, progress=False)
    assert open(first[0].path, "rb").read() == open(other[0].path, "rb").read()
    more = build_procedural(  # done ones are skipped, the new ones rendered
        tmp_path / "a", ["room", "store"], cfg.model_copy(update={"per_kind": 2}), progress=False
    )
    assert [e.id for e in more] == ["room/00000", "room/00001", "store/00000", "store/00001"]
    assert len(read_manifest(tmp_path / "a")) == 4
    with pytest.raises(ConfigError, match="another bank folder"):
        build_procedural(tmp_path / "a", ["room"], BankConfig(per_kind=1, size=48, seed=5), progress=False)


# Renders a few backgrounds of each kind at the demo bank's size and prints
# their hashes. Indices with overlapping rugs (room) and packages on shelf
# boards (store) are among them: there, before the fix, surfaces of two
# materials shared a plane and pyrender's per-process set order picked the
# winner. argv[1] objects are allocated first, so node ids (and set order)
# differ between the two processes.
_RENDER_CHILD = """
import hashlib, sys
from wildcat.synth.backgrounds.config import BankConfig
from wildcat.synth.backgrounds.procedural import render_background
from wildcat.core.seeding import sample_rng
padding = [object() for _ in range(int(sys.argv[1]))]
for kind, indices in (("room", (4, 8, 20)), ("store", (0, 5, 11)), ("street", (0, 1))):
    for i in indices:
        rgb, geo, _ = render_background(kind, sample_rng(0, kind, i, "backgrounds"), 160, BankConfig().store_views)
        print(kind, i, hashlib.sha256(rgb.tobytes() + geo.region_map.tobytes()).hexdigest())
"""


@pytest.mark.render
def test_procedural_backgrounds_are_identical_across_processes():
    import os
    import subprocess
    import sys

    outputs = []
    for padding in ("0", "1237"):
        done = subprocess.run(
            [sys.executable, "-c", _RENDER_CHILD, padding],
            env={**os.environ, "OMP_NUM_THREADS": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.splitlines())
    assert len(outputs[0]) == 8
    assert outputs[0] == outputs[1]


@pytest.mark.render
def test_scene_draws_meshes_and_binds_lights_in_insertion_order():
    from wildcat.synth.gl import ordered_scene

    scene = ordered_scene()
    import pyrender
    import trimesh

    meshes = [scene.add(pyrender.Mesh.from_trimesh(trimesh.creation.box())) for _ in range(40)]
    lights = [scene.add(pyrender.DirectionalLight(intensity=float(i))) for i in range(12)]
    scene.add(pyrender.PerspectiveCamera(yfov=1.0), pose=np.eye(4))
    # pyrender's draw order: its (stable) sort by distance over scene.mesh_nodes
    assert pyrender.Renderer._sorted_mesh_nodes(None, scene) == meshes
    assert scene.light_nodes == lights
    # Swapping lights (as stages do every view) keeps the order of the rest and forgets the removed ones.
    for node in lights[:6]:
        scene.remove_node(node)
    later = [scene.add(pyrender.DirectionalLight(intensity=1.0)) for _ in range(3)]
    assert scene.light_nodes == lights[6:] + later
    assert not any(node in scene._order for node in lights[:6])
